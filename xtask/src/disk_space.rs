//! Free disk space where the builds go, reported before and after `cargo xtask test`.
//!
//! A clean run fills several GiB of `target/` and writes large test bundles to the
//! temporary directory; when the disk runs out, tests fail with "No space left on device"
//! far from the cause. The report names the cause up front. It reads POSIX `df -Pk`, so
//! it needs no crate; where `df` is missing the report is simply left out.

use crate::cmd::Cmd;
use std::path::Path;

/// Below this much free space a clean `cargo xtask test` is likely to run out.
pub const LOW_BYTES: u64 = 8 * 1024 * 1024 * 1024;

/// Free bytes on the file system holding `dir`, if `df` can tell.
pub fn free_bytes(dir: &Path) -> Option<u64> {
    let output = Cmd::new("df").arg("-Pk").arg(dir).probe()?;
    parse_df_available(&output)
}

/// The "Available" column (KiB) of `df -Pk`'s one data line, in bytes.
pub fn parse_df_available(output: &str) -> Option<u64> {
    let line = output.lines().nth(1)?;
    let kib: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// One line about the free space at `dir`, with a warning when it is low.
pub fn report(dir: &Path) -> Option<String> {
    let free = free_bytes(dir)?;
    let gib = free as f64 / (1024.0 * 1024.0 * 1024.0);
    let mut line = format!("disk: {gib:.1} GiB free at {}", dir.display());
    if free < LOW_BYTES {
        line.push_str(" — warning: a clean run needs about 8 GiB; tests may fail with \"No space left on device\"");
    }
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_available_column() {
        let out = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                   /dev/vda         263174148 52428800  44040192      55% /\n";
        assert_eq!(parse_df_available(out), Some(44_040_192 * 1024));
    }

    #[test]
    fn rejects_output_without_a_data_line() {
        assert_eq!(
            parse_df_available("Filesystem 1024-blocks Used Available\n"),
            None
        );
        assert_eq!(parse_df_available("header\n/dev/x 1 2 lots 5% /\n"), None);
    }
}
