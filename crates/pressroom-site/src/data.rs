//! The site's data, in one of two layouts:
//! - **bundle**: one `releases.json`, read whole. Best for small sites: one request, and
//!   search and filters work on what is already loaded.
//! - **archive**: the sharded archive under `data/` ([`pressroom_core::archive`]): a small
//!   boot file, then only the files a page or a search needs, each named by its content.
//!   Reading one release or searching never downloads the whole archive.
//!
//! [`Layout::Auto`] picks the bundle while it is small ([`AUTO_BUNDLE_BYTES`]) and the
//! archive beyond. The app finds the data through `<meta name="pressroom-bundle">` and
//! tells the two apart by their contents.

use anyhow::Result;
use pressroom_core::archive::names::{BOOT, DATA_DIR};
use pressroom_core::archive::{write_archive, ArchiveOptions};
use pressroom_core::paths::files;
use pressroom_core::Catalog;

use crate::output::Staging;

/// Which layout to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// The bundle while it is at most [`AUTO_BUNDLE_BYTES`], else the archive.
    #[default]
    Auto,
    /// One `releases.json`.
    Bundle,
    /// The sharded archive under `data/`.
    Archive,
}

/// The largest bundle [`Layout::Auto`] keeps whole: about 150 releases of 3 KB, or a
/// download of about 150 KB gzip before the first release can be shown.
pub const AUTO_BUNDLE_BYTES: usize = 512 * 1024;

/// A layout, decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    /// `releases.json`.
    Bundle,
    /// `data/…`.
    Archive,
}

impl Layout {
    /// The layout for a bundle of `bundle_bytes`.
    pub fn choose(self, bundle_bytes: usize) -> Chosen {
        match self {
            Self::Bundle => Chosen::Bundle,
            Self::Archive => Chosen::Archive,
            Self::Auto if bundle_bytes <= AUTO_BUNDLE_BYTES => Chosen::Bundle,
            Self::Auto => Chosen::Archive,
        }
    }
}

impl Chosen {
    /// Where the app fetches the data, relative to the base.
    pub fn data_path(self) -> String {
        match self {
            Self::Bundle => files::BUNDLE.to_owned(),
            Self::Archive => format!("{DATA_DIR}/{BOOT}"),
        }
    }

    /// Its name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Bundle => "bundle",
            Self::Archive => "archive",
        }
    }
}

/// Writes the data of `catalog` (whose bundle is `bundle_json`) in `layout`; how many
/// files it wrote.
pub fn write_data(
    staging: &Staging,
    catalog: &Catalog,
    bundle_json: &[u8],
    layout: Chosen,
    options: &ArchiveOptions,
) -> Result<usize> {
    match layout {
        Chosen::Bundle => {
            staging.put(files::BUNDLE, bundle_json)?;
            Ok(1)
        }
        Chosen::Archive => {
            let archive = write_archive(catalog, options);
            for (name, bytes) in &archive.files {
                staging.put(&format!("{DATA_DIR}/{name}"), bytes)?;
            }
            Ok(archive.files.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_keeps_small_bundles_whole() {
        assert_eq!(Layout::Auto.choose(10_000), Chosen::Bundle);
        assert_eq!(Layout::Auto.choose(AUTO_BUNDLE_BYTES + 1), Chosen::Archive);
        assert_eq!(Layout::Archive.choose(10), Chosen::Archive);
        assert_eq!(Layout::Bundle.choose(usize::MAX), Chosen::Bundle);
        assert_eq!(Chosen::Archive.data_path(), "data/boot.json");
        assert_eq!(Chosen::Bundle.data_path(), "releases.json");
    }
}
