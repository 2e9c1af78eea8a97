//! HTTP response headers for `dist/`: the Content-Security-Policy, a few hardening headers
//! and cache headers, written to `dist/_headers` (the Netlify / Cloudflare Pages format) by
//! `cargo xtask dist`.
//!
//! The policy ([`content_security_policy`]) is the one place it is spelled out; the
//! `_headers` file, `docs/hosting-headers.md` (checked by a test here) and the end-to-end
//! test (which reads it back from `dist/_headers`) all use it:
//!
//! ```text
//! default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-<trunk's loader>';
//! style-src 'self'; img-src 'self' https: http:; connect-src 'self' [bundle origin];
//! object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors <'self'>
//! ```
//!
//! - `script-src`: the app's JS file, `'wasm-unsafe-eval'` to compile its wasm, and the
//!   sha256 of the one inline `<script type="module">` trunk writes into `index.html` (the
//!   loader; it names the hashed files, so its hash changes with every build). More than
//!   one inline script fails the build. Never `'unsafe-inline'` or `'unsafe-eval'`.
//! - `img-src 'self' https: http:`: release bodies may show images from anywhere (product
//!   behaviour); no `data:` (the favicon is a file).
//! - `connect-src`: `'self'`, plus the origin of the bundle when it is configured
//!   elsewhere, at build time (`PRESSROOM_BUNDLE_URL`) or in `index.html`
//!   (`<meta name="pressroom-bundle" content="https://…">`).
//! - `frame-ancestors`: `--frame-ancestors` (default `'self'`) plus every `--embed-origin`
//!   ([`frame_ancestors_with`]), so that those sites can frame `embed.html`.
//!
//! The policy is one `/*` rule for every page: `index.html`, `404.html`, `embed.html` and
//! the pre-rendered `releases/<slug>/` and `page/<n>/` pages (and whatever a host answers
//! unknown paths with). `embed.html` cannot get a policy of its own: a request matching two
//! rules gets both values of a header, which Cloudflare Pages joins into two policies that
//! are both enforced (so the stricter `frame-ancestors` of `/*` would still forbid the
//! partner), and other hosts merge differently. So the embedding origins join the one
//! policy. The app has no state to change, which is what framing attacks go after.
//!
//! Before writing, every page that policy governs (every `.html` file except the
//! single-file export, which carries its own policy) is checked: no inline event handlers,
//! `style` attributes, `<style>` elements or `javascript:` URLs (the policy would block
//! them), at most one inline script (JSON data blocks such as the pre-rendered pages'
//! `application/ld+json` are not scripts and need no hash), and subresource integrity on
//! the app's JS, wasm and CSS with hashes that match the files.
//!
//! Other headers ([`rules`]), under the public URL's path:
//! - `immutable` caching for trunk's content-hashed files (`name-<16 hex>.ext`,
//!   `name-<16 hex>_bg.wasm`), listed by name, with `Access-Control-Allow-Origin: *` so
//!   that other sites' pages can load them through `embed.js`;
//! - `embed.js` (not hashed): a short cache (5 minutes) and `Access-Control-Allow-Origin`;
//! - `releases.json`: `no-cache` and `Access-Control-Allow-Origin` (embeds fetch it);
//! - `pressroom.html` (the single file): `Content-Disposition: attachment`, since it runs
//!   from disk, not under the site's policy;
//! - `no-cache` (revalidate; hosts send ETags) for `/`, `/index.html`, the app's routes
//!   (`/releases/*`, `/page/*`, which also hold the pre-rendered pages) and every other
//!   file. Folders without hashed files get one `/<folder>/*` rule (Cloudflare Pages
//!   allows 100 rules).

use crate::embed::EMBED_SCRIPT;
use crate::html_scan::{tags, Tag};
use crate::single_file::SINGLE_FILE;
use anyhow::{bail, Context, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384, Sha512};
use std::collections::HashMap;
use std::path::Path;

/// The file `cargo xtask dist` writes into `dist/`.
pub const HEADERS_FILE: &str = "_headers";

/// `frame-ancestors` unless `--frame-ancestors` says otherwise.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// `Cache-Control` of content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of everything that changes under the same name (revalidated every time).
pub const NO_CACHE: &str = "no-cache";

/// `Cache-Control` of `embed.js`: not content-hashed, but named by other sites' pages, so
/// cached briefly rather than revalidated on every page view.
pub const SHORT_CACHE: &str = "public, max-age=300";

/// The bundle beside `index.html`.
pub const BUNDLE_FILE: &str = "releases.json";

/// The folders of the app's routes (and of the pre-rendered pages).
pub const ROUTE_FOLDERS: [&str; 2] = ["releases", "page"];

/// The most rules Cloudflare Pages reads from `_headers`.
pub const MAX_RULES: usize = 100;

/// The environment variable the app reads at compile time for its bundle URL.
pub const BUNDLE_URL_ENV: &str = "PRESSROOM_BUNDLE_URL";

/// The Content-Security-Policy of the app.
///
/// `script_hashes` are CSP hash sources without quotes (`sha256-…`, see [`script_hash`]),
/// `connect_origins` extra `connect-src` sources (see [`origin_of`]), `frame_ancestors` the
/// value of `frame-ancestors` (see [`validate_frame_ancestors`]).
pub fn content_security_policy(
    script_hashes: &[String],
    connect_origins: &[String],
    frame_ancestors: &str,
) -> String {
    let mut script_src = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    script_src.extend(script_hashes.iter().map(|hash| format!("'{hash}'")));
    let mut connect_src = vec!["'self'".to_owned()];
    for origin in connect_origins {
        if !connect_src.contains(origin) {
            connect_src.push(origin.clone());
        }
    }
    [
        "default-src 'self'".to_owned(),
        format!("script-src {}", script_src.join(" ")),
        "style-src 'self'".to_owned(),
        "img-src 'self' https: http:".to_owned(),
        format!("connect-src {}", connect_src.join(" ")),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'none'".to_owned(),
        format!("frame-ancestors {frame_ancestors}"),
    ]
    .join("; ")
}

/// The CSP hash source (without quotes) of an inline script's text: `sha256-<base64>`.
/// Line breaks are normalised first (CRLF and CR to LF), as the browser's HTML parser does.
pub fn script_hash(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(normalised.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Checks a `frame-ancestors` value: `'none'` alone, or `'self'` and/or host or scheme
/// sources, separated by spaces. Returns it with single spaces.
pub fn validate_frame_ancestors(value: &str) -> Result<String> {
    if value.chars().any(|c| c != ' ' && !c.is_ascii_graphic()) {
        bail!("--frame-ancestors {value:?} may only have printable ASCII separated by spaces");
    }
    let sources: Vec<&str> = value.split_ascii_whitespace().collect();
    if sources.is_empty() {
        bail!("--frame-ancestors is empty (use \"'none'\" to forbid framing)");
    }
    for source in &sources {
        let lower = source.to_ascii_lowercase();
        match lower.as_str() {
            "'self'" | "'none'" => {}
            "self" | "none" => bail!(
                "--frame-ancestors: `{source}` must be quoted, e.g. --frame-ancestors \"'{lower}'\" \
                 (the shell removes single quotes unless they are inside double quotes)"
            ),
            _ if lower.starts_with('\'') => bail!(
                "--frame-ancestors: `{source}` is not allowed (only 'self' and 'none' are keywords here)"
            ),
            _ => {
                let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/*[]%".contains(c);
                if !source.chars().all(allowed) {
                    bail!(
                        "--frame-ancestors: `{source}` is not a host or scheme source \
                         (e.g. https://partner.example, https://*.example.org, https:)"
                    );
                }
            }
        }
    }
    if sources.len() > 1 && sources.iter().any(|s| s.eq_ignore_ascii_case("'none'")) {
        bail!("--frame-ancestors: 'none' must stand alone");
    }
    Ok(sources.join(" "))
}

/// The CSP source for a bundle URL: `None` when it is on the app's own origin (relative or
/// a path), `scheme://host[:port]` for an absolute http(s) URL, the host alone for a
/// protocol-relative `//host/…` URL. Other schemes and URLs with credentials are errors.
pub fn origin_of(url: &str) -> Result<Option<String>> {
    let url = url.trim();
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("//") {
        (None, rest)
    } else if let Some((scheme, rest)) = url.split_once("://") {
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            bail!("the bundle URL {url:?} is not http or https");
        }
        (Some(scheme), rest)
    } else if url.contains(':') && !url.starts_with('/') && !url.starts_with('.') {
        let before = url.split(['/', '?', '#']).next().unwrap_or("");
        if before.contains(':') {
            bail!("the bundle URL {url:?} is not http or https");
        }
        return Ok(None);
    } else {
        return Ok(None);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let valid = |c: char| c.is_ascii_alphanumeric() || "-.:[]".contains(c);
    if authority.is_empty() || !authority.chars().all(valid) {
        bail!("the bundle URL {url:?} has no usable host (credentials are not supported)");
    }
    let authority = authority.to_ascii_lowercase();
    Ok(Some(match scheme {
        Some(scheme) => format!("{scheme}://{authority}"),
        None => authority,
    }))
}

/// The texts of the inline scripts of `html` that the CSP governs: every `<script>` without
/// `src`, except JSON data blocks (`type="application/json"` / `application/ld+json`).
#[cfg(test)]
pub fn inline_scripts(html: &str) -> Vec<String> {
    inline_scripts_in(&tags(html))
}

fn inline_scripts_in(tags: &[Tag]) -> Vec<String> {
    tags.iter()
        .filter(|tag| tag.name == "script" && tag.attr("src").is_none())
        .filter(|tag| {
            let kind = tag.attr("type").unwrap_or("").trim().to_ascii_lowercase();
            !matches!(kind.as_str(), "application/json" | "application/ld+json")
        })
        .filter_map(|tag| tag.text.clone())
        .collect()
}

/// The hash of the one inline script of `html` (trunk's loader), or `None` without one.
/// More than one is an error: only a single build-generated script may be allowed by hash.
#[cfg(test)]
pub fn inline_script_hash(html: &str) -> Result<Option<String>> {
    inline_script_hash_in(&tags(html))
}

fn inline_script_hash_in(tags: &[Tag]) -> Result<Option<String>> {
    let scripts = inline_scripts_in(tags);
    match scripts.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(script_hash(one))),
        many => {
            let starts: Vec<String> = many
                .iter()
                .map(|s| {
                    let s = s.trim();
                    let cut: String = s.chars().take(60).collect();
                    format!(
                        "  <script>{cut}{}",
                        if cut.len() < s.len() { "…" } else { "" }
                    )
                })
                .collect();
            bail!(
                "the page has {} inline scripts; the Content-Security-Policy allows only one \
                 (trunk's loader) by hash. Move the others into files:\n{}",
                many.len(),
                starts.join("\n")
            )
        }
    }
}

/// What in `html` the policy would block: inline event handlers, `style` attributes,
/// `<style>` elements and `javascript:` URLs. Empty when nothing.
#[cfg(test)]
pub fn inline_code_problems(html: &str) -> Vec<String> {
    inline_code_problems_in(&tags(html))
}

fn inline_code_problems_in(tags: &[Tag]) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in tags {
        if tag.name == "style" {
            problems.push("a <style> element (style-src has no 'unsafe-inline')".to_owned());
        }
        for (name, value) in &tag.attributes {
            let what = format!("<{} {name}=\"{value}\">", tag.name);
            if name.starts_with("on") && name.len() > 2 {
                problems.push(format!("{what}: inline event handlers are blocked"));
            } else if name == "style" {
                problems.push(format!("{what}: style attributes are blocked"));
            } else if matches!(name.as_str(), "href" | "src" | "action" | "formaction") {
                let compact: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect();
                if compact.to_ascii_lowercase().starts_with("javascript:") {
                    problems.push(format!("{what}: javascript: URLs are blocked"));
                }
            }
        }
    }
    problems
}

/// The bundle URL a `<meta name="pressroom-bundle">` in `html` sets, if any.
#[cfg(test)]
pub fn bundle_meta(html: &str) -> Option<String> {
    bundle_meta_in(&tags(html))
}

fn bundle_meta_in(tags: &[Tag]) -> Option<String> {
    tags.iter()
        .find(|tag| {
            tag.name == "meta"
                && tag
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("pressroom-bundle"))
        })
        .and_then(|tag| tag.attr("content").map(str::to_owned))
        .filter(|content| !content.trim().is_empty())
}

/// Whether a file name (last path segment) carries trunk's content hash:
/// `name-<hash>.ext` or `name-<hash>_bg.wasm`. Trunk writes the 64-bit hash in lower-case
/// hex without leading zeros, so it has up to 16 digits; fewer than 12 are not taken for a
/// hash (a date such as `report-20240101.pdf` is not one), which misses one hash in 65,536:
/// such a file is then merely revalidated instead of cached for good.
pub fn is_hashed_asset(name: &str) -> bool {
    hashed_name_with(name, 12)
}

/// [`is_hashed_asset`] with at least `min_digits` hex digits in the hash.
pub fn hashed_name_with(name: &str, min_digits: usize) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    if extension.is_empty() || !extension.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((base, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !base.is_empty()
        && (min_digits..=16).contains(&hash.len())
        && hash
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Checks subresource integrity in `html`: every `<link>` and `<script src>` that loads a
/// `.js`, `.wasm` or `.css` file from the app must have an `integrity` attribute whose
/// sha256/384/512 hash matches the file (`read` gives a file's bytes by its path relative
/// to `dist/`), and every file named in `required` must be loaded that way. Also checks any
/// other local `integrity` (e.g. the icon). Returns the checked files.
#[cfg(test)]
pub fn check_integrity(
    html: &str,
    public_url: &str,
    required: &[String],
    read: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<Vec<String>> {
    check_integrity_in(&tags(html), public_url, required, |file, integrity| {
        let data = read(file).with_context(|| format!("{file} is not in dist"))?;
        integrity_matches(integrity, &data)
    })
}

/// [`check_integrity`] over parsed tags, with `verify(file, integrity)` checking one
/// file's integrity value (so that many pages can share the work).
fn check_integrity_in(
    tags: &[Tag],
    public_url: &str,
    required: &[String],
    mut verify: impl FnMut(&str, &str) -> Result<()>,
) -> Result<Vec<String>> {
    let public_path = url_path(public_url);
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for tag in tags {
        let reference = match tag.name.as_str() {
            "link" => tag.attr("href"),
            "script" => tag.attr("src"),
            _ => None,
        };
        let Some(reference) = reference else {
            continue;
        };
        let Some(file) = local_file(reference, public_url, &public_path) else {
            continue;
        };
        let extension = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let is_code = matches!(extension.as_deref(), Some("js" | "mjs" | "wasm" | "css"));
        let Some(integrity) = tag.attr("integrity") else {
            if is_code {
                problems.push(format!(
                    "<{} {reference}> has no integrity attribute",
                    tag.name
                ));
            }
            continue;
        };
        match verify(&file, integrity) {
            Ok(()) => checked.push(file),
            Err(e) => problems.push(format!("<{} {reference}>: {e}", tag.name)),
        }
    }
    for file in required {
        if !checked.contains(file) {
            problems.push(format!(
                "{file} is not loaded through a tag with a matching integrity attribute"
            ));
        }
    }
    if !problems.is_empty() {
        bail!(
            "subresource integrity is incomplete (trunk adds it unless \
             --no-sri or data-no-sri is used; keep it on):\n  {}",
            problems.join("\n  ")
        );
    }
    checked.sort();
    checked.dedup();
    Ok(checked)
}

/// Whether an `integrity` value has a sha256/384/512 hash that matches `data`.
fn integrity_matches(integrity: &str, data: &[u8]) -> Result<()> {
    let engine = base64::engine::general_purpose::STANDARD;
    let mut known = 0;
    for item in integrity.split_ascii_whitespace() {
        let item = item.split('?').next().unwrap_or(item);
        let Some((algorithm, expected)) = item.split_once('-') else {
            continue;
        };
        let actual = match algorithm {
            "sha256" => engine.encode(Sha256::digest(data)),
            "sha384" => engine.encode(Sha384::digest(data)),
            "sha512" => engine.encode(Sha512::digest(data)),
            _ => continue,
        };
        known += 1;
        if actual == expected {
            return Ok(());
        }
    }
    if known == 0 {
        bail!("integrity {integrity:?} has no sha256/384/512 hash");
    }
    bail!("integrity {integrity:?} does not match the file")
}

/// The path part of a public URL (`/`, `/newsroom/`, or the path of an absolute URL),
/// starting and ending with `/`.
pub fn url_path(public_url: &str) -> String {
    let path = match public_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => public_url,
    };
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// The file under `dist/` a reference in a page loads (path relative to `dist/`), or `None`
/// for another site's.
pub fn local_file(reference: &str, public_url: &str, public_path: &str) -> Option<String> {
    let reference = reference.split(['?', '#']).next().unwrap_or("").trim();
    let relative = if let Some(rest) = reference.strip_prefix(public_url) {
        rest
    } else if reference.contains("://") || reference.starts_with("//") {
        return None;
    } else if let Some(rest) = reference.strip_prefix(public_path) {
        rest
    } else {
        reference.trim_start_matches("./").trim_start_matches('/')
    };
    (!relative.is_empty()).then(|| relative.to_owned())
}

/// One block of a `_headers` file: a path pattern and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The path pattern, e.g. `/*` or `/index.html`.
    pub path: String,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
}

/// The header rules for a dist with these files (paths relative to `dist/`, `/`-separated),
/// served under `public_path` (see [`url_path`]) with this policy. No two rules set the
/// same header for one path (hosts merge such headers differently).
pub fn rules(policy: &str, public_path: &str, files: &[String]) -> Vec<Rule> {
    let header = |name: &str, value: &str| (name.to_owned(), value.to_owned());
    let rule = |path: String, headers: Vec<(String, String)>| Rule { path, headers };
    let no_cache = |path: String| rule(path, vec![header("Cache-Control", NO_CACHE)]);
    let any_origin = header("Access-Control-Allow-Origin", "*");
    let mut out = vec![rule(
        format!("{public_path}*"),
        vec![
            header("Content-Security-Policy", policy),
            header("X-Content-Type-Options", "nosniff"),
            header("Referrer-Policy", "strict-origin-when-cross-origin"),
        ],
    )];
    let mut files: Vec<&String> = files.iter().filter(|f| !is_headers_file(f)).collect();
    files.sort();
    for file in files.iter().filter(|f| is_hashed_asset(f)) {
        out.push(rule(
            format!("{public_path}{file}"),
            vec![header("Cache-Control", IMMUTABLE), any_origin.clone()],
        ));
    }
    out.push(no_cache(public_path.to_owned()));
    out.push(no_cache(format!("{public_path}index.html")));
    for folder in ROUTE_FOLDERS {
        out.push(no_cache(format!("{public_path}{folder}/*")));
    }
    for file in files
        .iter()
        .filter(|f| !is_hashed_asset(f) && !f.contains('/') && f.as_str() != "index.html")
    {
        let path = format!("{public_path}{file}");
        out.push(match file.as_str() {
            EMBED_SCRIPT => rule(
                path,
                vec![header("Cache-Control", SHORT_CACHE), any_origin.clone()],
            ),
            BUNDLE_FILE => rule(
                path,
                vec![header("Cache-Control", NO_CACHE), any_origin.clone()],
            ),
            SINGLE_FILE => rule(
                path,
                vec![
                    header("Cache-Control", NO_CACHE),
                    header(
                        "Content-Disposition",
                        &format!("attachment; filename=\"{SINGLE_FILE}\""),
                    ),
                ],
            ),
            _ => no_cache(path),
        });
    }
    // Files in folders: the app's route folders are covered above; a folder with hashed
    // files lists the others one by one, any other folder gets one rule.
    let mut folders_done: Vec<&str> = ROUTE_FOLDERS.to_vec();
    for file in files.iter().filter(|f| !is_hashed_asset(f)) {
        let Some((folder, _)) = file.split_once('/') else {
            continue;
        };
        if folders_done.contains(&folder) {
            continue;
        }
        let has_hashed = files
            .iter()
            .any(|f| is_hashed_asset(f) && f.starts_with(&format!("{folder}/")));
        if has_hashed {
            out.push(no_cache(format!("{public_path}{file}")));
        } else {
            folders_done.push(folder);
            out.push(no_cache(format!("{public_path}{folder}/*")));
        }
    }
    out
}

/// Whether a file is a host's configuration file rather than content.
fn is_headers_file(file: &str) -> bool {
    matches!(file, HEADERS_FILE | "_redirects")
}

/// Renders rules in the `_headers` format of Netlify and Cloudflare Pages.
pub fn render(rules: &[Rule]) -> String {
    let mut out = String::from(
        "# Written by `cargo xtask dist` (xtask/src/headers.rs); see docs/hosting-headers.md.\n\
         # Netlify / Cloudflare Pages apply it from the root of the published directory.\n",
    );
    for rule in rules {
        out.push('\n');
        out.push_str(&rule.path);
        out.push('\n');
        for (name, value) in &rule.headers {
            out.push_str(&format!("  {name}: {value}\n"));
        }
    }
    out
}

/// What [`write`] needs besides `dist/`.
#[derive(Debug, Clone)]
pub struct HeadersOptions {
    /// The public URL the app is served from (normalised, ending in `/`).
    pub public_url: String,
    /// `frame-ancestors` (checked with [`validate_frame_ancestors`]).
    pub frame_ancestors: String,
    /// The `--embed-origin` origins (normalised), which may frame the pages too.
    pub embed_origins: Vec<String>,
    /// `PRESSROOM_BUNDLE_URL` of the build, if set.
    pub bundle_url: Option<String>,
}

/// What [`write`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The Content-Security-Policy.
    pub policy: String,
    /// The number of header rules.
    pub rules: usize,
    /// The number of pages checked against the policy.
    pub pages: usize,
    /// The files whose integrity was checked.
    pub integrity_checked: Vec<String>,
}

/// `frame-ancestors` for `--frame-ancestors` (already checked) and the embedding origins:
/// the origins are added (replacing `'none'`), without duplicates.
pub fn frame_ancestors_with(frame_ancestors: &str, embed_origins: &[String]) -> String {
    let mut sources: Vec<String> = frame_ancestors
        .split_ascii_whitespace()
        .filter(|s| embed_origins.is_empty() || !s.eq_ignore_ascii_case("'none'"))
        .map(str::to_owned)
        .collect();
    for origin in embed_origins {
        if !sources.iter().any(|s| s.eq_ignore_ascii_case(origin)) {
            sources.push(origin.clone());
        }
    }
    sources.join(" ")
}

/// The pages the site-wide policy governs: every `.html` file but the single file.
pub fn policy_pages(files: &[String]) -> Vec<&String> {
    files
        .iter()
        .filter(|f| f.ends_with(".html") && f.as_str() != SINGLE_FILE)
        .collect()
}

/// Checks every page of `dist` ([`policy_pages`]) and writes `dist/_headers`.
pub fn write(dist: &Path, options: &HeadersOptions) -> Result<Written> {
    let files = list_files(dist)?;
    if !files.iter().any(|f| f == "index.html") {
        bail!("{} has no index.html", dist.display());
    }
    let pages = policy_pages(&files);
    let required: Vec<String> = files
        .iter()
        .filter(|f| !f.contains('/') && is_hashed_asset(f))
        .filter(|f| {
            let ext = f.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            matches!(ext.as_deref(), Some("js" | "wasm" | "css"))
        })
        .cloned()
        .collect();

    // Each (file, integrity) is hashed once, however many pages name it.
    let mut verified: HashMap<(String, String), Result<(), String>> = HashMap::new();
    let mut verify = |file: &str, integrity: &str| -> Result<()> {
        let key = (file.to_owned(), integrity.to_owned());
        let outcome = verified
            .entry(key)
            .or_insert_with(|| match std::fs::read(dist.join(file)) {
                Ok(data) => integrity_matches(integrity, &data).map_err(|e| e.to_string()),
                Err(_) => Err(format!("{file} is not in dist")),
            });
        outcome.clone().map_err(anyhow::Error::msg)
    };
    let mut hashes: Vec<String> = Vec::new();
    let mut bundle_metas: Vec<(String, String)> = Vec::new();
    let mut integrity_checked: Vec<String> = Vec::new();
    for page in &pages {
        let path = dist.join(page);
        let html = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let page_tags = tags(&html);
        let problems = inline_code_problems_in(&page_tags);
        if !problems.is_empty() {
            bail!(
                "{} has inline code the Content-Security-Policy would block:\n  {}",
                path.display(),
                problems.join("\n  ")
            );
        }
        let hash = inline_script_hash_in(&page_tags)
            .with_context(|| format!("checking the inline scripts of {}", path.display()))?;
        if let Some(hash) = hash.filter(|h| !hashes.contains(h)) {
            hashes.push(hash);
        }
        if let Some(url) = bundle_meta_in(&page_tags) {
            bundle_metas.push((page.to_string(), url));
        }
        let checked = check_integrity_in(&page_tags, &options.public_url, &required, &mut verify)
            .with_context(|| format!("in {}", path.display()))?;
        for file in checked {
            if !integrity_checked.contains(&file) {
                integrity_checked.push(file);
            }
        }
    }
    integrity_checked.sort();

    let mut connect_origins = Vec::new();
    let mut configured = vec![(
        format!("{BUNDLE_URL_ENV} at build time"),
        options.bundle_url.clone(),
    )];
    configured.extend(bundle_metas.into_iter().map(|(page, url)| {
        (
            format!("<meta name=\"pressroom-bundle\"> in {page}"),
            Some(url),
        )
    }));
    for (source, url) in configured {
        if let Some(url) = url.filter(|u| !u.trim().is_empty()) {
            let origin =
                origin_of(&url).with_context(|| format!("the bundle URL from {source}"))?;
            connect_origins.extend(origin);
        }
    }
    let frame_ancestors = frame_ancestors_with(
        &validate_frame_ancestors(&options.frame_ancestors)?,
        &options.embed_origins,
    );
    let policy = content_security_policy(&hashes, &connect_origins, &frame_ancestors);

    let rules = rules(&policy, &url_path(&options.public_url), &files);
    if rules.len() > MAX_RULES {
        println!(
            "warning: {} header rules; Cloudflare Pages applies at most {MAX_RULES}",
            rules.len()
        );
    }
    let path = dist.join(HEADERS_FILE);
    std::fs::write(&path, render(&rules)).with_context(|| format!("writing {}", path.display()))?;
    Ok(Written {
        policy,
        rules: rules.len(),
        pages: pages.len(),
        integrity_checked,
    })
}

/// The files under `dir`, relative and `/`-separated, sorted.
fn list_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("listing {}", dir.display()))?
                .path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else if let Ok(relative) = path.strip_prefix(base) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const TRUNK_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
    <!-- A publisher may add <meta name="pressroom-bundle" content="https://x.example/r.json">
         and <script>alert(1)</script> in a comment; neither counts. -->
<script type="module">
import init from '/app-0123456789abcdef.js';
await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });
</script>
    <link rel="stylesheet" href="/app-fedcba9876543210.css" integrity="sha384-CSS"/>
<link rel="modulepreload" href="/app-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-JS"><link rel="preload" href="/app-0123456789abcdef_bg.wasm" crossorigin="anonymous" integrity="sha384-WASM" as="fetch" type="application/wasm"></head>
<body><div id="app"></div></body>
</html>
"#;

    fn sample_policy(frame_ancestors: &str) -> String {
        content_security_policy(&["sha256-abc=".to_owned()], &[], frame_ancestors)
    }

    #[test]
    fn policy_has_every_directive_and_nothing_unsafe() {
        let policy = sample_policy(DEFAULT_FRAME_ANCESTORS);
        assert_eq!(
            policy,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; \
             style-src 'self'; img-src 'self' https: http:; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
        );
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='",
            "style-src 'self'",
            "img-src 'self' https: http:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'self'",
        ] {
            assert!(
                policy.split("; ").any(|d| d == directive),
                "{directive} in {policy}"
            );
        }
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("'unsafe-eval'"));
        assert!(!policy.contains("data:"));
        assert!(!policy.contains(['\n', '\r', ',']));
    }

    #[test]
    fn policy_without_a_hash_or_with_extra_origins() {
        let policy = content_security_policy(&[], &[], "'none'");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(policy.ends_with("frame-ancestors 'none'"));
        let policy = content_security_policy(
            &[],
            &[
                "https://cdn.example.org".to_owned(),
                "https://cdn.example.org".to_owned(),
            ],
            "'self'",
        );
        assert!(policy.contains("connect-src 'self' https://cdn.example.org;"));
    }

    #[test]
    fn frame_ancestors_are_configurable_and_checked() {
        let value = validate_frame_ancestors("  'self'   https://partner.example ").unwrap();
        assert_eq!(value, "'self' https://partner.example");
        assert!(sample_policy(&value).ends_with("frame-ancestors 'self' https://partner.example"));
        assert_eq!(validate_frame_ancestors("'none'").unwrap(), "'none'");
        assert_eq!(
            validate_frame_ancestors("https://*.example.org https:").unwrap(),
            "https://*.example.org https:"
        );
        for bad in [
            "",
            "self",
            "'none' 'self'",
            "'unsafe-inline'",
            "'self'; script-src *",
            "https://a.example,https://b.example",
            "https://a.example\r\nX-Evil: 1",
            "\"'self'\"",
        ] {
            assert!(validate_frame_ancestors(bad).is_err(), "{bad:?} accepted");
        }
        let hint = validate_frame_ancestors("self").unwrap_err().to_string();
        assert!(hint.contains("\"'self'\""), "{hint}");
    }

    #[test]
    fn hashes_match_independent_vectors() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
        // printf '' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        // The HTML parser turns CRLF into LF before the browser hashes the script.
        assert_eq!(script_hash("a\r\nb\rc"), script_hash("a\nb\nc"));
        // printf 'abc' | openssl dgst -sha384 -binary | base64
        let abc_384 = "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn";
        assert!(integrity_matches(abc_384, b"abc").is_ok());
        assert!(integrity_matches(abc_384, b"abd").is_err());
        assert!(integrity_matches("md5-xyz", b"abc").is_err());
        assert!(integrity_matches(&format!("sha512-nope {abc_384}"), b"abc").is_ok());
    }

    #[test]
    fn extracts_one_inline_script() {
        let scripts = inline_scripts(TRUNK_PAGE);
        assert_eq!(scripts.len(), 1, "{scripts:?}");
        assert!(scripts[0].starts_with("\nimport init from '/app-0123456789abcdef.js';\n"));
        assert!(scripts[0].ends_with("_bg.wasm' });\n"));
        assert_eq!(
            inline_script_hash(TRUNK_PAGE).unwrap(),
            Some(script_hash(&scripts[0]))
        );
    }

    #[test]
    fn extracts_the_exact_text_of_a_script() {
        let html = "<SCRIPT type=module>alert(1)</Script ><script src=\"/a.js\"></script>\
                    <script type=\"application/ld+json\">{}</script>";
        assert_eq!(inline_scripts(html), vec!["alert(1)".to_owned()]);
        assert_eq!(
            inline_script_hash(html).unwrap().as_deref(),
            Some("sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=")
        );
        // Markup inside a script is not parsed as tags.
        let html = "<script>document.write('<script>x</' + 'script>')</script><p>";
        assert_eq!(inline_scripts(html).len(), 1);
    }

    #[test]
    fn no_inline_script_means_no_hash() {
        let html = "<html><head><script src=\"/app.js\" type=\"module\"></script></head></html>";
        assert!(inline_scripts(html).is_empty());
        assert_eq!(inline_script_hash(html).unwrap(), None);
        assert_eq!(inline_script_hash("").unwrap(), None);
    }

    #[test]
    fn two_inline_scripts_fail_clearly() {
        let html = format!("{TRUNK_PAGE}<script>window.analytics = 1;</script>");
        let error = inline_script_hash(&html).unwrap_err().to_string();
        assert!(error.contains("2 inline scripts"), "{error}");
        assert!(error.contains("window.analytics"), "{error}");
    }

    #[test]
    fn finds_inline_code_the_policy_blocks() {
        assert!(inline_code_problems(TRUNK_PAGE).is_empty());
        let html = r#"<body onload="go()"><p style="color:red">x</p><style>p{}</style>
            <a href=" JavaScript:alert(1)">x</a><button ONCLICK=x>b</button>
            <!-- <div onclick="ignored"> --><p data-on="fine" title="onclick">"#;
        let problems = inline_code_problems(html);
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].contains("<body onload"));
        assert!(problems[1].contains("style attributes"));
        assert!(problems[2].contains("<style>"));
        assert!(problems[3].contains("javascript:"));
        assert!(problems[4].contains("<button onclick"));
    }

    #[test]
    fn reads_the_bundle_meta_but_not_from_comments() {
        assert_eq!(bundle_meta(TRUNK_PAGE), None);
        let html = "<meta name=\"pressroom-bundle\" content=\"https://cdn.example.org/r.json\">";
        assert_eq!(
            bundle_meta(html).as_deref(),
            Some("https://cdn.example.org/r.json")
        );
        assert_eq!(
            bundle_meta("<meta name=pressroom-bundle content=\"\">"),
            None
        );
    }

    #[test]
    fn bundle_origins() {
        assert_eq!(origin_of("releases.json").unwrap(), None);
        assert_eq!(origin_of("/data/r.json").unwrap(), None);
        assert_eq!(origin_of("./r.json").unwrap(), None);
        assert_eq!(
            origin_of("HTTPS://CDN.Example.org:8443/r.json?v=1")
                .unwrap()
                .as_deref(),
            Some("https://cdn.example.org:8443")
        );
        assert_eq!(
            origin_of("http://localhost:9000").unwrap().as_deref(),
            Some("http://localhost:9000")
        );
        assert_eq!(
            origin_of("//cdn.example.org/r.json").unwrap().as_deref(),
            Some("cdn.example.org")
        );
        for bad in [
            "ftp://x.example/r.json",
            "data:application/json,{}",
            "javascript:alert(1)",
            "https://user:pw@x.example/r.json",
            "https:///r.json",
            "https://x.example; script-src */r.json",
        ] {
            assert!(origin_of(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn recognises_trunk_hashed_names() {
        for name in [
            "pressroom-app-d7a994d47584a86f.js",
            "pressroom-app-d7a994d47584a86f_bg.wasm",
            "pressroom-5adfd4623d12ea9f.css",
            "favicon-e68e626c7081ac24.svg",
            "snippets/x/inline0-0123456789abcdef.js",
            // Trunk drops leading zeros.
            "pressroom-app-4fe4012380a053f.js",
            "pressroom-app-4fe4012380a053f_bg.wasm",
            "favicon-e68e626c7081.svg",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "index.html",
            "releases.json",
            "feed.xml",
            "app-D7A994D47584A86F.js",
            "app-d7a994d4758.js",
            "report-20240101.pdf",
            "app-d7a994d47584a86f0.js",
            "-d7a994d47584a86f.js",
            "app-d7a994d47584a86f",
            "app_d7a994d47584a86f.js",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }

    fn sri(data: &[u8]) -> String {
        format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(Sha384::digest(data))
        )
    }

    fn page_with_integrity(js: &str, wasm: &str, css: &str, prefix: &str) -> String {
        format!(
            r#"<script type="module">import init from '{prefix}a-0123456789abcdef.js';</script>
<link rel="stylesheet" href="{prefix}a-fedcba9876543210.css" integrity="{css}"/>
<link rel="icon" href="{prefix}f-0000000000000000.svg">
<link rel="alternate" href="https://elsewhere.example/feed.xml" type="application/rss+xml">
<link rel="modulepreload" href="{prefix}a-0123456789abcdef.js" integrity="{js}"><link rel="preload" href="{prefix}a-0123456789abcdef_bg.wasm" integrity="{wasm}" as="fetch">"#
        )
    }

    fn read_fake(file: &str) -> Option<Vec<u8>> {
        match file {
            "a-0123456789abcdef.js" => Some(b"js".to_vec()),
            "a-0123456789abcdef_bg.wasm" => Some(b"wasm".to_vec()),
            "a-fedcba9876543210.css" => Some(b"css".to_vec()),
            _ => None,
        }
    }

    fn required() -> Vec<String> {
        [
            "a-0123456789abcdef.js",
            "a-0123456789abcdef_bg.wasm",
            "a-fedcba9876543210.css",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    #[test]
    fn accepts_matching_integrity() {
        let html = page_with_integrity(&sri(b"js"), &sri(b"wasm"), &sri(b"css"), "/");
        let checked = check_integrity(&html, "/", &required(), read_fake).unwrap();
        assert_eq!(checked.len(), 3, "{checked:?}");
        let html = page_with_integrity(&sri(b"js"), &sri(b"wasm"), &sri(b"css"), "/news/");
        assert!(check_integrity(&html, "/news/", &required(), read_fake).is_ok());
        let html = page_with_integrity(
            &sri(b"js"),
            &sri(b"wasm"),
            &sri(b"css"),
            "https://cdn.example.org/x/",
        );
        assert!(
            check_integrity(&html, "https://cdn.example.org/x/", &required(), read_fake).is_ok()
        );
    }

    #[test]
    fn rejects_missing_or_wrong_integrity() {
        let html = page_with_integrity(&sri(b"js"), &sri(b"wasm"), &sri(b"other"), "/");
        let error = check_integrity(&html, "/", &required(), read_fake)
            .unwrap_err()
            .to_string();
        assert!(error.contains("does not match"), "{error}");

        let html = page_with_integrity(&sri(b"js"), &sri(b"wasm"), &sri(b"css"), "/")
            .replace(&format!(" integrity=\"{}\"", sri(b"wasm")), "");
        let error = check_integrity(&html, "/", &required(), read_fake)
            .unwrap_err()
            .to_string();
        assert!(error.contains("_bg.wasm> has no integrity"), "{error}");
        assert!(
            error.contains("a-0123456789abcdef_bg.wasm is not loaded"),
            "{error}"
        );

        // A hashed JS file that nothing loads with integrity.
        let mut more = required();
        more.push("b-0123456789abcdef.js".to_owned());
        let html = page_with_integrity(&sri(b"js"), &sri(b"wasm"), &sri(b"css"), "/");
        assert!(check_integrity(&html, "/", &more, read_fake).is_err());
    }

    #[test]
    fn url_paths() {
        assert_eq!(url_path("/"), "/");
        assert_eq!(url_path("/newsroom/"), "/newsroom/");
        assert_eq!(url_path("https://example.org"), "/");
        assert_eq!(url_path("https://example.org/press/"), "/press/");
    }

    #[test]
    fn renders_the_headers_file() {
        let files = [
            "_headers",
            "atom.xml",
            "favicon-e68e626c7081ac24.svg",
            "index.html",
            "pressroom-app-d7a994d47584a86f.js",
            "pressroom-app-d7a994d47584a86f_bg.wasm",
            "releases.json",
        ]
        .map(str::to_owned);
        let policy = sample_policy("'self'");
        let text = render(&rules(&policy, "/", &files));
        let expected = format!(
            "# Written by `cargo xtask dist` (xtask/src/headers.rs); see docs/hosting-headers.md.
# Netlify / Cloudflare Pages apply it from the root of the published directory.

/*
  Content-Security-Policy: {policy}
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin

/favicon-e68e626c7081ac24.svg
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *

/pressroom-app-d7a994d47584a86f.js
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *

/pressroom-app-d7a994d47584a86f_bg.wasm
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *

/
  Cache-Control: no-cache

/index.html
  Cache-Control: no-cache

/releases/*
  Cache-Control: no-cache

/page/*
  Cache-Control: no-cache

/atom.xml
  Cache-Control: no-cache

/releases.json
  Cache-Control: no-cache
  Access-Control-Allow-Origin: *
"
        );
        assert_eq!(text, expected);

        let under = render(&rules(&policy, "/news/", &files));
        assert!(under.contains("\n/news/*\n  Content-Security-Policy: "));
        assert!(under.contains("\n/news/releases.json\n  Cache-Control: no-cache\n"));
        assert!(under.contains("\n/news/\n  Cache-Control: no-cache\n"));
    }

    #[test]
    fn covers_a_full_dist_in_few_rules_without_overlaps() {
        let mut files: Vec<String> = [
            "404.html",
            "embed.html",
            "embed.js",
            "favicon-e68e626c7081ac24.svg",
            "feed.xml",
            "index.html",
            "pressroom-56d72085c1a3c9b0.css",
            "pressroom-app-d7a994d47584a86f.js",
            "pressroom-app-d7a994d47584a86f_bg.wasm",
            "pressroom.html",
            "releases.json",
            "robots.txt",
            "sitemap.xml",
            "snippets/x/inline0-0123456789abcdef.js",
            "snippets/x/README.txt",
            "media/a.png",
            "media/b.png",
            "page/2/index.html",
        ]
        .map(str::to_owned)
        .to_vec();
        files.extend((0..1000).map(|i| format!("releases/slug-{i}/index.html")));
        let rules = rules(&sample_policy("'self'"), "/newsroom/", &files);
        assert!(rules.len() < 30, "{} rules", rules.len());
        let get = |path: &str| {
            rules
                .iter()
                .find(|r| r.path == path)
                .unwrap_or_else(|| panic!("no rule for {path}"))
                .headers
                .clone()
        };
        let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        assert_eq!(
            get("/newsroom/embed.js"),
            [
                pair("Cache-Control", "public, max-age=300"),
                pair("Access-Control-Allow-Origin", "*")
            ]
        );
        assert_eq!(
            get("/newsroom/pressroom-app-d7a994d47584a86f_bg.wasm"),
            [
                pair("Cache-Control", IMMUTABLE),
                pair("Access-Control-Allow-Origin", "*")
            ]
        );
        assert_eq!(
            get("/newsroom/pressroom.html"),
            [
                pair("Cache-Control", NO_CACHE),
                pair(
                    "Content-Disposition",
                    "attachment; filename=\"pressroom.html\""
                )
            ]
        );
        for path in [
            "/newsroom/",
            "/newsroom/index.html",
            "/newsroom/404.html",
            "/newsroom/embed.html",
            "/newsroom/releases/*",
            "/newsroom/page/*",
            "/newsroom/robots.txt",
            "/newsroom/media/*",
            "/newsroom/snippets/x/README.txt",
        ] {
            assert_eq!(get(path), [pair("Cache-Control", NO_CACHE)], "{path}");
        }
        assert_eq!(
            get("/newsroom/snippets/x/inline0-0123456789abcdef.js")[0],
            pair("Cache-Control", IMMUTABLE)
        );
        // Only /* sets the policy, and no two rules set Cache-Control for one path: every
        // other rule is one exact file or a folder no other rule reaches into.
        assert_eq!(
            rules
                .iter()
                .filter(|r| r
                    .headers
                    .iter()
                    .any(|(n, _)| n == "Content-Security-Policy"))
                .count(),
            1
        );
        let folders: Vec<&str> = rules
            .iter()
            .filter_map(|r| r.path.strip_suffix('*'))
            .filter(|p| *p != "/newsroom/")
            .collect();
        for rule in &rules {
            let inside = folders
                .iter()
                .filter(|folder| rule.path.starts_with(*folder))
                .count();
            assert!(inside <= 1, "{} is in {inside} folders", rule.path);
        }
        let mut paths: Vec<&str> = rules.iter().map(|r| r.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), rules.len(), "a path has two rules");
    }

    #[test]
    fn embedding_origins_join_frame_ancestors() {
        let origins = [
            "https://a.example".to_owned(),
            "https://b.example".to_owned(),
        ];
        assert_eq!(frame_ancestors_with("'self'", &[]), "'self'");
        assert_eq!(frame_ancestors_with("'none'", &[]), "'none'");
        assert_eq!(
            frame_ancestors_with("'self'", &origins),
            "'self' https://a.example https://b.example"
        );
        assert_eq!(
            frame_ancestors_with("'none'", &origins),
            "https://a.example https://b.example"
        );
        assert_eq!(
            frame_ancestors_with("'self' https://A.example", &origins[..1]),
            "'self' https://A.example"
        );
    }

    /// A dist with the app's files and `pages` (name, HTML) in a fresh folder.
    fn dist_with(name: &str, pages: &[(&str, String)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-headers-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, data) in [
            ("a-0123456789abcdef.js", b"js".as_slice()),
            ("a-0123456789abcdef_bg.wasm", b"wasm"),
            ("a-fedcba9876543210.css", b"css"),
            ("releases.json", b"{}"),
        ] {
            std::fs::write(dir.join(name), data).unwrap();
        }
        for (name, html) in pages {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, html).unwrap();
        }
        dir
    }

    #[test]
    fn writes_headers_for_a_built_dist() {
        let html = page_with_integrity(&sri(b"js"), &sri(b"wasm"), &sri(b"css"), "/");
        let dir = dist_with("built", &[("index.html", html.clone())]);
        let options = HeadersOptions {
            public_url: "/".to_owned(),
            frame_ancestors: "'self' https://partner.example".to_owned(),
            embed_origins: Vec::new(),
            bundle_url: Some("https://cdn.example.org/r.json".to_owned()),
        };
        let written = write(&dir, &options).unwrap();
        let hash = script_hash("import init from '/a-0123456789abcdef.js';");
        assert_eq!(
            written.policy,
            content_security_policy(
                &[hash],
                &["https://cdn.example.org".to_owned()],
                "'self' https://partner.example"
            )
        );
        assert_eq!(written.pages, 1);
        let text = std::fs::read_to_string(dir.join(HEADERS_FILE)).unwrap();
        assert!(text.contains(&format!("  Content-Security-Policy: {}\n", written.policy)));
        assert!(text.contains("\n/releases.json\n  Cache-Control: no-cache\n"));
        // Writing again (after the feeds) does not list _headers itself.
        write(&dir, &options).unwrap();
        let again = std::fs::read_to_string(dir.join(HEADERS_FILE)).unwrap();
        assert_eq!(text, again);
        assert!(!again.contains("/_headers"));

        std::fs::write(dir.join("index.html"), format!("{html}<p onclick=\"x()\">")).unwrap();
        assert!(write(&dir, &options).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn checks_every_page_and_ignores_json_ld() {
        let shell = page_with_integrity(&sri(b"js"), &sri(b"wasm"), &sri(b"css"), "/news/");
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"a \u003c b"}</script>"#;
        let release = format!("{shell}{ld}<article><h1>Title</h1></article>");
        let single = "<style>p{}</style><script type=\"module\">run()</script>".to_owned();
        let pages = [
            ("index.html", release.clone()),
            ("404.html", shell.clone()),
            (
                "embed.html",
                shell.replace(
                    "<script",
                    "<meta name=\"pressroom-embed\" content=\"iframe\"><script",
                ),
            ),
            ("releases/first/index.html", release.clone()),
            ("page/2/index.html", release.clone()),
            // The single file has its own policy and is not checked against this one.
            ("pressroom.html", single),
        ];
        let dir = dist_with("pages", &pages);
        let options = HeadersOptions {
            public_url: "/news/".to_owned(),
            frame_ancestors: "'self'".to_owned(),
            embed_origins: vec!["https://partner.example".to_owned()],
            bundle_url: None,
        };
        let written = write(&dir, &options).unwrap();
        assert_eq!(written.pages, 5);
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

        // A pre-rendered page with code the policy blocks fails the build, naming it.
        std::fs::write(
            dir.join("page/2/index.html"),
            release.replace("<h1>", "<h1 style=\"color:red\">"),
        )
        .unwrap();
        let error = format!("{:#}", write(&dir, &options).unwrap_err());
        assert!(
            error.contains("page/2/index.html") && error.contains("style"),
            "{error}"
        );
        // So does one that loads the app without integrity.
        std::fs::write(
            dir.join("page/2/index.html"),
            release.replace(&format!(" integrity=\"{}\"", sri(b"css")), ""),
        )
        .unwrap();
        let error = format!("{:#}", write(&dir, &options).unwrap_err());
        assert!(
            error.contains("page/2/index.html") && error.contains("integrity"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn hosting_docs_use_the_same_policy() {
        let docs = crate::paths::repo_root().join("docs/hosting-headers.md");
        let text = std::fs::read_to_string(&docs).unwrap();
        let policy = content_security_policy(
            &["sha256-HASH_FROM_DIST_HEADERS".to_owned()],
            &[],
            DEFAULT_FRAME_ANCESTORS,
        );
        assert!(
            text.matches(&policy).count() >= 2,
            "{} should show the policy of content_security_policy() in the nginx and Caddy \
             snippets:\n{policy}",
            docs.display()
        );
        assert!(text.contains(IMMUTABLE) && text.contains(NO_CACHE));
        let readme = crate::paths::repo_root().join("README.md");
        let readme = std::fs::read_to_string(&readme).unwrap();
        assert!(
            readme.matches(&policy).count() >= 2,
            "README.md's nginx and Caddy snippets should show the same policy:\n{policy}"
        );
    }
}
