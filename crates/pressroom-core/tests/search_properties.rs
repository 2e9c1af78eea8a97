//! Property tests of the search engine: findability, the sharded layout against the
//! whole index in memory, and robustness on random queries and bytes.
//!
//! 64 cases a property by default (`PROPTEST_CASES` raises it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use pressroom_core::search::{
    evaluate, highlight_ranges, tokenize, DirectoryPage, DocFields, IndexBuilder, IndexOptions,
    Meta, Query, SearchFiles, Shard, ShardRef, MAX_LOAD_ROUNDS, VERSION,
};
use proptest::prelude::*;
use proptest::sample::select;

/// Words of several scripts, with diacritics, case and CJK.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "budget", "Budget", "BUDGET", "government", "plan", "climate", "harbour", "trade", "the",
    "of", "minister", "Café", "Ålborg", "Straße", "naïve", "Łódź", "ｆｕｌｌ", "2025", "covid-19",
    "북한", "사이버", "위협", "정부는", "교육부", "예산을", "東京", "大学", "カタカナ", "ひらがな",
    "AI기술", "e\u{301}te", "don't", "a", "x", "news", "report", "agency", "council",
];

/// Query pieces, including the syntax's edge cases.
#[rustfmt::skip]
const QUERY_PIECES: &[&str] = &[
    "budget", "gov", "b", "북", "북한", "사이", "café", "\"", "-", "-\"", "\"climate plan\"",
    "-the", " ", "  ", "-", "💥", "\u{301}", "ｆ", "東", "2025", "covid-1", "\"\"", "--x",
];

fn text(words: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(select(WORDS), 1..words).prop_map(|w| w.join(" "))
}

/// (title, body, tags) of up to 30 releases.
fn corpus() -> impl Strategy<Value = Vec<(String, String, Vec<String>)>> {
    let release = (
        text(6),
        text(20),
        prop::collection::vec(select(WORDS).prop_map(String::from), 0..3),
    );
    prop::collection::vec(release, 1..30)
}

fn build(corpus: &[(String, String, Vec<String>)], shard_bytes: usize) -> SearchFiles {
    let options = IndexOptions {
        shard_bytes,
        // Several directory pages even for a small corpus.
        page_shards: 3,
        vocabulary_terms: 20,
        ..IndexOptions::default()
    };
    let mut builder = IndexBuilder::new(options);
    for (doc, (title, body, tags)) in corpus.iter().enumerate() {
        let fields = DocFields {
            title,
            body,
            tags,
            ..DocFields::default()
        };
        builder.add(doc as u32, &fields).unwrap();
    }
    builder.finish()
}

/// Evaluates as the browser does: load what is missing, repeat, evaluate.
fn sharded(files: &SearchFiles, query: &Query) -> (Vec<(u32, f32)>, Option<String>) {
    let meta = Meta::decode(&files.meta).unwrap();
    let by_name: HashMap<String, &[u8]> = files.named_files().into_iter().collect();
    let mut cache: HashMap<ShardRef, Shard> = HashMap::new();
    for _ in 0..MAX_LOAD_ROUNDS {
        let missing = meta.missing_files(query, |f| cache.get(&f));
        for file in missing {
            let bytes = by_name[&meta.file_name(file).unwrap()];
            match file {
                ShardRef::Directory(n) => meta.add_page(n, bytes).unwrap(),
                _ => {
                    cache.insert(file, Shard::decode(bytes).unwrap());
                }
            }
        }
    }
    assert!(
        meta.missing_files(query, |f| cache.get(&f)).is_empty(),
        "more than {MAX_LOAD_ROUNDS} rounds"
    );
    let results = evaluate(query, &meta, &|f| cache.get(&f), None);
    (
        results.hits.iter().map(|h| (h.doc, h.score)).collect(),
        results.suggestion,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_release_is_found_by_any_word_of_its_title(corpus in corpus()) {
        let index = build(&corpus, 24 * 1024).decode_all().unwrap();
        for (doc, (title, _, _)) in corpus.iter().enumerate() {
            for word in title.split(' ') {
                if tokenize(word).is_empty() {
                    continue;
                }
                let query = Query::parse(word, false);
                let hits = index.search(&query, None).hits;
                prop_assert!(hits.iter().any(|h| h.doc == doc as u32), "{word:?} misses {doc}");
                // While typing, the word's beginning finds it too.
                let typed = Query::parse(word, true);
                let hits = index.search(&typed, None).hits;
                prop_assert!(hits.iter().any(|h| h.doc == doc as u32), "typing {word:?} misses {doc}");
            }
        }
    }

    #[test]
    fn sharded_and_whole_give_the_same_results(
        corpus in corpus(),
        shard_bytes in 16usize..2_000,
        queries in prop::collection::vec((prop::collection::vec(select(QUERY_PIECES), 1..5), any::<bool>()), 1..8),
    ) {
        let files = build(&corpus, shard_bytes);
        let whole = files.decode_all().unwrap();
        for (pieces, typing) in queries {
            let query = Query::parse(&pieces.join(" "), typing);
            let expected = whole.search(&query, None);
            let expected_hits: Vec<(u32, f32)> = expected.hits.iter().map(|h| (h.doc, h.score)).collect();
            let (hits, suggestion) = sharded(&files, &query);
            prop_assert_eq!(hits, expected_hits);
            prop_assert_eq!(suggestion, expected.suggestion);
        }
    }

    #[test]
    fn results_are_sorted_and_within_the_corpus(corpus in corpus(), input in text(4), typing in any::<bool>()) {
        let index = build(&corpus, 512).decode_all().unwrap();
        let results = index.search(&Query::parse(&input, typing), None);
        prop_assert_eq!(results.total, results.hits.len());
        for pair in results.hits.windows(2) {
            let ordered = pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].doc > pair[1].doc);
            prop_assert!(ordered, "{:?}", pair);
        }
        prop_assert!(results.hits.iter().all(|h| (h.doc as usize) < corpus.len()));
    }

    #[test]
    fn random_queries_and_texts_never_panic(input in any::<String>(), text in any::<String>(), typing in any::<bool>()) {
        let files = build(&[("budget plan".into(), "the government".into(), vec![])], 64);
        let index = files.decode_all().unwrap();
        let query = Query::parse(&input, typing);
        let _ = index.search(&query, None);
        let _ = query.phrases_hold(&[&text]);
        let ranges = highlight_ranges(&text, &query);
        for r in &ranges {
            prop_assert!(r.start < r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        prop_assert!(ranges.windows(2).all(|w| w[0].end < w[1].start));
    }

    #[test]
    fn random_bytes_never_panic_the_decoders(bytes in prop::collection::vec(any::<u8>(), 0..512), kind in 0u8..5) {
        let mut input = match kind {
            0 => Vec::new(),
            kind => [b"PRSX".as_slice(), &[VERSION, kind]].concat(),
        };
        input.extend(&bytes);
        let _ = Meta::decode(&input);
        let _ = Shard::decode(&input);
        let _ = DirectoryPage::decode(&input);
    }

    #[test]
    fn corrupted_files_never_panic(corpus in corpus(), at in any::<prop::sample::Index>(), value in any::<u8>()) {
        let files = build(&corpus, 256);
        let meta = Meta::decode(&files.meta).unwrap();
        for file in std::iter::once(&files.meta).chain(&files.pages).chain(&files.shards).chain(std::iter::once(&files.vocabulary)) {
            let mut changed = file.clone();
            let i = at.index(changed.len());
            changed[i] = value;
            let _ = Meta::decode(&changed);
            if let Ok(page) = DirectoryPage::decode(&changed) {
                for n in 0..meta.page_count() {
                    let _ = meta.clone().insert_page(n, page.clone());
                    let _ = meta.add_page(n, &changed);
                }
            }
            if let Ok(shard) = Shard::decode(&changed) {
                for i in 0..shard.len() {
                    let (docs, impacts) = shard.postings(i);
                    prop_assert_eq!(docs.len(), impacts.len());
                }
            }
        }
    }
}
