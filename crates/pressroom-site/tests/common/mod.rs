//! Shared by the tests: a fake app build (a trunk-like shell page and files with real
//! integrity hashes), output folders, and reading written pages as a browser does
//! (html5ever), so assertions are about the parsed document rather than the text.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use html5ever::tendril::TendrilSink;
use html5ever::{parse_document, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use pressroom_core::Catalog;
#[allow(unused_imports)]
pub use pressroom_site::test_app::shell;
use pressroom_site::test_app::write_test_app;
use pressroom_site::{write_site, AppBuild, Content, SiteOptions, SiteReport};

/// The workspace's root folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pressroom-site")
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A test app build in `dir`, as `cargo xtask app` writes it.
pub fn app_build_in(dir: &Path) -> AppBuild {
    write_test_app(dir).unwrap_or_else(|e| panic!("{e:#}"))
}

/// The content of a bundle's JSON text.
pub fn content(bundle: &str) -> Content {
    Content {
        catalog: Catalog::from_json(bundle).unwrap_or_else(|e| panic!("{e}")),
        bundle_json: bundle.as_bytes().to_vec(),
    }
}

/// Writes the site of `bundle` with `options` into a fresh folder; its path and report.
pub fn run_with(
    name: &str,
    bundle: &str,
    options: &SiteOptions,
) -> anyhow::Result<(PathBuf, SiteReport)> {
    let dir = scratch(name);
    let app = app_build_in(&dir.join("app"));
    let out = dir.join("site");
    let report = write_site(&app, content(bundle), options, &out)?;
    Ok((out, report))
}

/// Writes the site of `bundle` under `/newsroom/`, with the site URL when given.
pub fn run(name: &str, bundle: &str, site_url: Option<&str>) -> (PathBuf, SiteReport) {
    let options = SiteOptions {
        base: "/newsroom/".to_owned(),
        site_url: site_url.map(str::to_owned),
        ..SiteOptions::default()
    };
    run_with(name, bundle, &options).unwrap_or_else(|e| panic!("{e:#}"))
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

/// Every file under `dir`, recursively, sorted.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every `index.html` under `dir`, recursively (the pre-rendered pages).
pub fn index_files(dir: &Path) -> Vec<PathBuf> {
    all_files(dir)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.html"))
        .collect()
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
