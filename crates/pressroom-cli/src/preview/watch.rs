//! Noticing that the content or the app build changed: a fingerprint of every file's
//! path, size and modification time, compared on each poll. Polling needs no platform
//! notifier and sees every editor's way of saving (write in place, rename over, delete).
//!
//! Hidden entries (`.git`, editors' `.swp` files) and the preview's own output folder are
//! left out, so writing the site never triggers another build.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One file as seen by a poll.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    path: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
}

/// The state of the watched files; two equal fingerprints mean nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint(Vec<Seen>);

/// The fingerprint of `roots` (files or folders, walked recursively), leaving out
/// `skip` and hidden entries. Unreadable entries count as absent.
pub fn fingerprint(roots: &[&Path], skip: &Path) -> Fingerprint {
    let mut seen = Vec::new();
    for root in roots {
        walk(root, skip, &mut seen);
    }
    seen.sort_by(|a, b| a.path.cmp(&b.path));
    Fingerprint(seen)
}

fn walk(path: &Path, skip: &Path, seen: &mut Vec<Seen>) {
    if path == skip {
        return;
    }
    let Ok(meta) = fs::metadata(path) else {
        return;
    };
    if !meta.is_dir() {
        seen.push(Seen {
            path: path.to_owned(),
            len: meta.len(),
            modified: meta.modified().ok(),
        });
        return;
    }
    let Ok(entries) = fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with('.') {
            walk(&entry.path(), skip, seen);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn changes_when_a_file_is_added_edited_or_removed_and_not_for_hidden_or_output() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let out = content.join("site");
        fs::create_dir_all(&out).unwrap();
        fs::write(content.join("a.md"), "one").unwrap();
        let start = fingerprint(&[&content], &out);
        assert_eq!(start.0.len(), 1);

        fs::write(out.join("index.html"), "written by the preview").unwrap();
        fs::write(content.join(".a.md.swp"), "editor").unwrap();
        assert_eq!(fingerprint(&[&content], &out), start);

        fs::write(content.join("a.md"), "one more").unwrap();
        let edited = fingerprint(&[&content], &out);
        assert_ne!(edited, start);
        fs::write(content.join("b.md"), "two").unwrap();
        let added = fingerprint(&[&content], &out);
        assert_ne!(added, edited);
        fs::remove_file(content.join("b.md")).unwrap();
        assert_eq!(fingerprint(&[&content], &out), edited);
    }
}
