//! Bytes → `pressroom import --from wp-rest` (a saved WordPress REST response), and again
//! with the format detected. Never panics; what is imported is a valid bundle that
//! renders and reads back from its JSON, and every item is imported, merged or reported
//! as skipped.
//!
//! The check is `pressroom_fuzz::import::check_wp_rest`: plain code, which
//! `crates/pressroom-cli/tests/fuzz_seeds.rs` also runs on stable, on the fixtures and
//! thousands of mutations of them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pressroom_fuzz::import::check_wp_rest(data);
});
