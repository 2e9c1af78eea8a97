//! The app's routes, typed: parsed from a path under the public URL (history mode), a
//! `#/…` fragment (hash mode) or a link's `href` (in-memory mode), and written back.
//!
//! Paths are relative to the base and written by [`pressroom_core::paths`] (the one
//! definition the site writer, feeds and sitemap use too): `` is the list's front page,
//! `page/<n>/` a numbered page of it (from the oldest: [`pressroom_core::paging`]) and
//! `releases/<slug>/` one release. Trailing slashes are optional when reading and always
//! written, so that on hosts that only serve files a link hits `…/index.html` directly.
//! The query string holds the reader's search and filters ([`Filter`]): on the list they
//! make it a results page, on a release `q` marks the words found.

use pressroom_core::paging::PageRef;
use pressroom_core::paths::{
    list_page_path, percent_decode, release_path, NOT_FOUND_PATH, PAGES_DIR, RELEASES_DIR,
};

use crate::filter::Filter;

/// Where the reader is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A page of the list, or of search results when `filter` is not empty.
    List {
        /// The page (`Numbered(0)` for a page number that does not parse).
        page: PageRef,
        /// The search and filters.
        filter: Filter,
    },
    /// One release.
    Release {
        /// Its slug, percent-decoded.
        slug: String,
        /// The search that led here, whose words are marked (empty for none).
        highlight: String,
    },
    /// Anything else.
    NotFound,
}

impl Route {
    /// The list's front page, unfiltered.
    pub fn front() -> Self {
        Self::List {
            page: PageRef::Front,
            filter: Filter::default(),
        }
    }

    /// The page of release `slug`, nothing marked.
    pub fn release(slug: &str) -> Self {
        Self::Release {
            slug: slug.to_owned(),
            highlight: String::new(),
        }
    }

    /// The route of `path`, relative to the base (a leading `/` is ignored), with its
    /// query string; a fragment is ignored.
    pub fn parse(path: &str) -> Self {
        let path = path.split('#').next().unwrap_or_default();
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let decoded = percent_decode(path);
        let trimmed = decoded.trim_matches('/');
        let segments: Vec<&str> = trimmed.split('/').collect();
        match segments.as_slice() {
            [""] | ["index.html"] => Self::List {
                page: PageRef::Front,
                filter: Filter::parse(query),
            },
            [dir, n] | [dir, n, "index.html"] if *dir == PAGES_DIR => Self::List {
                page: PageRef::Numbered(parse_page(n)),
                filter: Filter::parse(query),
            },
            [dir, slug] | [dir, slug, "index.html"] if *dir == RELEASES_DIR && !slug.is_empty() => {
                Self::Release {
                    slug: (*slug).to_owned(),
                    highlight: Filter::parse(query).q,
                }
            }
            _ => Self::NotFound,
        }
    }

    /// The same route without the search and filters (what a pre-rendered page shows).
    pub fn plain(&self) -> Self {
        match self {
            Self::List { page, .. } => Self::List {
                page: *page,
                filter: Filter::default(),
            },
            Self::Release { slug, .. } => Self::release(slug),
            Self::NotFound => Self::NotFound,
        }
    }

    /// The route of a `#/…` fragment (with or without the `#`); `None` when the fragment
    /// is not a route (an in-page anchor such as `#user-content-notes`, or nothing).
    pub fn from_fragment(fragment: &str) -> Option<Self> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        fragment.strip_prefix('/').map(Self::parse)
    }

    /// The path relative to the base, ending with `/` (empty for the front page), with the
    /// query string of the search, if any.
    pub fn path(&self) -> String {
        match self {
            Self::List { page, filter } => {
                format!("{}{}", list_page_path(*page), filter.to_query())
            }
            Self::Release { slug, highlight } => {
                let query = Filter {
                    q: highlight.clone(),
                    ..Filter::default()
                }
                .to_query();
                format!("{}{query}", release_path(slug))
            }
            Self::NotFound => NOT_FOUND_PATH.to_owned(),
        }
    }
}

fn parse_page(raw: &str) -> usize {
    let digits = raw.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    digits.parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(slug: &str) -> Route {
        Route::release(slug)
    }

    fn numbered(n: usize) -> Route {
        Route::List {
            page: PageRef::Numbered(n),
            filter: Filter::default(),
        }
    }

    #[test]
    fn paths_parse_with_or_without_slashes_and_index_html() {
        assert_eq!(Route::parse(""), Route::front());
        assert_eq!(Route::parse("/"), Route::front());
        assert_eq!(Route::parse("index.html"), Route::front());
        assert_eq!(Route::parse("page/3"), numbered(3));
        assert_eq!(Route::parse("/page/3/"), numbered(3));
        assert_eq!(Route::parse("page/x/"), numbered(0));
        assert_eq!(Route::parse("page/-1"), numbered(0));
        assert_eq!(Route::parse("releases/a-b"), release("a-b"));
        assert_eq!(Route::parse("releases/a-b/index.html"), release("a-b"));
        assert_eq!(Route::parse("releases/a-b/#top"), release("a-b"));
        assert_eq!(Route::parse("releases/"), Route::NotFound);
        assert_eq!(Route::parse("releases/a/b"), Route::NotFound);
        assert_eq!(Route::parse("about"), Route::NotFound);
    }

    #[test]
    fn the_query_holds_the_search() {
        let route = Route::parse("?q=budget&tag=parks");
        let Route::List { page, filter } = &route else {
            panic!("{route:?}")
        };
        assert_eq!(
            (*page, filter.q.as_str(), filter.tags.as_slice()),
            (PageRef::Front, "budget", ["parks".to_owned()].as_slice())
        );
        assert_eq!(Route::parse(&route.path()), route);
        assert_eq!(route.plain(), Route::front());
        let marked = Route::parse("releases/x/?q=budget");
        assert_eq!(
            marked,
            Route::Release {
                slug: "x".into(),
                highlight: "budget".into()
            }
        );
        assert_eq!(marked.path(), "releases/x/?q=budget");
    }

    #[test]
    fn slugs_are_percent_decoded_and_round_trip() {
        let korean = "보도자료-발표";
        let encoded = "releases/%EB%B3%B4%EB%8F%84%EC%9E%90%EB%A3%8C-%EB%B0%9C%ED%91%9C/";
        assert_eq!(Route::parse(encoded), release(korean));
        for slug in [korean, "plain-slug", "with space", "a%b", "q?x#y"] {
            let route = release(slug);
            assert_eq!(Route::parse(&route.path()), route, "{slug}");
        }
        assert_eq!(Route::parse("releases/%ZZ/"), release("%ZZ"));
    }

    #[test]
    fn written_paths_end_with_a_slash() {
        assert_eq!(Route::front().path(), "");
        assert_eq!(numbered(2).path(), "page/2/");
        assert_eq!(release("x").path(), "releases/x/");
        assert_eq!(release("a b").path(), "releases/a%20b/");
        // The same href the pre-rendered pages, feeds and sitemap write.
        assert_eq!(release("보도").path(), "releases/%EB%B3%B4%EB%8F%84/");
    }

    #[test]
    fn only_slash_fragments_are_routes() {
        assert_eq!(Route::from_fragment("#/releases/x/"), Some(release("x")));
        assert_eq!(Route::from_fragment("#/"), Some(Route::front()));
        assert_eq!(Route::from_fragment("/page/2"), Some(numbered(2)));
        assert_eq!(Route::from_fragment("#/?q=a"), Some(Route::parse("?q=a")));
        assert_eq!(Route::from_fragment("#user-content-notes"), None);
        assert_eq!(Route::from_fragment(""), None);
    }
}
