//! Installing Debian packages with `apt-get` (as root, or through `sudo -n` otherwise).
//! `apt-get update` runs at most once per xtask run.

use crate::cmd::Cmd;
use anyhow::{bail, Context, Result};
use std::sync::atomic::{AtomicBool, Ordering};

static UPDATED: AtomicBool = AtomicBool::new(false);

/// Whether we run as root (`id -u` prints 0).
fn is_root() -> bool {
    Cmd::new("id")
        .arg("-u")
        .probe()
        .is_some_and(|uid| uid.trim() == "0")
}

/// `apt-get` itself, or `sudo -n apt-get` when not root.
fn apt_get() -> Cmd {
    let cmd = if is_root() {
        Cmd::new("apt-get")
    } else {
        Cmd::new("sudo").args(["-n", "apt-get"])
    };
    cmd.env("DEBIAN_FRONTEND", "noninteractive")
}

/// Installs `packages` (refreshing the package lists first, once).
/// `recommends = false` adds `--no-install-recommends`.
pub fn install(packages: &[&str], recommends: bool) -> Result<()> {
    if crate::cmd::which("apt-get").is_none() {
        bail!(
            "`apt-get` is not available; install these packages by hand: {}",
            packages.join(" ")
        );
    }
    if !UPDATED.load(Ordering::Relaxed) {
        apt_get()
            .arg("update")
            .run()
            .context("apt-get update failed (as non-root this needs password-less sudo)")?;
        UPDATED.store(true, Ordering::Relaxed);
    }
    let mut cmd = apt_get().args(["install", "-y"]);
    if !recommends {
        cmd = cmd.arg("--no-install-recommends");
    }
    cmd.args(packages)
        .run()
        .with_context(|| format!("installing Debian packages {}", packages.join(" ")))
}
