//! The pages' URLs: paths under the base (`/newsroom/`) and, when the public site URL is
//! known, absolute URLs. Slugs are percent-encoded in URLs (Hangul, reserved bytes).

use anyhow::{bail, Result};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Bytes kept as they are in a path segment: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Where the pages live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrls {
    base: String,
    site_url: Option<String>,
}

impl SiteUrls {
    /// The base path (`/newsroom/`; a missing leading or trailing `/` is added) and the
    /// public URL of that base (`https://press.example/newsroom/`), whose path must be
    /// the base.
    pub fn new(base: &str, site_url: Option<&str>) -> Result<Self> {
        let base = normalise_base(base)?;
        let site_url = site_url.map(|url| check_site_url(url, &base)).transpose()?;
        Ok(Self { base, site_url })
    }

    /// The base path, starting and ending with `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The public URL of the base, ending with `/`, when known.
    pub fn site_url(&self) -> Option<&str> {
        self.site_url.as_deref()
    }

    /// The canonical href of a page at `relative` (a [`release_path`] or [`page_path`]):
    /// absolute when the site URL is known, else path-absolute under the base.
    pub fn canonical(&self, relative: &str) -> String {
        self.absolute(relative)
            .unwrap_or_else(|| format!("{}{relative}", self.base))
    }

    /// The absolute URL of a page at `relative`, when the site URL is known.
    pub fn absolute(&self, relative: &str) -> Option<String> {
        self.site_url
            .as_ref()
            .map(|site| format!("{site}{relative}"))
    }
}

/// The path of a release page relative to the base: `releases/<slug>/`, the slug
/// percent-encoded.
pub fn release_path(slug: &str) -> String {
    format!("releases/{}/", utf8_percent_encode(slug, SEGMENT))
}

/// The path of list page `number` relative to the base: empty for page 1, else
/// `page/<number>/`.
pub fn page_path(number: usize) -> String {
    if number <= 1 {
        String::new()
    } else {
        format!("page/{number}/")
    }
}

fn normalise_base(base: &str) -> Result<String> {
    let trimmed = base.trim();
    if let Some(bad) = trimmed
        .chars()
        .find(|&c| !c.is_ascii_graphic() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '?' | '#'))
    {
        bail!(
            "--base {base:?}: {bad:?} is not allowed in a base path; use a plain path such as /newsroom/ (percent-encode other characters)"
        );
    }
    if trimmed.contains("//") || trimmed.split('/').any(|s| s == "." || s == "..") {
        bail!("--base {base:?}: expected a plain path such as /newsroom/");
    }
    let mut out = String::with_capacity(trimmed.len() + 2);
    if !trimmed.starts_with('/') {
        out.push('/');
    }
    out.push_str(trimmed);
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

fn check_site_url(url: &str, base: &str) -> Result<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        bail!("--site-url {url:?}: expected an absolute http(s) URL such as https://press.example{base}");
    };
    if let Some(bad) = url
        .chars()
        .find(|&c| !c.is_ascii_graphic() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '?' | '#'))
    {
        bail!("--site-url {url:?}: {bad:?} is not allowed (no query, fragment, quotes or spaces)");
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.is_empty() {
        bail!("--site-url {url:?}: the host is missing");
    }
    let path = if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    if path != base {
        bail!(
            "--site-url {url:?} is at the path {path:?} but --base is {base:?}; they must agree (e.g. --base {path} --site-url {url})"
        );
    }
    Ok(format!("{}{host}{path}", &url[..url.len() - rest.len()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_paths_percent_encode_non_ascii_and_reserved_bytes() {
        assert_eq!(release_path("first"), "releases/first/");
        assert_eq!(
            release_path("해양수산부-발표"),
            "releases/%ED%95%B4%EC%96%91%EC%88%98%EC%82%B0%EB%B6%80-%EB%B0%9C%ED%91%9C/"
        );
        assert_eq!(release_path("a b/c?d#e%"), "releases/a%20b%2Fc%3Fd%23e%25/");
        assert_eq!(page_path(1), "");
        assert_eq!(page_path(3), "page/3/");
    }

    #[test]
    fn canonical_is_absolute_with_a_site_url() {
        let urls = SiteUrls::new("/newsroom/", Some("https://press.example/newsroom/"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            urls.canonical(&release_path("first")),
            "https://press.example/newsroom/releases/first/"
        );
        assert_eq!(urls.canonical(""), "https://press.example/newsroom/");
        let path_only = SiteUrls::new("/newsroom/", None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(path_only.canonical(&page_path(2)), "/newsroom/page/2/");
        assert_eq!(path_only.absolute("x/"), None);
    }

    #[test]
    fn bases_are_normalised_or_refused() {
        let base = |b: &str| SiteUrls::new(b, None).map(|u| u.base().to_owned());
        assert_eq!(base("/newsroom/").ok().as_deref(), Some("/newsroom/"));
        assert_eq!(base("newsroom").ok().as_deref(), Some("/newsroom/"));
        assert_eq!(base("/").ok().as_deref(), Some("/"));
        assert_eq!(base("").ok().as_deref(), Some("/"));
        for bad in [
            "/news room/",
            "/a\"b/",
            "/a/../b/",
            "//evil.example/",
            "/a?b",
        ] {
            assert!(base(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn site_url_must_match_the_base() {
        let ok = SiteUrls::new("/newsroom/", Some("https://press.example/newsroom"))
            .map(|u| u.site_url().map(str::to_owned));
        assert_eq!(
            ok.ok().flatten().as_deref(),
            Some("https://press.example/newsroom/")
        );
        let root = SiteUrls::new("/", Some("http://localhost:8080"))
            .map(|u| u.site_url().map(str::to_owned));
        assert_eq!(
            root.ok().flatten().as_deref(),
            Some("http://localhost:8080/")
        );
        let err = SiteUrls::new("/newsroom/", Some("https://press.example/"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("must agree"), "{err}");
        assert!(SiteUrls::new("/", Some("ftp://press.example/")).is_err());
        assert!(SiteUrls::new("/", Some("https:///x/")).is_err());
        assert!(SiteUrls::new("/", Some("https://a.example/?q")).is_err());
    }
}
