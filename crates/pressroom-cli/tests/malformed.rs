//! Malformed and hostile inputs through the real binary: truncated XML, wrong encodings,
//! missing fields, a 50 MB file, nested entities. Each must end with a clear message and
//! exit code 1 (or a documented skip), never a panic, and within a memory bound.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{binary, code, run, texts};

/// Writes `bytes` to a temporary file and imports it; returns (exit code, stdout, stderr).
fn import_bytes(bytes: &[u8], extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input");
    std::fs::write(&path, bytes).unwrap();
    let mut args = vec!["import", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = run(&args);
    let (stdout, stderr) = texts(&output);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (code(&output), stdout, stderr)
}

fn assert_refused(bytes: &[u8], expected: &[&str]) {
    let (code, stdout, stderr) = import_bytes(bytes, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty(), "no bundle for refused input");
    for needle in expected {
        assert!(stderr.contains(needle), "expected {needle:?} in {stderr}");
    }
}

#[test]
fn truncated_xml_names_the_open_elements() {
    assert_refused(
        b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<item><title>Cut off",
        &[
            "line 4, column 21",
            "<item> (line 4), <channel> (line 3), <rss> (line 2) are closed",
            "truncated",
        ],
    );
    assert_refused(
        b"<rss version=\"2.0\"><channel></item></channel></rss>",
        &["line 1, column 29", "not well-formed"],
    );
}

#[test]
fn truncated_json_names_line_and_column() {
    assert_refused(
        b"{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"items\": [\n    {\"id\": \"1\", ",
        &["4:", "the JSON is not valid"],
    );
}

#[test]
fn wrong_encodings_are_explained() {
    // Declared UTF-8, but Latin-1 bytes.
    assert_refused(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>S\xe3o Paulo</title></channel></rss>",
        &["line 2, column 37", "byte 0xE3 is not valid UTF-8"],
    );
    // An encoding nobody knows.
    assert_refused(
        b"<?xml version=\"1.0\" encoding=\"x-martian\"?><rss version=\"2.0\"><channel/></rss>",
        &["\"x-martian\"", "not one we know"],
    );
    // JSON that is not UTF-8.
    assert_refused(
        b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"S\xe3o\"}",
        &["not UTF-8"],
    );
    // Declared Shift_JIS, decoded.
    let mut sjis =
        b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss version=\"2.0\"><channel><title>"
            .to_vec();
    sjis.extend_from_slice(&[0x93, 0xfa, 0x96, 0x7b]); // 日本
    sjis.extend_from_slice(b"</title><item><title>a</title><link>https://example.org/a</link><description>b</description></item></channel></rss>");
    let (code, stdout, stderr) = import_bytes(&sjis, &["--fallback-date", "2024-01-01"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"title\": \"日本\""), "{stdout}");
    assert!(stderr.contains("decoded from Shift_JIS"), "{stderr}");
}

#[test]
fn items_missing_required_fields_are_skipped_or_completed() {
    let feed = br#"<rss version="2.0"><channel><title>T</title><link>https://example.org/</link>
        <item><description>Text only, no title, link or date.</description></item>
        <item></item>
        <item><title>Only a title</title></item>
    </channel></rss>"#;
    let (code, stdout, stderr) = import_bytes(feed, &["--fallback-date", "2024-02-03"]);
    assert_eq!(code, 0, "{stderr}");
    let bundle = pressroom_core::parse_bundle(&stdout).unwrap();
    assert_eq!(bundle.releases.len(), 1, "{stdout}");
    let r = &bundle.releases[0];
    assert_eq!(r.title, "Text only, no title, link or date.");
    assert_eq!(r.published, "2024-02-03");
    assert_eq!(r.source.url, "https://example.org/", "the feed's link");
    assert!(
        stderr.contains("skipped: no content and no link (item 2; item 3 \"Only a title\")"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no date; used --fallback-date 2024-02-03"),
        "{stderr}"
    );

    // A JSON Feed without items, or without a version, is refused.
    assert_refused(
        br#"{"version": "https://jsonfeed.org/version/1.1", "title": "T"}"#,
        &["no \"items\""],
    );
    let (code, _, stderr) = import_bytes(
        br#"{"version": "https://jsonfeed.org/version/1.1", "items": "none"}"#,
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("\"items\" is a string; expected a list"),
        "{stderr}"
    );
}

#[test]
fn not_feeds_at_all() {
    assert_refused(b"", &["empty"]);
    assert_refused(
        b"<!doctype html><html><body>Not found</body></html>",
        &["root element is <html>, not a feed"],
    );
    assert_refused(
        b"<html><body>Not found</body></html>",
        &["root element is <html>, not a feed"],
    );
    assert_refused(b"Just some text.", &["not a feed"]);
    assert_refused(b"{\"some\": \"json\"}", &["neither a JSON Feed"]);
    // Random bytes.
    let mut state = 12345u64;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 56) as u8
        })
        .collect();
    let (code, _, stderr) = import_bytes(&noise, &[]);
    assert_eq!(code, 1, "{stderr}");
}

#[test]
fn nested_entities_are_refused_not_expanded() {
    let mut lol =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", level - 1)
        };
        lol.push_str(&format!(
            " <!ENTITY lol{level} \"{}\">\n",
            format!("&{previous};").repeat(10)
        ));
    }
    lol.push_str("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>\n");
    let started = Instant::now();
    assert_refused(
        lol.as_bytes(),
        &[
            "line 2, column 1",
            "declares XML entities",
            "refused, not expanded",
        ],
    );
    assert!(started.elapsed().as_secs() < 10);
    // External entities (XXE) too.
    assert_refused(
        b"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>",
        &["declares XML entities"],
    );
    // An entity used without any declaration is named.
    assert_refused(
        b"<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>",
        &["&lol9; is not an entity XML or HTML defines"],
    );
}

#[test]
fn yaml_alias_bombs_in_front_matter_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pressroom.toml"), "[site]\ntitle = 'T'\n").unwrap();
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ] {
        yaml.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
    }
    yaml.push_str("title: Bomb\ndate: 2024-01-01\n---\nText\n");
    std::fs::write(dir.path().join("bomb.md"), yaml).unwrap();
    let started = Instant::now();
    let output = run(&["build", dir.path().to_str().unwrap()]);
    let (_, stderr) = texts(&output);
    assert_eq!(code(&output), 1, "{stderr}");
    assert!(stderr.contains("bomb.md:2:1: the YAML front matter is not valid: repetition limit exceeded (its aliases"), "{stderr}");
    assert!(started.elapsed().as_secs() < 20);
}

/// Runs the binary under a 1 GiB address-space limit (`ulimit -v`), so a run that tried
/// to hold the input many times over, or to expand it, would fail to allocate.
fn run_bounded(args: &[&str]) -> (i32, String, String) {
    let mut script = String::from("ulimit -v 1048576 && exec \"$0\"");
    for index in 1..=args.len() {
        script.push_str(&format!(" \"${index}\""));
    }
    let output = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .arg(binary())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&output);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("memory allocation"),
        "{stderr}"
    );
    (code(&output), stdout, stderr)
}

fn write_file(path: &Path, parts: impl IntoIterator<Item = Vec<u8>>) -> u64 {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for part in parts {
        file.write_all(&part).unwrap();
    }
    file.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

#[test]
fn a_50_mb_file_gets_clear_errors_within_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // 50 MB of elements nested ever deeper: refused at depth 257, never recursed into.
    let deep = dir.path().join("deep.xml");
    let size = write_file(
        &deep,
        std::iter::once(b"<rss version=\"2.0\">".to_vec())
            .chain((0..50 * 1024 * 1024 / 5).map(|_| b"<div>".to_vec())),
    );
    assert!(size >= 50 * 1024 * 1024);
    let started = Instant::now();
    let (code, stdout, stderr) = run_bounded(&["import", deep.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("nested more than 256 levels deep"),
        "{stderr}"
    );
    eprintln!(
        "50 MB nested XML refused in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // Over a configured limit: refused before reading.
    let (code, _, stderr) = run_bounded(&["import", "--max-size", "16MiB", deep.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("is 50.0 MiB, over the input limit of 16.0 MiB (raise it with --max-size)"),
        "{stderr}"
    );

    // 50 MB of one JSON array nested ever deeper: serde_json's depth limit.
    let json = dir.path().join("deep.json");
    write_file(
        &json,
        (0..50 * 1024 * 1024)
            .step_by(1024)
            .map(|_| vec![b'['; 1024]),
    );
    let (code, _, stderr) = run_bounded(&["import", json.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("recursion limit exceeded"), "{stderr}");

    // 50 MB of a valid feed: one item whose description is 50 MB of text. It imports, in
    // bounded memory.
    let big = dir.path().join("big.xml");
    let line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".to_vec();
    let repeats = 50 * 1024 * 1024 / line.len() + 1;
    write_file(
        &big,
        std::iter::once(b"<rss version=\"2.0\"><channel><title>Big</title><item><title>Big</title><link>https://example.org/big</link><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate><description>".to_vec())
            .chain(std::iter::repeat_n(line, repeats))
            .chain(std::iter::once(b"</description></item></channel></rss>".to_vec())),
    );
    let out = dir.path().join("big.json");
    let started = Instant::now();
    let (code, _, stderr) = run_bounded(&[
        "import",
        "--quiet",
        big.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let bundle = pressroom_core::parse_bundle(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(bundle.releases.len(), 1);
    assert!(bundle.releases[0].body.len() > 50 * 1000 * 1000);
    eprintln!(
        "50 MB feed imported in {:.2} s",
        started.elapsed().as_secs_f64()
    );
}
