//! The two-level directory end to end: an index with many directory pages, loaded as the
//! browser does (meta, then pages, then shards, on demand) against the whole index in
//! memory; the meta's size; damaged pages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

/// `count` distinct made-up words (deterministic), a few of them common.
fn words(count: usize) -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "ba", "ko", "ri", "ne", "gov", "tu", "sal", "mi", "pre", "dan", "lo", "ve", "ship", "ta",
    ];
    (0..count)
        .map(|i| {
            let (mut n, mut word) = (i + SYLLABLES.len(), String::new());
            while n > 0 {
                word.push_str(SYLLABLES[n % SYLLABLES.len()]);
                n /= SYLLABLES.len();
            }
            word
        })
        .collect()
}

/// `docs` releases of words drawn from `vocabulary`, some in Korean.
fn build(docs: u32, vocabulary: usize, options: IndexOptions) -> SearchFiles {
    let words = words(vocabulary);
    let mut builder = IndexBuilder::new(options);
    let mut state: u64 = 0x5EED;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // Skewed: small indexes are much more frequent.
        let x = (state >> 33) as usize % n;
        x * x / n
    };
    for doc in 0..docs {
        let title: Vec<&str> = (0..5).map(|_| words[next(words.len())].as_str()).collect();
        let body: Vec<&str> = (0..30).map(|_| words[next(words.len())].as_str()).collect();
        let mut body = body.join(" ");
        if doc % 5 == 0 {
            body.push_str(" 북한의 사이버 위협 정부는");
        }
        let fields = DocFields {
            title: &title.join(" "),
            body: &body,
            ..DocFields::default()
        };
        builder.add(doc, &fields).unwrap();
    }
    builder.finish()
}

/// What the browser gets: results, and the files loaded in each round.
fn on_demand(files: &SearchFiles, query: &Query) -> (Results, Vec<Vec<ShardRef>>) {
    let meta = Meta::decode(&files.meta).unwrap();
    let by_name: HashMap<String, &[u8]> = files.named_files().into_iter().collect();
    let mut shards: HashMap<ShardRef, Shard> = HashMap::new();
    let mut rounds = Vec::new();
    loop {
        let missing = meta.missing_files(query, |f| shards.get(&f));
        if missing.is_empty() {
            break;
        }
        assert!(rounds.len() < MAX_LOAD_ROUNDS, "{query:?}: {rounds:?}");
        for &file in &missing {
            let bytes = by_name[&meta.file_name(file).unwrap()];
            match file {
                ShardRef::Directory(n) => meta.add_page(n, bytes).unwrap(),
                _ => {
                    shards.insert(file, Shard::decode(bytes).unwrap());
                }
            }
        }
        rounds.push(missing);
    }
    (evaluate(query, &meta, &|f| shards.get(&f), None), rounds)
}

fn small_pages() -> IndexOptions {
    IndexOptions {
        shard_bytes: 300,
        page_shards: 4,
        vocabulary_terms: 200,
        budget_kib: 3,
        ..IndexOptions::default()
    }
}

#[test]
fn pages_and_shards_on_demand_give_the_whole_index_results() {
    let files = build(400, 3_000, small_pages());
    let whole = files.decode_all().unwrap();
    let pages = whole.meta.page_count();
    assert!(
        pages > 20,
        "{pages} pages of {} shards",
        whole.meta.shard_count()
    );
    assert_eq!(files.pages.len(), pages as usize);
    let words = words(3_000);
    let common = words[..6].join(" ");
    let mut spanning = 0;
    let mut dropped = 0;
    for (input, typing) in [
        (words[40].as_str(), false),
        (common.as_str(), false),
        ("gov", true),
        ("g", true),
        ("b", true),
        ("ko", true),
        ("kosal", true),
        ("북한의 사이버", false),
        ("북", true),
        ("koriba -gov", false),
        ("\"kori bane\" ship", false),
        ("kosalx", false),
        ("zzzz", true),
        ("bakobakoba", false),
        ("ba ko ri ne tu sal mi", false),
    ] {
        let query = Query::parse(input, typing);
        let expected = whole.search(&query, None);
        let (results, rounds) = on_demand(&files, &query);
        assert_eq!(results, expected, "{input}");
        dropped += results.dropped.len();
        let first_round_pages = rounds.first().map_or(0, |r| {
            r.iter()
                .filter(|f| matches!(f, ShardRef::Directory(_)))
                .count()
        });
        if typing && first_round_pages > 1 {
            spanning += 1;
        }
    }
    assert!(spanning > 0, "no prefix spanned two pages");
    assert!(dropped > 0, "the budget never dropped a term");
}

#[test]
fn the_meta_lists_pages_not_shards() {
    let options = IndexOptions {
        shard_bytes: 120,
        ..IndexOptions::default()
    };
    let files = build(1_000, 6_000, options);
    let meta = Meta::decode(&files.meta).unwrap();
    assert!(meta.shard_count() > 1_000, "{} shards", meta.shard_count());
    // The old meta listed every shard: a key, a size and an 8-byte hash each.
    let directory: usize = files.pages.iter().map(Vec::len).sum();
    assert!(directory > 10 * meta.shard_count() as usize);
    assert!(
        files.meta.len() * 40 < directory,
        "meta {} B, directory {directory} B",
        files.meta.len()
    );
    assert!(files.meta.len() < 400, "meta {} B", files.meta.len());
    assert!(files.pages.iter().all(|p| p.len() < 3 * 1024));

    // One known term: its page, then its shard, nothing else.
    let term = &words(6_000)[7];
    let query = Query::parse(term, false);
    let (results, rounds) = on_demand(&files, &query);
    assert!(results.total > 0);
    let page = meta.page_of(term).unwrap();
    assert_eq!(rounds.len(), 2, "{rounds:?}");
    assert_eq!(rounds[0], [ShardRef::Directory(page)]);
    assert!(
        matches!(rounds[1][..], [ShardRef::Postings(_)]),
        "{rounds:?}"
    );
}

#[test]
fn damaged_pages_are_errors() {
    let files = build(100, 1_000, small_pages());
    let bytes = &files.pages[1];
    let meta = Meta::decode(&files.meta).unwrap();
    for end in 0..bytes.len() {
        assert!(meta.add_page(1, &bytes[..end]).is_err(), "{end}");
        assert!(DirectoryPage::decode(&bytes[..end]).is_err(), "{end}");
    }
    for at in 0..bytes.len() {
        let mut changed = bytes.clone();
        changed[at] ^= 0x41;
        assert!(meta.add_page(1, &changed).is_err(), "{at}");
        if let Ok(page) = DirectoryPage::decode(&changed) {
            let _ = meta.clone().insert_page(1, page);
        }
    }
    // Another page's bytes, or a page where the next one belongs.
    assert!(meta.add_page(0, bytes).is_err());
    let page = DirectoryPage::decode(bytes).unwrap();
    assert!(meta.insert_page(0, page.clone()).is_err());
    assert!(meta.insert_page(2, page.clone()).is_err());
    assert!(meta.add_page(meta.page_count(), bytes).is_err());
    assert_eq!(meta.page(1), None, "nothing damaged was kept");
    meta.add_page(1, bytes).unwrap();
    assert_eq!(meta.page(1), Some(&page));

    let mut swapped = files.clone();
    swapped.pages.swap(0, 1);
    assert!(swapped.decode_all().is_err());
    let mut missing = files;
    missing.pages.pop();
    assert!(missing.decode_all().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_pages_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), n in 0u32..40) {
        let files = build(60, 500, small_pages());
        let meta = Meta::decode(&files.meta).unwrap();
        let mut input = b"PRSX".to_vec();
        input.extend([VERSION, 4]);
        input.extend(&bytes);
        prop_assert!(meta.add_page(n, &input).is_err());
        if let Ok(page) = DirectoryPage::decode(&input) {
            if meta.insert_page(n, page).is_ok() {
                let query = Query::parse("kori gov", true);
                let _ = meta.missing_files(&query, |_| None);
            }
        }
    }
}
