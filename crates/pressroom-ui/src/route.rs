//! The app's routes, typed: parsed from a path under the public URL (history mode), a
//! `#/…` fragment (hash mode) or a link's `href` (in-memory mode), and written back.
//!
//! Paths are relative to the base and written by [`pressroom_core::paths`] (the one
//! definition the site writer, feeds and sitemap use too): `` is the list, `page/<n>/` a
//! page of it and `releases/<slug>/` one release. Trailing slashes are optional when
//! reading and always written, so that on hosts that only serve files a link hits
//! `…/index.html` directly.

use pressroom_core::paths::{
    list_page_path, percent_decode, release_path, NOT_FOUND_PATH, PAGES_DIR, RELEASES_DIR,
};

/// Where the reader is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A page of the list, 1-based; 0 for a page number that does not parse.
    List {
        /// The page.
        page: usize,
    },
    /// One release.
    Release {
        /// Its slug, percent-decoded.
        slug: String,
    },
    /// Anything else.
    NotFound,
}

impl Route {
    /// The route of `path`, relative to the base (a leading `/` is ignored). The query
    /// and fragment, if any, are ignored.
    pub fn parse(path: &str) -> Self {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let decoded = percent_decode(path);
        let trimmed = decoded.trim_matches('/');
        let segments: Vec<&str> = trimmed.split('/').collect();
        match segments.as_slice() {
            [""] | ["index.html"] => Self::List { page: 1 },
            [dir, n] | [dir, n, "index.html"] if *dir == PAGES_DIR => Self::List {
                page: parse_page(n),
            },
            [dir, slug] | [dir, slug, "index.html"] if *dir == RELEASES_DIR && !slug.is_empty() => {
                Self::Release {
                    slug: (*slug).to_owned(),
                }
            }
            _ => Self::NotFound,
        }
    }

    /// The route of a `#/…` fragment (with or without the `#`); `None` when the fragment
    /// is not a route (an in-page anchor such as `#user-content-notes`, or nothing).
    pub fn from_fragment(fragment: &str) -> Option<Self> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        fragment.strip_prefix('/').map(Self::parse)
    }

    /// The path relative to the base, ending with `/` (empty for the list's first page).
    pub fn path(&self) -> String {
        match self {
            Self::List { page } => list_page_path(*page),
            Self::Release { slug } => release_path(slug),
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
        Route::Release { slug: slug.into() }
    }

    #[test]
    fn paths_parse_with_or_without_slashes_and_index_html() {
        assert_eq!(Route::parse(""), Route::List { page: 1 });
        assert_eq!(Route::parse("/"), Route::List { page: 1 });
        assert_eq!(Route::parse("index.html"), Route::List { page: 1 });
        assert_eq!(Route::parse("page/3"), Route::List { page: 3 });
        assert_eq!(Route::parse("/page/3/"), Route::List { page: 3 });
        assert_eq!(Route::parse("page/x/"), Route::List { page: 0 });
        assert_eq!(Route::parse("page/-1"), Route::List { page: 0 });
        assert_eq!(Route::parse("releases/a-b"), release("a-b"));
        assert_eq!(Route::parse("releases/a-b/index.html"), release("a-b"));
        assert_eq!(Route::parse("releases/a-b/?x=1#top"), release("a-b"));
        assert_eq!(Route::parse("releases/"), Route::NotFound);
        assert_eq!(Route::parse("releases/a/b"), Route::NotFound);
        assert_eq!(Route::parse("about"), Route::NotFound);
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
        assert_eq!(Route::List { page: 1 }.path(), "");
        assert_eq!(Route::List { page: 2 }.path(), "page/2/");
        assert_eq!(release("x").path(), "releases/x/");
        assert_eq!(release("a b").path(), "releases/a%20b/");
        // The same href the pre-rendered pages, feeds and sitemap write.
        assert_eq!(release("보도").path(), "releases/%EB%B3%B4%EB%8F%84/");
    }

    #[test]
    fn only_slash_fragments_are_routes() {
        assert_eq!(Route::from_fragment("#/releases/x/"), Some(release("x")));
        assert_eq!(Route::from_fragment("#/"), Some(Route::List { page: 1 }));
        assert_eq!(
            Route::from_fragment("/page/2"),
            Some(Route::List { page: 2 })
        );
        assert_eq!(Route::from_fragment("#user-content-notes"), None);
        assert_eq!(Route::from_fragment(""), None);
    }
}
