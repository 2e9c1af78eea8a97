//! Progress bars on stderr for long runs (indicatif).
//!
//! A bar is drawn only when stderr is a terminal and the run is not `--quiet`; otherwise
//! it is hidden and costs nothing. Counts are always reported at the end by the caller.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar for `len` steps of `what` (e.g. `files`), or a hidden one.
pub fn bar(len: u64, enabled: bool, what: &str) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{msg}} [{{bar:30}}] {{pos}}/{{len}} {what}, {{eta}} left"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
