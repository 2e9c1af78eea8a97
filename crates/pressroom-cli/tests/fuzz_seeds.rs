//! Runs the importer fuzz targets' checks (`fuzz/src/import.rs`, `fuzz/src/front_matter.rs`;
//! cargo-fuzz needs nightly, so the targets themselves do not run here) on the real
//! fixtures and on a few thousand deterministic mutations of them: truncations, byte
//! flips, inserted markup characters, duplicated and deleted ranges, and deep nesting.
//! Large seeds are first cut at item boundaries ([`fit`]), so that mutations start from
//! well-formed input; and each target must still import releases from a share of its
//! mutations, so the checks run on successful imports, not only on errors.
//! A failure names the seed and the mutation's number, and writes the input to
//! `pressroom-fuzz-seeds-failure.bin` in the temporary folder, to replay with cargo-fuzz.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// cargo-fuzz sets `--cfg fuzzing`, which this crate does not declare.
#![allow(unexpected_cfgs)]

mod common;

#[path = "../../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod pressroom_fuzz;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use common::fixture;
use pressroom_fuzz::{front_matter, import};

/// Seeds are cut to about this many bytes before they are mutated ([`fit`]), as
/// `-max_len` cuts them in libFuzzer, so mutations stay fast (each seed is also checked
/// whole).
const WINDOW: usize = 12 * 1024;

/// Share of mutations (in percent) from which each target must still make releases.
const MIN_SUCCESS_PERCENT: usize = 10;

/// Pieces inserted by the mutations: markup, entities, quotes, fences, odd bytes.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"\"",
    b"'",
    b"\\",
    b"</",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"&amp;",
    b"&nbsp;",
    b"&#0;",
    b"&#x110000;",
    b"&lt;script&gt;",
    b"<a href=\"javascript:alert(1)\">",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"\n---\n",
    b"\n+++\n",
    b"\n# ",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    "\u{202e}".as_bytes(),
];

/// A deterministic pseudo-random source (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A seed of at most about [`WINDOW`] bytes that is still well-formed where that can be
/// kept: JSON with fewer items (re-serialised), XML with fewer whole items and its own
/// closing tags (and a WordPress export without its taxonomy lists); else a prefix.
fn fit(seed: &[u8]) -> Vec<u8> {
    if seed.len() <= WINDOW {
        return seed.to_vec();
    }
    fit_json(seed)
        .or_else(|| fit_xml(seed))
        .unwrap_or_else(|| seed[..WINDOW].to_vec())
}

/// The top-level list of a WP REST response, or a JSON Feed's `items`.
fn items_mut(value: &mut serde_json::Value) -> Option<&mut Vec<serde_json::Value>> {
    match value {
        serde_json::Value::Array(items) => Some(items),
        serde_json::Value::Object(object) => object.get_mut("items")?.as_array_mut(),
        _ => None,
    }
}

fn fit_json(seed: &[u8]) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(seed).ok()?;
    loop {
        let text = serde_json::to_vec_pretty(&value).ok()?;
        let items = items_mut(&mut value)?;
        if text.len() <= WINDOW || items.len() <= 1 {
            return Some(text);
        }
        let keep = (items.len() * WINDOW / text.len()).clamp(1, items.len() - 1);
        items.truncate(keep);
    }
}

fn fit_xml(seed: &[u8]) -> Option<Vec<u8>> {
    let mut text = seed.to_vec();
    for name in ["wp:tag", "wp:category", "wp:term"] {
        remove_elements(&mut text, name);
    }
    let close: &[u8] = if find(&text, b"</item>").is_some() {
        b"</item>"
    } else {
        b"</entry>"
    };
    let last = rfind(&text, close)? + close.len();
    let keep = rfind(&text[..WINDOW.min(text.len())], close).map_or(last, |i| i + close.len());
    let mut out = text[..keep].to_vec();
    out.extend_from_slice(&text[last..]);
    Some(out)
}

/// Removes every `<name>…</name>` (not nested in itself) from `text`.
fn remove_elements(text: &mut Vec<u8>, name: &str) {
    let open = format!("<{name}>").into_bytes();
    let close = format!("</{name}>").into_bytes();
    while let Some(start) = find(text, &open) {
        let Some(end) = find(&text[start..], &close) else {
            return;
        };
        text.drain(start..start + end + close.len());
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// One to three mutations of `seed`.
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 => data.truncate(at),
            1 => {
                if let Some(byte) = data.get_mut(at) {
                    *byte ^= 1 << rng.below(8);
                }
            }
            2 | 3 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            4 => {
                let end = (at + rng.below(2048)).min(data.len());
                let copy = data[at..end].to_vec();
                let to = rng.below(data.len() + 1);
                data.splice(to..to, copy);
            }
            5 => {
                let end = (at + rng.below(256)).min(data.len());
                data.drain(at..end);
            }
            _ => {
                let nest: &[u8] =
                    [&b"<div>"[..], b"&lt;b&gt;", b"[", b"{\"a\":", b"> "][rng.below(5)];
                let depth = 100 + rng.below(1000);
                data.splice(at..at, nest.repeat(depth));
            }
        }
    }
    data
}

/// Files under `tests/fixtures/<dir>` (recursively) whose names end with one of
/// `endings`, sorted.
fn files(dirs: &[&str], endings: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending: Vec<PathBuf> = dirs.iter().map(|d| fixture(d)).collect();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                pending.push(path);
            } else if endings.iter().any(|e| name.ends_with(e)) {
                found.push(path);
            }
        }
    }
    found.sort();
    assert!(!found.is_empty(), "no seeds in {dirs:?}");
    found
}

/// A target's check: the number of releases it made from the input.
type Check = fn(&[u8]) -> usize;

/// Runs `check` on `data`; on a panic, saves the input and fails with `what`.
fn run(check: Check, data: &[u8], what: &str) -> usize {
    match catch_unwind(AssertUnwindSafe(|| check(data))) {
        Ok(releases) => releases,
        Err(_) => {
            let saved = std::env::temp_dir().join("pressroom-fuzz-seeds-failure.bin");
            let _ = std::fs::write(&saved, data);
            panic!(
                "the check failed on {what} (input saved to {})",
                saved.display()
            );
        }
    }
}

/// Every seed whole and fitted, every hand-made input, then `mutations` mutations of the
/// fitted seeds in turn. The seeds must make releases (some are malformed on purpose,
/// so not each of them), and so must a share of the mutations.
fn fuzz(check: Check, seeds: &[(String, Vec<u8>)], extra: &[Vec<u8>], mutations: usize) {
    let mut fitted = Vec::new();
    let mut from_seeds = 0;
    for (name, seed) in seeds {
        from_seeds += run(check, seed, name);
        let small = fit(seed);
        from_seeds += run(check, &small, name);
        fitted.push((name, small));
    }
    assert!(from_seeds > 0, "no release from any seed");
    for (index, input) in extra.iter().enumerate() {
        run(check, input, &format!("hand-made input {index}"));
    }
    let mut rng = Rng(0x5EED_F00D);
    let mut successes = 0;
    for round in 0..mutations {
        let (name, seed) = &fitted[round % fitted.len()];
        let input = mutate(seed, &mut rng);
        if run(check, &input, &format!("mutation {round} of {name}")) > 0 {
            successes += 1;
        }
    }
    eprintln!("{successes} of {mutations} mutations made releases");
    assert!(
        successes * 100 >= mutations * MIN_SUCCESS_PERCENT,
        "only {successes} of {mutations} mutations made releases"
    );
}

fn read(paths: Vec<PathBuf>) -> Vec<(String, Vec<u8>)> {
    paths
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

/// `{"version": …, "items": [ITEM]}`.
fn json_feed(item: &str) -> Vec<u8> {
    format!(r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [{item}]}}"#)
        .into_bytes()
}

/// An RSS 2.0 feed with one item.
fn rss(item: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
         <link>https://example.org/</link><item>{item}</item></channel></rss>"
    )
    .into_bytes()
}

#[test]
fn import_jsonfeed_target_on_seeds_and_mutations() {
    let seeds = read(files(&["corpora/jsonfeed"], &[".json"]));
    let deep_html = "<div>".repeat(1_000);
    let extra = vec![
        json_feed(&format!(
            r#"{{"id": "1", "url": "https://example.org/a", "content_html": "{deep_html}"}}"#
        )),
        json_feed(r#"{"id": "1", "content_text": "x"}, {"id": "1", "content_text": "y"}"#),
        json_feed(r#"{"id": 1, "title": "<b>&amp;</b>", "url": "javascript:alert(1)"}"#),
        "[".repeat(100_000).into_bytes(),
    ];
    fuzz(import::check_jsonfeed, &seeds, &extra, 600);
}

#[test]
fn import_rss_atom_target_on_seeds_and_mutations() {
    let seeds = read(files(
        &["corpora/rss-atom", "corpora/rss-atom-malformed"],
        &[".xml", ".rss", ".atom"],
    ));
    let extra = vec![
        rss(&format!(
            "<description>{}</description>",
            "&lt;blockquote&gt;".repeat(1_000)
        )),
        rss("<title>a</title><description><p>unescaped <b>HTML</b></p></description>"),
        format!("<rss>{}", "<a>".repeat(100_000)).into_bytes(),
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id></entry></feed>".to_vec(),
        // Found by cargo-fuzz: a second XML declaration naming another encoding made
        // quick-xml panic inside feed-rs (now refused by `xml_text::check_xml`).
        b"<rss version=\"2.0\"><channel>\n<?xml version=\"1.0\" encoding=\"UTF-16\"?>\
          <title>T</title><item><link>https://example.org/a</link></item></channel></rss>"
            .to_vec(),
        format!(
            "{}<?xml version=\"1.0\" encoding=\"latin1\"?><rss/>",
            " ".repeat(20_000)
        )
        .into_bytes(),
    ];
    fuzz(import::check_rss_atom, &seeds, &extra, 500);
}

#[test]
fn import_wxr_target_on_seeds_and_mutations() {
    let seeds = read(files(&["corpora/wordpress"], &[".xml"]));
    let extra = vec![format!(
        "<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><item>\
         <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>\
         <content:encoded><![CDATA[{}]]></content:encoded></item></channel></rss>",
        "[caption]<div>".repeat(1_000)
    )
    .into_bytes()];
    fuzz(import::check_wxr, &seeds, &extra, 500);
}

#[test]
fn import_wp_rest_target_on_seeds_and_mutations() {
    let seeds = read(files(&["corpora/wordpress"], &[".json"]));
    let deep = "<ul><li>".repeat(1_000);
    let extra = vec![
        format!(
            r#"[{{"id": 1, "link": "https://example.org/a", "title": {{"rendered": "A"}},
                "content": {{"rendered": "{deep}"}}, "date": "2024-01-01T00:00:00"}}]"#
        )
        .into_bytes(),
        br#"{"code": "rest_forbidden", "message": "no"}"#.to_vec(),
        br#"[{"title": "x", "slug": "%E2%80%AE%FF", "date_gmt": "9999-99-99"}]"#.to_vec(),
    ];
    fuzz(import::check_wp_rest, &seeds, &extra, 500);
}

#[test]
fn front_matter_target_on_seeds_and_mutations() {
    let mut seeds = read(files(&["build"], &[".md"]));
    let head =
        "---\ntitle: Spec\ndate: 2024-01-01\nsource: {name: A, url: https://example.org/}\n---\n";
    for body in ["corpora/markdown", "corpora/xss"] {
        for (name, text) in read(files(&[body], &[".txt"])) {
            let mut seed = head.as_bytes().to_vec();
            seed.extend_from_slice(&text[..text.len().min(WINDOW)]);
            seeds.push((name, seed));
        }
    }
    let extra = vec![
        format!("---\ntitle: {}\n---\nbody", "[".repeat(10_000)).into_bytes(),
        format!("+++\ntitle = {}\n+++\nbody", "[".repeat(10_000)).into_bytes(),
        format!("+++\n{}\n+++\nbody", "[a.".repeat(5_000)).into_bytes(),
        format!(
            "---\ntitle: t\ndate: 2024-01-01\n---\n{}",
            "> ".repeat(10_000)
        )
        .into_bytes(),
        b"---\na: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n---\n".to_vec(),
        b"---\n---\n".to_vec(),
        // Found by cargo-fuzz: YAML counts a lone `\r` as a line break (so do editors).
        format!(
            "---\ntitl{}e: \"!!!\"\ndate: 2024-01-02\n---\n\nbody",
            "\r".repeat(84)
        )
        .into_bytes(),
        b"+++".to_vec(),
    ];
    fuzz(front_matter::check_front_matter, &seeds, &extra, 1_500);
}
