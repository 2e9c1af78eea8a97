//! Shared by the tests: a trunk-like shell page, output folders, and reading written pages
//! as a browser does (html5ever), so assertions are about the parsed document rather
//! than the text.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use html5ever::tendril::TendrilSink;
use html5ever::{parse_document, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use pressroom_prerender::{prerender, Options, Report};

/// A shell page as `trunk build --public-url /newsroom/` writes it.
pub const SHELL: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Press releases</title>
    <meta name="description" content="Press releases">
    <meta name="pressroom-base" content="/newsroom/">
<script type="module">
import init, * as bindings from '/newsroom/pressroom-app-3557d9aa456a66af.js';
const wasm = await init({ module_or_path: '/newsroom/pressroom-app-3557d9aa456a66af_bg.wasm' });
window.wasmBindings = bindings;
</script>
    <link rel="stylesheet" href="/newsroom/pressroom-56d72085c1a3c9b0.css" integrity="sha384-DDJO"/>
    <link rel="alternate" type="application/rss+xml" title="RSS" href="/newsroom/feed.xml">
<link rel="modulepreload" href="/newsroom/pressroom-app-3557d9aa456a66af.js" crossorigin="anonymous"></head>
<body>
    <div id="pressroom" class="pressroom">
        <p class="loading" data-testid="loading" aria-busy="true">Loading releases…</p>
        <noscript><p class="load-error">Pressroom needs JavaScript to show the releases.</p></noscript>
    </div>
</body>
</html>
"#;

/// The workspace's root folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh, empty folder for one test, holding `SHELL` as `index.html` and `bundle` as
/// `releases.json`.
pub fn dist_with(name: &str, bundle: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pressroom-prerender")
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("index.html"), SHELL).unwrap();
    fs::write(dir.join("releases.json"), bundle).unwrap();
    dir
}

/// Pre-renders `bundle` under `/newsroom/`, with the site URL when given.
pub fn run(name: &str, bundle: &str, site_url: Option<&str>) -> (PathBuf, Report) {
    let dist = dist_with(name, bundle);
    let mut options = Options::new(&dist, "/newsroom/");
    options.site_url = site_url.map(str::to_owned);
    let report = prerender(&options).unwrap_or_else(|e| panic!("{e:#}"));
    (dist, report)
}

/// One element of a parsed page.
#[derive(Debug, Clone)]
pub struct Element {
    /// Its name.
    pub name: String,
    /// Its attributes.
    pub attrs: BTreeMap<String, String>,
    /// Its text content (all descendant text).
    pub text: String,
}

/// A written page, parsed as a browser parses it.
#[derive(Debug, Clone)]
pub struct Page {
    /// The raw text.
    pub html: String,
    /// Every element in document order.
    pub elements: Vec<Element>,
}

impl Page {
    /// Reads and parses `path`.
    pub fn read(path: &Path) -> Self {
        let html = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Self::parse(html)
    }

    /// Parses `html`.
    pub fn parse(html: String) -> Self {
        let dom = parse_document(RcDom::default(), ParseOpts::default()).one(html.as_str());
        let mut elements = Vec::new();
        collect(&dom.document, &mut elements);
        Self { html, elements }
    }

    /// Elements named `name`.
    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.elements.iter().filter(|e| e.name == name).collect()
    }

    /// The document title.
    pub fn title(&self) -> String {
        let titles = self.all("title");
        assert_eq!(titles.len(), 1, "one <title>");
        titles[0].text.clone()
    }

    /// The content of the `<meta>` whose `name` or `property` is `key`; each must occur
    /// at most once.
    pub fn meta(&self, key: &str) -> Option<String> {
        let found: Vec<&Element> = self
            .all("meta")
            .into_iter()
            .filter(|m| {
                m.attrs.get("name").map(String::as_str) == Some(key)
                    || m.attrs.get("property").map(String::as_str) == Some(key)
            })
            .collect();
        assert!(found.len() <= 1, "{key} appears {} times", found.len());
        found.first().and_then(|m| m.attrs.get("content").cloned())
    }

    /// The canonical link's href.
    pub fn canonical(&self) -> Option<String> {
        let links: Vec<&Element> = self
            .all("link")
            .into_iter()
            .filter(|l| l.attrs.get("rel").map(String::as_str) == Some("canonical"))
            .collect();
        assert!(links.len() <= 1, "one canonical link");
        links.first().and_then(|l| l.attrs.get("href").cloned())
    }

    /// The JSON-LD blocks, parsed.
    pub fn json_ld(&self) -> Vec<serde_json::Value> {
        self.all("script")
            .into_iter()
            .filter(|s| s.attrs.get("type").map(String::as_str) == Some("application/ld+json"))
            .map(|s| serde_json::from_str(&s.text).unwrap_or_else(|e| panic!("{e}: {}", s.text)))
            .collect()
    }

    /// Every `<a href>`.
    pub fn hrefs(&self) -> Vec<String> {
        self.all("a")
            .into_iter()
            .filter_map(|a| a.attrs.get("href").cloned())
            .collect()
    }

    /// The `#pressroom` element.
    pub fn mount(&self) -> &Element {
        let mounts: Vec<&Element> = self
            .elements
            .iter()
            .filter(|e| e.attrs.get("id").map(String::as_str) == Some("pressroom"))
            .collect();
        assert_eq!(mounts.len(), 1, "one #pressroom");
        mounts[0]
    }
}

fn collect(node: &Handle, out: &mut Vec<Element>) {
    if let NodeData::Element { name, attrs, .. } = &node.data {
        let mut text = String::new();
        text_of(node, &mut text);
        out.push(Element {
            name: name.local.to_string(),
            attrs: attrs
                .borrow()
                .iter()
                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                .collect(),
            text,
        });
    }
    for child in node.children.borrow().iter() {
        collect(child, out);
    }
}

fn text_of(node: &Handle, out: &mut String) {
    if let NodeData::Text { contents } = &node.data {
        out.push_str(&contents.borrow());
    }
    for child in node.children.borrow().iter() {
        text_of(child, out);
    }
}

/// Every `index.html` under `dir`, recursively.
pub fn index_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A valid bundle of `count` releases, one a day from 2001-01-01, every seventh in Korean.
pub fn generated_bundle(count: usize) -> String {
    let releases: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let day = i % 28 + 1;
            let month = (i / 28) % 12 + 1;
            let year = 2001 + i / (28 * 12);
            let title = if i % 7 == 3 {
                format!("보도자료 {i}: 해양 정화 계획")
            } else {
                format!("Release {i}: Agency announces plan number {i}")
            };
            serde_json::json!({
                "id": format!("r{i:05}"),
                "title": title,
                "published": format!("{year:04}-{month:02}-{day:02}"),
                "source": { "name": format!("Agency {}", i % 13), "url": format!("https://example.org/r/{i}") },
                "summary": if i % 2 == 0 { serde_json::Value::String(format!("Summary of release {i}.")) } else { serde_json::Value::Null },
                "body": format!("The agency **announced** plan {i} today.\n\n## Details\n\n- one\n- two\n\nRead [more](https://example.org/r/{i}/more)."),
                "tags": [format!("tag{}", i % 5), "plans"],
            })
        })
        .collect();
    serde_json::json!({
        "version": 1,
        "site": { "title": "Generated Newsroom", "description": "Generated releases.", "language": "en" },
        "releases": releases,
    })
    .to_string()
}
