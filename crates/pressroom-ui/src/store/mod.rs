//! The data interface of the pages: the site, one page of the list, one article's
//! metadata, its body, the latest releases.
//!
//! Pages and components read these view models and never the bytes they came from: the
//! shell fetches, the store reads. The store's methods are `async` although a whole
//! bundle answers at once, so that a source that loads parts on demand (a sharded archive)
//! changes this module only. An article comes in two phases, its metadata and then its
//! body, each of which may fail on its own.

mod catalog_views;
mod view_models;

use std::sync::Arc;

use pressroom_core::parse::bundle_text;
use pressroom_core::Catalog;

use crate::load::{fingerprint, LoadError};
pub use catalog_views::{find_article, latest, list_page};
pub use view_models::{
    article, body_html, list_item, site_info, Article, ListItem, ListPageData, NavLink, PageInfo,
    SiteInfo, DEFAULT_SITE_TITLE,
};

/// The loaded releases, cheap to clone and share.
#[derive(Debug, Clone)]
pub struct Store {
    catalog: Arc<Catalog>,
    fingerprint: u64,
}

impl Store {
    /// Wraps a validated catalog.
    pub fn new(catalog: Catalog) -> Self {
        Self {
            catalog: Arc::new(catalog),
            fingerprint: 0,
        }
    }

    /// Reads a bundle's bytes: UTF-8 is checked (with the position of the first invalid
    /// byte), then the JSON is parsed, validated and ordered. `url` names it in errors.
    pub fn from_bytes(url: &str, bytes: &[u8]) -> Result<Self, LoadError> {
        let error = |source| LoadError::Bundle {
            url: url.to_owned(),
            source,
        };
        let text = bundle_text(bytes).map_err(error)?;
        let catalog = Catalog::from_json(text).map_err(error)?;
        Ok(Self {
            catalog: Arc::new(catalog),
            fingerprint: fingerprint(bytes),
        })
    }

    /// Reads bundle text (see [`Store::from_bytes`]).
    pub fn from_text(url: &str, text: &str) -> Result<Self, LoadError> {
        Self::from_bytes(url, text.as_bytes())
    }

    /// The fingerprint of the bytes it was read from (0 when not read from bytes).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The whole catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Site title, description and language.
    pub fn site(&self) -> SiteInfo {
        site_info(&self.catalog)
    }

    /// Problems of releases that are not shown, one message each.
    pub fn warnings(&self) -> Vec<String> {
        self.catalog
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Page `number` of the list; `Ok(None)` past the last page.
    pub async fn page(&self, number: usize) -> Result<Option<ListPageData>, LoadError> {
        Ok(list_page(&self.catalog, number))
    }

    /// The metadata of the article `slug`; `Ok(None)` for an unknown slug.
    pub async fn article(&self, slug: &str) -> Result<Option<Article>, LoadError> {
        Ok(find_article(&self.catalog, slug))
    }

    /// The body of `slug` as safe HTML (empty for an unknown slug).
    pub async fn body(&self, slug: &str) -> Result<String, LoadError> {
        Ok(self
            .catalog
            .by_slug(slug)
            .map(|entry| body_html(&entry.release))
            .unwrap_or_default())
    }

    /// The `count` newest releases, of `tag` and `source` when given.
    pub async fn latest(
        &self,
        count: usize,
        tag: Option<&str>,
        source: Option<&str>,
    ) -> Result<Vec<ListItem>, LoadError> {
        Ok(latest(&self.catalog, count, tag, source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_lite_block_on::block_on;

    const BUNDLE: &str = r#"{"version":1,"site":{"title":"Site"},"releases":[
      {"id":"b","title":"Second","published":"2024-02-01","source":{"name":"Agency","url":"https://e.org/b"},
       "body":"Body **two**.\n\n<script>alert(1)</script>","tags":["x"]},
      {"id":"a","title":"First","published":"2024-01-01","source":{"name":"Agency","url":"https://e.org/a"},
       "summary":"Short.","body":"Body one."},
      {"id":"bad","title":"","published":"never","source":{"name":"A","url":"https://e.org"},"body":"x"}
    ]}"#;

    fn store() -> Store {
        Store::from_text("fixture.json", BUNDLE).expect("fixture parses")
    }

    /// The store's futures are ready at once for a whole bundle.
    mod futures_lite_block_on {
        use std::future::Future;
        use std::pin::pin;
        use std::task::{Context, Poll, Waker};

        pub fn block_on<T>(future: impl Future<Output = T>) -> T {
            let mut future = pin!(future);
            let mut context = Context::from_waker(Waker::noop());
            loop {
                if let Poll::Ready(value) = future.as_mut().poll(&mut context) {
                    return value;
                }
            }
        }
    }

    #[test]
    fn list_is_newest_first_with_summary_or_excerpt() {
        let page = block_on(store().page(1)).expect("ok").expect("page 1");
        let titles: Vec<&str> = page.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, vec!["Second", "First"]);
        assert_eq!(page.items[1].summary, "Short.");
        assert_eq!(page.items[0].summary, "Body two.");
        assert_eq!(page.items[0].date, "February 1, 2024");
        assert_eq!(page.items[0].datetime, "2024-02-01");
        assert!(block_on(store().page(2)).expect("ok").is_none());
    }

    #[test]
    fn article_has_neighbours_and_its_body_comes_separately() {
        let store = store();
        let first = block_on(store.article("first"))
            .expect("ok")
            .expect("first");
        assert!(first.previous.is_none());
        assert_eq!(
            first.next.as_ref().map(|n| n.title.as_str()),
            Some("Second")
        );
        let second = block_on(store.article("second"))
            .expect("ok")
            .expect("second");
        assert_eq!(second.previous.map(|n| n.slug), Some("first".to_owned()));
        assert!(second.next.is_none());
        let body = block_on(store.body("second")).expect("ok");
        assert!(body.contains("<strong>two</strong>"));
        assert!(!body.contains("<script"));
        assert!(block_on(store.article("missing")).expect("ok").is_none());
    }

    #[test]
    fn latest_filters_by_tag_and_source_and_counts() {
        let store = store();
        let titles = |items: Vec<ListItem>| items.into_iter().map(|i| i.title).collect::<Vec<_>>();
        let latest = |count, tag, source| block_on(store.latest(count, tag, source)).expect("ok");
        assert_eq!(titles(latest(5, None, None)), vec!["Second", "First"]);
        assert_eq!(titles(latest(1, None, None)), vec!["Second"]);
        assert!(latest(0, None, None).is_empty());
        assert_eq!(titles(latest(5, Some(" X "), None)), vec!["Second"]);
        assert_eq!(
            titles(latest(5, None, Some("agency"))),
            vec!["Second", "First"]
        );
        assert!(latest(5, Some("nope"), None).is_empty());
        assert!(latest(5, None, Some("Other")).is_empty());
    }

    #[test]
    fn invalid_releases_become_warnings() {
        let warnings = store().warnings();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("release 3 (id \"bad\")"));
    }

    #[test]
    fn bundle_errors_name_the_url_and_position() {
        let err = Store::from_text("/releases.json", "{\"version\": 1,").expect_err("bad");
        let message = err.to_string();
        assert!(message.starts_with("/releases.json: "), "{message}");
        assert!(message.contains("line 1, column"), "{message}");
    }

    #[test]
    fn invalid_utf8_is_refused_with_its_offset() {
        let err = Store::from_bytes("/releases.json", b"{\"version\":1,\"site\":\"\xC0\"}")
            .expect_err("invalid UTF-8");
        assert_eq!(
            err.to_string(),
            "/releases.json: the bundle is not valid UTF-8: byte 0xC0 at byte offset 21 \
             (line 1, column 22)"
        );
    }

    #[test]
    fn stores_carry_the_fingerprint_of_their_bytes() {
        let text = r#"{"version":1,"site":{"title":"T"},"releases":[]}"#;
        let store = Store::from_text("/r.json", text).expect("reads");
        assert_eq!(store.fingerprint(), fingerprint(text.as_bytes()));
    }
}
