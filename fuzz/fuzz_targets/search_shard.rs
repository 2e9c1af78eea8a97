//! Arbitrary bytes → the search files' decoders (meta, directory page, shard, vocabulary)
//! → a fixed set of queries evaluated on what decoded (a decoded page inserted into a
//! valid meta wherever it fits). Never panics; hits are sorted, best first, with finite
//! scores, and `total` counts them. The same bytes as a request to the engine's byte
//! interface, and as an answer for the app to decode (`search::wire`).
//!
//! Built by cargo-fuzz (which sets `--cfg fuzzing`) it is a libFuzzer target; without
//! that cfg it is a plain module whose [`check`] the native test
//! `crates/pressroom-core/tests/search_fuzz_target.rs` runs, so it always type-checks.
#![cfg_attr(fuzzing, no_main)]

use std::sync::OnceLock;

use pressroom_core::search::wire::{Answer, Request};
use pressroom_core::search::{
    evaluate, highlight_ranges, DirectoryPage, DocFields, Engine, IndexBuilder, IndexOptions, Meta,
    Query, SearchFiles, Shard, ShardRef,
};

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

/// Without cargo-fuzz the binary does nothing.
#[cfg(not(fuzzing))]
#[allow(dead_code)]
fn main() {}

/// Queries evaluated on every input that decodes.
const QUERIES: &[(&str, bool)] = &[
    ("budget", false),
    ("gov", true),
    ("b", true),
    ("\"climate plan\" -draft", false),
    ("북한의 사이버", false),
    ("goverment", false),
    ("-x", false),
];

/// The files of a valid two-release index, with directory pages of two shards.
fn valid_files() -> &'static SearchFiles {
    static FILES: OnceLock<SearchFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let options = IndexOptions {
            shard_bytes: 32,
            page_shards: 2,
            ..IndexOptions::default()
        };
        let mut builder = IndexBuilder::new(options);
        let first = DocFields {
            title: "Budget plan",
            body: "government climate",
            ..DocFields::default()
        };
        let second = DocFields {
            title: "북한 사이버 위협",
            body: "draft",
            ..DocFields::default()
        };
        if builder.add(0, &first).is_err() || builder.add(1, &second).is_err() {
            return SearchFiles::default();
        }
        builder.finish()
    })
}

/// The valid meta file with `page` as page `n` (when it fits) and its own other pages.
fn valid_meta_with(n: u32, page: Option<&DirectoryPage>) -> Meta {
    let files = valid_files();
    let meta = Meta::decode(&files.meta).unwrap_or_default();
    if let Some(page) = page {
        let _ = meta.insert_page(n, page.clone());
    }
    for (n, bytes) in (0..).zip(&files.pages) {
        let _ = meta.add_page(n, bytes);
    }
    meta
}

/// A valid meta file with all its pages, so shards decoded from the input are also
/// evaluated against a directory that makes sense.
fn valid_meta() -> &'static Meta {
    static META: OnceLock<Meta> = OnceLock::new();
    META.get_or_init(|| valid_meta_with(0, None))
}

/// Decodes `data` every way and evaluates the queries on what decodes.
pub fn check(data: &[u8]) {
    check_engine(data);
    let split = data
        .first()
        .map_or(0, |&b| usize::from(b) * data.len() / 256);
    let (head, tail) = data.split_at(split.min(data.len()));
    let metas = [Meta::decode(data), Meta::decode(head)];
    let shards = [Shard::decode(data), Shard::decode(tail)];
    let pages = [DirectoryPage::decode(data), DirectoryPage::decode(tail)];
    for error in metas.iter().filter_map(|m| m.as_ref().err()) {
        let _ = error.to_string();
    }
    let mut with_pages: Vec<Meta> = Vec::new();
    for page in pages.iter().flatten() {
        assert!(!page.is_empty(), "a decoded page lists no shard");
        for meta in metas.iter().flatten() {
            for n in 0..meta.page_count().min(4) {
                let _ = meta.insert_page(n, page.clone());
            }
        }
        let count = valid_meta().page_count().min(8);
        with_pages.extend((0..count).map(|n| valid_meta_with(n, Some(page))));
    }
    for meta in metas.iter().flatten().chain(&with_pages) {
        evaluate_all(meta, &Shard::default());
    }
    for shard in shards.iter().flatten() {
        for i in 0..shard.len() {
            let (docs, impacts) = shard.postings(i);
            assert_eq!(docs.len(), impacts.len());
            assert!(
                docs.windows(2).all(|w| w[0] < w[1]),
                "doc ids not ascending"
            );
        }
        let all = metas.iter().flatten().chain(&with_pages);
        for meta in all.chain(std::iter::once(valid_meta())) {
            evaluate_all(meta, shard);
        }
    }
}

/// Every query on `meta` with `shard` standing for every file.
fn evaluate_all(meta: &Meta, shard: &Shard) {
    let loaded = |_: ShardRef| Some(shard);
    for &(input, typing) in QUERIES {
        let query = Query::parse(input, typing);
        let _ = meta.shards_for(&query);
        let _ = meta.missing_files(&query, loaded);
        let results = evaluate(&query, meta, &loaded, None);
        assert_eq!(results.total, results.hits.len());
        assert!(
            results.hits.iter().all(|h| h.score.is_finite()),
            "a score is not finite"
        );
        for pair in results.hits.windows(2) {
            let ordered = pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].doc > pair[1].doc);
            assert!(ordered, "hits out of order");
        }
        for i in 0..shard.len().min(8) {
            let term = shard.term(i);
            for range in highlight_ranges(term, &query) {
                assert!(term.get(range).is_some(), "range off a char boundary");
            }
        }
    }
}

/// The engine's byte interface on arbitrary bytes: every request gets an answer that
/// decodes; a request or answer that decodes encodes again without a panic (a request to
/// the same bytes' meaning).
fn check_engine(data: &[u8]) {
    let answer = Engine::default().handle(data);
    assert!(
        Answer::decode(&answer).is_ok(),
        "the engine's answer does not decode"
    );
    if let Ok(answer) = Answer::decode(data) {
        let _ = answer.encode();
    }
    if let Ok(request) = Request::decode(data) {
        assert_eq!(Request::decode(&request.encode()), Ok(request));
    }
}
