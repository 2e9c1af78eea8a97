//! The benchmark's content: what a bundle shows, in the core's own order
//! ([`Content`]), every release given its slug explicitly (so the baseline reader, which
//! derives slugs the simple way, links to the same URLs as the app), and the bundle with
//! a 50 MB body.

use std::collections::HashMap;

use anyhow::{Context, Result};
use pressroom_core::Catalog;
use serde_json::{json, Value};

/// One shown release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Its slug.
    pub slug: String,
    /// Its title, whitespace collapsed.
    pub title: String,
}

/// What a bundle shows, newest first (the list's order).
#[derive(Debug, Clone)]
pub struct Content {
    /// The releases, newest first.
    pub newest_first: Vec<Shown>,
    /// The bundle's size in bytes.
    pub bytes: u64,
}

impl Content {
    /// Reads `text` through the core (validation, order, slugs).
    pub fn from_text(text: &str) -> Result<Self> {
        let catalog = Catalog::from_json(text).context("reading the bundle")?;
        let newest_first = catalog
            .newest_first()
            .map(|e| Shown {
                slug: e.slug.clone(),
                title: crate::probe::normalize(&e.release.title),
            })
            .collect();
        Ok(Self {
            newest_first,
            bytes: text.len() as u64,
        })
    }

    /// The `index`-th newest release.
    pub fn at(&self, index: usize) -> Result<&Shown> {
        self.newest_first.get(index).with_context(|| {
            format!(
                "the bundle shows {} releases, not {}",
                self.newest_first.len(),
                index + 1
            )
        })
    }

    /// The URL path of a release (`/releases/<slug>/`, the slug percent-encoded).
    pub fn path_of(shown: &Shown) -> String {
        format!("/{}", pressroom_core::paths::release_path(&shown.slug))
    }
}

/// `text` with every release's slug written out as the core assigns it.
pub fn with_explicit_slugs(text: &str) -> Result<String> {
    let catalog = Catalog::from_json(text).context("reading the bundle")?;
    let slugs: HashMap<&str, &str> = catalog
        .chronological()
        .iter()
        .map(|e| (e.release.id.as_str(), e.slug.as_str()))
        .collect();
    let mut bundle: Value = serde_json::from_str(text).context("parsing the bundle")?;
    let releases = bundle["releases"]
        .as_array_mut()
        .context("the bundle has no releases array")?;
    for release in releases.iter_mut() {
        let slug = release["id"].as_str().and_then(|id| slugs.get(id)).copied();
        if let (Some(slug), Some(object)) = (slug, release.as_object_mut()) {
            object.insert("slug".into(), json!(slug));
        }
    }
    serde_json::to_string(&bundle).context("writing the bundle")
}

/// The slug of the release with the huge body.
pub const HUGE_SLUG: &str = "huge-release";
/// Its title.
pub const HUGE_TITLE: &str = "Huge release";

/// A Markdown body of at least `bytes` bytes: numbered paragraphs of plain prose.
pub fn huge_body(bytes: usize) -> String {
    let sentence = "The agency announced a measure that is described here at length, so that \
        this paragraph is long enough to make the body large without making it one enormous \
        line of text. ";
    let mut body = String::with_capacity(bytes + 4096);
    let mut k = 0;
    while body.len() < bytes {
        k += 1;
        body.push_str(&format!("Paragraph {k}. "));
        for _ in 0..5 {
            body.push_str(sentence);
        }
        body.push_str("\n\n");
    }
    body
}

/// `text` plus the newest release, whose body is [`huge_body`] of `bytes`.
pub fn with_huge_release(text: &str, bytes: usize) -> Result<String> {
    let mut bundle: Value = serde_json::from_str(text).context("parsing the bundle")?;
    bundle["releases"]
        .as_array_mut()
        .context("the bundle has no releases array")?
        .push(json!({
            "id": "huge",
            "slug": HUGE_SLUG,
            "title": HUGE_TITLE,
            "published": "2099-01-01",
            "source": {"name": "Agency", "url": "https://example.org/huge"},
            "body": huge_body(bytes),
        }));
    serde_json::to_string(&bundle).context("writing the bundle")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;

    /// Ties, a date without time (00:00 UTC) against date-times with offsets on either side
    /// of it, and derived slugs.
    pub(crate) const SMALL: &str = r#"{"version":1,"site":{"title":"T"},"releases":[
        {"id":"b","title":"Same day, id b","published":"2024-05-01","source":{"name":"S","url":"https://e.org/b"},"body":"b"},
        {"id":"a","title":"Same day, id a","published":"2024-05-01","source":{"name":"S","url":"https://e.org/a"},"body":"a"},
        {"id":"c","title":"Earlier in Seoul","published":"2024-05-01T08:59:00+09:00","source":{"name":"S","url":"https://e.org/c"},"body":"c"},
        {"id":"d","title":"Later in Seoul","published":"2024-05-01T09:01:00+09:00","source":{"name":"S","url":"https://e.org/d"},"body":"d"},
        {"id":"e","title":"Café & Co’s news","published":"2023-12-31T23:00:00-05:00","source":{"name":"S","url":"https://e.org/e"},"body":"e"},
        {"id":"f","slug":"given-slug","title":"Given","published":"2020-01-01T00:00:00Z","source":{"name":"S","url":"https://e.org/f"},"body":"f"}
    ]}"#;

    #[test]
    fn the_core_orders_newest_first_with_id_ties() {
        let content = Content::from_text(SMALL).unwrap();
        let titles: Vec<&str> = content
            .newest_first
            .iter()
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "Later in Seoul",
                "Same day, id b",
                "Same day, id a",
                "Earlier in Seoul",
                "Café & Co’s news",
                "Given"
            ]
        );
        assert_eq!(
            Content::path_of(content.at(5).unwrap()),
            "/releases/given-slug/"
        );
    }

    #[test]
    fn explicit_slugs_are_the_cores() {
        let text = with_explicit_slugs(SMALL).unwrap();
        let bundle: Value = serde_json::from_str(&text).unwrap();
        let slugs: Vec<&str> = bundle["releases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["slug"].as_str().unwrap())
            .collect();
        let core = Content::from_text(SMALL).unwrap();
        for shown in &core.newest_first {
            assert!(slugs.contains(&shown.slug.as_str()), "{}", shown.slug);
        }
        assert!(slugs.contains(&"given-slug"));
    }

    #[test]
    fn the_huge_release_is_the_newest() {
        let text = with_huge_release(SMALL, 10_000).unwrap();
        let content = Content::from_text(&text).unwrap();
        assert_eq!(content.at(0).unwrap().slug, HUGE_SLUG);
        assert!(huge_body(10_000).len() >= 10_000);
    }
}
