//! Ranking on a small hand-made corpus whose right answers are written by hand.
//!
//! Doc ids are the releases' positions (0 = oldest). Each test names the documents that
//! must be found, and where order matters, the order, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use pressroom_core::search::{
    evaluate, DocFields, IndexBuilder, IndexOptions, LoadedIndex, Meta, Query, Shard, ShardRef,
    MAX_LOAD_ROUNDS,
};

/// (title, summary, body, tags, source)
type Release = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

const CORPUS: &[Release] = &[
    /* 0 */
    (
        "Ministry announces new budget plan",
        "The 2025 budget focuses on schools.",
        "The finance ministry published the budget today.",
        &["budget", "finance"],
        "Ministry of Finance",
    ),
    /* 1 */
    (
        "Harbour cleanup completed",
        "",
        "Volunteers cleaned the harbour. The budget for the project was small.",
        &[],
        "City Council",
    ),
    /* 2 */
    (
        "Climate plan for coastal towns",
        "",
        "A new climate plan protects coastal towns from flooding.",
        &["climate"],
        "Environment Agency",
    ),
    /* 3 */
    (
        "Draft climate strategy",
        "",
        "Officials shared a draft: plan ahead for the climate.",
        &[],
        "Environment Agency",
    ),
    /* 4 */
    (
        "북한 사이버 위협 경고",
        "",
        "정부는 북한의 사이버 공격이 늘고 있다고 밝혔다.",
        &["안보"],
        "국가정보원",
    ),
    /* 5 */
    (
        "교육부 새 학기 예산 발표",
        "",
        "교육부는 내년 예산을 발표했다.",
        &[],
        "교육부",
    ),
    /* 6 */
    (
        "Café opens in Ålborg",
        "",
        "The new café in Ålborg serves coffee.",
        &[],
        "Visit Denmark",
    ),
    /* 7 */
    (
        "Government signs trade agreement",
        "",
        "The government signed a trade agreement with partners.",
        &["trade"],
        "Trade Office",
    ),
    /* 8 */
    (
        "Weather service warns of storms",
        "",
        "Storm warnings were issued for the government district.",
        &[],
        "Weather Service",
    ),
    /* 9 */
    (
        "Port authority report",
        "",
        "The harbour traffic grew; harbour fees rose; the harbour expands.",
        &[],
        "Port Authority",
    ),
    /* 10 */
    (
        "Fishing season opens",
        "",
        "Boats left the harbour at dawn, said the fishing association today.",
        &[],
        "Fisheries",
    ),
    /* 11 */
    (
        "Government budget committee meets",
        "",
        "The committee reviewed spending.",
        &[],
        "Parliament",
    ),
    /* 12 */
    (
        "Sports day announced",
        "",
        "Schools will hold a sports day in June.",
        &[],
        "Schools Office",
    ),
    /* 13 */
    (
        "AI기술 투자 확대",
        "",
        "정부는 AI 기술에 투자한다.",
        &[],
        "과학기술정보통신부",
    ),
    /* 14 */
    (
        "Minister visits northern province",
        "",
        "The minister visited the province to discuss the budget draft.",
        &[],
        "Cabinet Office",
    ),
    /* 15 */
    (
        "Press conference schedule",
        "",
        "Details follow.",
        &[],
        "Press Office",
    ),
    /* 16 */
    (
        "Press conference schedule",
        "",
        "Details follow.",
        &[],
        "Press Office",
    ),
];

fn build(options: IndexOptions) -> pressroom_core::search::SearchFiles {
    let tags: Vec<Vec<String>> = CORPUS
        .iter()
        .map(|r| r.3.iter().map(|t| (*t).to_owned()).collect())
        .collect();
    let mut builder = IndexBuilder::new(options);
    for (doc, (release, tags)) in CORPUS.iter().zip(&tags).enumerate() {
        let fields = DocFields {
            title: release.0,
            summary: release.1,
            body: release.2,
            tags,
            source: release.4,
        };
        builder.add(doc as u32, &fields).unwrap();
    }
    builder.finish()
}

fn index() -> LoadedIndex {
    build(IndexOptions::default()).decode_all().unwrap()
}

/// The doc ids found, in order, after the caller's phrase check on the texts.
fn search(index: &LoadedIndex, input: &str, typing: bool) -> Vec<u32> {
    let query = Query::parse(input, typing);
    let results = index.search(&query, None);
    results
        .hits
        .iter()
        .map(|h| h.doc)
        .filter(|&doc| {
            let r = &CORPUS[doc as usize];
            !results.phrases_unchecked || query.phrases_hold(&[r.0, r.1, r.2])
        })
        .collect()
}

fn sorted(mut docs: Vec<u32>) -> Vec<u32> {
    docs.sort_unstable();
    docs
}

fn position(docs: &[u32], doc: u32) -> usize {
    docs.iter()
        .position(|&d| d == doc)
        .unwrap_or_else(|| panic!("{doc} not in {docs:?}"))
}

#[test]
fn a_title_match_beats_a_body_match() {
    let index = index();
    let found = search(&index, "budget", false);
    assert_eq!(sorted(found.clone()), [0, 1, 11, 14]);
    // 0 has it in the title, summary, body and tags; 11 in the title only; 1 and 14 in
    // their bodies only.
    assert_eq!(found[0], 0);
    assert_eq!(found[1], 11);
}

#[test]
fn more_occurrences_beat_fewer() {
    let index = index();
    let found = search(&index, "harbour", false);
    assert_eq!(sorted(found.clone()), [1, 9, 10]);
    assert_eq!(found[0], 1, "the title match comes first");
    assert!(
        position(&found, 9) < position(&found, 10),
        "three times beats once: {found:?}"
    );
}

#[test]
fn words_are_anded() {
    let index = index();
    assert_eq!(search(&index, "government budget", false), [11]);
    assert_eq!(search(&index, "Government TRADE agreement", false), [7]);
    assert!(search(&index, "harbour climate", false).is_empty());
}

#[test]
fn exact_phrases_and_exclusions() {
    let index = index();
    // Both 2 and 3 have "climate" and "plan"; only 2 has them side by side.
    let query = Query::parse("\"climate plan\"", false);
    let raw = index.search(&query, None);
    assert!(raw.phrases_unchecked);
    assert_eq!(sorted(raw.hits.iter().map(|h| h.doc).collect()), [2, 3]);
    assert_eq!(search(&index, "\"climate plan\"", false), [2]);
    assert_eq!(search(&index, "climate -\"climate plan\"", false), [3]);
    // 14 mentions "budget draft".
    assert_eq!(sorted(search(&index, "budget -draft", false)), [0, 1, 11]);
    assert_eq!(
        search(&index, "climate -draft -coastal", false),
        Vec::<u32>::new()
    );
}

#[test]
fn the_last_word_is_a_prefix_while_typing() {
    let index = index();
    assert_eq!(sorted(search(&index, "harb", true)), [1, 9, 10]);
    assert!(search(&index, "harb", false).is_empty());
    assert_eq!(sorted(search(&index, "gov", true)), [7, 8, 11]);
    assert_eq!(search(&index, "trade agr", true), [7]);
    assert!(
        search(&index, "gov ", true).is_empty(),
        "a space ends the prefix"
    );
}

#[test]
fn a_korean_query_finds_the_korean_release_only() {
    let index = index();
    assert_eq!(search(&index, "북한", false), [4]);
    assert_eq!(search(&index, "북한의 사이버", false), [4]);
    assert_eq!(search(&index, "사이버 위협", false), [4]);
    assert_eq!(search(&index, "예산", false), [5]);
    assert_eq!(search(&index, "교육부", false), [5]);
    assert_eq!(search(&index, "기술", false), [13]);
    assert_eq!(search(&index, "ai", false), [13]);
    assert_eq!(sorted(search(&index, "정부는", false)), [4, 13]);
    assert_eq!(
        search(&index, "북", true),
        [4],
        "a syllable being typed is a prefix"
    );
}

#[test]
fn diacritics_and_case_do_not_matter() {
    let index = index();
    assert_eq!(search(&index, "cafe alborg", false), [6]);
    assert_eq!(search(&index, "CAFÉ", false), [6]);
    assert_eq!(search(&index, "ａｌｂｏｒｇ", false), [6]);
}

#[test]
fn equal_scores_go_newer_first() {
    let index = index();
    assert_eq!(search(&index, "conference", false), [16, 15]);
}

#[test]
fn the_filter_applies_before_the_total() {
    let index = index();
    let query = Query::parse("budget", false);
    let even = |doc: u32| doc.is_multiple_of(2);
    let results = index.search(&query, Some(&even));
    assert_eq!(
        sorted(results.hits.iter().map(|h| h.doc).collect()),
        [0, 14]
    );
    assert_eq!(results.total, 2);
}

#[test]
fn misspelled_words_get_the_hand_written_suggestion() {
    let index = index();
    let cases = [
        ("goverment", "government"),
        ("harbuor cleanup", "harbour cleanup"),
        ("Budgte \"trade agreement\"", "budget \"trade agreement\""),
        ("comittee", "committee"),
        // Two words at distance 1 and in one release each: byte order decides.
        ("ministyr", "minister"),
    ];
    for (typed, expected) in cases {
        let results = index.search(&Query::parse(typed, false), None);
        assert!(results.hits.is_empty(), "{typed}");
        assert_eq!(results.suggestion.as_deref(), Some(expected), "{typed}");
    }
    let known = index.search(&Query::parse("budget", false), None);
    assert_eq!(known.suggestion, None);
    let nonsense = index.search(&Query::parse("qqqqqqq", false), None);
    assert_eq!(nonsense.suggestion, None);
}

/// Evaluates like the browser: asks which files are missing, loads them, repeats.
fn search_sharded(
    files: &pressroom_core::search::SearchFiles,
    query: &Query,
) -> (Vec<u32>, Option<String>, usize) {
    let meta = Meta::decode(&files.meta).unwrap();
    let by_name: HashMap<String, &[u8]> = files.named_files().into_iter().collect();
    let mut cache: HashMap<ShardRef, Shard> = HashMap::new();
    let mut rounds = 0;
    loop {
        let missing = meta.missing_files(query, |f| cache.get(&f));
        if missing.is_empty() {
            break;
        }
        rounds += 1;
        assert!(rounds <= MAX_LOAD_ROUNDS, "too many rounds for {query:?}");
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
    let results = evaluate(query, &meta, &|f| cache.get(&f), None);
    (
        results.hits.iter().map(|h| h.doc).collect(),
        results.suggestion,
        cache.len(),
    )
}

#[test]
fn the_sharded_layout_gives_the_same_results() {
    let options = IndexOptions {
        shard_bytes: 60,
        page_shards: 4,
        ..IndexOptions::default()
    };
    let files = build(options);
    let whole = files.decode_all().unwrap();
    assert!(
        whole.meta.shard_count() > 20,
        "tiny shards: {}",
        whole.meta.shard_count()
    );
    for (input, typing) in [
        ("budget", false),
        ("harb", true),
        ("gov", true),
        ("g", true),
        ("북한의 사이버", false),
        ("goverment", false),
        ("budget -draft", false),
        ("\"climate plan\"", false),
        ("t", true),
        ("zzz", true),
        ("", false),
        ("cafe ålborg", false),
        ("harbuor", false),
    ] {
        let query = Query::parse(input, typing);
        let expected = whole.search(&query, None);
        let (docs, suggestion, loaded) = search_sharded(&files, &query);
        let expected_docs: Vec<u32> = expected.hits.iter().map(|h| h.doc).collect();
        assert_eq!(docs, expected_docs, "{input}");
        assert_eq!(suggestion, expected.suggestion, "{input}");
        assert!(loaded <= 8, "{input} loaded {loaded} files");
    }
}
