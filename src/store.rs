//! The data interface of the pages: the list index, one release by slug, its neighbours.
//!
//! Pages and components read these view models and never the bundle itself, so a later
//! source (a sharded index with bodies loaded on demand, or pre-rendered pages) changes
//! only this module and [`crate::load_bundle`].

use std::sync::Arc;

use pressroom_core::excerpt::excerpt;
use pressroom_core::markdown::{render, RenderOptions};
use pressroom_core::{Catalog, Entry};

use crate::config::public_url;

/// Characters of the excerpt shown when a release has no summary.
const EXCERPT_CHARS: usize = 220;

/// The loaded releases, cheap to clone and share.
#[derive(Debug, Clone)]
pub struct Store {
    catalog: Arc<Catalog>,
}

/// What the list shows of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// URL segment.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// `published` as written, for `<time datetime>`.
    pub datetime: String,
    /// The date for people, e.g. `September 6, 2024`.
    pub date: String,
    /// Issuing agency or organisation.
    pub source_name: String,
    /// The summary, or an excerpt of the body.
    pub summary: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Language when it differs from the site's.
    pub language: Option<String>,
}

/// A link to a neighbouring release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
}

/// Everything the article page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The list's view of it (title, date, source, tags…).
    pub item: ListItem,
    /// The official original.
    pub source_url: String,
    /// The body, rendered to safe HTML.
    pub body_html: String,
    /// `updated` as written and for people.
    pub updated: Option<(String, String)>,
    /// Where this copy first appeared.
    pub attribution: Option<String>,
    /// The older neighbour.
    pub previous: Option<NavLink>,
    /// The newer neighbour.
    pub next: Option<NavLink>,
}

/// Site-wide text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Language.
    pub language: Option<String>,
}

impl Store {
    /// Wraps a validated catalog.
    pub fn new(catalog: Catalog) -> Self {
        Self {
            catalog: Arc::new(catalog),
        }
    }

    /// Site title, description and language.
    pub fn site(&self) -> SiteInfo {
        let site = self.catalog.site();
        let title = if site.title.trim().is_empty() {
            "Press releases".to_owned()
        } else {
            site.title.clone()
        };
        SiteInfo {
            title,
            description: site.description.clone(),
            language: site.language.clone(),
        }
    }

    /// Problems of releases that are not shown, one message each.
    pub fn warnings(&self) -> Vec<String> {
        self.catalog
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The list index, newest first.
    pub fn list(&self) -> Vec<ListItem> {
        self.catalog.newest_first().map(list_item).collect()
    }

    /// One release with its neighbours, or `None` for an unknown slug.
    pub fn article(&self, slug: &str) -> Option<Article> {
        let entry = self.catalog.by_slug(slug)?;
        let neighbours = self.catalog.neighbours(&entry.slug);
        let release = &entry.release;
        Some(Article {
            item: list_item(entry),
            source_url: release.source.url.clone(),
            body_html: render(&release.body, &RenderOptions::default()),
            updated: entry
                .updated
                .as_ref()
                .map(|u| (u.as_str().to_owned(), u.human())),
            attribution: release.attribution.as_ref().map(|a| a.name.clone()),
            previous: neighbours.previous.map(nav_link),
            next: neighbours.next.map(nav_link),
        })
    }
}

fn list_item(entry: &Entry) -> ListItem {
    let release = &entry.release;
    let summary = match release.summary.as_deref().map(str::trim) {
        Some(summary) if !summary.is_empty() => summary.to_owned(),
        _ => excerpt(&release.body, EXCERPT_CHARS),
    };
    ListItem {
        slug: entry.slug.clone(),
        title: release.title.clone(),
        datetime: entry.published.as_str().to_owned(),
        date: entry.published.human(),
        source_name: release.source.name.clone(),
        summary,
        tags: release.tags.clone(),
        language: release.language.clone(),
    }
}

fn nav_link(entry: &Entry) -> NavLink {
    NavLink {
        slug: entry.slug.clone(),
        title: entry.release.title.clone(),
    }
}

/// The link to a release page, under the app's public URL.
pub fn release_href(slug: &str) -> String {
    format!("{}releases/{slug}", public_url())
}

/// The link to the list.
pub fn list_href() -> String {
    public_url()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUNDLE: &str = r#"{"version":1,"site":{"title":"Site"},"releases":[
      {"id":"b","title":"Second","published":"2024-02-01","source":{"name":"Agency","url":"https://e.org/b"},
       "body":"Body **two**.\n\n<script>alert(1)</script>","tags":["x"]},
      {"id":"a","title":"First","published":"2024-01-01","source":{"name":"Agency","url":"https://e.org/a"},
       "summary":"Short.","body":"Body one."},
      {"id":"bad","title":"","published":"never","source":{"name":"A","url":"https://e.org"},"body":"x"}
    ]}"#;

    fn store() -> Store {
        Store::new(Catalog::from_json(BUNDLE).expect("fixture parses"))
    }

    #[test]
    fn list_is_newest_first_with_summary_or_excerpt() {
        let list = store().list();
        let titles: Vec<&str> = list.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, vec!["Second", "First"]);
        assert_eq!(list[1].summary, "Short.");
        assert_eq!(list[0].summary, "Body two.");
        assert_eq!(list[0].date, "February 1, 2024");
        assert_eq!(list[0].datetime, "2024-02-01");
    }

    #[test]
    fn article_has_neighbours_and_safe_body() {
        let store = store();
        let first = store.article("first").expect("first");
        assert!(first.previous.is_none());
        assert_eq!(
            first.next.as_ref().map(|n| n.title.as_str()),
            Some("Second")
        );
        let second = store.article("second").expect("second");
        assert_eq!(second.previous.map(|n| n.slug), Some("first".to_owned()));
        assert!(second.next.is_none());
        assert!(second.body_html.contains("<strong>two</strong>"));
        assert!(!second.body_html.contains("<script"));
        assert!(store.article("missing").is_none());
    }

    #[test]
    fn invalid_releases_become_warnings() {
        let warnings = store().warnings();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("release 3 (id \"bad\")"));
    }
}
