//! Serving a dist the way a particular host would: under a sub-path, with or without a
//! fallback for unknown paths, with extra headers (CORS for embeds). Also the other
//! builds the hosting tests need, found through environment variables set by
//! `cargo xtask test`:
//!
//! - `PRESSROOM_DIST_SUBPATH`: a dist built with `cargo xtask dist --base /newsroom/`;
//! - `PRESSROOM_SINGLE_FILE`: the `pressroom.html` of `cargo xtask dist --single-file`;
//! - `PRESSROOM_DIST_ARCHIVE`: a sharded-archive site (`--layout archive`) of a generated
//!   archive, whose content is `archive-content.json` beside it, with a file budget that
//!   leaves most releases without a pre-rendered page.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, ensure, Context, Result};

use crate::browser::Browser;
use crate::bundle::Expected;
use crate::console::ConsolePolicy;
use crate::harness::{dist_dir, drive};
use crate::raw_http::raw_http;
use crate::server::{Fallback, StaticServer};
use crate::tempdir::{copy_tree, TempDir};

/// The sub-path the sub-path build is made for.
pub const SUBPATH: &str = "/newsroom/";

/// Which build to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// `PRESSROOM_DIST`, built for `/`.
    Root,
    /// `PRESSROOM_DIST_SUBPATH`, built for [`SUBPATH`].
    SubPath,
    /// `PRESSROOM_DIST_ARCHIVE`, a sharded archive built for `/`.
    Archive,
}

/// The content an archive site was written from: beside its folder.
pub const ARCHIVE_CONTENT: &str = "archive-content.json";

impl Build {
    /// The build's directory.
    pub fn dir(self) -> Result<PathBuf> {
        match self {
            Self::Root => dist_dir(),
            Self::SubPath => env_path(
                "PRESSROOM_DIST_SUBPATH",
                "cargo xtask dist --base /newsroom/",
            ),
            Self::Archive => env_path(
                "PRESSROOM_DIST_ARCHIVE",
                "pressroom site --layout archive (cargo xtask test writes it)",
            ),
        }
    }

    /// What the build shows: its `releases.json`, or for an archive the content beside it.
    pub fn expected(self, site: &Path) -> Result<Expected> {
        match self {
            Self::Root | Self::SubPath => Expected::from_dist(site),
            Self::Archive => {
                let dir = self.dir()?;
                let file = dir
                    .parent()
                    .context("the archive site has no parent folder")?
                    .join(ARCHIVE_CONTENT);
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("reading {}", file.display()))?;
                Expected::from_json(&text)
            }
        }
    }

    /// The public URL it was built for.
    pub fn base(self) -> &'static str {
        match self {
            Self::Root | Self::Archive => "/",
            Self::SubPath => SUBPATH,
        }
    }
}

/// The single-file export.
pub fn single_file() -> Result<PathBuf> {
    env_path("PRESSROOM_SINGLE_FILE", "cargo xtask dist --single-file")
}

fn env_path(name: &str, how: &str) -> Result<PathBuf> {
    let Some(raw) = std::env::var_os(name) else {
        bail!("{name} is not set: build it with `{how}` (cargo xtask test does). These tests never skip.");
    };
    let path = PathBuf::from(raw);
    if !path.exists() {
        bail!("{name}={} does not exist", path.display());
    }
    Ok(path)
}

/// A build copied to a temporary folder, under its public URL, and served.
#[derive(Debug)]
pub struct Hosted {
    /// The server (of the folder above the public URL).
    pub server: StaticServer,
    /// Where the build's files are (the folder served at the public URL).
    pub site: PathBuf,
    /// The public URL.
    pub base: String,
    /// What the build's own bundle shows (before `prepare` changed anything).
    pub built: Expected,
    /// Dropped after the server.
    _dir: TempDir,
}

impl Hosted {
    /// Copies `build` under its public URL, lets `prepare` change the copy, and serves it.
    pub fn start(
        build: Build,
        fallback: Fallback,
        headers: Vec<(String, String)>,
        prepare: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<Self> {
        let dist = build.dir()?;
        let dir = TempDir::new("hosted")?;
        let site = dir.path().join(build.base().trim_matches('/'));
        std::fs::create_dir_all(&site).context("creating the site folder")?;
        copy_tree(&dist, &site).with_context(|| format!("copying {}", dist.display()))?;
        let built = build.expected(&site)?;
        prepare(&site)?;
        let server = StaticServer::start_with(dir.path(), headers, fallback)?;
        Ok(Self {
            server,
            site,
            base: build.base().to_owned(),
            built,
            _dir: dir,
        })
    }

    /// `http://127.0.0.1:<port>/newsroom` (no trailing slash; empty path at the root).
    pub fn app_url(&self) -> String {
        format!(
            "{}{}",
            self.server.base_url(),
            self.base.trim_end_matches('/')
        )
    }
}

/// What a hosting test body gets.
#[derive(Debug)]
pub struct SiteCtx {
    /// The browser, with [`Hosted::app_url`] as its base URL.
    pub browser: Browser,
    /// The served build.
    pub hosted: Hosted,
    /// What its bundle should show (the build's, if the test removed it).
    pub expected: Expected,
}

/// Runs one browser test against `hosted`, like [`crate::harness::run`].
pub async fn run_site<F>(hosted: Hosted, policy: ConsolePolicy, body: F) -> Result<()>
where
    F: for<'a> AsyncFnOnce(&'a mut SiteCtx) -> Result<()>,
{
    // The served bundle, or the build's when the test took it away.
    let expected = if hosted.site.join("releases.json").is_file() {
        Expected::from_dist(&hosted.site)?
    } else {
        hosted.built.clone()
    };
    let base_url = hosted.app_url();
    drive(
        base_url,
        policy,
        |browser| SiteCtx {
            browser,
            hosted,
            expected,
        },
        body,
        |cx| {
            let requests = cx.hosted.server.requests();
            (cx.browser, requests, cx.hosted)
        },
    )
    .await
}

/// The gzip size of a file (level 6, as hosts send it).
pub fn gzip_len(path: &Path) -> Result<u64> {
    use std::io::Write;
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

/// Puts `<meta name=… content=…>` into the `<head>` of `file`, replacing a meta of the
/// same name: what `cargo xtask dist` writes for `--routing hash` or `--embed-origin`.
pub fn set_meta(file: &Path, name: &str, content: &str) -> Result<()> {
    let html =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let tag = format!("<meta name=\"{name}\" content=\"{content}\">");
    let marker = format!("<meta name=\"{name}\"");
    let html = match html.find(&marker) {
        Some(start) => {
            let end = html[start..]
                .find('>')
                .map(|e| start + e + 1)
                .context("an unterminated meta")?;
            format!("{}{tag}{}", &html[..start], &html[end..])
        }
        None => {
            let head = html.find("<head>").context("no <head>")? + "<head>".len();
            format!("{}{tag}{}", &html[..head], &html[head..])
        }
    };
    std::fs::write(file, html).with_context(|| format!("writing {}", file.display()))
}

/// `GET`s `url` (plain HTTP on 127.0.0.1, as a navigation: `Accept: text/html`) and
/// returns the status and body.
pub fn http_get(url: &str) -> Result<(u16, String)> {
    let parsed = url::Url::parse(url).with_context(|| format!("parsing {url}"))?;
    ensure!(
        parsed.host_str() == Some("127.0.0.1"),
        "not a local URL: {url}"
    );
    let port = parsed.port().context("no port")?;
    let target = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_owned(),
    };
    let text = raw_http(
        port,
        "GET",
        &target,
        &[("Accept", "text/html")],
        Duration::from_secs(20),
    )
    .with_context(|| format!("GET {url}"))?;
    let (head, body) = text.split_once("\r\n\r\n").context("no end of headers")?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status")?;
    Ok((status, body.to_owned()))
}

/// The text of some HTML as a reader sees it: tags dropped, the common entities decoded,
/// runs of whitespace made one space.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes `&amp; &lt; &gt; &quot; &#39; &#x27; &nbsp;` and numeric entities.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(end) = tail.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
