//! Synthetic press-release archives for tests and benchmarks: the same `count` and `seed`
//! always give the same bundle, and a bundle of `n` releases is the first `n` releases of
//! any larger one with the same seed (so "publish one more" is `n + 1`).
//!
//! The text is meant to weigh what real releases weigh: words drawn with Zipf's law from
//! large vocabularies (English-like and Korean, with the particles Korean attaches to
//! nouns), a title of 6–14 words, a summary, 3–8 paragraphs with headings, lists and
//! links (about 2–4 KB of Markdown), 1–4 tags from 300, 60 agencies, and dates that move
//! forward about every 80 minutes from 2011, so 100,000 releases span fifteen years. About
//! a third of the releases are Korean.
//!
//! - [`rng`]: the generator and the Zipf sampler;
//! - [`words`]: the vocabularies.

pub mod rng;
pub mod words;

use pressroom_core::slug::{cut_slug, slugify};
use pressroom_core::{Bundle, Release, Site, Source};

use rng::{Rng, Zipf};
use words::{particle, Vocabulary};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Releases.
    pub count: usize,
    /// The seed.
    pub seed: u64,
}

/// The shared material of one seed: vocabularies, agencies and tags.
struct Material {
    english: Vocabulary,
    korean: Vocabulary,
    words: Zipf,
    /// For each word rank, the ranks that tend to follow it (real text repeats word
    /// pairs, which is much of what makes it compress).
    successors: Vec<[usize; SUCCESSORS]>,
    successor_zipf: Zipf,
    /// Stock phrases, as word ranks ("said in a statement", "according to the").
    phrases: Vec<Vec<usize>>,
    phrase_zipf: Zipf,
    agencies: Vec<(String, String)>,
    agency_zipf: Zipf,
    tags: Vec<String>,
    tag_zipf: Zipf,
}

/// Words per vocabulary.
const VOCABULARY: usize = 30_000;

/// The most common ranks, left out of titles (the function words of English).
const COMMON_WORDS: usize = 40;

/// Likely followers per word.
const SUCCESSORS: usize = 4;

/// Stock phrases per language.
const PHRASES: usize = 400;

/// 2011-01-01T00:00:00Z in seconds since the epoch.
const START: i64 = 1_293_840_000;

impl Material {
    fn new(seed: u64) -> Self {
        let mut rng = Rng::new(seed ^ 0x005E_ED0F_C0DE);
        let english = Vocabulary::english(VOCABULARY, &mut rng);
        let korean = Vocabulary::korean(VOCABULARY, &mut rng);
        let agencies = (0..60)
            .map(|k| {
                let (name, domain) = if k % 3 == 2 {
                    let word = korean.word(100 + k);
                    (format!("{word} 부처"), format!("agency{k}.example.kr"))
                } else {
                    let word = capitalise(english.word(200 + k));
                    (
                        format!("Ministry of {word}"),
                        format!("{}.example.gov", english.word(200 + k)),
                    )
                };
                (name, domain)
            })
            .collect();
        let tags = (0..300)
            .map(|k| match k % 4 {
                3 => korean.word(50 + k).to_owned(),
                _ => english.word(60 + k).to_owned(),
            })
            .collect();
        let words = Zipf::new(VOCABULARY, 1.15);
        let successors = (0..VOCABULARY)
            .map(|_| std::array::from_fn(|_| words.sample(&mut rng)))
            .collect();
        let phrases = (0..PHRASES)
            .map(|_| {
                (0..rng.between(2, 5))
                    .map(|_| words.sample(&mut rng).min(3_000))
                    .collect()
            })
            .collect();
        Self {
            english,
            korean,
            words,
            successors,
            successor_zipf: Zipf::new(SUCCESSORS, 1.0),
            phrases,
            phrase_zipf: Zipf::new(PHRASES, 1.0),
            agencies,
            agency_zipf: Zipf::new(60, 0.9),
            tags,
            tag_zipf: Zipf::new(300, 1.0),
        }
    }

    /// About `count` word ranks: stock phrases, and words that follow the word before as
    /// they tend to.
    fn ranks(&self, rng: &mut Rng, count: usize) -> Vec<usize> {
        let mut ranks: Vec<usize> = Vec::with_capacity(count + 4);
        while ranks.len() < count {
            if rng.chance(25) {
                ranks.extend(&self.phrases[self.phrase_zipf.sample(rng)]);
                continue;
            }
            let next = match ranks.last() {
                Some(&previous) if rng.chance(70) => {
                    self.successors[previous][self.successor_zipf.sample(rng)]
                }
                _ => self.words.sample(rng),
            };
            ranks.push(next);
        }
        ranks.truncate(count);
        ranks
    }

    /// `count` content words (no function words: titles are made of these).
    fn content_words(&self, rng: &mut Rng, korean: bool, count: usize) -> String {
        let words: Vec<&str> = (0..count)
            .map(|_| {
                let rank = (COMMON_WORDS + self.words.sample(rng)).min(VOCABULARY - 1);
                if korean {
                    self.korean.word(rank)
                } else {
                    self.english.word(rank)
                }
            })
            .collect();
        words.join(" ")
    }

    /// `count` words of one language, as a sentence without its full stop.
    fn words(&self, rng: &mut Rng, korean: bool, count: usize) -> String {
        let mut text = String::new();
        for (i, rank) in self.ranks(rng, count).into_iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            if korean {
                text.push_str(self.korean.word(rank));
                text.push_str(particle(rng));
            } else {
                text.push_str(self.english.word(rank));
            }
        }
        text
    }

    fn sentence(&self, rng: &mut Rng, korean: bool) -> String {
        let count = rng.between(10, 24);
        let text = self.words(rng, korean, count);
        if korean {
            format!("{text}.")
        } else {
            format!("{}.", capitalise(&text))
        }
    }

    fn paragraph(&self, rng: &mut Rng, korean: bool) -> String {
        let count = rng.between(2, 5);
        (0..count)
            .map(|_| self.sentence(rng, korean))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn body(&self, rng: &mut Rng, korean: bool, link: &str) -> String {
        let mut body = String::new();
        for k in 0..rng.between(4, 9) {
            if k > 0 && rng.chance(35) {
                let words = rng.between(2, 4);
                let heading = capitalise(&self.words(rng, korean, words));
                body.push_str(&format!("## {heading}\n\n"));
            }
            if rng.chance(15) {
                for _ in 0..rng.between(2, 4) {
                    let words = rng.between(3, 8);
                    body.push_str(&format!("- {}\n", self.words(rng, korean, words)));
                }
                body.push('\n');
            }
            body.push_str(&self.paragraph(rng, korean));
            body.push_str("\n\n");
        }
        let text = self.words(rng, korean, 3);
        body.push_str(&format!("[{text}]({link})\n"));
        body
    }

    fn release(&self, rng: &mut Rng, index: usize, published: i64) -> Release {
        let korean = rng.chance(33);
        let (agency, domain) = &self.agencies[self.agency_zipf.sample(rng)];
        let number = index + 1;
        let id = format!("r{number:06}");
        let title_words = rng.between(6, 14);
        let title = capitalise(&self.content_words(rng, korean, title_words));
        let slug = format!(
            "{}-{number}",
            cut_slug(&slugify(&title), 80).trim_end_matches('-')
        );
        let link = format!("https://{domain}/news/{id}");
        let mut tags: Vec<String> = (0..rng.between(1, 4))
            .map(|_| self.tags[self.tag_zipf.sample(rng)].clone())
            .collect();
        tags.sort();
        tags.dedup();
        let summary = rng.chance(70).then(|| self.sentence(rng, korean));
        Release {
            id,
            slug: Some(slug),
            title,
            published: date_time(published),
            source: Source {
                name: agency.clone(),
                url: link.clone(),
            },
            summary,
            body: self.body(rng, korean, &link),
            tags,
            language: korean.then(|| "ko".to_owned()),
            ..Release::default()
        }
    }
}

/// The bundle of `spec`.
pub fn generate(spec: Spec) -> Bundle {
    let material = Material::new(spec.seed);
    let mut published = START;
    let releases = (0..spec.count)
        .map(|index| {
            let mut rng = Rng::new(spec.seed.wrapping_mul(0x100_0000_01B3) ^ index as u64);
            published += 60 * rng.between(20, 140) as i64;
            material.release(&mut rng, index, published)
        })
        .collect();
    Bundle {
        version: 1,
        site: Site {
            title: "Synthetic Pressroom".to_owned(),
            // Not the count: a site's description stays the same as releases are
            // published, so a publish leaves old pages byte for byte the same.
            description: Some(format!("Generated press releases (seed {}).", spec.seed)),
            language: Some("en".to_owned()),
            base_url: None,
        },
        releases,
    }
}

/// The bundle as compact JSON.
pub fn to_json(bundle: &Bundle) -> String {
    serde_json::to_string(bundle).unwrap_or_default()
}

/// An RFC 3339 UTC date-time of `seconds` since the epoch.
fn date_time(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:00Z",
        rest / 3_600,
        rest % 3_600 / 60
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pressroom_core::Catalog;

    fn spec(count: usize) -> Spec {
        Spec { count, seed: 7 }
    }

    #[test]
    fn same_seed_same_bundle_and_prefixes_agree() {
        let small = generate(spec(50));
        let large = generate(spec(80));
        assert_eq!(small.releases[..], large.releases[..50]);
        assert_eq!(generate(spec(50)).releases, small.releases);
        assert_ne!(
            generate(Spec { count: 50, seed: 8 }).releases,
            small.releases
        );
    }

    #[test]
    fn calendar_conversion() {
        // Hand-checked dates.
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(16_801 + 59), (2016, 2, 29));
        assert_eq!(date_time(START), "2011-01-01T00:00:00Z");
    }

    #[test]
    fn every_release_is_valid_and_text_weighs_like_real_releases() {
        let bundle = generate(spec(1_000));
        let json = serde_json_text(&bundle);
        let catalog = Catalog::from_json(&json).expect("valid");
        assert_eq!(catalog.len(), 1_000);
        assert!(
            catalog.problems().is_empty(),
            "{:?}",
            catalog.problems().first()
        );
        let bodies: usize = bundle.releases.iter().map(|r| r.body.len()).sum();
        let average = bodies / bundle.releases.len();
        assert!(
            (1_500..6_000).contains(&average),
            "average body {average} bytes"
        );
        let korean = bundle
            .releases
            .iter()
            .filter(|r| r.language.as_deref() == Some("ko"))
            .count();
        assert!((250..420).contains(&korean), "{korean} Korean releases");
        assert!(bundle
            .releases
            .windows(2)
            .all(|w| w[0].published < w[1].published));
    }

    fn gzip(bytes: &[u8]) -> usize {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).expect("in memory");
        encoder.finish().expect("in memory").len()
    }

    /// One release compresses about as well as a real one: the seed release (a real
    /// U.S. government release, ../shared/seed) is 2,671 bytes and 967 gzipped, 2.76×.
    #[test]
    fn a_release_compresses_like_a_real_one() {
        let bundle = generate(spec(400));
        for korean in [false, true] {
            let (raw, packed) = bundle
                .releases
                .iter()
                .filter(|r| r.language.is_some() == korean)
                .map(|r| (r.body.len(), gzip(r.body.as_bytes())))
                .fold((0, 0), |(a, b), (r, p)| (a + r, b + p));
            let ratio = raw as f64 / packed as f64;
            println!("korean {korean}: ratio {ratio:.2}, {raw} bytes");
            assert!((2.2..3.4).contains(&ratio), "korean {korean}: {ratio:.2}");
        }
    }

    fn serde_json_text(bundle: &Bundle) -> String {
        to_json(bundle)
    }
}
