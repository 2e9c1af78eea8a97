//! The serde types of the bundle format, version 1 (`docs/bundle-format.md`).
//!
//! Release fields default to empty rather than failing deserialisation, so that one
//! incomplete release is reported by [`crate::validate`] (and skipped) instead of making
//! the whole bundle unreadable. Unknown fields are ignored everywhere.

use serde::{Deserialize, Serialize};

/// The only bundle format version this code reads and writes.
pub const BUNDLE_VERSION: u64 = 1;

/// A whole bundle: site settings and releases, in any order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// Format version; always [`BUNDLE_VERSION`] once parsed.
    pub version: u64,
    /// Settings of the site that shows the releases.
    pub site: Site,
    /// The releases, in any order.
    #[serde(default)]
    pub releases: Vec<Release>,
}

/// Site-wide settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// The site's title, shown as the list's heading and in `document.title`.
    #[serde(default)]
    pub title: String,
    /// A sentence about the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Absolute URL where the viewer is hosted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// BCP 47 language tag of the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// One press release.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// Stable identifier, unique in the bundle.
    #[serde(default)]
    pub id: String,
    /// URL segment; derived from the title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The headline.
    #[serde(default)]
    pub title: String,
    /// RFC 3339 date or date-time, as written in the bundle.
    #[serde(default)]
    pub published: String,
    /// RFC 3339 date or date-time of the last update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Who issued it and where the official original is.
    #[serde(default)]
    pub source: Source,
    /// A short summary for the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// CommonMark Markdown.
    #[serde(default)]
    pub body: String,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// BCP 47 language tag when it differs from the site's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where this copy first appeared, when republished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Attribution>,
}

/// The issuing agency or organisation and its official original.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Name of the issuing agency or organisation.
    #[serde(default)]
    pub name: String,
    /// http(s) URL of the official original.
    #[serde(default)]
    pub url: String,
}

/// Where a republished copy first appeared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// Name of the place where this copy first appeared.
    #[serde(default)]
    pub name: String,
    /// http(s) URL of that copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// RFC 3339 date or date-time when it was republished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub republished: Option<String>,
}
