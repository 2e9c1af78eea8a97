//! The end-to-end suite: one test binary, one module per area, so the suite is linked
//! once and its tests can run side by side (each test has its own copy of the site, its
//! own server, chromedriver and browser).

mod accessibility;
mod bad_bundles;
mod bench_probe;
mod console;
mod csp;
mod discovery;
mod embedding;
mod errors;
mod harness_checks;
mod hosting;
mod keyboard;
mod navigation;
mod network_faults;
mod reader;
mod sample_facts;
mod sizes;
mod xss;
