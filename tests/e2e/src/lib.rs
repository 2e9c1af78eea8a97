//! The harness of Pressroom's end-to-end browser tests.
//!
//! Each test (in `tests/*.rs`) calls [`run`], which
//!
//! 1. copies the built app (`PRESSROOM_DIST`, required) into a fresh temporary
//!    directory, so the test may replace or delete `releases.json` while it runs;
//! 2. serves that directory over HTTP on `127.0.0.1` ([`server`]), with a
//!    single-page-app fallback to `index.html`;
//! 3. reads the expected releases from the same `releases.json` through
//!    `pressroom-core` ([`bundle`]);
//! 4. starts chromedriver on a free port and opens one headless Chromium session
//!    ([`driver`]);
//! 5. runs the test body with a [`Ctx`] ([`browser`] has the helpers: waiting for
//!    elements, reading text and attributes, the URL path, `document.title`, the
//!    "no full reload" marker, …; [`pages`] has the app's selectors and whole-page
//!    checks against the bundle);
//! 6. reads the browser's console log and checks it against the test's
//!    [`ConsolePolicy`] ([`console`]);
//! 7. closes the session and stops chromedriver and the server, also when the
//!    body failed.
//!
//! Running (from the workspace root, after building the app into `dist/`):
//!
//! ```text
//! PRESSROOM_DIST=$PWD/dist cargo test -p pressroom-e2e -- --test-threads=2
//! ```
//!
//! `cargo xtask test` does the same after a release build. Optional: `CHROMEDRIVER`,
//! `CHROME`, `PRESSROOM_E2E_TIMEOUT_SECS`, `PRESSROOM_E2E_TEST_TIMEOUT_SECS` (see
//! [`harness`]).
//!
//! Nothing is ever skipped: a missing `PRESSROOM_DIST`, a missing chromedriver or
//! Chromium, or a chromedriver that does not start makes the test fail with a
//! message that says what to do.

pub mod browser;
pub mod bundle;
pub mod console;
pub mod csp;
pub mod driver;
pub mod faults;
pub mod faulty_server;
pub mod harness;
pub mod pages;
pub mod raw_http;
pub mod server;
pub mod session_command;
pub mod sites;
pub mod tempdir;

pub use browser::Browser;
pub use bundle::{Expected, ExpectedRelease};
pub use console::{ConsolePolicy, LogEntry};
pub use harness::{run, Ctx};
