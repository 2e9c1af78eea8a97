//! Reading input files with a size limit, so no input can exhaust memory.
//!
//! The size is checked from the file's metadata before reading, and the read itself is
//! capped too (for standard input and special files whose size is unknown).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};

/// The default largest input: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a whole file (or standard input for `-`), refusing anything over `max_bytes`.
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        return read_stream(io::stdin().lock(), max_bytes, "standard input");
    }
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let metadata = file
        .metadata()
        .with_context(|| format!("cannot read the size of {}", path.display()))?;
    if metadata.is_dir() {
        bail!("{} is a folder, not a file", path.display());
    }
    if metadata.len() > max_bytes {
        bail!(
            "{} is {}, over the input limit of {} (raise it with --max-size)",
            path.display(),
            human_size(metadata.len()),
            human_size(max_bytes)
        );
    }
    read_stream(file, max_bytes, &path.display().to_string())
}

fn read_stream(reader: impl Read, max_bytes: u64, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > max_bytes {
        bail!(
            "{name} is over the input limit of {} (raise it with --max-size)",
            human_size(max_bytes)
        );
    }
    Ok(bytes)
}

/// Parses a size such as `64MiB`, `500KB`, `10M` or `1048576` (bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size; expected e.g. 64MiB, 500KB or 1048576"))?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        other => {
            return Err(format!(
                "unknown size unit {other:?}; expected B, KiB, MiB or GiB"
            ))
        }
    };
    let bytes = number * factor;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!("{text:?} is not a usable size"));
    }
    Ok(bytes as u64)
}

/// `52428800` → `50.0 MiB`.
pub fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / MIB)
    } else if bytes >= 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_size("10 M"), Ok(10 * 1024 * 1024));
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("1.5KiB"), Ok(1536));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3 parsecs").is_err());
        assert!(parse_size("0").is_err());
        assert_eq!(human_size(50 * 1024 * 1024), "50.0 MiB");
    }
}
