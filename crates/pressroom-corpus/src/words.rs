//! Vocabularies: English-like words (real function words first, then made-up content
//! words from syllables) and Korean words (Hangul syllables with the particles Korean
//! attaches to nouns), each ranked for Zipf sampling.

use crate::rng::Rng;

/// Real English function words, most frequent first.
const ENGLISH_COMMON: [&str; 40] = [
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
    "by",
    "with",
    "will",
    "from",
    "at",
    "as",
    "are",
    "be",
    "this",
    "has",
    "an",
    "its",
    "new",
    "which",
    "have",
    "said",
    "more",
    "public",
    "national",
    "minister",
    "government",
    "year",
    "support",
    "community",
    "local",
    "plan",
    "report",
    "safety",
    "funding",
    "programme",
];

const ONSETS: [&str; 18] = [
    "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "st", "pr", "tr", "gr",
];
const VOWELS: [&str; 8] = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
const CODAS: [&str; 9] = ["", "n", "r", "s", "t", "l", "m", "nd", "st"];

/// Korean particles and endings that follow a noun.
const PARTICLES: [&str; 12] = [
    "", "", "", "은", "는", "이", "가", "을", "를", "의", "에서", "으로",
];

/// A ranked vocabulary.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    words: Vec<String>,
}

impl Vocabulary {
    /// `size` English-like words: made of a few hundred syllables, the common ones
    /// common, as words share their parts.
    pub fn english(size: usize, rng: &mut Rng) -> Self {
        let syllables: Vec<String> = (0..300)
            .map(|_| {
                format!(
                    "{}{}{}",
                    ONSETS[skewed(rng, ONSETS.len())],
                    VOWELS[skewed(rng, VOWELS.len())],
                    CODAS[skewed(rng, CODAS.len())]
                )
            })
            .collect();
        let zipf = crate::rng::Zipf::new(syllables.len(), 0.9);
        let mut words: Vec<String> = ENGLISH_COMMON.iter().map(|w| (*w).to_owned()).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < size {
            let count = rng.between(2, 4);
            let word: String = (0..count)
                .map(|_| syllables[zipf.sample(rng)].as_str())
                .collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        Self { words }
    }

    /// `size` Korean nouns of two to four Hangul syllables.
    pub fn korean(size: usize, rng: &mut Rng) -> Self {
        // A few hundred common syllables make words that share syllables, as real ones do.
        let syllables: Vec<char> = (0..400)
            .filter_map(|_| char::from_u32(0xAC00 + rng.below(11_172) as u32))
            .collect();
        let mut words = Vec::with_capacity(size);
        let mut seen = std::collections::HashSet::new();
        while words.len() < size {
            let length = rng.between(2, 4);
            let word: String = (0..length)
                .map(|_| syllables[rng.below(syllables.len())])
                .collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        Self { words }
    }

    /// The word of `rank`.
    pub fn word(&self, rank: usize) -> &str {
        self.words.get(rank).map_or("", String::as_str)
    }

    /// How many words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether it has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// An index below `n`, the low ones more likely (letters are not equally common).
fn skewed(rng: &mut Rng, n: usize) -> usize {
    rng.below(n).min(rng.below(n))
}

/// A particle to follow a Korean noun (often none).
pub fn particle(rng: &mut Rng) -> &'static str {
    PARTICLES[rng.below(PARTICLES.len())]
}
