//! The releases kept so far, and duplicates: a release whose id was seen before is merged
//! into the first one with that id (with a warning), so its tags and missing fields are
//! not lost.

use std::collections::HashMap;

use pressroom_core::Release;

use super::release::Made;
use crate::report::Report;

/// Releases in input order, with their report labels and the ids and slugs taken.
#[derive(Debug, Default)]
pub(super) struct Collected {
    /// The releases kept.
    pub releases: Vec<Release>,
    /// The report label of each release kept.
    pub labels: Vec<String>,
    by_id: HashMap<String, usize>,
    slugs: HashMap<String, usize>,
}

impl Collected {
    /// Whether a release kept has this slug.
    pub fn slug_taken(&self, slug: &str) -> bool {
        self.slugs.contains_key(slug)
    }

    /// Keeps a release made from the item labelled `item` and reports its changes, or
    /// merges it into the first release with its id and warns.
    pub fn add(&mut self, item: String, made: Made, report: &mut Report) {
        let Made { release, notes } = made;
        if let Some(&first) = self.by_id.get(&release.id) {
            let first_label = self.labels.get(first).map_or("", String::as_str);
            // The fuzz targets (`fuzz/src/import.rs`) count merges by this message's start.
            report.warn(
                &item,
                format!(
                    "has the same id as {first_label}; merged into it (the first one's text is kept)"
                ),
            );
            if let Some(kept) = self.releases.get_mut(first) {
                merge(kept, release);
            }
            return;
        }
        for note in notes {
            report.change(&item, note);
        }
        self.by_id.insert(release.id.clone(), self.releases.len());
        if let Some(slug) = &release.slug {
            self.slugs.insert(slug.clone(), self.releases.len());
        }
        self.labels.push(item);
        self.releases.push(release);
    }
}

/// Merges a duplicate into the release kept: tags are joined, and fields the first one
/// lacks are filled in.
fn merge(kept: &mut Release, duplicate: Release) {
    for tag in duplicate.tags {
        if !kept.tags.contains(&tag) {
            kept.tags.push(tag);
        }
    }
    if kept.summary.is_none() {
        kept.summary = duplicate.summary;
    }
    if kept.updated.is_none() {
        kept.updated = duplicate.updated;
    }
    if kept.slug.is_none() {
        kept.slug = duplicate.slug;
    }
}
