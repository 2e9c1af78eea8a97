//! Bytes → Markdown files with front matter → the reader and validation of `pressroom
//! build`. Never panics; every note points into a file, every validation problem is
//! reported, bodies render, the bundle reads back from its JSON, and a build without
//! errors is valid.
//!
//! The check is `pressroom_fuzz::front_matter::check_front_matter`: plain code, which
//! `crates/pressroom-cli/tests/fuzz_seeds.rs` also runs on stable, on the fixtures and
//! thousands of mutations of them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pressroom_fuzz::front_matter::check_front_matter(data);
});
