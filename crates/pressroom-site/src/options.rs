//! What a site is written with (`pressroom site`'s options), checked once before anything
//! is written: a bad base, site URL, embedding origin or `frame-ancestors` stops the run
//! with a message saying which option and why.

use anyhow::{Context, Result};
use pressroom_core::urls::{check_base, check_site_url, normalise_origin, url_path};

use crate::data::Layout;
use crate::headers::csp::{validate_frame_ancestors, DEFAULT_FRAME_ANCESTORS};

/// Full-page routing of the written site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Routing {
    /// Real paths (`/newsroom/releases/<slug>/`): pre-rendered pages and `404.html` cover
    /// hosts without rewrites.
    #[default]
    History,
    /// Paths in the fragment (`/newsroom/#/releases/<slug>/`), for hosts that serve files
    /// only.
    Hash,
}

/// How to write a site.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The URL path the site is served under (`/newsroom/`), or an absolute URL when its
    /// assets live on another host.
    pub base: String,
    /// The site's public address (its path must be the base's): absolute links in the
    /// feeds, sitemap, canonical links and link previews. `None` falls back to the
    /// bundle's `site.base_url` when its path is the base's.
    pub site_url: Option<String>,
    /// Full-page routing.
    pub routing: Routing,
    /// Origins whose pages may frame `embed.html` (and get its messages).
    pub embed_origins: Vec<String>,
    /// `frame-ancestors` of the Content-Security-Policy; the embedding origins are added.
    pub frame_ancestors: String,
    /// Also write `pressroom.html`, the single-file export.
    pub single_file: bool,
    /// Pre-render the release and list pages.
    pub prerender: bool,
    /// Fail (writing nothing) when any release has problems, instead of skipping it.
    pub strict: bool,
    /// Items per feed, newest first; 0 for all.
    pub feed_limit: usize,
    /// Threads rendering pages; the machine's parallelism when `None`.
    pub threads: Option<usize>,
    /// Where the app finds its data when not beside `index.html` (a path under the base,
    /// or an http(s) URL whose origin joins `connect-src`).
    pub data_url: Option<String>,
    /// The data's layout: one bundle or the sharded archive.
    pub layout: Layout,
    /// The most files the site may hold (hosts limit them: Cloudflare Pages' free plan
    /// allows 20,000). Pre-rendered pages past it are left out, the oldest first.
    pub max_files: usize,
}

/// The default file budget.
pub const DEFAULT_MAX_FILES: usize = 20_000;

impl Default for SiteOptions {
    fn default() -> Self {
        Self {
            base: "/".to_owned(),
            site_url: None,
            routing: Routing::History,
            embed_origins: Vec::new(),
            frame_ancestors: DEFAULT_FRAME_ANCESTORS.to_owned(),
            single_file: false,
            prerender: true,
            strict: false,
            feed_limit: 50,
            threads: None,
            data_url: None,
            layout: Layout::Auto,
            max_files: DEFAULT_MAX_FILES,
        }
    }
}

/// The options, checked and normalised.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The base, ending with `/` (a path or an absolute URL).
    pub base: String,
    /// Its path, starting and ending with `/`.
    pub base_path: String,
    /// `--site-url`, normalised, if given.
    pub site_url: Option<String>,
    /// The embedding origins, normalised, without duplicates.
    pub embed_origins: Vec<String>,
    /// `frame-ancestors`, checked.
    pub frame_ancestors: String,
}

impl SiteOptions {
    /// Checks every option; the first problem names the option.
    pub fn check(&self) -> Result<Checked> {
        let base = check_base(&self.base).context("--base")?;
        let base_path = url_path(&base);
        let site_url = self
            .site_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(|url| check_site_url(url, &base_path))
            .transpose()
            .context("--site-url")?;
        let mut embed_origins: Vec<String> = Vec::new();
        for raw in &self.embed_origins {
            let origin = normalise_origin(raw).context("--embed-origin")?;
            if !embed_origins.contains(&origin) {
                embed_origins.push(origin);
            }
        }
        let frame_ancestors = validate_frame_ancestors(&self.frame_ancestors)?;
        Ok(Checked {
            base,
            base_path,
            site_url,
            embed_origins,
            frame_ancestors,
        })
    }
}

/// The site URL the pages and feeds use: `--site-url`, else the bundle's `site.base_url`
/// when it is an http(s) URL at the base's path; else none, with the reason.
pub fn choose_site_url(
    flag: Option<&str>,
    bundle_base_url: Option<&str>,
    base_path: &str,
) -> (Option<String>, Option<String>) {
    if let Some(url) = flag {
        return (Some(url.to_owned()), None);
    }
    let Some(bundle) = bundle_base_url.map(str::trim).filter(|u| !u.is_empty()) else {
        return (
            None,
            Some("no --site-url and no site.base_url in the bundle: no feeds or sitemap, and canonical links are paths".to_owned()),
        );
    };
    match check_site_url(bundle, base_path) {
        Ok(url) => (Some(url), None),
        Err(error) => (
            None,
            Some(format!(
                "site.base_url is not used ({error}): no feeds or sitemap, and canonical links are paths \
                 (pass --site-url https://…{base_path})"
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_and_normalised() {
        let options = SiteOptions {
            base: "newsroom".into(),
            site_url: Some("https://press.example/newsroom".into()),
            embed_origins: vec!["HTTPS://A.example:443/".into(), "https://a.example".into()],
            ..SiteOptions::default()
        };
        let checked = options.check().unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(checked.base, "/newsroom/");
        assert_eq!(checked.base_path, "/newsroom/");
        assert_eq!(
            checked.site_url.as_deref(),
            Some("https://press.example/newsroom/")
        );
        assert_eq!(checked.embed_origins, ["https://a.example"]);
        assert_eq!(checked.frame_ancestors, "'self'");
    }

    #[test]
    fn each_bad_option_is_named() {
        let error = |options: SiteOptions| {
            format!(
                "{:#}",
                options
                    .check()
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default()
            )
        };
        assert!(error(SiteOptions {
            base: "/a b/".into(),
            ..SiteOptions::default()
        })
        .contains("--base"));
        assert!(error(SiteOptions {
            site_url: Some("https://x.example/other/".into()),
            ..SiteOptions::default()
        })
        .contains("--site-url"));
        assert!(error(SiteOptions {
            embed_origins: vec!["partner.example".into()],
            ..SiteOptions::default()
        })
        .contains("--embed-origin"));
        assert!(error(SiteOptions {
            frame_ancestors: "self".into(),
            ..SiteOptions::default()
        })
        .contains("--frame-ancestors"));
    }

    #[test]
    fn the_bundles_base_url_is_used_only_at_the_base() {
        assert_eq!(
            choose_site_url(None, Some("https://example.org/"), "/"),
            (Some("https://example.org/".to_owned()), None)
        );
        let (url, note) = choose_site_url(None, Some("https://example.org/"), "/newsroom/");
        assert!(url.is_none());
        assert!(note
            .unwrap_or_default()
            .contains("--site-url https://…/newsroom/"));
        let (url, note) = choose_site_url(None, None, "/");
        assert!(url.is_none() && note.is_some());
        assert_eq!(
            choose_site_url(
                Some("https://p.example/"),
                Some("https://example.org/"),
                "/"
            )
            .0
            .as_deref(),
            Some("https://p.example/")
        );
    }
}
