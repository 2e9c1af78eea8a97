//! Where every page and file of a published site is, relative to the site's base: the one
//! definition used by the app's links and router, the pre-rendered pages, the feeds, the
//! sitemap, canonical links and JSON-LD, and the site writer.
//!
//! - the list's front page is the base itself (`""`), its numbered pages `page/<n>/`
//!   (from the oldest, see [`crate::paging`]);
//! - a release is `releases/<slug>/`, the slug percent-encoded (RFC 3986 unreserved
//!   characters stay; Hangul and every other non-ASCII byte become `%XX`), so the same
//!   href is written everywhere, whatever the script;
//! - paths end in `/`, so on hosts that only serve files a link hits `…/index.html`.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::paging::PageRef;

/// Releases on one page of the list.
pub const LIST_PAGE_SIZE: usize = 50;

/// The folder of release pages.
pub const RELEASES_DIR: &str = "releases";

/// The folder of the list's later pages.
pub const PAGES_DIR: &str = "page";

/// The folders of the app's routes (and of the pre-rendered pages).
pub const ROUTE_FOLDERS: [&str; 2] = [RELEASES_DIR, PAGES_DIR];

/// Files of a published site, relative to its base.
pub mod files {
    /// The single-file bundle beside `index.html`.
    pub const BUNDLE: &str = "releases.json";
    /// The shell page and the list's first page.
    pub const INDEX: &str = "index.html";
    /// The page hosts serve for unknown paths: it boots the app there.
    pub const NOT_FOUND_PAGE: &str = "404.html";
    /// The iframe embed's page.
    pub const EMBED_PAGE: &str = "embed.html";
    /// The script embed's loader (a stable name other sites link to).
    pub const EMBED_SCRIPT: &str = "embed.js";
    /// The single-file export.
    pub const SINGLE_FILE: &str = "pressroom.html";
    /// Response headers for Netlify and Cloudflare Pages.
    pub const HEADERS: &str = "_headers";
    /// Crawler rules.
    pub const ROBOTS: &str = "robots.txt";
    /// The sitemap.
    pub const SITEMAP: &str = "sitemap.xml";
    /// RSS 2.0.
    pub const RSS: &str = "feed.xml";
    /// Atom 1.0.
    pub const ATOM: &str = "atom.xml";
    /// JSON Feed 1.1.
    pub const JSON_FEED: &str = "feed.json";
    /// The feeds with their MIME types and titles, in the order pages link to them.
    pub const FEEDS: [(&str, &str, &str); 3] = [
        (RSS, "application/rss+xml", "RSS"),
        (ATOM, "application/atom+xml", "Atom"),
        (JSON_FEED, "application/feed+json", "JSON Feed"),
    ];
}

/// Bytes kept as they are in a path segment: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `segment` percent-encoded for a URL path: RFC 3986's unreserved characters stay, every
/// other byte of its UTF-8 becomes `%XX`.
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// `%XX` escapes decoded; text with invalid escapes or invalid UTF-8 is kept as written.
pub fn percent_decode(text: &str) -> String {
    percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_owned(), |decoded| decoded.into_owned())
}

/// The path of a release page relative to the base: `releases/<slug>/`.
pub fn release_path(slug: &str) -> String {
    format!("{RELEASES_DIR}/{}/", encode_segment(slug))
}

/// The path of a list page relative to the base: empty for the front page, else
/// `page/<n>/`.
pub fn list_page_path(page: PageRef) -> String {
    match page {
        PageRef::Front => String::new(),
        PageRef::Numbered(n) => format!("{PAGES_DIR}/{n}/"),
    }
}

/// The path that stands for "no such page" (never written as a file).
pub const NOT_FOUND_PATH: &str = "not-found/";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_paths_percent_encode_everything_but_unreserved_bytes() {
        assert_eq!(release_path("first"), "releases/first/");
        // Written by hand from the UTF-8 bytes of 해양수산부-발표.
        assert_eq!(
            release_path("해양수산부-발표"),
            "releases/%ED%95%B4%EC%96%91%EC%88%98%EC%82%B0%EB%B6%80-%EB%B0%9C%ED%91%9C/"
        );
        assert_eq!(release_path("a b/c?d#e%"), "releases/a%20b%2Fc%3Fd%23e%25/");
        assert_eq!(release_path("a.b_c~d"), "releases/a.b_c~d/");
    }

    #[test]
    fn list_pages() {
        assert_eq!(list_page_path(PageRef::Front), "");
        assert_eq!(list_page_path(PageRef::Numbered(1)), "page/1/");
        assert_eq!(list_page_path(PageRef::Numbered(3)), "page/3/");
    }

    #[test]
    fn decoding_inverts_encoding_and_keeps_bad_escapes() {
        for slug in ["해양수산부-발표", "plain", "with space", "a%b", "q?x#y"] {
            assert_eq!(percent_decode(&encode_segment(slug)), slug);
        }
        assert_eq!(percent_decode("%ZZ"), "%ZZ");
        assert_eq!(
            percent_decode("%C0"),
            "%C0",
            "invalid UTF-8 stays as written"
        );
    }
}
