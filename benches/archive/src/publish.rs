//! `pressroom site` on the largest archive: the time and peak memory of writing the whole
//! sharded site, then of writing it again with one more release, and what changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use pressroom_corpus::{generate, to_json, Spec};

use crate::transfer_table::SEED;

/// Writes both sites and prints the measurements.
pub fn report(size: usize, app: &Path, pressroom: &Path) -> Result<()> {
    let work = std::env::temp_dir().join(format!("pressroom-bench-archive-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let result = measure(size, app, pressroom, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn measure(size: usize, app: &Path, pressroom: &Path, work: &Path) -> Result<()> {
    let mut sites = Vec::new();
    for count in [size, size + 1] {
        let content = work.join(format!("content-{count}.json"));
        std::fs::write(&content, to_json(&generate(Spec { count, seed: SEED })))?;
        let out = work.join(format!("site-{count}"));
        let (took, peak) = write_site(pressroom, app, &content, &out)?;
        let files = files_of(&out)?;
        let bytes: u64 = files.values().map(|(len, _)| len).sum();
        println!(
            "   {count} releases: {} files, {:.0} MB, written in {:.1} s, peak memory {:.0} MB (budget: 60 s, 2,048 MB)",
            files.len(),
            bytes as f64 / 1e6,
            took.as_secs_f64(),
            peak as f64 / 1024.0
        );
        sites.push(files);
    }
    let (old, new) = (&sites[0], &sites[1]);
    let changed: Vec<&String> = new.keys().filter(|k| old.get(*k) != new.get(*k)).collect();
    let removed = old.keys().filter(|k| !new.contains_key(*k)).count();
    let bytes: u64 = changed
        .iter()
        .filter_map(|k| new.get(*k))
        .map(|(len, _)| len)
        .sum();
    let data = changed.iter().filter(|k| k.starts_with("data/")).count();
    let search = changed
        .iter()
        .filter(|k| k.starts_with("data/search/"))
        .count();
    println!(
        "   publishing one release: {} files new or changed ({:.1} MB; {data} data files, of which {search} search files; {} pages), {removed} removed",
        changed.len(),
        bytes as f64 / 1e6,
        changed.iter().filter(|k| k.ends_with(".html")).count()
    );
    Ok(())
}

/// Runs `pressroom site --layout archive`; its wall time and peak resident memory (KiB),
/// read from `/proc` while it runs.
fn write_site(pressroom: &Path, app: &Path, content: &Path, out: &Path) -> Result<(Duration, u64)> {
    let started = Instant::now();
    let mut child = Command::new(pressroom)
        .args([
            "site",
            "--layout",
            "archive",
            "--quiet",
            "--max-size",
            "1GiB",
            "--app",
        ])
        .arg(app)
        .arg("--output")
        .arg(out)
        .arg(content)
        .spawn()
        .with_context(|| format!("running {}", pressroom.display()))?;
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            peak = peak.max(vm_hwm(&text));
        }
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                bail!("pressroom site failed: {status}");
            }
            return Ok((started.elapsed(), peak));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `VmHWM` (peak resident set) in KiB from `/proc/<pid>/status`.
fn vm_hwm(status: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Every file under `dir`: relative path → (length, FNV hash of the bytes).
fn files_of(dir: &Path) -> Result<BTreeMap<String, (u64, u64)>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path)?;
                let relative = path.strip_prefix(dir)?.to_string_lossy().into_owned();
                out.insert(
                    relative,
                    (bytes.len() as u64, pressroom_core::hash::fnv1a64(&bytes)),
                );
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_peak_from_proc_status() {
        assert_eq!(
            vm_hwm("Name:\tx\nVmHWM:\t  123456 kB\nVmRSS:\t1 kB\n"),
            123_456
        );
        assert_eq!(vm_hwm("Name:\tx\n"), 0);
    }
}
