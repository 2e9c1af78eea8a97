//! What the app should show, computed from the served `releases.json` by
//! `pressroom-core` (the same code the app uses), and kept as plain owned values so
//! the tests depend on the core's API in this one place.

use std::path::Path;

use anyhow::{anyhow, ensure, Context, Result};
use pressroom_core::{Catalog, Entry};

/// One release as the tests expect to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedRelease {
    /// URL segment (unencoded; may be Korean).
    pub slug: String,
    /// The headline.
    pub title: String,
    /// The `published` value as written in the bundle (the `datetime` attribute).
    pub published: String,
    /// The issuing organisation's name.
    pub source_name: String,
    /// The official original's URL.
    pub source_url: String,
    /// Tags, in bundle order.
    pub tags: Vec<String>,
}

impl ExpectedRelease {
    fn from_entry(entry: &Entry) -> Self {
        Self {
            slug: entry.slug.clone(),
            title: entry.release.title.clone(),
            published: entry.release.published.to_string(),
            source_name: entry.release.source.name.clone(),
            source_url: entry.release.source.url.clone(),
            tags: entry.release.tags.clone(),
        }
    }

    /// The path of its article page, unencoded: `/releases/<slug>/`.
    pub fn path(&self) -> String {
        format!("/releases/{}/", self.slug)
    }

    /// The path of its article page with the slug percent-encoded, as typed into an
    /// address bar or sent over HTTP.
    pub fn encoded_path(&self) -> String {
        format!(
            "/releases/{}/",
            percent_encoding::utf8_percent_encode(&self.slug, percent_encoding::NON_ALPHANUMERIC)
        )
    }

    /// The article's `document.title`: `<release title> — <site title>`.
    pub fn document_title(&self, site_title: &str) -> String {
        format!("{} — {site_title}", self.title)
    }
}

/// Everything the tests expect from one bundle.
#[derive(Debug, Clone)]
pub struct Expected {
    /// The bundle's text, to restore it after a test broke it.
    pub text: String,
    /// `site.title`: the list's `h1` and `document.title`.
    pub site_title: String,
    /// The shown releases, oldest first.
    pub chronological: Vec<ExpectedRelease>,
    /// How many problems (skipped releases) the bundle has; the list shows warnings
    /// when there is any.
    pub problem_count: usize,
}

impl Expected {
    /// Parses a bundle's JSON text with `pressroom-core`.
    pub fn from_json(text: &str) -> Result<Self> {
        let catalog = Catalog::from_json(text)
            .map_err(|e| anyhow!("pressroom-core cannot read the served releases.json: {e}"))?;
        let chronological: Vec<ExpectedRelease> = catalog
            .chronological()
            .iter()
            .map(ExpectedRelease::from_entry)
            .collect();
        // Cross-check the core's two orders and neighbours, so a test's expectation
        // never rests on a core bug that would hide an app bug.
        let newest_first: Vec<ExpectedRelease> = catalog
            .newest_first()
            .map(ExpectedRelease::from_entry)
            .collect();
        let mut reversed = chronological.clone();
        reversed.reverse();
        ensure!(
            newest_first == reversed,
            "pressroom-core: newest_first() is not chronological() reversed"
        );
        for (i, release) in chronological.iter().enumerate() {
            let n = catalog.neighbours(&release.slug);
            ensure!(
                n.previous.map(|e| e.slug.as_str())
                    == i.checked_sub(1).map(|p| chronological[p].slug.as_str())
                    && n.next.map(|e| e.slug.as_str())
                        == chronological.get(i + 1).map(|r| r.slug.as_str()),
                "pressroom-core: neighbours({:?}) disagree with chronological()",
                release.slug
            );
            ensure!(
                catalog
                    .by_slug(&release.slug)
                    .is_some_and(|e| e.slug == release.slug),
                "pressroom-core: by_slug({:?}) does not find it",
                release.slug
            );
        }
        Ok(Self {
            text: text.to_string(),
            site_title: catalog.site().title.clone(),
            chronological,
            problem_count: catalog.problems().len(),
        })
    }

    /// Reads `releases.json` of a dist directory.
    pub fn from_dist(dist: &Path) -> Result<Self> {
        let file = dist.join("releases.json");
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading the sample bundle {}", file.display()))?;
        Self::from_json(&text)
    }

    /// The shown releases, newest first (the list's order).
    pub fn newest_first(&self) -> Vec<ExpectedRelease> {
        self.chronological.iter().rev().cloned().collect()
    }

    /// The oldest release.
    pub fn oldest(&self) -> Result<&ExpectedRelease> {
        self.chronological
            .first()
            .context("the sample bundle has no valid release")
    }

    /// The newest release.
    pub fn newest(&self) -> Result<&ExpectedRelease> {
        self.chronological
            .last()
            .context("the sample bundle has no valid release")
    }

    /// A release in the middle (with both neighbours when there are three or more).
    pub fn middle(&self) -> Result<&ExpectedRelease> {
        self.chronological
            .get(self.chronological.len() / 2)
            .context("the sample bundle has no valid release")
    }

    /// The first release whose slug is not plain ASCII (a Korean slug).
    pub fn non_ascii_slug(&self) -> Result<&ExpectedRelease> {
        self.chronological
            .iter()
            .find(|r| !r.slug.is_ascii())
            .context("the sample bundle has no release with a non-ASCII (Korean) slug; the sample must have one for this test")
    }

    /// Fails unless there are at least `n` releases.
    pub fn require_at_least(&self, n: usize) -> Result<()> {
        ensure!(
            self.chronological.len() >= n,
            "this test needs at least {n} valid releases in the sample bundle; it has {}",
            self.chronological.len()
        );
        Ok(())
    }
}
