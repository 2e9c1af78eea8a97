//! Every page the site's policy governs is checked before it is written: no inline event
//! handlers, `style` attributes, `<style>` elements or `javascript:` URLs (the policy would
//! block them), no inline script but the app's classic scripts the site writer inlined
//! (the theme script, [`crate::inline_script`]) and at most one other (trunk's loader;
//! JSON data blocks such as the pre-rendered pages' `application/ld+json` are data, not
//! scripts, and need no hash), and
//! subresource integrity on the app's JS, wasm and CSS with hashes that match the files.
//!
//! [`audit_page`] reads one page (the site writer runs it on each page as it is rendered,
//! in memory, on its worker threads); [`Integrity`] checks each (file, hash) once however
//! many pages name it.

use std::collections::HashMap;
use std::sync::Mutex;

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine as _;
use pressroom_core::names::META_BUNDLE;
use pressroom_core::urls::url_path;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::headers::csp::script_hash;
use crate::html_tags::{tags, Tag};

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

/// The CSP hashes of the inline scripts of `html`: those the site writer inlined itself
/// (`inlined`, the hashes of the app's classic scripts, see [`crate::inline_script`]) and
/// at most one other (trunk's loader). A second other script is an error: only scripts
/// the build generated may be allowed by hash, so a script that reached a page any other
/// way is refused, never allowed.
#[cfg(test)]
pub fn inline_script_hashes(html: &str, inlined: &[String]) -> Result<Vec<String>> {
    inline_script_hashes_in(&tags(html), inlined)
}

fn inline_script_hashes_in(tags: &[Tag], inlined: &[String]) -> Result<Vec<String>> {
    let mut hashes = Vec::new();
    let mut others = Vec::new();
    for script in inline_scripts_in(tags) {
        let hash = script_hash(&script);
        if inlined.contains(&hash) {
            hashes.push(hash);
        } else {
            others.push(script);
        }
    }
    match others.as_slice() {
        [] => {}
        [one] => hashes.push(script_hash(one)),
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
                "the page has {} inline scripts of its own; the Content-Security-Policy allows \
                 only one (trunk's loader) by hash, besides the app's scripts the site writer \
                 inlines. Move the others into files:\n{}",
                many.len(),
                starts.join("\n")
            )
        }
    }
    hashes.dedup();
    Ok(hashes)
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
                    .is_some_and(|n| n.eq_ignore_ascii_case(META_BUNDLE))
        })
        .and_then(|tag| tag.attr("content").map(str::to_owned))
        .filter(|content| !content.trim().is_empty())
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
pub(crate) fn integrity_matches(integrity: &str, data: &[u8]) -> Result<()> {
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

/// What the audit learnt from one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageAudit {
    /// The CSP hashes of its inline scripts.
    pub script_hashes: Vec<String>,
    /// The data URL its `<meta name="pressroom-bundle">` names, if any.
    pub data_url: Option<String>,
    /// The files whose integrity it checked.
    pub integrity_checked: Vec<String>,
}

/// What a page is checked against.
#[derive(Clone, Copy)]
pub struct Policy<'a> {
    /// The URL the site is served under.
    pub public_url: &'a str,
    /// Files every page must load with integrity.
    pub required: &'a [String],
    /// The CSP hashes of the scripts the site writer inlined.
    pub inlined: &'a [String],
    /// Verifies each integrity value.
    pub integrity: &'a Integrity<'a>,
}

/// Checks one page (see the module docs) against `policy`.
pub fn audit_page(html: &str, policy: &Policy<'_>) -> Result<PageAudit> {
    let Policy {
        public_url,
        required,
        inlined,
        integrity,
    } = *policy;
    let page_tags = tags(html);
    let problems = inline_code_problems_in(&page_tags);
    if !problems.is_empty() {
        bail!(
            "it has inline code the Content-Security-Policy would block:\n  {}",
            problems.join("\n  ")
        );
    }
    let script_hashes =
        inline_script_hashes_in(&page_tags, inlined).context("checking its inline scripts")?;
    let integrity_checked = check_integrity_in(&page_tags, public_url, required, |file, value| {
        integrity.verify(file, value)
    })?;
    Ok(PageAudit {
        script_hashes,
        data_url: bundle_meta_in(&page_tags),
        integrity_checked,
    })
}

/// Reads a file of the site by its path relative to it.
type ReadFile<'a> = Box<dyn Fn(&str) -> Option<Vec<u8>> + Sync + 'a>;

/// What was found for each (file, integrity value).
type Verified = Mutex<HashMap<(String, String), Result<(), String>>>;

/// Verifies `integrity` values against the site's files, each (file, value) once.
pub struct Integrity<'a> {
    read: ReadFile<'a>,
    verified: Verified,
}

impl<'a> Integrity<'a> {
    /// A verifier reading files (by their path relative to the site) with `read`.
    pub fn new(read: impl Fn(&str) -> Option<Vec<u8>> + Sync + 'a) -> Self {
        Self {
            read: Box::new(read),
            verified: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `file`'s bytes match `integrity`.
    pub fn verify(&self, file: &str, integrity: &str) -> Result<()> {
        let key = (file.to_owned(), integrity.to_owned());
        if let Some(known) = self
            .verified
            .lock()
            .map_err(|_| anyhow!("poisoned"))?
            .get(&key)
        {
            return known.clone().map_err(anyhow::Error::msg);
        }
        let outcome = match (self.read)(file) {
            Some(data) => integrity_matches(integrity, &data).map_err(|e| e.to_string()),
            None => Err(format!("{file} is not in the site")),
        };
        self.verified
            .lock()
            .map_err(|_| anyhow!("poisoned"))?
            .insert(key, outcome.clone());
        outcome.map_err(anyhow::Error::msg)
    }
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

    #[test]
    fn extracts_one_inline_script() {
        let scripts = inline_scripts(TRUNK_PAGE);
        assert_eq!(scripts.len(), 1, "{scripts:?}");
        assert!(scripts[0].starts_with("\nimport init from '/app-0123456789abcdef.js';\n"));
        assert!(scripts[0].ends_with("_bg.wasm' });\n"));
        assert_eq!(
            inline_script_hashes(TRUNK_PAGE, &[]).unwrap(),
            vec![script_hash(&scripts[0])]
        );
    }

    #[test]
    fn extracts_the_exact_text_of_a_script() {
        let html = "<SCRIPT type=module>alert(1)</Script ><script src=\"/a.js\"></script>\
                    <script type=\"application/ld+json\">{}</script>";
        assert_eq!(inline_scripts(html), vec!["alert(1)".to_owned()]);
        assert_eq!(
            inline_script_hashes(html, &[]).unwrap(),
            ["sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="]
        );
        // Markup inside a script is not parsed as tags.
        let html = "<script>document.write('<script>x</' + 'script>')</script><p>";
        assert_eq!(inline_scripts(html).len(), 1);
    }

    #[test]
    fn no_inline_script_means_no_hash() {
        let html = "<html><head><script src=\"/app.js\" type=\"module\"></script></head></html>";
        assert!(inline_scripts(html).is_empty());
        assert!(inline_script_hashes(html, &[]).unwrap().is_empty());
        assert!(inline_script_hashes("", &[]).unwrap().is_empty());
    }

    #[test]
    fn two_inline_scripts_fail_clearly() {
        let html = format!("{TRUNK_PAGE}<script>window.analytics = 1;</script>");
        let error = inline_script_hashes(&html, &[]).unwrap_err().to_string();
        assert!(error.contains("2 inline scripts"), "{error}");
        assert!(error.contains("window.analytics"), "{error}");
    }

    #[test]
    fn scripts_the_writer_inlined_are_allowed_beside_the_loader() {
        let theme = "document.documentElement.dataset.t = 'dark';";
        let html = format!("<script>{theme}</script>{TRUNK_PAGE}");
        let loader = inline_scripts(TRUNK_PAGE).remove(0);
        let inlined = [script_hash(theme)];
        assert_eq!(
            inline_script_hashes(&html, &inlined).unwrap(),
            [script_hash(theme), script_hash(&loader)]
        );
        // Unknown to the writer, the same script is one too many.
        assert!(inline_script_hashes(&html, &[]).is_err());
        // A script that reached the page some other way is refused, whatever was inlined.
        let injected = format!("{html}<script>fetch('/steal')</script>");
        let error = inline_script_hashes(&injected, &inlined)
            .unwrap_err()
            .to_string();
        assert!(error.contains("fetch('/steal')"), "{error}");
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
}
