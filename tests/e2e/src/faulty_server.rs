//! A test server that misbehaves on command, for the network-fault tests.
//!
//! It serves one directory like [`crate::server::StaticServer`] (same single-page-app
//! fallback and content types, `Connection: close`), except for `releases.json`: each
//! request for it takes the next [`Fault`] queued with [`FaultyServer::push`], and is
//! served normally when the queue is empty. Served normally, the bundle carries an
//! `ETag` (a hash of its bytes), `Cache-Control: no-cache`, and `If-None-Match` gets
//! `304`; the bytes are read from disk on every request, so
//! [`FaultyServer::set_bundle`] changes what the next request gets.
//!
//! Every request is recorded, and requests for the bundle are counted.

use std::collections::VecDeque;
use std::fs;
use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use percent_encoding::percent_decode_str;
use pressroom_site::http;

use crate::server::{read_head, RequestRecord};

/// What one request for `releases.json` gets instead of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// This status with a short text body, and a `Retry-After` header when given.
    Status {
        /// HTTP status, e.g. 503.
        status: u16,
        /// The `Retry-After` value, e.g. `"1"`.
        retry_after: Option<String>,
    },
    /// Wait this long, then serve the file.
    Delay(Duration),
    /// Read the request and answer nothing for this long, then close the connection.
    Hang(Duration),
    /// Serve the file `chunk` bytes at a time, one chunk every `every`, with a
    /// `Content-Length` or, without it, chunked transfer encoding.
    Trickle {
        /// Bytes per write.
        chunk: usize,
        /// Pause between writes.
        every: Duration,
        /// Announce the length.
        content_length: bool,
    },
    /// This answer instead of the file (e.g. a host's HTML error page with status 200).
    Body {
        /// HTTP status.
        status: u16,
        /// `Content-Type`.
        content_type: String,
        /// The body.
        body: Vec<u8>,
    },
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<Fault>,
    requests: Vec<RequestRecord>,
    bundle_requests: usize,
}

/// A running faulty server; stops when dropped.
#[derive(Debug)]
pub struct FaultyServer {
    addr: SocketAddr,
    root: PathBuf,
    stop: Arc<AtomicBool>,
    state: Arc<Mutex<State>>,
    thread: Option<JoinHandle<()>>,
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

impl FaultyServer {
    /// Starts serving `root` on `127.0.0.1` and a port the system picks.
    pub fn start(root: &Path) -> Result<Self> {
        let listener =
            TcpListener::bind("127.0.0.1:0").context("binding the faulty server to 127.0.0.1")?;
        let addr = listener
            .local_addr()
            .context("reading the faulty server's address")?;
        let root = root.to_path_buf();
        let stop = Arc::new(AtomicBool::new(false));
        let state = Arc::new(Mutex::new(State::default()));
        let thread = {
            let (root, stop, state) = (root.clone(), Arc::clone(&stop), Arc::clone(&state));
            std::thread::Builder::new()
                .name("e2e-faulty-server".into())
                .spawn(move || {
                    for stream in listener.incoming() {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let Ok(stream) = stream else { continue };
                        let (root, stop, state) =
                            (root.clone(), Arc::clone(&stop), Arc::clone(&state));
                        let _ = std::thread::Builder::new()
                            .name("e2e-faulty-conn".into())
                            .spawn(move || handle(stream, &root, &stop, &state));
                    }
                })
                .context("starting the faulty server's thread")?
        };
        Ok(Self {
            addr,
            root,
            stop,
            state,
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

    /// Queues `fault` for the next request for `releases.json` not yet given one.
    pub fn push(&self, fault: Fault) {
        lock(&self.state).queue.push_back(fault);
    }

    /// Queues `fault` `n` times.
    pub fn push_n(&self, fault: Fault, n: usize) {
        let mut state = lock(&self.state);
        for _ in 0..n {
            state.queue.push_back(fault.clone());
        }
    }

    /// Forgets the queued faults: the bundle is served normally from now on.
    pub fn clear_faults(&self) {
        lock(&self.state).queue.clear();
    }

    /// Replaces the served `releases.json`.
    pub fn set_bundle(&self, bytes: &[u8]) -> Result<()> {
        fs::write(self.root.join("releases.json"), bytes).context("replacing releases.json")
    }

    /// How many requests for `releases.json` arrived (answered or still being answered).
    pub fn bundle_requests(&self) -> usize {
        lock(&self.state).bundle_requests
    }

    /// The requests answered so far, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.state).requests.clone()
    }
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Writes a whole answer with `Content-Length`.
fn write_answer(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    extra_headers: &str,
    body: &[u8],
    head_only: bool,
) {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra_headers}Connection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    let mut out = head.into_bytes();
    if !head_only {
        out.extend_from_slice(body);
    }
    let _ = stream.write_all(&out);
}

/// Sleeps `total`, waking early when the server stops.
fn nap(total: Duration, stop: &AtomicBool) {
    let end = Instant::now() + total;
    while Instant::now() < end && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(20).min(end - Instant::now()));
    }
}

fn etag(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("\"{hash:016x}\"")
}

fn handle(mut stream: TcpStream, root: &Path, stop: &AtomicBool, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    let mut parts = head.split("\r\n").next().unwrap_or("").split(' ');
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let path = target.split(['?', '#']).next().unwrap_or("");
    let is_bundle = path.ends_with("/releases.json");
    let head_only = method == "HEAD";

    let status = if method != "GET" && !head_only {
        write_answer(
            &mut stream,
            405,
            "text/plain",
            "",
            b"method not allowed\n",
            false,
        );
        405
    } else if is_bundle {
        let fault = {
            let mut state = lock(state);
            state.bundle_requests += 1;
            state.queue.pop_front()
        };
        serve_bundle(&mut stream, root, &head, fault, stop, head_only)
    } else {
        serve_static(&mut stream, root, path, &head, head_only)
    };
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
    lock(state).requests.push(RequestRecord {
        method,
        target,
        status,
        part: None,
    });
}

fn serve_bundle(
    stream: &mut TcpStream,
    root: &Path,
    head: &str,
    fault: Option<Fault>,
    stop: &AtomicBool,
    head_only: bool,
) -> u16 {
    let file = root.join("releases.json");
    match fault {
        Some(Fault::Status {
            status,
            retry_after,
        }) => {
            let extra = retry_after
                .map(|v| format!("Retry-After: {v}\r\n"))
                .unwrap_or_default();
            let body = format!("{status} {}\n", reason(status));
            write_answer(
                stream,
                status,
                "text/plain",
                &extra,
                body.as_bytes(),
                head_only,
            );
            status
        }
        Some(Fault::Hang(duration)) => {
            nap(duration, stop);
            0
        }
        Some(Fault::Body {
            status,
            content_type,
            body,
        }) => {
            write_answer(stream, status, &content_type, "", &body, head_only);
            status
        }
        Some(Fault::Delay(duration)) => {
            nap(duration, stop);
            serve_bundle_file(stream, &file, head, head_only)
        }
        Some(Fault::Trickle {
            chunk,
            every,
            content_length,
        }) => {
            let Ok(body) = fs::read(&file) else {
                write_answer(stream, 404, "text/plain", "", b"not found\n", head_only);
                return 404;
            };
            let length = if content_length {
                format!("Content-Length: {}\r\n", body.len())
            } else {
                "Transfer-Encoding: chunked\r\n".to_string()
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}Cache-Control: no-store\r\nConnection: close\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).is_err() {
                return 200;
            }
            for piece in body.chunks(chunk.max(1)) {
                let written = if content_length {
                    stream.write_all(piece)
                } else {
                    stream
                        .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                        .and_then(|()| stream.write_all(piece))
                        .and_then(|()| stream.write_all(b"\r\n"))
                };
                if written.and_then(|()| stream.flush()).is_err() {
                    return 200;
                }
                nap(every, stop);
            }
            if !content_length {
                let _ = stream.write_all(b"0\r\n\r\n");
            }
            200
        }
        None => serve_bundle_file(stream, &file, head, head_only),
    }
}

fn serve_bundle_file(stream: &mut TcpStream, file: &Path, head: &str, head_only: bool) -> u16 {
    let Ok(body) = fs::read(file) else {
        write_answer(stream, 404, "text/plain", "", b"not found\n", head_only);
        return 404;
    };
    let tag = etag(&body);
    let extra = format!("ETag: {tag}\r\nCache-Control: no-cache\r\n");
    if http::header(head, "if-none-match").is_some_and(|v| v.split(',').any(|t| t.trim() == tag)) {
        write_answer(stream, 304, "application/json", &extra, b"", true);
        return 304;
    }
    write_answer(stream, 200, "application/json", &extra, &body, head_only);
    200
}

fn serve_static(
    stream: &mut TcpStream,
    root: &Path,
    path: &str,
    head: &str,
    head_only: bool,
) -> u16 {
    let decoded = percent_decode_str(path).decode_utf8_lossy().into_owned();
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." || segment.contains(['\\', '\0']) {
            write_answer(stream, 400, "text/plain", "", b"bad path\n", head_only);
            return 400;
        }
        segments.push(segment);
    }
    let mut file = root.to_path_buf();
    file.extend(&segments);
    if segments.is_empty() || file.is_dir() {
        file = file.join("index.html");
    }
    let accepts_html = http::header(head, "accept").is_some_and(|v| v.contains("text/html"));
    let has_extension = segments.last().is_some_and(|last| last.contains('.'));
    if !file.is_file() && (!has_extension || accepts_html) {
        file = root.join("index.html");
    }
    match fs::read(&file) {
        Ok(body) => {
            let extra = "Cache-Control: no-store\r\n";
            write_answer(
                stream,
                200,
                pressroom_site::media_type::for_path(&file),
                extra,
                &body,
                head_only,
            );
            200
        }
        Err(_) => {
            write_answer(stream, 404, "text/plain", "", b"not found\n", head_only);
            404
        }
    }
}
