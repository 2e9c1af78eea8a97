//! How an instance of the app writes its links and reads them back.
//!
//! Every link is a real link (it opens in a new tab): in history mode it is the path under
//! the public URL, in hash mode a `#/…` fragment, and in memory mode (embeds) the full
//! viewer's own URL for that page, while a plain click stays inside the embed.

use pressroom_core::paging::PageRef;
pub use pressroom_core::urls::normalise_base;

use crate::filter::Filter;
use crate::route::Route;

/// How an instance follows the reader's navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutingMode {
    /// Paths under the public URL, with the History API (hosts that serve
    /// pre-rendered pages or rewrite unknown paths to `index.html`).
    History,
    /// `#/releases/<slug>/` fragments (hosts with no rewrites, `file://`).
    Hash,
    /// In memory only: the page's URL and history are left alone (embeds).
    Memory,
}

impl RoutingMode {
    /// `history`, `hash` or `memory` (any case); anything else is `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "history" => Some(Self::History),
            "hash" => Some(Self::Hash),
            "memory" => Some(Self::Memory),
            _ => None,
        }
    }
}

/// Writes links for one instance; in context for the components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    mode: RoutingMode,
    /// The viewer's public URL, ending with `/`: a path (`/newsroom/`) or, for embeds on
    /// other sites, an absolute URL.
    base: String,
}

impl Default for Links {
    fn default() -> Self {
        Self::history("/")
    }
}

impl Links {
    /// Links for history routing under `base`.
    pub fn history(base: &str) -> Self {
        Self::new(RoutingMode::History, base)
    }

    /// Links in `mode`, for a viewer whose public URL is `base`.
    pub fn new(mode: RoutingMode, base: &str) -> Self {
        Self {
            mode,
            base: normalise_base(base),
        }
    }

    /// The routing mode.
    pub fn mode(&self) -> RoutingMode {
        self.mode
    }

    /// The viewer's public URL, ending with `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The `href` of `route`.
    pub fn href(&self, route: &Route) -> String {
        match self.mode {
            RoutingMode::Hash => format!("#/{}", route.path()),
            RoutingMode::History | RoutingMode::Memory => format!("{}{}", self.base, route.path()),
        }
    }

    /// The `href` of a release.
    pub fn release(&self, slug: &str) -> String {
        self.href(&Route::release(slug))
    }

    /// The `href` of a release reached from a search for `q` (whose words it marks).
    pub fn release_found(&self, slug: &str, q: &str) -> String {
        self.href(&Route::Release {
            slug: slug.to_owned(),
            highlight: q.trim().to_owned(),
        })
    }

    /// The `href` of the list's front page.
    pub fn list(&self) -> String {
        self.href(&Route::front())
    }

    /// The `href` of a page of the list.
    pub fn page(&self, page: PageRef) -> String {
        self.href(&Route::List {
            page,
            filter: Filter::default(),
        })
    }

    /// The `href` of the results of `filter`.
    pub fn search(&self, filter: &Filter) -> String {
        self.href(&Route::List {
            page: PageRef::Front,
            filter: filter.clone(),
        })
    }

    /// The route of an absolute URL under `absolute_base` (this viewer's public URL made
    /// absolute), or `None` for a URL outside it, which is left to the browser.
    pub fn route_of_url(absolute_base: &str, url: &str) -> Option<Route> {
        let rest = url.strip_prefix(absolute_base).or_else(|| {
            // The base without its slash: `/newsroom` is the list too.
            let bare = absolute_base.strip_suffix('/')?;
            let rest = url.strip_prefix(bare)?;
            (rest.is_empty() || rest.starts_with(['?', '#'])).then_some(rest)
        })?;
        Some(Route::parse(rest))
    }
}

/// This instance's links, from context (history links at `/` when there are none).
pub fn use_links() -> Links {
    leptos::prelude::use_context::<Links>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_links_live_under_the_base() {
        let links = Links::history("newsroom");
        assert_eq!(links.base(), "/newsroom/");
        assert_eq!(links.list(), "/newsroom/");
        assert_eq!(links.page(PageRef::Front), "/newsroom/");
        assert_eq!(links.page(PageRef::Numbered(3)), "/newsroom/page/3/");
        let search = Filter::parse("q=budget&tag=parks");
        assert_eq!(links.search(&search), "/newsroom/?q=budget&tag=parks");
        assert_eq!(
            links.release_found("x", " budget "),
            "/newsroom/releases/x/?q=budget"
        );
        assert_eq!(links.release("a-b"), "/newsroom/releases/a-b/");
        assert_eq!(Links::default().release("x"), "/releases/x/");
    }

    #[test]
    fn hash_links_are_fragments() {
        let links = Links::new(RoutingMode::Hash, "/newsroom/");
        assert_eq!(links.list(), "#/");
        assert_eq!(links.release("x"), "#/releases/x/");
        assert_eq!(links.page(PageRef::Numbered(2)), "#/page/2/");
        assert_eq!(links.search(&Filter::parse("q=a")), "#/?q=a");
    }

    #[test]
    fn memory_links_are_the_viewers_urls() {
        let links = Links::new(RoutingMode::Memory, "https://press.example/newsroom");
        assert_eq!(
            links.release("x"),
            "https://press.example/newsroom/releases/x/"
        );
    }

    #[test]
    fn urls_map_back_to_routes_only_under_the_base() {
        let base = "https://press.example/newsroom/";
        let route = |url: &str| Links::route_of_url(base, url);
        assert_eq!(
            route("https://press.example/newsroom/releases/x/"),
            Some(Route::release("x"))
        );
        assert_eq!(
            route("https://press.example/newsroom"),
            Some(Route::front())
        );
        assert_eq!(
            route("https://press.example/newsroom/page/2/#top"),
            Some(Route::parse("page/2/"))
        );
        assert_eq!(
            route("https://press.example/newsroom/?q=a"),
            Some(Route::parse("?q=a"))
        );
        assert_eq!(route("https://press.example/newsroomx/"), None);
        assert_eq!(route("https://press.example/other/"), None);
        assert_eq!(route("https://evil.example/newsroom/releases/x/"), None);
    }
}
