//! `robots.txt`: everything may be crawled, and the sitemap is named when the site URL is
//! known. (Crawlers read it only at a host's root; under a sub-path it is for the host's
//! owner to merge.)

use pressroom_core::paths::files;

/// The text of `robots.txt` for the site at `site_url` (ending with `/`), if known.
pub fn robots_txt(site_url: Option<&str>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(site) = site_url {
        text.push_str(&format!("Sitemap: {site}{}\n", files::SITEMAP));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_sitemap_when_the_site_url_is_known() {
        assert_eq!(robots_txt(None), "User-agent: *\nAllow: /\n");
        assert_eq!(
            robots_txt(Some("https://press.example/newsroom/")),
            "User-agent: *\nAllow: /\nSitemap: https://press.example/newsroom/sitemap.xml\n"
        );
    }
}
