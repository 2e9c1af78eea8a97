//! A small static file server for the tests, on `127.0.0.1` and a free port.
//!
//! - Serves the files of one directory (the test's copy of `dist/`), read from disk on
//!   every request, so a test may delete or replace `releases.json` while it runs.
//! - `GET` and `HEAD` only; one thread per connection; `Connection: close`.
//! - `/` is `index.html`. A path that names no file falls back to `index.html` (the
//!   single-page app's router then shows the right page) when its last segment has no
//!   file extension, or when the request accepts `text/html` (a navigation); any other
//!   missing file is a `404` (so a missing `releases.json` is a real 404 for `fetch`).
//! - A single `Range` is answered with `206` ([`pressroom_site::http`]), as static
//!   hosts do.
//! - Content types for `.html .js .mjs .wasm .json .css .svg .png .ico .txt`, and
//!   `Cache-Control: no-store` on every answer.
//! - Percent-decoded paths with a `..` or `.` segment, a backslash or a NUL are
//!   refused with `400`, so nothing outside the root can be read.
//! - Every request is recorded ([`StaticServer::requests`]) for assertions and
//!   diagnostics.
//! - [`StaticServer::start_compressing`] gzips text and wasm for a client that accepts
//!   it, as hosts and CDNs do (the benchmark's readers); the tests' servers send bytes
//!   as they are on disk.
//! - [`StaticServer::start_with_headers`] adds headers to every answer, as a host does
//!   (e.g. the `Content-Security-Policy` of `dist/_headers`); [`StaticServer::start`] adds
//!   none.

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result};
use percent_encoding::percent_decode_str;
use pressroom_site::http;

/// One request the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target as sent, e.g. `/releases.json?x=1`.
    pub target: String,
    /// The status code of the answer.
    pub status: u16,
    /// The bytes sent of a `206` answer (a `Range` request), `None` for a whole answer.
    pub part: Option<std::ops::Range<usize>>,
}

/// A running server; stops when dropped.
#[derive(Debug)]
pub struct StaticServer {
    addr: SocketAddr,
    root: PathBuf,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<RequestRecord>>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Starts serving `root` on `127.0.0.1` and a port the system picks.
    pub fn start(root: &Path) -> Result<Self> {
        Self::start_with_headers(root, Vec::new())
    }

    /// Like [`Self::start`], and every answer (files, fallbacks and errors alike) also
    /// carries `headers` (name, value), after the server's own.
    pub fn start_with_headers(root: &Path, headers: Vec<(String, String)>) -> Result<Self> {
        Self::start_with(root, headers, Fallback::SpaIndex)
    }

    /// Like [`Self::start_with_headers`], answering paths that name no file as `fallback`
    /// says (a host that rewrites to `index.html`, one that serves `404.html`, or one
    /// that serves files only).
    pub fn start_with(
        root: &Path,
        headers: Vec<(String, String)>,
        fallback: Fallback,
    ) -> Result<Self> {
        Self::spawn(root, headers, fallback, false)
    }

    /// Like [`Self::start_with`] without extra headers, gzipping whole answers of text,
    /// JSON, JavaScript and wasm when the request accepts gzip (not parts: a `Range`
    /// names bytes of the file as stored). Each body is compressed once and kept.
    pub fn start_compressing(root: &Path, fallback: Fallback) -> Result<Self> {
        Self::spawn(root, Vec::new(), fallback, true)
    }

    fn spawn(
        root: &Path,
        headers: Vec<(String, String)>,
        fallback: Fallback,
        gzip: bool,
    ) -> Result<Self> {
        for (name, value) in &headers {
            anyhow::ensure!(
                !name.is_empty()
                    && !name.contains([':', '\r', '\n'])
                    && !value.contains(['\r', '\n']),
                "not a valid header line: {name:?}: {value:?}"
            );
        }
        let config = Arc::new(Config {
            root: root.to_path_buf(),
            headers,
            fallback,
            gzip: gzip.then(|| Mutex::new(HashMap::new())),
        });
        let listener =
            TcpListener::bind("127.0.0.1:0").context("binding the static server to 127.0.0.1")?;
        let addr = listener
            .local_addr()
            .context("reading the static server's address")?;
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let stop = Arc::clone(&stop);
            let requests = Arc::clone(&requests);
            std::thread::Builder::new()
                .name("e2e-static-server".into())
                .spawn(move || accept_loop(&listener, &config, &stop, &requests))
                .context("starting the static server's thread")?
        };
        Ok(Self {
            addr,
            root: root.to_path_buf(),
            stop,
            requests,
            thread: Some(thread),
        })
    }

    /// The base URL, without a trailing slash: `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The directory being served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The requests answered so far, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What every connection is answered with.
struct Config {
    root: PathBuf,
    headers: Vec<(String, String)>,
    fallback: Fallback,
    /// When answers are gzipped: the compressed bodies.
    gzip: Option<GzipCache>,
}

/// Gzipped bodies, by request target and length.
type GzipCache = Mutex<HashMap<(String, usize), Arc<Vec<u8>>>>;

fn accept_loop(
    listener: &TcpListener,
    config: &Arc<Config>,
    stop: &AtomicBool,
    requests: &Arc<Mutex<Vec<RequestRecord>>>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let config = Arc::clone(config);
        let requests = Arc::clone(requests);
        // Connection threads are detached: each ends after one answer or a read timeout.
        let _ = std::thread::Builder::new()
            .name("e2e-static-conn".into())
            .spawn(move || {
                if let Some(record) = handle_connection(stream, &config) {
                    requests
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(record);
                }
            });
    }
}

/// How a path that names no file is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// `index.html` for navigations and extension-less paths (a host with a rewrite rule).
    SpaIndex,
    /// The nearest `404.html` up the path, with status 404 (GitHub Pages and the like).
    NotFoundPage,
    /// A plain 404: files only (S3 without rules, a bare file server).
    FilesOnly,
}

/// The `404.html` of the deepest folder on the way to `segments` that has one.
fn nearest_404(root: &Path, segments: &[&str]) -> Option<PathBuf> {
    (0..=segments.len()).rev().find_map(|depth| {
        let mut dir = root.to_path_buf();
        dir.extend(&segments[..depth]);
        let page = dir.join("404.html");
        page.is_file().then_some(page)
    })
}

/// An answer before it is written.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    part: Option<std::ops::Range<usize>>,
    /// The file it was read from.
    file: Option<PathBuf>,
}

impl Answer {
    fn text(status: u16, body: &str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            part: None,
            file: None,
        }
    }
}

fn handle_connection(mut stream: TcpStream, config: &Config) -> Option<RequestRecord> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let head = read_head(&mut stream)?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?;
    let mut parts = request_line.split(' ');
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let accepts_html = http::header(&head, "accept").is_some_and(|v| v.contains("text/html"));
    let answer = match method.as_str() {
        "GET" | "HEAD" => answer_for(&config.root, &target, accepts_html, config.fallback),
        _ => Answer::text(405, "method not allowed\n"),
    };
    let range = http::header(&head, "range");
    let (answer, range_header) = apply_range(answer, range);
    let compressed = match &config.gzip {
        Some(cache) if range.is_none() && answer.status == 200 && accepts_gzip(&head) => {
            gzipped(cache, &target, &answer)
        }
        _ => None,
    };
    let (body, encoding) = match &compressed {
        Some(body) => (body.as_slice(), GZIP_HEADERS),
        None => (answer.body.as_slice(), ""),
    };
    let reason = match answer.status {
        200 => "OK",
        206 => "Partial Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        _ => "Internal Server Error",
    };
    let mut header = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nAccept-Ranges: bytes\r\nConnection: close\r\n{encoding}{range_header}",
        answer.status,
        answer.content_type,
        body.len()
    );
    for (name, value) in &config.headers {
        header.push_str(&format!("{name}: {value}\r\n"));
    }
    header.push_str("\r\n");
    let mut out = header.into_bytes();
    if method != "HEAD" {
        out.extend_from_slice(body);
    }
    let _ = stream.write_all(&out);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    Some(RequestRecord {
        method,
        target,
        status: answer.status,
        part: answer.part,
    })
}

fn accepts_gzip(head: &str) -> bool {
    http::header(head, "accept-encoding").is_some_and(|v| {
        v.split(',')
            .any(|coding| coding.split(';').next().is_some_and(|c| c.trim() == "gzip"))
    })
}

/// The header lines of a gzipped answer.
const GZIP_HEADERS: &str = "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n";

/// The gzipped body of a compressible answer (computed once per target and length);
/// `None` for other answers, which are sent as they are.
fn gzipped(cache: &GzipCache, target: &str, answer: &Answer) -> Option<Arc<Vec<u8>>> {
    let name = answer
        .file
        .as_deref()
        .and_then(Path::to_str)
        .unwrap_or_default();
    if !pressroom_site::sizes::compressible(name) {
        return None;
    }
    let key = (target.to_owned(), answer.body.len());
    if let Some(body) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Some(Arc::clone(body));
    }
    match pressroom_site::sizes::gzip(&answer.body, flate2::Compression::default()) {
        Ok(body) => {
            let body = Arc::new(body);
            cache
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, Arc::clone(&body));
            Some(body)
        }
        Err(_) => None,
    }
}

/// A file's answer cut to the request's `Range` ([`pressroom_site::http::cut`]), and
/// the `Content-Range` header line it then needs.
fn apply_range(answer: Answer, range: Option<&str>) -> (Answer, String) {
    let cut = http::cut(answer.status, answer.body, range);
    let line = cut
        .content_range
        .map(|value| format!("Content-Range: {value}\r\n"))
        .unwrap_or_default();
    let answer = if cut.status == 416 {
        Answer::text(416, "range not satisfiable\n")
    } else {
        Answer {
            status: cut.status,
            body: cut.body,
            part: cut.part,
            ..answer
        }
    };
    (answer, line)
}

/// Reads the request line and headers (up to the blank line); `None` on a closed or
/// oversized request. Request bodies are not read: only GET and HEAD are served.
pub(crate) fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(buf).ok()
}

fn answer_for(root: &Path, target: &str, accepts_html: bool, fallback: Fallback) -> Answer {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Answer::text(400, "path is not UTF-8\n");
    };
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." || segment.contains(['\\', '\0']) {
            return Answer::text(400, "path escapes the root\n");
        }
        segments.push(segment);
    }

    let mut file = root.to_path_buf();
    file.extend(&segments);
    if segments.is_empty() || file.is_dir() {
        file = file.join("index.html");
    }
    if file.is_file() {
        return serve_file(&file);
    }
    match fallback {
        Fallback::SpaIndex => {
            let has_extension = segments.last().is_some_and(|last| last.contains('.'));
            if !has_extension || accepts_html {
                return serve_file(&root.join("index.html"));
            }
        }
        Fallback::NotFoundPage => {
            if let Some(page) = nearest_404(root, &segments) {
                return Answer {
                    status: 404,
                    ..serve_file(&page)
                };
            }
        }
        Fallback::FilesOnly => {}
    }
    Answer::text(404, "not found\n")
}

fn serve_file(file: &Path) -> Answer {
    match fs::read(file) {
        Ok(body) => Answer {
            status: 200,
            content_type: pressroom_site::media_type::for_path(file),
            body,
            part: None,
            file: Some(file.to_path_buf()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Answer::text(404, "not found\n"),
        Err(_) => Answer::text(500, "could not read the file\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The head and body of a GET of `path` with `headers`.
    fn get(server: &StaticServer, path: &str, headers: &str) -> (String, Vec<u8>) {
        let mut stream = TcpStream::connect(server.addr).expect("connects");
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("sends");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("reads");
        let end = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        let head = String::from_utf8_lossy(&answer[..end]).to_lowercase();
        (head, answer[end + 4..].to_vec())
    }

    #[test]
    fn a_compressing_server_gzips_whole_text_answers_only() {
        let dir = crate::tempdir::TempDir::new("gzip-server").expect("temp dir");
        let json = "{\"releases\":[]}".repeat(200);
        std::fs::write(dir.path().join("data.json"), &json).expect("writes");
        std::fs::write(dir.path().join("logo.png"), [7u8; 300]).expect("writes");
        let server =
            StaticServer::start_compressing(dir.path(), Fallback::FilesOnly).expect("starts");
        let accept = "Accept-Encoding: br, gzip;q=0.8\r\n";

        let (head, body) = get(&server, "/data.json", accept);
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let mut text = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_string(&mut text)
            .expect("gzip");
        assert_eq!(text, json);
        assert!(body.len() < json.len() / 10, "{} bytes", body.len());

        let (head, body) = get(&server, "/data.json", "");
        assert!(!head.contains("content-encoding"), "{head}");
        assert_eq!(body, json.as_bytes());
        let (head, body) = get(
            &server,
            "/data.json",
            &format!("{accept}Range: bytes=2-9\r\n"),
        );
        assert!(
            head.starts_with("http/1.1 206") && !head.contains("content-encoding"),
            "{head}"
        );
        assert_eq!(body, &json.as_bytes()[2..10]);
        let (head, body) = get(&server, "/logo.png", accept);
        assert!(
            !head.contains("content-encoding") && body.len() == 300,
            "{head}"
        );

        let plain =
            StaticServer::start_with(dir.path(), Vec::new(), Fallback::FilesOnly).expect("starts");
        let (head, body) = get(&plain, "/data.json", accept);
        assert!(
            !head.contains("content-encoding") && body == json.as_bytes(),
            "{head}"
        );
    }
}
