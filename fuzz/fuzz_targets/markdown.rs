//! Markdown → HTML: never panics, and the output is allowlisted HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pressroom_core::markdown::render_default;
use pressroom_fuzz::assert_allowlisted;

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let html = render_default(markdown);
    assert_allowlisted(&html);
});
