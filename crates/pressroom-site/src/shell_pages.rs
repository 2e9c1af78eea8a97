//! The pages made from the app's shell besides the pre-rendered ones, and the script
//! embed's loader:
//!
//! - the **site shell** ([`site_shell`]): the app's `index.html` for this site, with
//!   `<meta name="pressroom-base">`, the routing meta for hash routing, and the feed links
//!   (absolute under the base, so they hold on pages at any depth). Every page is made from
//!   it;
//! - `404.html` ([`not_found_page`]): the shell as it is (plus `robots` `noindex`): hosts
//!   that serve it for unknown paths boot the app there, at any depth, since the asset
//!   URLs are absolute under the base;
//! - `embed.html` ([`embed_page`]): `<meta name="pressroom-embed" content="iframe">`, the
//!   `--embed-origin` list as `<meta name="pressroom-parent-origin">` (the only origins the
//!   app posts its height to and accepts messages from) and `class="pressroom-embed"` on
//!   `<body>`; its routing is in memory, so the full-page routing meta is dropped;
//! - `embed.js` ([`embed_script`]), a stable name, not hashed: it sets
//!   `globalThis.pressroomEmbed` and then imports and starts the hashed wasm-bindgen glue,
//!   resolving every URL against its own.

use anyhow::Result;
use pressroom_core::escape::html as escape;
use pressroom_core::names::{
    EMBED_BASE, EMBED_BODY_CLASS, EMBED_CSS, EMBED_GLOBAL, META_BASE, META_BUNDLE, META_EMBED,
    META_PARENT_ORIGIN, META_ROUTING,
};
use pressroom_core::paths::files;

use crate::html_edit;
use crate::options::Routing;

/// What the site shell says besides the base.
#[derive(Debug, Clone, Copy)]
pub struct ShellSettings<'a> {
    /// The base path (`/newsroom/`) the app reads its links and data under.
    pub base_path: &'a str,
    /// The base as assets are addressed (the path, or an absolute URL).
    pub base: &'a str,
    /// Full-page routing.
    pub routing: Routing,
    /// Whether feeds were written (their links go into the head).
    pub feeds: bool,
    /// Where the app finds its data, when not beside `index.html`.
    pub data_url: Option<&'a str>,
}

/// The app's shell page for this site: the configuration metas and the feed links.
pub fn site_shell(shell: &str, settings: &ShellSettings<'_>) -> Result<String> {
    let mut html = html_edit::set_meta(shell, META_BASE, settings.base_path)?;
    html = match settings.routing {
        Routing::Hash => html_edit::set_meta(&html, META_ROUTING, "hash")?,
        Routing::History => html_edit::remove_meta(&html, META_ROUTING)?,
    };
    if let Some(url) = settings.data_url {
        html = html_edit::set_meta(&html, META_BUNDLE, url)?;
    }
    if settings.feeds {
        html = html_edit::insert_in_head(&html, &feed_links(settings.base))?;
    }
    Ok(html)
}

/// `<link rel="alternate">` for each feed, absolute under `base`.
pub fn feed_links(base: &str) -> Vec<String> {
    files::FEEDS
        .iter()
        .map(|(file, mime, title)| {
            format!(
                "<link rel=\"alternate\" type=\"{mime}\" title=\"{title}\" href=\"{}\">",
                escape(&format!("{base}{file}"))
            )
        })
        .collect()
}

/// `404.html` from the site shell.
pub fn not_found_page(shell: &str) -> Result<String> {
    html_edit::set_meta(shell, "robots", "noindex")
}

/// `embed.html` from the site shell, for these parent origins.
pub fn embed_page(shell: &str, parent_origins: &[String]) -> Result<String> {
    let html = html_edit::remove_meta(shell, META_ROUTING)?;
    let html = html_edit::set_meta(&html, "robots", "noindex")?;
    let html = html_edit::set_meta(&html, META_EMBED, "iframe")?;
    let html = html_edit::set_meta(&html, META_PARENT_ORIGIN, &parent_origins.join(" "))?;
    html_edit::add_body_class(&html, EMBED_BODY_CLASS)
}

/// The text of `embed.js` for these hashed file names: it starts the downloads of the
/// wasm and of the stylesheet (handed to the app as text, [`EMBED_CSS`]) at once, while
/// the glue loads.
pub fn embed_script(glue: &str, wasm: &str, stylesheet: Option<&str>) -> String {
    let js = |name: &str| name.replace('\\', "\\\\").replace('\'', "\\'");
    let url = |name: &str| format!("new URL('./{}', import.meta.url)", js(name));
    let css = stylesheet.map_or_else(
        || "''".to_owned(),
        |name| {
            format!(
                "fetch({}).then((r) => (r.ok ? r.text() : '')).catch(() => '')",
                url(name)
            )
        },
    );
    format!(
        "// Pressroom's script embed, written by `pressroom site` (README.md, \"Embedding\").\n\
         // <script type=\"module\" src=\".../embed.js\"></script> mounts Pressroom into every\n\
         // element with data-pressroom-bundle or data-pressroom-latest on the page; elements\n\
         // added later are mounted by calling {EMBED_GLOBAL}.mount(). Nothing else on the\n\
         // page is touched. Every URL is resolved against this script's own.\n\
         globalThis.{EMBED_GLOBAL} = {{ {EMBED_BASE}: new URL('./', import.meta.url).href }};\n\
         const wasm = fetch({wasm});\n\
         const css = {css};\n\
         const {{ default: init, mount }} = await import({glue}.href);\n\
         globalThis.{EMBED_GLOBAL}.mount = mount;\n\
         globalThis.{EMBED_GLOBAL}.{EMBED_CSS} = await css;\n\
         await init({{ module_or_path: wasm }});\n",
        glue = url(glue),
        wasm = url(wasm),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n    <meta charset=\"utf-8\">\n    <meta name=\"pressroom-base\" content=\"/newsroom/\">\n    <meta name=\"pressroom-routing\" content=\"hash\">\n<script type=\"module\">import init from '/newsroom/a-0123456789abcdef.js';</script></head>\n<body>\n    <div id=\"pressroom\" class=\"pressroom\"></div>\n</body>\n</html>\n";

    #[test]
    fn makes_the_embed_page() {
        let page = embed_page(
            SHELL,
            &["https://a.example".into(), "https://b.example:8443".into()],
        )
        .unwrap_or_default();
        assert!(page.contains("<meta name=\"pressroom-embed\" content=\"iframe\">"));
        assert!(page.contains(
            "<meta name=\"pressroom-parent-origin\" content=\"https://a.example https://b.example:8443\">"
        ));
        assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(page.contains("<meta name=\"pressroom-base\" content=\"/newsroom/\">"));
        assert!(!page.contains("pressroom-routing"), "{page}");
        assert!(page.contains("\n<body class=\"pressroom-embed\">\n"));
        // The loader is untouched, so the CSP hash of the shell covers it.
        assert!(page.contains("<script type=\"module\">import init from '/newsroom/a-0123456789abcdef.js';</script></head>"));
        let none = embed_page(SHELL, &[]).unwrap_or_default();
        assert!(none.contains("<meta name=\"pressroom-parent-origin\" content=\"\">"));
        let not_found = not_found_page(SHELL).unwrap_or_default();
        assert_eq!(
            not_found,
            SHELL.replace(
                "content=\"hash\">\n",
                "content=\"hash\">\n    <meta name=\"robots\" content=\"noindex\">\n"
            )
        );
    }

    #[test]
    fn the_site_shell_says_base_routing_and_feeds() {
        let settings = ShellSettings {
            base_path: "/press/",
            base: "/press/",
            routing: Routing::History,
            feeds: true,
            data_url: None,
        };
        let shell = site_shell(SHELL, &settings).unwrap_or_default();
        assert!(shell.contains("<meta name=\"pressroom-base\" content=\"/press/\">"));
        assert!(
            !shell.contains("pressroom-routing"),
            "history is the default"
        );
        assert!(shell.contains(
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"/press/feed.xml\">"
        ));
        assert!(
            shell.contains("href=\"/press/atom.xml\"")
                && shell.contains("href=\"/press/feed.json\"")
        );
        let hash = site_shell(
            SHELL,
            &ShellSettings {
                routing: Routing::Hash,
                feeds: false,
                ..settings
            },
        )
        .unwrap_or_default();
        assert!(hash.contains("<meta name=\"pressroom-routing\" content=\"hash\">"));
        assert!(!hash.contains("feed.xml"));
    }

    #[test]
    fn writes_the_loader() {
        let script = embed_script(
            "pressroom-app-3557d9aa456a66af.js",
            "pressroom-app-3557d9aa456a66af_bg.wasm",
            Some("pressroom-5adfd4623d12ea9f.css"),
        );
        let at = |text: &str| {
            script
                .find(text)
                .unwrap_or_else(|| panic!("no {text} in {script}"))
        };
        let set = at("globalThis.pressroomEmbed = { base: new URL('./', import.meta.url).href };");
        let wasm =
            at("fetch(new URL('./pressroom-app-3557d9aa456a66af_bg.wasm', import.meta.url))");
        let css = at("fetch(new URL('./pressroom-5adfd4623d12ea9f.css', import.meta.url))");
        let import = at(
            "await import(new URL('./pressroom-app-3557d9aa456a66af.js', import.meta.url).href)",
        );
        let handed = at("globalThis.pressroomEmbed.css = await css;");
        let init = at("await init({ module_or_path: wasm });");
        assert!(set < import, "the base is set before the glue is imported");
        assert!(
            wasm < import && css < import,
            "the downloads start before the glue's"
        );
        assert!(
            handed < init,
            "the stylesheet is there before the app starts"
        );
        assert!(
            !script.contains("\nimport "),
            "no static import: it would run first"
        );
        let without = embed_script("a-1f.js", "a-1f_bg.wasm", None);
        assert!(without.contains("const css = '';"), "{without}");
    }
}
