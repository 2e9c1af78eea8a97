//! The directory of a release page, `releases/<slug>/`, refusing any slug that could name
//! something other than one new directory inside the output folder.

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Result};

/// `releases/<slug>` relative to the output folder, the slug as raw UTF-8. Refuses empty
/// slugs, `.` and `..`, and slugs with `/`, `\`, `..`, `:`, NUL or control characters
/// (none passes the core's slug rules; this is a second line of defence).
pub fn release_dir(slug: &str) -> Result<PathBuf> {
    let bad = slug.is_empty()
        || slug.contains("..")
        || slug.starts_with('.')
        || slug
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':' | '\0') || c.is_control());
    if bad {
        bail!("refusing to write a page for the slug {slug:?}: it is not a plain name");
    }
    let path = Path::new("releases").join(slug);
    let plain = path.components().count() == 2
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        bail!("refusing to write a page for the slug {slug:?}: it is not a plain name");
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_slugs_become_one_directory() {
        assert_eq!(
            release_dir("first").ok(),
            Some(Path::new("releases").join("first"))
        );
        assert_eq!(
            release_dir("해양수산부-발표").ok(),
            Some(Path::new("releases").join("해양수산부-발표"))
        );
    }

    #[test]
    fn escaping_slugs_are_refused() {
        for slug in [
            "",
            ".",
            "..",
            "../x",
            "a/../../b",
            "/etc",
            "a/b",
            "a\\b",
            "..\\x",
            "a\0b",
            "a\nb",
            "c:",
            ".hidden",
            "a\u{7f}",
        ] {
            let error = release_dir(slug).err().map(|e| e.to_string());
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.contains("not a plain name")),
                "{slug:?}: {error:?}"
            );
        }
    }
}
