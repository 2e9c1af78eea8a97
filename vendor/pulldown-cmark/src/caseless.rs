//! Caseless link and footnote labels (Pressroom's patch, in place of the `unicase` crate).
//!
//! CommonMark matches a reference to its definition after Unicode case folding. This
//! folds each character with the standard library's lower-case mapping, which a program
//! that handles text has linked in anyway, and then maps the 97 lower-case characters
//! whose full case folding differs (`ß` → `ss`, `ς` → `σ`, `ﬁ` → `fi`, …: the foldings
//! of Unicode's `CaseFolding.txt`, statuses C and F, that are not the lower case). Two
//! labels are equal after this exactly when they are after full case folding: the only
//! other difference, Cherokee, folds to upper case and maps to lower case, one letter to
//! one letter either way. `unicase` kept its own table of every folding as code, about
//! 7 KB of wasm.

use core::hash::{Hash, Hasher};
use core::str::Chars;

use crate::strings::CowStr;

/// A label that compares and hashes by its case folding.
#[derive(Debug, Clone)]
pub(crate) struct Caseless<'a>(CowStr<'a>);

impl<'a> Caseless<'a> {
    pub(crate) fn new(label: CowStr<'a>) -> Self {
        Caseless(label)
    }

    fn folded(&self) -> impl Iterator<Item = char> + '_ {
        self.0.chars().flat_map(char::to_lowercase).flat_map(fold_lower)
    }
}

impl AsRef<str> for Caseless<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.folded().eq(other.folded())
    }
}

impl Eq for Caseless<'_> {}

impl Hash for Caseless<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for c in self.folded() {
            state.write_u32(c as u32);
        }
        state.write_u8(0xff);
    }
}

/// The full case folding of a character that is its own lower case.
fn fold_lower(c: char) -> Folded {
    if c < SPECIAL[0].0 {
        return Folded::One(Some(c));
    }
    match SPECIAL.binary_search_by_key(&c, |&(from, _)| from) {
        Ok(at) => Folded::Many(SPECIAL[at].1.chars()),
        Err(_) => Folded::One(Some(c)),
    }
}

/// The characters [`fold_lower`] gives.
enum Folded {
    One(Option<char>),
    Many(Chars<'static>),
}

impl Iterator for Folded {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            Folded::One(c) => c.take(),
            Folded::Many(chars) => chars.next(),
        }
    }
}

/// Lower-case characters whose full case folding is not themselves, sorted.
const SPECIAL: [(char, &str); 97] = [
    ('\u{00b5}', "\u{03bc}"),
    ('\u{00df}', "\u{0073}\u{0073}"),
    ('\u{0149}', "\u{02bc}\u{006e}"),
    ('\u{017f}', "\u{0073}"),
    ('\u{01f0}', "\u{006a}\u{030c}"),
    ('\u{0345}', "\u{03b9}"),
    ('\u{0390}', "\u{03b9}\u{0308}\u{0301}"),
    ('\u{03b0}', "\u{03c5}\u{0308}\u{0301}"),
    ('\u{03c2}', "\u{03c3}"),
    ('\u{03d0}', "\u{03b2}"),
    ('\u{03d1}', "\u{03b8}"),
    ('\u{03d5}', "\u{03c6}"),
    ('\u{03d6}', "\u{03c0}"),
    ('\u{03f0}', "\u{03ba}"),
    ('\u{03f1}', "\u{03c1}"),
    ('\u{03f5}', "\u{03b5}"),
    ('\u{0587}', "\u{0565}\u{0582}"),
    ('\u{1c80}', "\u{0432}"),
    ('\u{1c81}', "\u{0434}"),
    ('\u{1c82}', "\u{043e}"),
    ('\u{1c83}', "\u{0441}"),
    ('\u{1c84}', "\u{0442}"),
    ('\u{1c85}', "\u{0442}"),
    ('\u{1c86}', "\u{044a}"),
    ('\u{1c87}', "\u{0463}"),
    ('\u{1c88}', "\u{a64b}"),
    ('\u{1e96}', "\u{0068}\u{0331}"),
    ('\u{1e97}', "\u{0074}\u{0308}"),
    ('\u{1e98}', "\u{0077}\u{030a}"),
    ('\u{1e99}', "\u{0079}\u{030a}"),
    ('\u{1e9a}', "\u{0061}\u{02be}"),
    ('\u{1e9b}', "\u{1e61}"),
    ('\u{1f50}', "\u{03c5}\u{0313}"),
    ('\u{1f52}', "\u{03c5}\u{0313}\u{0300}"),
    ('\u{1f54}', "\u{03c5}\u{0313}\u{0301}"),
    ('\u{1f56}', "\u{03c5}\u{0313}\u{0342}"),
    ('\u{1f80}', "\u{1f00}\u{03b9}"),
    ('\u{1f81}', "\u{1f01}\u{03b9}"),
    ('\u{1f82}', "\u{1f02}\u{03b9}"),
    ('\u{1f83}', "\u{1f03}\u{03b9}"),
    ('\u{1f84}', "\u{1f04}\u{03b9}"),
    ('\u{1f85}', "\u{1f05}\u{03b9}"),
    ('\u{1f86}', "\u{1f06}\u{03b9}"),
    ('\u{1f87}', "\u{1f07}\u{03b9}"),
    ('\u{1f90}', "\u{1f20}\u{03b9}"),
    ('\u{1f91}', "\u{1f21}\u{03b9}"),
    ('\u{1f92}', "\u{1f22}\u{03b9}"),
    ('\u{1f93}', "\u{1f23}\u{03b9}"),
    ('\u{1f94}', "\u{1f24}\u{03b9}"),
    ('\u{1f95}', "\u{1f25}\u{03b9}"),
    ('\u{1f96}', "\u{1f26}\u{03b9}"),
    ('\u{1f97}', "\u{1f27}\u{03b9}"),
    ('\u{1fa0}', "\u{1f60}\u{03b9}"),
    ('\u{1fa1}', "\u{1f61}\u{03b9}"),
    ('\u{1fa2}', "\u{1f62}\u{03b9}"),
    ('\u{1fa3}', "\u{1f63}\u{03b9}"),
    ('\u{1fa4}', "\u{1f64}\u{03b9}"),
    ('\u{1fa5}', "\u{1f65}\u{03b9}"),
    ('\u{1fa6}', "\u{1f66}\u{03b9}"),
    ('\u{1fa7}', "\u{1f67}\u{03b9}"),
    ('\u{1fb2}', "\u{1f70}\u{03b9}"),
    ('\u{1fb3}', "\u{03b1}\u{03b9}"),
    ('\u{1fb4}', "\u{03ac}\u{03b9}"),
    ('\u{1fb6}', "\u{03b1}\u{0342}"),
    ('\u{1fb7}', "\u{03b1}\u{0342}\u{03b9}"),
    ('\u{1fbe}', "\u{03b9}"),
    ('\u{1fc2}', "\u{1f74}\u{03b9}"),
    ('\u{1fc3}', "\u{03b7}\u{03b9}"),
    ('\u{1fc4}', "\u{03ae}\u{03b9}"),
    ('\u{1fc6}', "\u{03b7}\u{0342}"),
    ('\u{1fc7}', "\u{03b7}\u{0342}\u{03b9}"),
    ('\u{1fd2}', "\u{03b9}\u{0308}\u{0300}"),
    ('\u{1fd3}', "\u{03b9}\u{0308}\u{0301}"),
    ('\u{1fd6}', "\u{03b9}\u{0342}"),
    ('\u{1fd7}', "\u{03b9}\u{0308}\u{0342}"),
    ('\u{1fe2}', "\u{03c5}\u{0308}\u{0300}"),
    ('\u{1fe3}', "\u{03c5}\u{0308}\u{0301}"),
    ('\u{1fe4}', "\u{03c1}\u{0313}"),
    ('\u{1fe6}', "\u{03c5}\u{0342}"),
    ('\u{1fe7}', "\u{03c5}\u{0308}\u{0342}"),
    ('\u{1ff2}', "\u{1f7c}\u{03b9}"),
    ('\u{1ff3}', "\u{03c9}\u{03b9}"),
    ('\u{1ff4}', "\u{03ce}\u{03b9}"),
    ('\u{1ff6}', "\u{03c9}\u{0342}"),
    ('\u{1ff7}', "\u{03c9}\u{0342}\u{03b9}"),
    ('\u{fb00}', "\u{0066}\u{0066}"),
    ('\u{fb01}', "\u{0066}\u{0069}"),
    ('\u{fb02}', "\u{0066}\u{006c}"),
    ('\u{fb03}', "\u{0066}\u{0066}\u{0069}"),
    ('\u{fb04}', "\u{0066}\u{0066}\u{006c}"),
    ('\u{fb05}', "\u{0073}\u{0074}"),
    ('\u{fb06}', "\u{0073}\u{0074}"),
    ('\u{fb13}', "\u{0574}\u{0576}"),
    ('\u{fb14}', "\u{0574}\u{0565}"),
    ('\u{fb15}', "\u{0574}\u{056b}"),
    ('\u{fb16}', "\u{057e}\u{0576}"),
    ('\u{fb17}', "\u{0574}\u{056d}"),
];
