//! Size budgets of the release build that hold today (issue 10): the HTML and CSS of
//! every page, the JavaScript glue, the requests an article needs before it paints, and
//! the wasm without pulldown-cmark's table of named character references.
//! The wasm's budget (130 KB gzip, 170 at most) is not here yet: the wasm is far over it
//! (see the README's Performance section). Until it is, ceilings at today's sizes keep it
//! from growing.

use std::path::{Path, PathBuf};

use anyhow::{ensure, Context, Result};
use pressroom_e2e::pages::sel;
use pressroom_e2e::server::Fallback;
use pressroom_e2e::sites::{gzip_len, run_site, Build, Hosted};
use pressroom_e2e::ConsolePolicy;
use pressroom_site::app_build::{find_app_files, find_stylesheet, list_files};
use sha2::{Digest, Sha256};

/// The most a page's HTML and CSS may weigh, gzip.
const PAGE_BUDGET: u64 = 20 * 1024;

/// The most the JavaScript glue may weigh, gzip.
const GLUE_BUDGET: u64 = 8 * 1024;

/// The most requests an article may need before it paints, data included.
const REQUESTS_BUDGET: usize = 6;

/// The most the wasm may weigh, gzip, while it is over issue 10's cap (170 KB): its size
/// on 2026-12-03 after that day's fifth session (298,258 B gzip -6, with labels folded
/// without `unicase` and short export names; 300,587 B before, 323,445 B that morning)
/// plus 1 %, so that it can shrink but not grow unnoticed. Lower it with every change
/// that shrinks the wasm.
const WASM_CEILING: u64 = 301_600;

/// The most everything an article without a page of its own needs before it paints may
/// weigh, gzip, data excluded (the page, the stylesheet, the glue and the wasm), on the
/// same terms: about 307,700 B on 2026-12-03 plus 1 % (issue 10 asks for 170 KB).
const FIRST_ARTICLE_CEILING: u64 = 311_400;

/// Every `.html` file under `dir`.
fn html_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    Ok(found)
}

/// The stylesheet of a site (the app's one hashed `.css` file), found as the site writer
/// finds it.
fn stylesheet(dir: &Path) -> Result<PathBuf> {
    let name = find_stylesheet(&list_files(dir)?).context("no stylesheet in the site")?;
    Ok(dir.join(name))
}

/// The name and bytes of the app's wasm in the root site.
fn app_wasm() -> Result<(String, Vec<u8>)> {
    let dir = Build::Root.dir()?;
    let (_glue, wasm) = find_app_files(&list_files(&dir)?)?;
    let bytes = std::fs::read(dir.join(&wasm))?;
    Ok((wasm, bytes))
}

/// The root build's JavaScript glue: its file name and text.
fn app_glue() -> Result<(String, String)> {
    let dir = Build::Root.dir()?;
    let (glue, _wasm) = find_app_files(&list_files(&dir)?)?;
    let text = std::fs::read_to_string(dir.join(&glue))?;
    Ok((glue, text))
}

/// What the wasm `bytes` imports (`module.name`) and exports (names), as written.
fn boundary(bytes: &[u8]) -> Result<(Vec<String>, Vec<String>)> {
    let (mut imports, mut exports) = (Vec::new(), Vec::new());
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload? {
            wasmparser::Payload::ImportSection(reader) => {
                for group in reader {
                    if let wasmparser::Imports::Single(_, import) = group? {
                        imports.push(format!("{}.{}", import.module, import.name));
                    }
                }
            }
            wasmparser::Payload::ExportSection(reader) => {
                for export in reader {
                    exports.push(export?.name.to_owned());
                }
            }
            _ => {}
        }
    }
    Ok((imports, exports))
}

#[test]
fn every_page_with_its_css_is_under_20_kb_gzip() -> Result<()> {
    let mut checked = 0;
    for build in [Build::Root, Build::Archive] {
        let dir = build.dir()?;
        let css = gzip_len(&stylesheet(&dir)?)?;
        let mut over = Vec::new();
        for page in html_files(&dir)? {
            let bytes = gzip_len(&page)? + css;
            if bytes > PAGE_BUDGET {
                over.push(format!("{} ({bytes} B)", page.display()));
            }
            checked += 1;
        }
        ensure!(over.is_empty(), "pages over {PAGE_BUDGET} B gzip: {over:?}");
    }
    // Written by hand: the sample's front page, 404, embed and five release pages, and
    // the archive's hundreds of pre-rendered pages.
    ensure!(checked > 100, "only {checked} pages checked");
    Ok(())
}

#[test]
fn the_javascript_glue_is_under_8_kb_gzip() -> Result<()> {
    let dir = Build::Root.dir()?;
    let (glue, _wasm) = find_app_files(&list_files(&dir)?)?;
    let glue = dir.join(glue);
    let bytes = gzip_len(&glue)?;
    ensure!(
        bytes <= GLUE_BUDGET,
        "{} is {bytes} B gzip, over {GLUE_BUDGET}",
        glue.display()
    );
    // Written by hand: wasm-bindgen's glue for this app is about 64 KB before
    // minification; a glue that small is not the whole file.
    ensure!(
        bytes > 4 * 1024,
        "{} is only {bytes} B gzip",
        glue.display()
    );
    Ok(())
}

#[test]
fn the_wasm_and_what_an_article_needs_first_do_not_grow() -> Result<()> {
    let dir = Build::Root.dir()?;
    let (glue, wasm) = find_app_files(&list_files(&dir)?)?;
    let wasm_bytes = gzip_len(&dir.join(&wasm))?;
    ensure!(
        wasm_bytes <= WASM_CEILING,
        "{wasm} is {wasm_bytes} B gzip, over {WASM_CEILING}: it grew"
    );
    // What 404.html loads before the app draws an article (the theme script is inline).
    let first = gzip_len(&dir.join("404.html"))?
        + gzip_len(&stylesheet(&dir)?)?
        + gzip_len(&dir.join(&glue))?
        + wasm_bytes;
    ensure!(
        first <= FIRST_ARTICLE_CEILING,
        "an article needs {first} B gzip before it paints, over {FIRST_ARTICLE_CEILING}"
    );
    // Written by hand: the wasm alone is over 100 KB gzip.
    ensure!(wasm_bytes > 100_000, "{wasm} is only {wasm_bytes} B gzip");
    Ok(())
}

#[test]
fn the_wasm_starts_with_a_small_memory() -> Result<()> {
    let (wasm, bytes) = app_wasm()?;
    let mut pages = None;
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        if let wasmparser::Payload::MemorySection(reader) = payload? {
            for memory in reader {
                pages = Some(memory?.initial);
            }
        }
    }
    let pages = pages.context("the wasm has no memory")?;
    // Written by hand: 64 KiB pages; a 256 KiB stack and the data (about 70 KB) fit in
    // six. With the linker's 1 MiB stack it was 17, with 512 KiB 9.
    ensure!(
        (2..=6).contains(&pages),
        "{wasm} starts with {pages} pages of memory ({} KiB)",
        pages * 64
    );
    Ok(())
}

#[test]
fn the_wasm_imports_from_its_glue_under_short_names() -> Result<()> {
    // wasm-bindgen names them `__wbg_<name>_<16 hex digits>`, about 7 KB in the wasm and
    // again in the glue; the release build renames them (xtask's boundary_names.rs).
    let (wasm, bytes) = app_wasm()?;
    let (names, _) = boundary(&bytes)?;
    ensure!(
        names.len() > 100,
        "{wasm} imports only {} functions",
        names.len()
    );
    let long: Vec<&String> = names.iter().filter(|n| n.len() > 4).collect();
    ensure!(
        long.is_empty(),
        "{wasm} imports {} long names: {long:?}",
        long.len()
    );
    Ok(())
}

#[test]
fn the_glue_calls_the_wasm_under_short_names() -> Result<()> {
    // wasm-bindgen names each closure trampoline after its Rust types (up to 300
    // characters), in the wasm and again in the glue; the release build renames what the
    // glue calls (xtask's export_names.rs), but for what other code reads by name.
    let (wasm, bytes) = app_wasm()?;
    let (_, exports) = boundary(&bytes)?;
    let kept = ["memory", "mount"];
    for name in kept {
        ensure!(
            exports.iter().any(|e| e == name),
            "{wasm} does not export {name}"
        );
    }
    let (glue, glue_text) = app_glue()?;
    let called_long: Vec<&String> = exports
        .iter()
        .filter(|e| e.len() > 4 && !kept.contains(&e.as_str()))
        .filter(|e| glue_text.contains(&format!(".{e}")))
        .collect();
    ensure!(
        called_long.is_empty(),
        "{glue} calls {} exports by long names: {called_long:?}",
        called_long.len()
    );
    let short = exports.iter().filter(|e| e.len() <= 2).count();
    ensure!(
        short >= 10,
        "only {short} of {wasm}'s exports have short names"
    );
    Ok(())
}

#[test]
fn the_apps_files_are_named_after_their_final_bytes() -> Result<()> {
    // The release build rewrites the wasm and the glue after trunk named them (short
    // names, the minified glue). A name that kept trunk's hash would ship new bytes under
    // an old name, which CDNs and browsers keep for good. Written out here: the name's
    // 16 hex digits start the SHA-256 of the wasm, then the glue (xtask's final_names.rs).
    let dir = Build::Root.dir()?;
    let (glue, wasm) = find_app_files(&list_files(&dir)?)?;
    let digest = Sha256::new()
        .chain_update(std::fs::read(dir.join(&wasm))?)
        .chain_update(std::fs::read(dir.join(&glue))?)
        .finalize();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    let wanted = format!("pressroom-app-{}.js", &hex[..16]);
    ensure!(glue == wanted, "the glue is {glue}, not {wanted}");
    Ok(())
}

#[test]
fn the_wasm_exports_no_stream_classes_it_never_uses() -> Result<()> {
    let (wasm, bytes) = app_wasm()?;
    let (_, exports) = boundary(&bytes)?;
    let exports: Vec<String> = exports.iter().map(|e| e.to_ascii_lowercase()).collect();
    // Written by hand: the app's own entry points are there…
    for own in ["main", "mount"] {
        ensure!(
            exports.iter().any(|e| e == own),
            "{wasm} does not export {own}"
        );
    }
    // …and wasm-streams' classes (vendor/wasm-streams/PATCH.md) are not, in the wasm or
    // in the glue that would wrap them.
    let stray: Vec<&String> = exports
        .iter()
        .filter(|e| e.contains("intounderlying"))
        .collect();
    ensure!(stray.is_empty(), "{wasm} exports {stray:?}");
    let (glue, glue_text) = app_glue()?;
    ensure!(
        !glue_text.contains("IntoUnderlying"),
        "{glue} wraps wasm-streams' classes"
    );
    Ok(())
}

#[test]
fn the_wasm_leaves_named_character_references_to_the_browser() -> Result<()> {
    let (wasm, bytes) = app_wasm()?;
    // Written by hand: names only pulldown-cmark's table of references holds (23 KB gzip).
    for name in [
        "CounterClockwiseContourIntegral",
        "ApplyFunction",
        "NotSquareSupersetEqual",
    ] {
        ensure!(
            !bytes.windows(name.len()).any(|w| w == name.as_bytes()),
            "{wasm} holds the table of named references ({name})"
        );
    }
    ensure!(bytes.len() > 100_000, "{wasm} is only {} B", bytes.len());
    Ok(())
}

#[test]
fn the_wasm_leaves_the_stylesheet_to_its_own_file() -> Result<()> {
    let (wasm, bytes) = app_wasm()?;
    // Written by hand: the stylesheet's opening comment and one of its rules.
    for text in ["Pressroom's styles. Theme by", "font-size: 1.2rem;"] {
        ensure!(
            !bytes.windows(text.len()).any(|w| w == text.as_bytes()),
            "{wasm} holds the stylesheet ({text})"
        );
    }
    ensure!(
        stylesheet(&Build::Root.dir()?).is_ok(),
        "the site has no stylesheet of its own"
    );
    Ok(())
}

#[tokio::test]
async fn an_article_without_a_page_paints_after_six_requests() -> Result<()> {
    // A host that answers unknown paths with 404.html, and a release whose page was not
    // written: the app draws it from the bundle.
    let mut slug = String::new();
    let hosted = Hosted::start(Build::Root, Fallback::NotFoundPage, Vec::new(), |site| {
        let releases = site.join("releases");
        let folder = std::fs::read_dir(&releases)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.is_dir())
            .context("no pre-rendered release")?;
        slug = folder
            .file_name()
            .and_then(|n| n.to_str())
            .context("a folder name")?
            .to_owned();
        std::fs::remove_dir_all(&folder)?;
        Ok(())
    })?;
    let release = hosted
        .built
        .chronological
        .iter()
        .find(|r| r.slug == slug)
        .context("the release whose page was removed")?
        .clone();
    let policy = ConsolePolicy::AllowErrorsMentioning(vec!["status of 404".to_owned()]);
    run_site(hosted, policy, async |cx| {
        cx.browser.goto(&release.encoded_path()).await?;
        cx.browser
            .wait_text(sel::ARTICLE_TITLE, &release.title)
            .await?;
        let requests: Vec<String> = cx
            .hosted
            .server
            .requests()
            .into_iter()
            .map(|r| r.target)
            .filter(|t| !t.ends_with(".svg") && !t.ends_with(".ico"))
            .collect();
        // Written by hand: the page (404.html), the stylesheet, the theme script, the JS
        // glue, the wasm and the bundle; the site's icon is left out (browsers fetch it
        // when idle).
        ensure!(
            requests.len() <= REQUESTS_BUDGET,
            "{} requests before the article: {requests:?}",
            requests.len()
        );
        for part in [".css", ".js", "_bg.wasm", "releases.json"] {
            ensure!(
                requests.iter().any(|t| t.ends_with(part)),
                "no {part} among {requests:?}"
            );
        }
        // The app's request for the data went out as it started, and its loader took
        // up that request instead of sending another.
        let data = requests
            .iter()
            .filter(|t| t.ends_with("releases.json"))
            .count();
        ensure!(
            data == 1,
            "the data was asked for {data} times: {requests:?}"
        );
        Ok(())
    })
    .await
}

/// Written into a pre-rendered page's head (a file: the policy allows no inline script):
/// when the page first asks for the data, notes whether the app had drawn its own markup
/// beside the pre-rendered one by then.
const DRAWN_PROBE: &str = "const pageFetch = window.fetch;
window.fetch = function (input, init) {
  const url = typeof input === 'string' ? input : input.url;
  if (url.endsWith('/releases.json') && window.drawnWhenAsked === undefined) {
    const host = document.getElementById('pressroom');
    window.drawnWhenAsked = [...host.children].some((c) => !c.hasAttribute('data-prerendered-route'));
  }
  return pageFetch.apply(this, arguments);
};
";

#[tokio::test]
async fn a_pre_rendered_page_asks_for_the_data_before_the_app_draws() -> Result<()> {
    // The app sends the data's request as it starts, before it builds its views, not
    // once they are built (its resource's loader first runs after a tick).
    let hosted = Hosted::start(Build::Root, Fallback::NotFoundPage, Vec::new(), |site| {
        std::fs::write(site.join("drawn-probe.js"), DRAWN_PROBE)?;
        let page = site.join("index.html");
        let html = std::fs::read_to_string(&page)?;
        let probe = format!(
            "<script src=\"{}drawn-probe.js\"></script></head>",
            Build::Root.base()
        );
        std::fs::write(&page, html.replacen("</head>", &probe, 1))?;
        Ok(())
    })?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        cx.browser.goto("/").await?;
        let drawn = cx
            .browser
            .poll("the page's request for the data", async || {
                let drawn = cx
                    .browser
                    .execute("return window.drawnWhenAsked ?? null;")
                    .await?;
                Ok(drawn.as_bool())
            })
            .await?;
        ensure!(
            !drawn,
            "the app asked for the data only after it had drawn its views"
        );
        Ok(())
    })
    .await
}
