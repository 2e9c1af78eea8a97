//! The site's URLs: paths under the base (`/newsroom/`) and, when the public site URL is
//! known, absolute URLs. Every page's address comes from [`pressroom_core::paths`], the
//! same functions the app's links use, so a release has one URL everywhere: in the app,
//! the pre-rendered page, its canonical link and JSON-LD, the feeds and the sitemap.

/// Where the pages live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrls {
    base: String,
    site_url: Option<String>,
}

impl SiteUrls {
    /// The base (checked, ending with `/`; a path or an absolute URL) and the public URL of
    /// that base (checked, ending with `/`), when known.
    pub fn new(base: &str, site_url: Option<&str>) -> Self {
        Self {
            base: base.to_owned(),
            site_url: site_url.map(str::to_owned),
        }
    }

    /// The base, ending with `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The public URL of the base, ending with `/`, when known.
    pub fn site_url(&self) -> Option<&str> {
        self.site_url.as_deref()
    }

    /// The canonical href of a page at `relative` (a
    /// [`pressroom_core::paths::release_path`] or
    /// [`pressroom_core::paths::list_page_path`]): absolute when the site URL is known,
    /// else under the base.
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

#[cfg(test)]
mod tests {
    use super::*;
    use pressroom_core::paths::{list_page_path, release_path};

    #[test]
    fn canonical_is_absolute_with_a_site_url() {
        let urls = SiteUrls::new("/newsroom/", Some("https://press.example/newsroom/"));
        assert_eq!(
            urls.canonical(&release_path("first")),
            "https://press.example/newsroom/releases/first/"
        );
        assert_eq!(urls.canonical(""), "https://press.example/newsroom/");
        let path_only = SiteUrls::new("/newsroom/", None);
        assert_eq!(
            path_only.canonical(&list_page_path(pressroom_core::paging::PageRef::Numbered(
                2
            ))),
            "/newsroom/page/2/"
        );
        assert_eq!(path_only.absolute("x/"), None);
    }
}
