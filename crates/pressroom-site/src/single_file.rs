//! `pressroom site --single-file`: `pressroom.html`, the whole viewer in one file that
//! opens from disk (`file://`) in Chromium: a releases archive to email or keep offline.
//!
//! It is made from the app build's shell page and files, and the bundle:
//! - the stylesheet becomes a `<style>` element and the icon a `data:` URL;
//! - preload and modulepreload links, feed links and the base and bundle metas go;
//!   `<meta name="pressroom-routing" content="hash">` is set (a file has no server);
//! - trunk's loader is replaced by one `<script type="module">` holding the wasm-bindgen
//!   glue with its `export` keywords and export list removed ([`inline_glue`]), which then
//!   calls the glue's init function with the wasm's bytes; the wasm is base64 in a data
//!   block (`<script type="application/octet-stream" id="pressroom-wasm-data">`);
//! - the bundle is a `<script type="application/json" id="pressroom-bundle-data">` data
//!   block, with `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`
//!   ([`pressroom_core::escape::json_in_script`]), which keeps it valid, identical JSON;
//! - a `<meta http-equiv="Content-Security-Policy">` allows exactly that script and that
//!   style by hash ([`policy`]), so the file is protected even where no server sends
//!   headers. (Served from the site, `_headers` makes browsers download it instead of
//!   running it under the site's policy, which does not allow it.)
//!
//! The result is checked: no `src` or `href` may still point at a file ([`local_references`]).

use crate::headers::csp::script_hash;
use crate::html_edit::{self, apply, whole_line};
use crate::html_tags::{end_tag, tags, Tag};
use crate::inline_script::{self, local_reference, scheme_of};
use anyhow::{bail, Context, Result};
use base64::Engine as _;
use pressroom_core::escape::{html as escape_attribute, json_in_script};
use pressroom_core::names::{
    INLINE_BUNDLE_ID as BUNDLE_DATA_ID, INLINE_SEARCH_ENGINE_ID as ENGINE_DATA_ID,
    INLINE_WASM_ID as WASM_DATA_ID,
};
use pressroom_core::names::{META_BASE, META_BUNDLE, META_ROUTING};
use pressroom_core::paths::files as site_files;
use std::ops::Range;

/// The glue made fit for an inline module script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineGlue {
    /// The glue without `export` keywords and export lists.
    pub code: String,
    /// The name of the function the glue exported as `default` (wasm-bindgen's init).
    pub init: String,
    /// Every name the glue exported, in order (for messages).
    pub exported: Vec<String>,
}

/// Rewrites wasm-bindgen's glue (an ES module) into code for an inline
/// `<script type="module">`: `export class|function|const…` lose `export`, and the
/// `export { … }` list goes, remembering which name was `default`. Imports (for example
/// of `./snippets/…` files from `#[wasm_bindgen(module = …)]`) cannot be inlined and are
/// an error, as are exports this does not know. `import.meta.url` may stay: in an inline
/// module it is the page's URL, and the glue only uses it when no wasm is given.
pub fn inline_glue(glue: &str) -> Result<InlineGlue> {
    let mut code = String::with_capacity(glue.len());
    let mut exported = Vec::new();
    let mut init = None;
    let mut lines = glue.split_inclusive('\n').enumerate();
    while let Some((number, line)) = lines.next() {
        let trimmed = line.trim_start();
        let is_import = trimmed.starts_with("import ")
            || trimmed.starts_with("import{")
            || trimmed.starts_with("import*")
            || trimmed.starts_with("import(")
            || trimmed.starts_with("import\"")
            || trimmed.starts_with("import'");
        if is_import && line.contains("snippets/") {
            bail!(
                "the wasm-bindgen glue imports JavaScript snippets on line {} ({}); they cannot \
                 be inlined into a single file",
                number + 1,
                line.trim()
            );
        }
        if is_import {
            bail!(
                "the wasm-bindgen glue imports another module on line {}: {}; a single file \
                 cannot load it",
                number + 1,
                line.trim()
            );
        }
        if !line.starts_with("export") {
            if trimmed.starts_with("export ") || trimmed.starts_with("export{") {
                bail!(
                    "the wasm-bindgen glue has an indented export on line {}: {}",
                    number + 1,
                    line.trim()
                );
            }
            code.push_str(line);
            continue;
        }
        let rest = &line["export".len()..];
        let declaration = [
            "class ",
            "function ",
            "function*",
            "async function ",
            "const ",
            "let ",
            "var ",
        ]
        .iter()
        .find(|keyword| rest.trim_start().starts_with(*keyword));
        if let Some(keyword) = declaration {
            let after = rest.trim_start()[keyword.len()..].trim_start();
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            if !name.is_empty() {
                exported.push(name);
            }
            code.push_str(rest.trim_start());
            continue;
        }
        if rest.trim_start().starts_with('{') {
            // `export { a, b as default };`, possibly over several lines.
            let mut statement = rest.to_owned();
            while !statement.contains('}') {
                let Some((_, next)) = lines.next() else {
                    bail!(
                        "the wasm-bindgen glue's export list on line {} never ends",
                        number + 1
                    );
                };
                statement.push_str(next);
            }
            let (list, after) = statement
                .split_once('}')
                .map(|(list, after)| (list.trim_start().trim_start_matches('{'), after))
                .unwrap_or_default();
            let after = after.trim();
            if after.starts_with("from") {
                bail!(
                    "the wasm-bindgen glue re-exports another module on line {}: {}",
                    number + 1,
                    statement.trim()
                );
            }
            if !after.is_empty() && after != ";" {
                bail!(
                    "unexpected text after the wasm-bindgen glue's export list on line {}: {after}",
                    number + 1
                );
            }
            for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                let words: Vec<&str> = item.split_ascii_whitespace().collect();
                match words.as_slice() {
                    [name] => exported.push((*name).to_owned()),
                    [name, "as", alias] => {
                        if *alias == "default" {
                            init = Some((*name).to_owned());
                        }
                        exported.push((*alias).to_owned());
                    }
                    _ => bail!("cannot read the export {item:?} of the wasm-bindgen glue"),
                }
            }
            code.push('\n');
            continue;
        }
        bail!(
            "the wasm-bindgen glue has an export this cannot inline on line {}: {}",
            number + 1,
            line.trim()
        );
    }
    let Some(init) = init else {
        bail!(
            "the wasm-bindgen glue exports no default init function (`export {{ … as default }}`)"
        );
    };
    let lower = code.to_ascii_lowercase();
    if lower.contains("</script") || lower.contains("<!--") {
        bail!("the wasm-bindgen glue contains `</script` or `<!--`, which would end or confuse an inline script");
    }
    Ok(InlineGlue {
        code,
        init,
        exported,
    })
}

/// The Content-Security-Policy of the single file: the one script and the styles by hash
/// (`sha256-…` sources without quotes), wasm compilation, images as in the app (plus
/// `data:` for the icon), and nothing else: no connections, since everything is inline.
pub fn policy(script_hashes: &[String], style_hashes: &[String]) -> String {
    let quoted = |hashes: &[String]| hashes.iter().map(|h| format!(" '{h}'")).collect::<String>();
    format!(
        "default-src 'none'; script-src{} 'wasm-unsafe-eval'; style-src{}; \
         img-src https: http: data:; connect-src 'none'; object-src 'none'; base-uri 'none'; \
         form-action 'none'",
        quoted(script_hashes),
        if style_hashes.is_empty() {
            " 'none'".to_owned()
        } else {
            quoted(style_hashes)
        }
    )
}

/// The references of `html` (`src`, `href`, `srcset`, `poster`, `data` of any element)
/// that load a file beside the page rather than something inline (`data:`), on the web
/// (`http(s):`, `//host`) or in the page (`#…`). Empty for a proper single file.
pub fn local_references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in tags(html) {
        for (name, value) in &tag.attributes {
            if !matches!(
                name.as_str(),
                "src" | "href" | "srcset" | "poster" | "data" | "action"
            ) {
                continue;
            }
            let value = value.trim();
            let external = value.is_empty()
                || value.starts_with('#')
                || value.starts_with("//")
                || scheme_of(value)
                    .is_some_and(|s| matches!(s.as_str(), "data" | "http" | "https" | "mailto"));
            if !external {
                out.push(format!("<{} {name}=\"{value}\">", tag.name));
            }
        }
    }
    out
}

/// Reads a file of the dist by its path relative to it.
pub trait Files {
    /// The bytes of `name`, if it exists.
    fn read(&self, name: &str) -> Option<Vec<u8>>;
}

impl<F: Fn(&str) -> Option<Vec<u8>>> Files for F {
    fn read(&self, name: &str) -> Option<Vec<u8>> {
        self(name)
    }
}

/// Checks that a stylesheet refers to no other file (fonts, images, `@import`).
fn check_css(css: &str, name: &str) -> Result<()> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("</style") {
        bail!("{name} contains `</style`, which would end the inline <style>");
    }
    if lower.contains("@import") {
        bail!("{name} uses @import; a single file cannot load another stylesheet");
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        let after = &rest[at + 4..];
        let inside = after.split(')').next().unwrap_or("").trim();
        let inside = inside.trim_matches(|c| c == '"' || c == '\'').trim();
        let fine = inside.starts_with('#')
            || scheme_of(inside).is_some_and(|s| matches!(s.as_str(), "data" | "http" | "https"));
        if !fine {
            bail!("{name} refers to url({inside}); a single file cannot load it (use a data: URL)");
        }
        rest = after;
    }
    Ok(())
}

/// What the single-file export is being made of.
struct Parts {
    /// Edits of the shell page.
    edits: Vec<(Range<usize>, String)>,
    /// CSP hashes of the inlined stylesheets.
    style_hashes: Vec<String>,
    /// CSP hashes of the inlined classic scripts (the theme script).
    script_hashes: Vec<String>,
    /// Trunk's inline loader.
    loader: Option<Tag>,
    /// The wasm-bindgen glue's file.
    glue: Option<String>,
    /// The wasm's file.
    wasm: Option<String>,
}

/// The single file, made of the app's shell page (`shell`, its asset references under
/// `public_url`) and its files (`files`, which also gives `releases.json`).
pub fn render(
    shell: &str,
    public_url: &str,
    files: &impl Files,
    search_engine: Option<&str>,
) -> Result<String> {
    let html = strip_site_settings(shell)?;
    let read = |name: &str| -> Result<Vec<u8>> {
        files
            .read(name)
            .with_context(|| format!("{name} (named in index.html) is not in the app build"))
    };
    let mut parts = inline_assets(&html, public_url, &read)?;
    let script = start_script(&mut parts, public_url, &read)?;
    let bundle =
        String::from_utf8(read(site_files::BUNDLE)?).context("releases.json is not UTF-8")?;
    serde_json::from_str::<serde_json::Value>(&bundle).context("releases.json is not JSON")?;
    // A file as base64 in a data block (not run: `application/octet-stream`).
    let binary_block = |id: &str, name: &str| -> Result<String> {
        let base64 = base64::engine::general_purpose::STANDARD.encode(read(name)?);
        Ok(format!(
            "<script type=\"application/octet-stream\" id=\"{id}\">{base64}</script>\n"
        ))
    };
    let wasm_name = parts.wasm.clone().unwrap_or_default();
    let mut blocks = format!(
        "<script type=\"application/json\" id=\"{BUNDLE_DATA_ID}\">{}</script>\n{}",
        json_in_script(bundle.trim()),
        binary_block(WASM_DATA_ID, &wasm_name)?
    );
    if let Some(name) = search_engine {
        blocks.push_str(&binary_block(ENGINE_DATA_ID, name)?);
    }
    let body_end = end_tag(&html, "body").map_or(html.len(), |r| r.start);
    parts.edits.push((body_end..body_end, blocks));
    let mut script_hashes = parts.script_hashes.clone();
    script_hashes.push(script_hash(&script));
    let csp = policy(&script_hashes, &parts.style_hashes);
    parts.edits.push(policy_meta(&html, &csp)?);
    let html = apply(&html, parts.edits)?;
    let html = html_edit::set_meta(&html, META_ROUTING, "hash")?;
    let left = local_references(&html);
    if !left.is_empty() {
        bail!(
            "the single file still refers to files beside it: {}",
            left.join(", ")
        );
    }
    Ok(html)
}

/// The shell without what belongs to a served site: the base, data and routing metas
/// and the feed links.
fn strip_site_settings(shell: &str) -> Result<String> {
    let mut html = shell.to_owned();
    for name in [META_BASE, META_BUNDLE, META_ROUTING] {
        html = html_edit::remove_meta(&html, name)?;
    }
    let feed_types: Vec<&str> = site_files::FEEDS.iter().map(|(_, mime, _)| *mime).collect();
    let edits = tags(&html)
        .into_iter()
        .filter(|tag| tag.name == "link" && tag.has_token("rel", "alternate"))
        .filter(|tag| {
            tag.attr("type")
                .is_some_and(|t| feed_types.contains(&t.trim()))
        })
        .map(|tag| (whole_line(&html, tag.span), String::new()))
        .collect();
    apply(&html, edits)
}

/// Inlines the stylesheet and icon and drops the preloads; finds the loader.
fn inline_assets(
    html: &str,
    public_url: &str,
    read: &dyn Fn(&str) -> Result<Vec<u8>>,
) -> Result<Parts> {
    let local = |reference: &str| local_reference(reference, public_url);
    let mut parts = Parts {
        edits: Vec::new(),
        style_hashes: Vec::new(),
        script_hashes: Vec::new(),
        loader: None,
        glue: None,
        wasm: None,
    };
    for tag in tags(html) {
        match tag.name.as_str() {
            "script" if is_data_block(&tag) => {}
            "script" if tag.attr("src").is_some() => {
                inline_classic_script(&tag, public_url, read, &mut parts)?;
            }
            "script" => {
                if parts.loader.is_some() {
                    bail!("index.html has more than one inline script; only trunk's loader is expected");
                }
                parts.loader = Some(tag);
            }
            "link" if tag.has_token("rel", "modulepreload") || tag.has_token("rel", "preload") => {
                match tag.attr("href").and_then(local) {
                    Some(file) if file.ends_with(".wasm") => parts.wasm = Some(file),
                    Some(file) if file.ends_with(".js") => parts.glue = Some(file),
                    _ => {}
                }
                parts
                    .edits
                    .push((whole_line(html, tag.span.clone()), String::new()));
            }
            "link" if tag.has_token("rel", "stylesheet") => {
                let Some(file) = tag.attr("href").and_then(local) else {
                    continue;
                };
                let css = String::from_utf8(read(&file)?)
                    .with_context(|| format!("{file} is not UTF-8"))?;
                check_css(&css, &file)?;
                parts.style_hashes.push(script_hash(&css));
                parts
                    .edits
                    .push((tag.span.clone(), format!("<style>{css}</style>")));
            }
            "link" if tag.has_token("rel", "icon") => {
                if let Some(file) = tag.attr("href").and_then(local) {
                    parts
                        .edits
                        .push((tag.span.clone(), icon_link(&tag, &file, &read(&file)?)));
                }
            }
            _ => {}
        }
    }
    Ok(parts)
}

/// Inlines a classic script file of the app (the theme script, which must run before the
/// first paint), allowed by its hash.
fn inline_classic_script(
    tag: &Tag,
    public_url: &str,
    read: &dyn Fn(&str) -> Result<Vec<u8>>,
    parts: &mut Parts,
) -> Result<()> {
    let inlined = inline_script::classic_script(tag, public_url, read)
        .context("the single file inlines the app's classic scripts")?;
    parts.script_hashes.push(inlined.hash);
    parts.edits.push((inlined.span, inlined.html));
    Ok(())
}

fn is_data_block(tag: &Tag) -> bool {
    tag.name == "script"
        && matches!(
            tag.attr("type")
                .map(|t| t.trim().to_ascii_lowercase())
                .as_deref(),
            Some("application/json" | "application/ld+json")
        )
}

/// The icon `<link>` with its file as a `data:` URL.
fn icon_link(tag: &Tag, file: &str, data: &[u8]) -> String {
    let data = base64::engine::general_purpose::STANDARD.encode(data);
    let attribute = |name: &str| {
        tag.attr(name)
            .map(|v| format!(" {name}=\"{}\"", escape_attribute(v)))
            .unwrap_or_default()
    };
    format!(
        "<link rel=\"{}\"{}{} href=\"data:{};base64,{data}\">",
        escape_attribute(tag.attr("rel").unwrap_or("icon")),
        attribute("type"),
        attribute("sizes"),
        crate::media_type::for_path(std::path::Path::new(file))
    )
}

/// Replaces trunk's loader with the inlined glue and a start with the wasm's bytes;
/// returns the new script's text.
fn start_script(
    parts: &mut Parts,
    public_url: &str,
    read: &dyn Fn(&str) -> Result<Vec<u8>>,
) -> Result<String> {
    let Some(loader) = parts.loader.take() else {
        bail!("index.html has no inline loader script (trunk writes one)");
    };
    // The loader names the glue and the wasm too, when trunk wrote no preload links.
    let loader_text = loader.text.clone().unwrap_or_default();
    for quoted in loader_text.split(['\'', '"']).skip(1).step_by(2) {
        match local_reference(quoted, public_url) {
            Some(file) if file.ends_with("_bg.wasm") => {
                parts.wasm.get_or_insert(file);
            }
            Some(file) if file.ends_with(".js") => {
                parts.glue.get_or_insert(file);
            }
            _ => {}
        }
    }
    let (Some(glue_name), Some(_)) = (&parts.glue, &parts.wasm) else {
        bail!("cannot tell the app's glue and wasm from index.html's loader: {loader_text}");
    };
    let glue_text =
        String::from_utf8(read(glue_name)?).with_context(|| format!("{glue_name} is not UTF-8"))?;
    let glue = inline_glue(&glue_text).with_context(|| format!("inlining {glue_name}"))?;
    let script = format!(
        "\n{code}\n// Pressroom single file: start the app with the wasm from #{WASM_DATA_ID}.\n{{\n  \
         const base64 = document.getElementById('{WASM_DATA_ID}').textContent.trim();\n  \
         const binary = atob(base64);\n  \
         const bytes = new Uint8Array(binary.length);\n  \
         for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);\n  \
         await {init}({{ module_or_path: bytes }});\n}}\n",
        code = glue.code.trim_end(),
        init = glue.init,
    );
    parts.edits.push((
        loader.span.clone(),
        format!("<script type=\"module\">{script}</script>"),
    ));
    Ok(script)
}

/// The policy's `<meta http-equiv>`, first in the head (after the charset), before
/// anything it governs.
fn policy_meta(html: &str, policy: &str) -> Result<(Range<usize>, String)> {
    let csp = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        escape_attribute(policy)
    );
    let all = tags(html);
    let anchor = all
        .iter()
        .find(|t| t.name == "meta" && t.attr("charset").is_some())
        .or_else(|| all.iter().find(|t| t.name == "head"));
    let Some(anchor) = anchor else {
        bail!("index.html has no <head>");
    };
    let at = anchor.span.end;
    let line_start = html[..anchor.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &html[line_start..anchor.span.start];
    let indent = if indent.trim().is_empty() { indent } else { "" };
    Ok((at..at, format!("\n{indent}{csp}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const GLUE: &str = "export class IntoUnderlyingSink {\n    free() { wasm.x(); }\n}\n\
        let wasm;\n\
        export function greet(name) { return name; }\n\
        export const VERSION = 1;\n\
        async function __wbg_init(module_or_path) {\n    \
        if (module_or_path === undefined) {\n        \
        module_or_path = new URL('app_bg.wasm', import.meta.url);\n    }\n    return wasm;\n}\n\
        function initSync(module) {}\n\
        export { initSync, __wbg_init as default };\n";

    #[test]
    fn rewrites_the_glue_exports() {
        let glue = inline_glue(GLUE).unwrap();
        assert_eq!(glue.init, "__wbg_init");
        assert_eq!(
            glue.exported,
            [
                "IntoUnderlyingSink",
                "greet",
                "VERSION",
                "initSync",
                "default"
            ]
        );
        assert!(glue.code.starts_with("class IntoUnderlyingSink {\n"));
        assert!(glue.code.contains("\nfunction greet(name)"));
        assert!(glue.code.contains("\nconst VERSION = 1;"));
        assert!(glue
            .code
            .contains("new URL('app_bg.wasm', import.meta.url)"));
        assert!(!glue.code.contains("export"), "{}", glue.code);
        // Line numbers stay the same, for error messages from the browser.
        assert_eq!(glue.code.lines().count(), GLUE.lines().count());

        let multi = GLUE.replace(
            "export { initSync, __wbg_init as default };",
            "export {\n    initSync,\n    __wbg_init as default,\n};",
        );
        let glue = inline_glue(&multi).unwrap();
        assert_eq!(glue.init, "__wbg_init");
        assert!(!glue.code.contains("export") && !glue.code.contains("as default"));
    }

    #[test]
    fn refuses_glue_it_cannot_inline() {
        for (glue, expected) in [
            (
                format!("import {{ x }} from './snippets/app-123/inline0.js';\n{GLUE}"),
                "snippets",
            ),
            (
                format!("import * as m from 'https://x.example/m.js';\n{GLUE}"),
                "imports another module",
            ),
            (
                GLUE.replace(
                    "export { initSync, __wbg_init as default };",
                    "export { initSync };",
                ),
                "no default",
            ),
            (
                format!("{GLUE}export * from './other.js';\n"),
                "cannot inline",
            ),
            (
                format!("{GLUE}export {{ a }} from './other.js';\n"),
                "re-exports",
            ),
            (format!("{GLUE}export default 1;\n"), "cannot inline"),
            (format!("{GLUE}const s = '</script>';\n"), "</script"),
            (
                format!("{GLUE}  export function f() {{}}\n"),
                "indented export",
            ),
        ] {
            let error = format!("{:#}", inline_glue(&glue).unwrap_err());
            assert!(error.contains(expected), "{expected:?} not in {error:?}");
        }
    }

    #[test]
    fn finds_references_to_local_files() {
        let html = r##"<link rel="icon" href="data:image/svg+xml;base64,AA=="><a href="#/releases/x/">x</a>
            <a href="https://example.org/">o</a><img src="//cdn.example/i.png"><a href="mailto:a@b.c">m</a>
            <link rel="stylesheet" href="/app-0123456789abcdef.css"><script src="app.js"></script>
            <img src="./pic.png"><a href="releases/x/">r</a>"##;
        assert_eq!(
            local_references(html),
            [
                "<link href=\"/app-0123456789abcdef.css\">",
                "<script src=\"app.js\">",
                "<img src=\"./pic.png\">",
                "<a href=\"releases/x/\">",
            ]
        );
    }

    #[test]
    fn checks_stylesheets() {
        assert!(check_css("a { background: url(data:image/png;base64,AA) }", "a.css").is_ok());
        assert!(check_css("a { background: url('https://x.example/i.png') }", "a.css").is_ok());
        assert!(check_css("a { background: url(\"i.png\") }", "a.css").is_err());
        assert!(check_css("@import 'b.css';", "a.css").is_err());
        assert!(check_css("a::after { content: '</style>' }", "a.css").is_err());
    }

    const SHELL: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Press releases</title>
    <meta name="description" content="Press releases">
    <meta name="pressroom-base" content="/newsroom/">
<script type="module">
import init, * as bindings from '/newsroom/app-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/newsroom/app-0123456789abcdef_bg.wasm' });
</script>
    <link rel="stylesheet" href="/newsroom/app-fedcba9876543210.css" integrity="sha384-CSS"/>
    <link rel="icon" href="/newsroom/favicon-0000000000000000.svg" integrity="sha384-ICON"/>
    <link rel="alternate" type="application/rss+xml" title="RSS" href="/newsroom/feed.xml">
<link rel="modulepreload" href="/newsroom/app-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-JS"><link rel="preload" href="/newsroom/app-0123456789abcdef_bg.wasm" crossorigin="anonymous" integrity="sha384-WASM" as="fetch" type="application/wasm"></head>
<body>
    <div id="pressroom" class="pressroom"><p class="loading">Loading releases…</p></div>
</body>
</html>
"#;

    fn fake_files(name: &str) -> Option<Vec<u8>> {
        match name {
            "app-0123456789abcdef.js" => Some(GLUE.as_bytes().to_vec()),
            "app-0123456789abcdef_bg.wasm" => Some(b"\0asm\x01\0\0\0".to_vec()),
            "app-fedcba9876543210.css" => Some(b".pressroom { color: red; }".to_vec()),
            "favicon-0000000000000000.svg" => Some(b"<svg/>".to_vec()),
            "pressroom-search-00000000000000ff.wasm" => Some(b"\0asm\x01\0\0\0engine".to_vec()),
            "releases.json" => {
                Some(br#"{"version":1,"site":{"title":"</script> & co"},"releases":[]}"#.to_vec())
            }
            _ => None,
        }
    }

    #[test]
    fn renders_one_self_contained_file() {
        let html = render(SHELL, "/newsroom/", &fake_files, None).unwrap();
        assert!(local_references(&html).is_empty(), "{html}");
        let all = tags(&html);
        // The inline module script, the style and the data blocks.
        let scripts: Vec<&Tag> = all.iter().filter(|t| t.name == "script").collect();
        assert_eq!(scripts.len(), 3, "{html}");
        assert_eq!(scripts[0].attr("type"), Some("module"));
        let script = scripts[0].text.clone().unwrap();
        assert!(script.contains("class IntoUnderlyingSink"));
        assert!(!script.contains("export"));
        assert!(script.contains("await __wbg_init({ module_or_path: bytes });"));
        assert_eq!(scripts[1].attr("id"), Some(BUNDLE_DATA_ID));
        assert_eq!(scripts[1].attr("type"), Some("application/json"));
        let bundle: serde_json::Value =
            serde_json::from_str(scripts[1].text.as_deref().unwrap()).unwrap();
        assert_eq!(bundle["site"]["title"], "</script> & co");
        assert_eq!(scripts[2].attr("id"), Some(WASM_DATA_ID));
        assert_eq!(
            base64::engine::general_purpose::STANDARD
                .decode(scripts[2].text.as_deref().unwrap())
                .unwrap(),
            b"\0asm\x01\0\0\0"
        );
        let style = all.iter().find(|t| t.name == "style").unwrap();
        assert_eq!(style.text.as_deref(), Some(".pressroom { color: red; }"));
        // The search engine's module, when the app build has one, as one more data block.
        let engine = "pressroom-search-00000000000000ff.wasm";
        let with_engine = render(SHELL, "/newsroom/", &fake_files, Some(engine)).unwrap();
        let block = tags(&with_engine)
            .into_iter()
            .find(|t| t.attr("id") == Some(ENGINE_DATA_ID))
            .unwrap();
        assert_eq!(block.attr("type"), Some("application/octet-stream"));
        assert_eq!(
            base64::engine::general_purpose::STANDARD
                .decode(block.text.as_deref().unwrap())
                .unwrap(),
            b"\0asm\x01\0\0\0engine"
        );
        assert!(render(
            SHELL,
            "/newsroom/",
            &fake_files,
            Some("pressroom-search-1.wasm")
        )
        .is_err());
        let icon = all.iter().find(|t| t.has_token("rel", "icon")).unwrap();
        assert_eq!(
            icon.attr("href"),
            Some("data:image/svg+xml;base64,PHN2Zy8+")
        );
        assert!(icon.attr("integrity").is_none());
        // Gone: preloads, feed links, the base meta; routing is hash.
        for gone in [
            "modulepreload",
            "rel=\"preload\"",
            "feed.xml",
            "pressroom-base",
            "integrity=",
        ] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(html.contains("<meta name=\"pressroom-routing\" content=\"hash\">"));
        // The policy comes right after the charset and allows exactly this script and style.
        let csp = all
            .iter()
            .find(|t| t.attr("http-equiv") == Some("Content-Security-Policy"))
            .unwrap();
        let expected = policy(
            &[script_hash(&script)],
            &[script_hash(".pressroom { color: red; }")],
        );
        assert_eq!(csp.attr("content"), Some(expected.as_str()));
        assert!(html.contains(
            "<meta charset=\"utf-8\">\n    <meta http-equiv=\"Content-Security-Policy\""
        ));
        assert!(csp.span.start < style.span.start && csp.span.start < scripts[0].span.start);
        assert!(!expected.contains("unsafe-inline") && expected.contains("connect-src 'none'"));
        // The rest of the page is as it was.
        assert!(html.contains("<div id=\"pressroom\" class=\"pressroom\"><p class=\"loading\">Loading releases…</p></div>"));
        assert!(html.contains("<title>Press releases</title>"));
    }

    #[test]
    fn inlines_the_theme_script_and_allows_it_by_hash() {
        const THEME: &str = "document.documentElement.setAttribute('data-x', 'dark');";
        let theme_tag = "<script src=\"/newsroom/theme-0011223344556677.js\" integrity=\"sha384-T\" crossorigin=\"anonymous\"></script>";
        let shell = SHELL.replace(
            "<script type=\"module\">",
            &format!("{theme_tag}\n<script type=\"module\">"),
        );
        let files = |name: &str| match name {
            "theme-0011223344556677.js" => Some(THEME.as_bytes().to_vec()),
            _ => fake_files(name),
        };
        let html = render(&shell, "/newsroom/", &files, None).unwrap();
        assert!(local_references(&html).is_empty(), "{html}");
        let all = tags(&html);
        let first = all.iter().find(|t| t.name == "script").unwrap();
        assert_eq!(
            first.text.as_deref(),
            Some(THEME),
            "the theme runs first, inline"
        );
        assert!(first.attr("src").is_none() && first.attr("type").is_none());
        let csp = all
            .iter()
            .find(|t| t.attr("http-equiv") == Some("Content-Security-Policy"))
            .unwrap();
        let hash = format!("'{}'", script_hash(THEME));
        assert!(csp.attr("content").unwrap().contains(&hash), "{html}");
        assert!(!html.contains("integrity="));

        let closing = |name: &str| match name {
            "theme-0011223344556677.js" => Some(b"x = '</SCRIPT>';".to_vec()),
            _ => fake_files(name),
        };
        let error = format!(
            "{:#}",
            render(&shell, "/newsroom/", &closing, None).unwrap_err()
        );
        assert!(error.contains("</script"), "{error}");
        let module = shell.replace(
            theme_tag,
            &theme_tag.replace("<script ", "<script type=\"module\" "),
        );
        let error = format!(
            "{:#}",
            render(&module, "/newsroom/", &files, None).unwrap_err()
        );
        assert!(error.contains("module script"), "{error}");
    }

    #[test]
    fn fails_clearly_on_missing_files() {
        let missing = |name: &str| {
            if name == "releases.json" {
                None
            } else {
                fake_files(name)
            }
        };
        let error = format!(
            "{:#}",
            render(SHELL, "/newsroom/", &missing, None).unwrap_err()
        );
        assert!(error.contains("releases.json"), "{error}");
        let extra = SHELL.replace("</head>", "<script src=\"/newsroom/x.js\"></script></head>");
        assert!(render(&extra, "/newsroom/", &fake_files, None).is_err());
    }
}
