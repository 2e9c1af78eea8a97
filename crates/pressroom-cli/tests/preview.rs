//! `pressroom preview`: the site served on 127.0.0.1 as a host serves it (pages, 404,
//! `_headers`), written again when a Markdown file changes, and kept when a build fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use common::{binary, fixture};
use pressroom_site::test_app::write_test_app;

/// The longest wait for the preview to say or serve something.
const PATIENCE: Duration = Duration::from_secs(60);

/// The preview process, stopped when the test ends however it ends.
struct Preview {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// The first line of `lines` that contains `needle` (panics after [`PATIENCE`]).
fn wait_for_line(lines: &Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no line with {needle:?} in time"));
        if line.contains(needle) {
            return line;
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A GET over a fresh connection: status, head (lower-cased names) and body.
fn get(address: &str, target: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// Polls `target` until its body contains `needle`: the observable end of a rebuild.
fn wait_for_body(address: &str, target: &str, needle: &str) {
    let deadline = Instant::now() + PATIENCE;
    while !get(address, target).2.contains(needle) {
        assert!(
            Instant::now() < deadline,
            "{target} never showed {needle:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn start(dir: &Path) -> (Preview, String) {
    let mut child = Command::new(binary())
        .args(["preview", "--port", "0", "--app"])
        .arg(dir.join("app"))
        .arg(dir.join("content"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let preview = Preview {
        stdout: lines(child.stdout.take().unwrap()),
        stderr: lines(child.stderr.take().unwrap()),
        child,
    };
    let line = wait_for_line(&preview.stdout, "Serving http://");
    let address = line
        .trim_start_matches("Serving http://")
        .trim_end_matches('/')
        .to_owned();
    (preview, address)
}

#[test]
fn serves_the_site_and_writes_it_again_on_change() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("preview");
    let _ = fs::remove_dir_all(&dir);
    write_test_app(&dir.join("app")).unwrap();
    copy_dir(&fixture("build/basic"), &dir.join("content"));
    let (preview, address) = start(&dir);
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    // Hand-written facts of the fixture: the Korean release's heading, the file-name slug.
    let (status, head, body) = get(&address, "/");
    assert_eq!(status, 200);
    assert!(body.contains("2024년 연안 정화 계획 발표"), "{body}");
    assert!(
        head.contains(
            "content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
        ),
        "{head}"
    );
    assert!(head.contains("cache-control: no-store"), "{head}");
    let (status, _, body) = get(&address, "/releases/weekly-update/");
    assert_eq!(status, 200);
    assert!(body.contains("???"));
    let (status, _, _) = get(&address, "/releases/no-such-release/");
    assert_eq!(status, 404);
    assert_eq!(get(&address, "/releases/weekly-update").0, 301);
    assert_eq!(get(&address, "/../Cargo.toml").0, 400);

    let file = dir.join("content/weekly-update.md");
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replace("The title gives no slug", "Rewritten while previewing");
    assert_ne!(edited, text);
    fs::write(&file, edited).unwrap();
    wait_for_body(
        &address,
        "/releases/weekly-update/",
        "Rewritten while previewing",
    );

    // A build that cannot run (the app build is half rebuilt) keeps the last good site.
    fs::remove_file(dir.join("app/index.html")).unwrap();
    wait_for_line(&preview.stderr, "the last good site is still served");
    let (status, _, body) = get(&address, "/releases/weekly-update/");
    assert_eq!(status, 200);
    assert!(body.contains("Rewritten while previewing"));
}
