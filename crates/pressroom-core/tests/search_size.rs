//! Sizes of the search files on a generated corpus of 10,000 releases (fixed seed), and
//! the bytes the browser downloads for typical queries.
//!
//! The generator writes realistic-ish text: English-like words drawn with a Zipf
//! distribution (a few very common words, a long tail), about 2 KB of body per release,
//! and one release in seven in Korean (Hangul words with particles). The limits are on
//! raw bytes; the search files gzip to about 70–80 % of their raw size (varints and
//! bitmaps compress little, term lists and impact bytes more), measured with
//! `PRESSROOM_SEARCH_DUMP=<dir>` (which writes the files there) and `gzip -9`.
//!
//! Run with `--nocapture` to see the report; `--release` for meaningful timings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::time::Instant;

use pressroom_core::search::{
    evaluate, DocFields, IndexBuilder, IndexOptions, Meta, Query, SearchFiles, Shard, ShardRef,
};

const DOCS: u32 = 10_000;

/// SplitMix64: a tiny deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Words with Zipf-like frequencies: cumulative weights for sampling by rank.
struct Zipf {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(words: Vec<String>, exponent: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(exponent);
                total
            })
            .collect();
        Self { words, cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap();
        let x = rng.unit() * total;
        let i = self
            .cumulative
            .partition_point(|&c| c < x)
            .min(self.words.len() - 1);
        &self.words[i]
    }
}

const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "is",
    "on",
    "that",
    "with",
    "by",
    "as",
    "at",
    "will",
    "from",
    "this",
    "be",
    "has",
    "are",
    "said",
    "government",
    "ministry",
    "new",
    "public",
    "national",
    "minister",
    "year",
    "support",
    "development",
    "program",
    "report",
    "plan",
    "service",
    "health",
    "security",
    "economic",
    "policy",
    "announced",
    "million",
    "community",
    "project",
    "international",
    "local",
    "agency",
    "council",
    "education",
    "budget",
    "trade",
    "energy",
    "climate",
    "infrastructure",
    "regional",
    "cooperation",
    "research",
    "investment",
    "digital",
    "safety",
    "water",
    "transport",
    "agreement",
];

fn english_words(rng: &mut Rng) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "pr",
        "tr", "gr", "ch", "sh", "br", "pl",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"];
    const CODAS: &[&str] = &["", "n", "r", "s", "t", "l", "nd", "st", "ng", "rt", "m"];
    let mut words: Vec<String> = COMMON.iter().map(|w| (*w).to_owned()).collect();
    let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
    while words.len() < 30_000 {
        let syllables = 1 + rng.below(2) + rng.below(2);
        let mut word = String::new();
        for _ in 0..syllables {
            word.push_str(ONSETS[rng.below(ONSETS.len())]);
            word.push_str(VOWELS[rng.below(VOWELS.len())]);
            word.push_str(CODAS[rng.below(CODAS.len())]);
        }
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

fn korean_words(rng: &mut Rng) -> Vec<String> {
    let mut words = vec![
        "정부".to_owned(),
        "북한".to_owned(),
        "사이버".to_owned(),
        "경제".to_owned(),
        "협력".to_owned(),
    ];
    let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
    // Syllables from a few hundred common ones: 가 + initial*588 + medial*28 + final.
    while words.len() < 6_000 {
        let len = 2 + rng.below(3);
        let word: String = (0..len)
            .map(|_| {
                let code = 0xAC00
                    + rng.below(14) * 588
                    + rng.below(12) * 28
                    + [0, 4, 8, 16, 21][rng.below(5)];
                char::from_u32(code as u32).unwrap()
            })
            .collect();
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

struct Corpus {
    releases: Vec<(String, String, String, Vec<String>, String)>,
}

fn sentence(zipf: &Zipf, rng: &mut Rng, words: usize, korean: bool) -> String {
    const PARTICLES: &[&str] = &[
        "", "", "은", "는", "이", "가", "을", "를", "의", "에", "에서", "와",
    ];
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(zipf.sample(rng));
        if korean {
            out.push_str(PARTICLES[rng.below(PARTICLES.len())]);
        } else if rng.below(12) == 0 {
            out.push_str(if rng.below(2) == 0 { "," } else { "." });
        }
    }
    out
}

fn corpus() -> Corpus {
    let mut rng = Rng(20_260_101);
    let english = Zipf::new(english_words(&mut rng), 1.0);
    let korean = Zipf::new(korean_words(&mut rng), 1.0);
    let tags: Vec<String> = (0..60).map(|i| english.words[30 + i * 7].clone()).collect();
    let releases = (0..DOCS)
        .map(|_| {
            let is_korean = rng.below(7) == 0;
            let zipf = if is_korean { &korean } else { &english };
            let words = |rng: &mut Rng, n| sentence(zipf, rng, n, is_korean);
            let title_words = 6 + rng.below(5);
            let title = words(&mut rng, title_words);
            let summary_words = 15 + rng.below(10);
            let summary = words(&mut rng, summary_words);
            // About 2 KB of text a release, as at 100k releases.
            let body_words = if is_korean { 150 } else { 200 } + rng.below(60);
            let body = words(&mut rng, body_words);
            let tag_list = (0..1 + rng.below(3))
                .map(|_| tags[rng.below(tags.len())].clone())
                .collect();
            let source = format!("Agency {}", rng.below(50));
            (title, summary, body, tag_list, source)
        })
        .collect();
    Corpus { releases }
}

fn build(corpus: &Corpus) -> SearchFiles {
    let mut builder = IndexBuilder::new(IndexOptions::default());
    for (doc, r) in corpus.releases.iter().enumerate() {
        let fields = DocFields {
            title: &r.0,
            summary: &r.1,
            body: &r.2,
            tags: &r.3,
            source: &r.4,
        };
        builder.add(doc as u32, &fields).unwrap();
    }
    builder.finish()
}

/// What one query downloads: the files the browser loads (meta excluded; directory
/// pages included), by rounds, each query starting with no page loaded.
fn query_bytes(
    files: &SearchFiles,
    meta: &Meta,
    input: &str,
    typing: bool,
) -> (usize, usize, Vec<u32>) {
    let by_name: HashMap<String, &[u8]> = files.named_files().into_iter().collect();
    let meta = meta.clone();
    let meta = &meta;
    let query = Query::parse(input, typing);
    let mut cache: HashMap<ShardRef, Shard> = HashMap::new();
    let mut bytes = 0;
    loop {
        let missing = meta.missing_files(&query, |f| cache.get(&f));
        if missing.is_empty() {
            break;
        }
        for file in missing {
            let raw = by_name[&meta.file_name(file).unwrap()];
            bytes += raw.len();
            match file {
                ShardRef::Directory(n) => meta.add_page(n, raw).unwrap(),
                _ => {
                    cache.insert(file, Shard::decode(raw).unwrap());
                }
            }
        }
    }
    let results = evaluate(&query, meta, &|f| cache.get(&f), None);
    (
        bytes,
        results.total,
        results.hits.iter().take(3).map(|h| h.doc).collect(),
    )
}

#[test]
fn sizes_on_a_generated_corpus_of_10k_releases() {
    let started = Instant::now();
    let corpus = corpus();
    let text_bytes: usize = corpus
        .releases
        .iter()
        .map(|r| r.0.len() + r.1.len() + r.2.len())
        .sum();
    let generated = started.elapsed();
    let started = Instant::now();
    let files = build(&corpus);
    let built = started.elapsed();
    let meta = Meta::decode(&files.meta).unwrap();
    let largest = files.shards.iter().map(Vec::len).max().unwrap();
    let total: usize = files.shards.iter().map(Vec::len).sum();
    println!(
        "corpus: {} releases, {:.1} MB of text (generated in {generated:?})",
        DOCS,
        text_bytes as f64 / 1e6
    );
    println!(
        "built in {built:?}: {} shards, {:.1} MB in all",
        files.shards.len(),
        total as f64 / 1e6
    );
    let largest_page = files.pages.iter().map(Vec::len).max().unwrap();
    println!(
        "meta {} B, {} directory pages (largest {largest_page} B), vocabulary {} B, largest shard {} B",
        files.meta.len(),
        files.pages.len(),
        files.vocabulary.len(),
        largest
    );

    if let Ok(dir) = std::env::var("PRESSROOM_SEARCH_DUMP") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/meta.bin"), &files.meta).unwrap();
        for (name, bytes) in files.named_files() {
            std::fs::write(format!("{dir}/{name}"), bytes).unwrap();
        }
    }

    let queries = [
        ("government", false, "one common word"),
        ("the", false, "the most common word"),
        ("budget", false, "one mid-frequency word"),
        ("government budget", false, "two words"),
        ("정부", false, "Korean word"),
        ("북한 사이버", false, "two Korean words"),
        ("the of and to in", false, "five stop words"),
        ("gover", true, "a prefix being typed"),
        ("g", true, "a one-letter prefix"),
        ("goverment", false, "a misspelling"),
    ];
    let mut measured = HashMap::new();
    for (input, typing, what) in queries {
        let started = Instant::now();
        let (bytes, hits, top) = query_bytes(&files, &meta, input, typing);
        let took = started.elapsed();
        println!("{what:>22} {input:?}: meta + {bytes} B, {hits} hits, top {top:?}, {took:?} (load + evaluate)");
        measured.insert(input, (bytes, hits));
    }

    // Evaluation alone, shards already decoded (the cached case).
    let all = files.decode_all().unwrap();
    for input in ["the", "government", "government budget"] {
        let query = Query::parse(input, false);
        let started = Instant::now();
        let rounds = 20;
        for _ in 0..rounds {
            std::hint::black_box(all.search(&query, None));
        }
        println!("evaluate {input:?}: {:?} each", started.elapsed() / rounds);
    }

    // Limits (raw bytes). At 10k releases a shard is ~24 KiB; the meta grows by ~15 B a
    // directory page of 128 shards, so 10× the releases (~3,200 shards, 25 pages) keep it
    // under 1 KiB; a page is ~1.7 KB raw or gzip (its hashes do not compress).
    assert!(files.meta.len() < 256, "meta {} B", files.meta.len());
    assert!(largest_page < 3 * 1024, "largest page {largest_page} B");
    assert!(
        files.vocabulary.len() < 40 * 1024,
        "vocabulary {} B",
        files.vocabulary.len()
    );
    // A shard is the target size, or one huge term (≤ 10k doc bitmap + 10k impacts).
    assert!(
        largest < 16 * 1024 + 10_000 + 64,
        "largest shard {largest} B"
    );
    let (one_word, hits) = measured["government"];
    assert!(hits > 1_000, "government is common: {hits} hits");
    assert!(one_word <= 40 * 1024, "one common word loads {one_word} B");
    assert!(measured["government budget"].0 <= 80 * 1024);
    assert!(measured["정부"].0 <= 40 * 1024);
    assert!(measured["북한 사이버"].0 <= 120 * 1024);
    // The budget (288 KiB of shards) holds even for a query of many stop words.
    assert!(measured["the of and to in"].0 <= 288 * 1024);
    assert!(measured["g"].0 <= 4 * 40 * 1024 + files.vocabulary.len());
}
