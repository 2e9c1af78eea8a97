//! `cargo xtask gen-bundle`: a large, valid, synthetic bundle for load and UI testing,
//! from `pressroom-corpus` (realistic Latin and Korean text; the same `--count` and
//! `--seed` always give the same bytes, and a smaller count is a prefix of a larger one).

use anyhow::{Context, Result};
use pressroom_core::Bundle;
use pressroom_corpus::Spec;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// The bundle for `count` releases and `seed`.
pub fn generate(count: usize, seed: u64) -> Bundle {
    pressroom_corpus::generate(Spec { count, seed })
}

/// `cargo xtask gen-bundle`: writes the bundle as JSON to `out`.
pub fn run(count: usize, seed: u64, out: &Path, pretty: bool) -> Result<()> {
    let started = Instant::now();
    let bundle = generate(count, seed);
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let json = if pretty {
        serde_json::to_vec_pretty(&bundle)?
    } else {
        serde_json::to_vec(&bundle)?
    };
    let mut file =
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    file.write_all(&json)
        .and_then(|()| file.write_all(b"\n"))
        .with_context(|| format!("writing {}", out.display()))?;
    println!(
        "wrote {count} releases (seed {seed}, {}) to {} in {:.1?}",
        crate::paths::megabytes(json.len() + 1),
        out.display(),
        started.elapsed()
    );
    Ok(())
}
