//! `_headers` (the Netlify / Cloudflare Pages format): the Content-Security-Policy
//! ([`csp`]), a few hardening headers and the cache headers ([`rules`]), written after
//! every page the policy governs has passed the audit ([`audit`]).
//!
//! The site writer audits each page as it renders it and merges the results into
//! [`Audits`]; [`write_headers`] then builds the policy from what the pages hold (the
//! hashes of trunk's loader and of the inlined theme script, the data's origin) and the
//! rules from the site's files.

pub mod audit;
pub mod csp;
pub mod rules;

use std::collections::BTreeSet;

use anyhow::{bail, Context, Result};
use pressroom_core::urls::{origin_of, url_path};

use crate::app_build::is_hashed_asset;
use audit::PageAudit;
use csp::{content_security_policy, frame_ancestors_with};
use rules::{render, rules, MAX_RULES};

/// The app's files every page must load with subresource integrity: its content-hashed
/// JS, wasm and CSS at the top level, except the search engine's module, which no page
/// names: the app fetches it on the first search and checks it against the hash in its
/// name (a module without imports: it can reach nothing but the bytes it is given).
pub fn required_assets(files: &[String]) -> Vec<String> {
    files
        .iter()
        .filter(|f| !f.contains('/') && is_hashed_asset(f))
        .filter(|f| pressroom_core::names::search_engine_hash(f).is_none())
        .filter(|f| {
            let ext = f.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            matches!(ext.as_deref(), Some("js" | "wasm" | "css"))
        })
        .cloned()
        .collect()
}

/// The audits of the pages, merged.
#[derive(Debug, Clone, Default)]
pub struct Audits {
    hashes: Vec<String>,
    data_urls: Vec<(String, String)>,
    integrity_checked: BTreeSet<String>,
    pages: usize,
}

impl Audits {
    /// Adds the audit of `page`.
    pub fn add(&mut self, page: &str, audit: PageAudit) {
        self.pages += 1;
        for hash in audit.script_hashes {
            if !self.hashes.contains(&hash) {
                self.hashes.push(hash);
            }
        }
        if let Some(url) = audit.data_url {
            self.data_urls.push((page.to_owned(), url));
        }
        self.integrity_checked.extend(audit.integrity_checked);
    }

    /// Adds every audit of `other`.
    pub fn merge(&mut self, other: Audits) {
        self.pages += other.pages;
        for hash in other.hashes {
            if !self.hashes.contains(&hash) {
                self.hashes.push(hash);
            }
        }
        self.data_urls.extend(other.data_urls);
        self.integrity_checked.extend(other.integrity_checked);
    }

    /// Pages audited.
    pub fn pages(&self) -> usize {
        self.pages
    }
}

/// What the headers are made for.
#[derive(Debug, Clone, Copy)]
pub struct HeadersInput<'a> {
    /// The base the site is served under (a path or URL ending in `/`).
    pub base: &'a str,
    /// `frame-ancestors`, checked.
    pub frame_ancestors: &'a str,
    /// The embedding origins, normalised.
    pub embed_origins: &'a [String],
    /// Every file of the site, relative, `/`-separated.
    pub files: &'a [String],
}

/// The headers file and what it says.
#[derive(Debug, Clone)]
pub struct Written {
    /// The Content-Security-Policy.
    pub policy: String,
    /// The text of `_headers`.
    pub text: String,
    /// The number of rules.
    pub rules: usize,
    /// Pages checked against the policy.
    pub pages: usize,
    /// Files whose integrity was checked.
    pub integrity_checked: Vec<String>,
    /// Worth a look: more rules than Cloudflare Pages reads.
    pub warnings: Vec<String>,
}

/// The `_headers` text for the site, from its files and its pages' audits.
pub fn write_headers(input: &HeadersInput<'_>, audits: &Audits) -> Result<Written> {
    let required = required_assets(input.files);
    let missing: Vec<&String> = required
        .iter()
        .filter(|f| !audits.integrity_checked.contains(*f))
        .collect();
    if audits.pages > 0 && !missing.is_empty() {
        bail!("no page loads {missing:?} with a checked integrity attribute");
    }
    let mut connect_origins = Vec::new();
    for (page, url) in &audits.data_urls {
        let origin = origin_of(url).with_context(|| {
            format!("the data URL of <meta name=\"pressroom-bundle\"> in {page}")
        })?;
        connect_origins.extend(origin.filter(|o| !connect_origins.contains(o)));
    }
    let frame_ancestors = frame_ancestors_with(input.frame_ancestors, input.embed_origins);
    let policy = content_security_policy(&audits.hashes, &connect_origins, &frame_ancestors);
    let rules = rules(&policy, &url_path(input.base), input.files);
    let mut warnings = Vec::new();
    if rules.len() > MAX_RULES {
        warnings.push(format!(
            "{} header rules; Cloudflare Pages applies at most {MAX_RULES}",
            rules.len()
        ));
    }
    Ok(Written {
        text: render(&rules),
        rules: rules.len(),
        pages: audits.pages,
        integrity_checked: audits.integrity_checked.iter().cloned().collect(),
        policy,
        warnings,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::audit::{audit_page, Integrity, Policy};
    use super::csp::script_hash;
    use super::*;
    use base64::Engine as _;
    use sha2::{Digest, Sha384};

    fn sri(data: &[u8]) -> String {
        let digest = Sha384::digest(data);
        format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    }

    fn shell(prefix: &str) -> String {
        format!(
            r#"<script type="module">import init from '{prefix}a-0123456789abcdef.js';</script>
<link rel="stylesheet" href="{prefix}a-fedcba9876543210.css" integrity="{}"/>
<link rel="modulepreload" href="{prefix}a-0123456789abcdef.js" integrity="{}"><link rel="preload" href="{prefix}a-0123456789abcdef_bg.wasm" integrity="{}" as="fetch">"#,
            sri(b"css"),
            sri(b"js"),
            sri(b"wasm")
        )
    }

    #[test]
    fn pages_must_load_the_app_code_with_integrity_but_not_the_search_engine() {
        let mut all = files();
        all.push("pressroom-search-00abcdef01234567.wasm".to_owned());
        assert_eq!(
            required_assets(&all),
            [
                "a-0123456789abcdef.js",
                "a-0123456789abcdef_bg.wasm",
                "a-fedcba9876543210.css"
            ]
        );
    }

    fn files() -> Vec<String> {
        [
            "a-0123456789abcdef.js",
            "a-0123456789abcdef_bg.wasm",
            "a-fedcba9876543210.css",
            "releases.json",
            "index.html",
            "releases/first/index.html",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    fn read(file: &str) -> Option<Vec<u8>> {
        match file {
            "a-0123456789abcdef.js" => Some(b"js".to_vec()),
            "a-0123456789abcdef_bg.wasm" => Some(b"wasm".to_vec()),
            "a-fedcba9876543210.css" => Some(b"css".to_vec()),
            _ => None,
        }
    }

    fn audit_all(pages: &[(&str, String)], base: &str) -> Result<Audits> {
        let required = required_assets(&files());
        let integrity = Integrity::new(read);
        let policy = Policy {
            public_url: base,
            required: &required,
            inlined: &[],
            integrity: &integrity,
        };
        let mut audits = Audits::default();
        for (name, html) in pages {
            let audit = audit_page(html, &policy).with_context(|| format!("in {name}"))?;
            audits.add(name, audit);
        }
        Ok(audits)
    }

    #[test]
    fn writes_headers_from_the_pages_audits() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"a \u003c b"}</script>"#;
        let release = format!("{}{ld}<article><h1>Title</h1></article>", shell("/news/"));
        let pages = [
            ("index.html", release.clone()),
            ("404.html", shell("/news/")),
            ("releases/first/index.html", release.clone()),
        ];
        let audits = audit_all(&pages, "/news/").unwrap();
        let origins = ["https://partner.example".to_owned()];
        let input = HeadersInput {
            base: "/news/",
            frame_ancestors: "'self'",
            embed_origins: &origins,
            files: &files(),
        };
        let written = write_headers(&input, &audits).unwrap();
        assert_eq!(written.pages, 3);
        assert_eq!(
            written.integrity_checked.len(),
            3,
            "{:?}",
            written.integrity_checked
        );
        let hash = script_hash("import init from '/news/a-0123456789abcdef.js';");
        assert_eq!(
            written.policy,
            content_security_policy(&[hash], &[], "'self' https://partner.example")
        );
        assert!(written
            .text
            .contains(&format!("  Content-Security-Policy: {}\n", written.policy)));
        assert!(written
            .text
            .contains("\n/news/releases.json\n  Cache-Control: no-cache\n"));
    }

    #[test]
    fn a_page_with_blocked_code_or_no_integrity_is_named() {
        let release = format!("{}<article><h1>Title</h1></article>", shell("/"));
        let styled = release.replace("<h1>", "<h1 style=\"color:red\">");
        let error = format!(
            "{:#}",
            audit_all(&[("page/2/index.html", styled)], "/").unwrap_err()
        );
        assert!(
            error.contains("page/2/index.html") && error.contains("style"),
            "{error}"
        );
        let bare = release.replace(&format!(" integrity=\"{}\"", sri(b"css")), "");
        let error = format!(
            "{:#}",
            audit_all(&[("page/2/index.html", bare)], "/").unwrap_err()
        );
        assert!(
            error.contains("page/2/index.html") && error.contains("integrity"),
            "{error}"
        );
    }

    #[test]
    fn a_data_url_elsewhere_joins_connect_src() {
        let page = format!(
            "<meta name=\"pressroom-bundle\" content=\"https://cdn.example.org/r.json\">{}",
            shell("/")
        );
        let audits = audit_all(&[("index.html", page)], "/").unwrap();
        let input = HeadersInput {
            base: "/",
            frame_ancestors: "'self'",
            embed_origins: &[],
            files: &files(),
        };
        let written = write_headers(&input, &audits).unwrap();
        assert!(
            written
                .policy
                .contains("connect-src 'self' https://cdn.example.org;"),
            "{}",
            written.policy
        );
    }
}
