//! The preview's static server: a site folder served as a static host serves it.
//!
//! - `GET` and `HEAD`; anything else is `405`. One thread per connection,
//!   `Connection: close`, `Cache-Control: no-store` (every rebuild shows at once).
//! - The site lives under its base path (`/newsroom/`); `/` redirects there.
//! - A folder is its `index.html`; a folder named without its trailing `/` is redirected
//!   to it, as hosts do. A path that names no file gets the site's `404.html` with status
//!   404 (the app's shell then routes it, as on GitHub Pages, Netlify or Cloudflare Pages).
//! - The headers of the site's `_headers` file are sent as Netlify and Cloudflare Pages
//!   send them, so the preview runs under the site's real Content-Security-Policy.
//! - A single `Range` of a file is answered with `206`
//!   ([`pressroom_site::http`]), as hosts do: the app reads one release out of a
//!   pack that way.
//! - A percent-decoded path with a `.`/`..` segment, a backslash or a NUL is refused with
//!   `400`: nothing outside the site folder is read.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use pressroom_core::paths::files::{HEADERS, INDEX, NOT_FOUND_PAGE as NOT_FOUND};
use pressroom_site::headers::rules::{headers_for, parse};
use pressroom_site::http;
use pressroom_site::media_type;

/// The longest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// What the server serves: a site folder under a base path.
#[derive(Debug, Clone)]
pub struct Site {
    /// The folder `pressroom site` writes.
    pub root: PathBuf,
    /// The base path, starting and ending with `/`.
    pub base: String,
}

/// One answer, before the `_headers` rules are added.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// `Location`, for redirects.
    pub location: Option<String>,
    /// The file served, if any (its type names the `Content-Type`).
    pub file: Option<PathBuf>,
    /// A plain-text body when no file is served.
    pub text: &'static str,
}

impl Answer {
    fn text(status: u16, text: &'static str) -> Self {
        Answer {
            status,
            location: None,
            file: None,
            text,
        }
    }

    fn redirect(status: u16, location: String) -> Self {
        Answer {
            location: Some(location),
            ..Answer::text(status, "")
        }
    }

    fn file(status: u16, file: PathBuf) -> Self {
        Answer {
            file: Some(file),
            ..Answer::text(status, "")
        }
    }
}

/// Serves `site` on `listener` until the process ends, one thread per connection.
pub fn serve(listener: TcpListener, site: Site) {
    for stream in listener.incoming().flatten() {
        let site = site.clone();
        std::thread::spawn(move || handle(stream, &site));
    }
}

fn handle(mut stream: TcpStream, site: &Site) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    let mut words = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    let answer = match method {
        "GET" | "HEAD" => answer_for(site, target),
        _ => Answer::text(405, "only GET and HEAD\n"),
    };
    let request = Request {
        target,
        range: http::header(&head, "range"),
        head_only: method == "HEAD",
    };
    let _ = write_answer(&mut stream, site, &request, &answer);
}

/// What of a request the answer's writing needs.
struct Request<'a> {
    target: &'a str,
    range: Option<&'a str>,
    head_only: bool,
}

fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).ok()?;
        if read == 0 || head.len() > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8(head).ok()
}

/// What a static host answers to a request target (path and query, as sent).
pub fn answer_for(site: &Site, target: &str) -> Answer {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or("");
    if path == "/" && site.base != "/" {
        return Answer::redirect(302, site.base.clone());
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Answer::text(400, "the path is not UTF-8\n");
    };
    let Some(relative) = decoded.strip_prefix(site.base.as_str()) else {
        return Answer::text(404, "not under the site's base path\n");
    };
    let segments: Vec<&str> = relative.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| matches!(*s, "." | "..") || s.contains(['\\', '\0']))
    {
        return Answer::text(400, "refused: the path leaves the site\n");
    }
    let file = segments
        .iter()
        .fold(site.root.clone(), |dir, s| dir.join(s));
    if file.is_dir() {
        if !path.ends_with('/') {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return Answer::redirect(301, format!("{path}/{query}"));
        }
        return found_or_404(site, file.join(INDEX));
    }
    found_or_404(site, file)
}

fn found_or_404(site: &Site, file: PathBuf) -> Answer {
    if file.is_file() {
        return Answer::file(200, file);
    }
    let not_found = site.root.join(NOT_FOUND);
    if not_found.is_file() {
        Answer::file(404, not_found)
    } else {
        Answer::text(404, "not found\n")
    }
}

fn write_answer(
    stream: &mut TcpStream,
    site: &Site,
    request: &Request<'_>,
    answer: &Answer,
) -> std::io::Result<()> {
    let (body, content_type) = match &answer.file {
        Some(file) => match fs::read(file) {
            Ok(body) => (body, media_type::for_path(file)),
            Err(_) => (b"could not read the file\n".to_vec(), "text/plain"),
        },
        None => (answer.text.as_bytes().to_vec(), "text/plain; charset=utf-8"),
    };
    // Only files are cut to a range; the server's own texts are sent whole.
    let range = answer.file.as_ref().and(request.range);
    let http::Cut {
        status,
        body,
        content_range,
        ..
    } = http::cut(answer.status, body, range);
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nAccept-Ranges: bytes\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    if let Some(range) = content_range {
        head.push_str(&format!("Content-Range: {range}\r\n"));
    }
    if let Some(location) = &answer.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    // The site writer wrote the file; one it cannot read only costs the headers.
    let rules = fs::read_to_string(site.root.join(HEADERS)).unwrap_or_default();
    let rules = parse(&rules).unwrap_or_default();
    let path = request.target.split(['?', '#']).next().unwrap_or("");
    for (name, value) in headers_for(&rules, path) {
        // The preview revalidates everything itself; a host's caching rules would only
        // keep an old build on screen.
        if !name.eq_ignore_ascii_case("cache-control") {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !request.head_only {
        stream.write_all(&body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        _ => "",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn site(base: &str) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("releases/한국")).unwrap();
        fs::write(root.join(INDEX), "list").unwrap();
        fs::write(root.join(NOT_FOUND), "shell").unwrap();
        fs::write(root.join("releases/한국/index.html"), "korean").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let base = base.to_owned();
        (dir, Site { root, base })
    }

    fn file_name(answer: &Answer) -> String {
        let file = answer.file.as_ref().unwrap();
        fs::read_to_string(file).unwrap()
    }

    #[test]
    fn serves_folders_files_and_the_404_page() {
        let (_dir, site) = site("/");
        let list = answer_for(&site, "/?q=x");
        assert_eq!((list.status, file_name(&list)), (200, "list".to_owned()));
        let korean = answer_for(&site, "/releases/%ED%95%9C%EA%B5%AD/");
        assert_eq!(
            (korean.status, file_name(&korean)),
            (200, "korean".to_owned())
        );
        let missing = answer_for(&site, "/releases/nothing/");
        assert_eq!(
            (missing.status, file_name(&missing)),
            (404, "shell".to_owned())
        );
        let bare = answer_for(&site, "/releases/%ED%95%9C%EA%B5%AD?x=1");
        assert_eq!(bare.status, 301);
        assert_eq!(
            bare.location.as_deref(),
            Some("/releases/%ED%95%9C%EA%B5%AD/?x=1")
        );
    }

    #[test]
    fn never_reads_outside_the_site() {
        let (_dir, site) = site("/");
        for target in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/a%5c..%5csecret.txt",
            "/%00",
        ] {
            assert_eq!(answer_for(&site, target).status, 400, "{target}");
        }
    }

    #[test]
    fn lives_under_its_base_path() {
        let (_dir, site) = site("/newsroom/");
        let root = answer_for(&site, "/");
        assert_eq!(
            (root.status, root.location.as_deref()),
            (302, Some("/newsroom/"))
        );
        assert_eq!(file_name(&answer_for(&site, "/newsroom/")), "list");
        assert_eq!(answer_for(&site, "/index.html").status, 404);
    }
}
