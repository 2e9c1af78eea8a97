//! Writing a site atomically: everything goes into a staging folder beside the output
//! (`<out>.staging-<pid>`), and only a complete site replaces the old one, by renaming.
//! A run that fails leaves the previous site untouched (the staging folder is removed),
//! and a release removed from the content leaves no stale page behind, since the new site
//! is written whole.

use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{anyhow, bail, Context, Result};

/// A site being written.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    written: Mutex<Vec<String>>,
    committed: bool,
}

/// Why one file could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The file system refuses the name (too long, a character it cannot hold): it
    /// concerns that file alone.
    Name(String),
    /// Anything else (a full disk, no permission): it stops the run.
    Other(anyhow::Error),
}

impl Staging {
    /// Starts writing a site that will replace `out`. Refuses an `out` that is a file, or
    /// an existing folder that holds something other than a site written before.
    pub fn new(out: &Path) -> Result<Self> {
        check_out(out)?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let name = out
            .file_name()
            .ok_or_else(|| anyhow!("{} has no folder name", out.display()))?
            .to_string_lossy();
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self {
            out: out.to_owned(),
            dir,
            written: Mutex::new(Vec::new()),
            committed: false,
        })
    }

    /// Writes `bytes` to `relative` (`/`-separated) in the staging folder.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.path_of(relative).map_err(WriteError::Other)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| classify(e, relative))?;
        }
        fs::write(&path, bytes).map_err(|e| classify(e, relative))?;
        self.written
            .lock()
            .map_err(|_| WriteError::Other(anyhow!("poisoned")))?
            .push(relative.to_owned());
        Ok(())
    }

    /// [`Staging::write`] where any error stops the run.
    pub fn put(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        self.write(relative, bytes).map_err(|e| match e {
            WriteError::Name(why) => anyhow!(why),
            WriteError::Other(error) => error,
        })
    }

    /// The files written so far, sorted.
    pub fn files(&self) -> Result<Vec<String>> {
        let mut files = self
            .written
            .lock()
            .map_err(|_| anyhow!("poisoned"))?
            .clone();
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// Where `relative` is in the staging folder (for reading back what was written).
    pub fn staged_path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    fn path_of(&self, relative: &str) -> Result<PathBuf> {
        let path = Path::new(relative);
        let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
        if relative.is_empty() || !plain {
            bail!("refusing to write {relative:?}: not a plain path inside the site");
        }
        Ok(self.dir.join(path))
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> Result<()> {
        let old = self.out.with_file_name(format!(
            ".{}.old-{}",
            self.out
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old).with_context(|| {
                format!("moving the previous site {} aside", self.out.display())
            })?;
        }
        if let Err(error) = fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(error)
                .with_context(|| format!("putting the new site at {}", self.out.display()));
        }
        self.committed = true;
        if had_old {
            fs::remove_dir_all(&old)
                .with_context(|| format!("removing the previous site {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn classify(error: std::io::Error, relative: &str) -> WriteError {
    let name_problem = matches!(
        error.kind(),
        ErrorKind::InvalidFilename | ErrorKind::InvalidInput
    ) || error.raw_os_error() == Some(36); // ENAMETOOLONG on Linux
    if name_problem {
        WriteError::Name(format!(
            "{relative}: the file system refuses this name ({error})"
        ))
    } else {
        WriteError::Other(anyhow!(error).context(format!("writing {relative}")))
    }
}

/// Marks a folder as a site the writer made, so the next run may replace it.
pub const MARKER: &str = ".pressroom-site";

/// Refuses outputs that would lose something: a file, or a folder with content that is
/// not a site written before (no marker). A missing or empty folder is fine.
fn check_out(out: &Path) -> Result<()> {
    if out.is_file() {
        bail!("{} is a file; the output must be a folder", out.display());
    }
    let has_entries = fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some());
    if has_entries && !out.join(MARKER).is_file() {
        bail!(
            "{} already holds files that `pressroom site` did not write; it replaces the whole \
             folder, so choose a new or empty folder (or one it wrote before)",
            out.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("pressroom-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_default();
        dir
    }

    #[test]
    fn a_committed_site_replaces_the_old_one_whole() {
        let root = scratch("commit");
        let out = root.join("site");
        let first = Staging::new(&out).unwrap_or_else(|e| panic!("{e:#}"));
        first.put(MARKER, b"").unwrap_or_default();
        first
            .put("releases/old/index.html", b"old")
            .unwrap_or_default();
        first.commit().unwrap_or_else(|e| panic!("{e:#}"));
        let second = Staging::new(&out).unwrap_or_else(|e| panic!("{e:#}"));
        second.put(MARKER, b"").unwrap_or_default();
        second
            .put("releases/new/index.html", b"new")
            .unwrap_or_default();
        second.commit().unwrap_or_else(|e| panic!("{e:#}"));
        assert!(out.join("releases/new/index.html").is_file());
        assert!(
            !out.join("releases/old").exists(),
            "no stale page of a removed release"
        );
        let leftovers: Vec<_> = fs::read_dir(&root)
            .map(|d| d.flatten().count())
            .into_iter()
            .collect();
        assert_eq!(leftovers, [1], "no staging or old folder left");
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_failed_run_leaves_the_previous_site_untouched() {
        let root = scratch("fail");
        let out = root.join("site");
        let first = Staging::new(&out).unwrap_or_else(|e| panic!("{e:#}"));
        first.put(MARKER, b"").unwrap_or_default();
        first.put("index.html", b"v1").unwrap_or_default();
        first.commit().unwrap_or_else(|e| panic!("{e:#}"));
        {
            let second = Staging::new(&out).unwrap_or_else(|e| panic!("{e:#}"));
            second.put("index.html", b"v2").unwrap_or_default();
            // Dropped without commit: the run failed.
        }
        assert_eq!(fs::read(out.join("index.html")).unwrap_or_default(), b"v1");
        assert_eq!(
            fs::read_dir(&root)
                .map(|d| d.flatten().count())
                .unwrap_or(0),
            1
        );
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn refuses_folders_it_did_not_write_and_paths_outside() {
        let root = scratch("refuse");
        fs::write(root.join("notes.txt"), "mine").unwrap_or_default();
        assert!(
            Staging::new(&root).is_err(),
            "a folder of someone else's files"
        );
        let out = root.join("site");
        let staging = Staging::new(&out).unwrap_or_else(|e| panic!("{e:#}"));
        for bad in ["../x", "/etc/x", "", "a/../../b"] {
            assert!(staging.put(bad, b"x").is_err(), "{bad:?}");
        }
        let long = format!("releases/{}/index.html", "가".repeat(100));
        assert!(
            matches!(staging.write(&long, b"x"), Err(WriteError::Name(_))),
            "300-byte name"
        );
        drop(staging);
        let _ = fs::remove_dir_all(&root);
    }
}
