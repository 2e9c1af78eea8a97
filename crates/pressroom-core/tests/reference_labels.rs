//! A reference link finds its definition by the label's Unicode case folding, as
//! CommonMark asks (pulldown-cmark's labels are Pressroom's `Caseless`, in
//! `vendor/pulldown-cmark/src/caseless.rs`, not the `unicase` crate's).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hash::{Hash, Hasher};

use pressroom_core::markdown::render_default;

const TARGET: &str = "https://example.org/defined";

/// Whether `[reference]` links to the definition `[label]: …`.
fn links(label: &str, reference: &str) -> bool {
    let html = render_default(&format!("[{reference}]\n\n[{label}]: {TARGET}\n"));
    html.contains(&format!("href=\"{TARGET}\""))
}

#[test]
fn labels_that_fold_alike_link() {
    // Hand-written from Unicode's CaseFolding.txt and CommonMark's examples 540 and 541.
    let alike = [
        ("SS", "ẞ"),
        ("ΑΓΩ", "αγω"),
        ("Foo", "fOO"),
        ("Straße", "STRASSE"),
        ("ﬃ", "FFI"),
        ("ﬅ", "st"),
        ("ς", "Σ"),
        ("σ", "ς"),
        ("ſ", "S"),
        ("µ", "Μ"),
        ("K", "\u{212a}"),
        ("Ꭰ", "ꭰ"),
        ("ǰ", "J\u{30c}"),
        ("ᾳ", "ΑΙ"),
        ("ŉ", "ʼN"),
        ("ϐ", "Β"),
        ("ᲈ", "Ꙋ"),
        ("서울", "서울"),
    ];
    for (label, reference) in alike {
        assert_alike(label, reference);
    }
}

/// Each of `a` and `b` links to a definition labelled with the other.
fn assert_alike(a: &str, b: &str) {
    assert!(links(a, b), "[{b}] should link to [{a}] ({b:?}, {a:?})");
    assert!(links(b, a), "[{a}] should link to [{b}] ({a:?}, {b:?})");
}

#[test]
fn labels_that_fold_apart_do_not_link() {
    let apart = [
        ("a", "b"),
        ("ß", "s"),
        ("i", "ı"),
        ("ss", "s"),
        ("Ꭰ", "Ꭱ"),
        ("σ", "ο"),
    ];
    for (label, reference) in apart {
        assert!(
            !links(label, reference),
            "[{reference}] should not link to [{label}]"
        );
    }
}

/// The `unicase` crate's folding of `text`, read from what its `Hash` writes (the
/// UTF-8 of each folded character, then 0xFF): the reference the patch is checked
/// against.
fn unicase_fold(text: &str) -> String {
    #[derive(Default)]
    struct Bytes(Vec<u8>);
    impl Hasher for Bytes {
        fn finish(&self) -> u64 {
            0
        }
        fn write(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }
    }
    let mut bytes = Bytes::default();
    unicase::UniCase::unicode(text).hash(&mut bytes);
    assert_eq!(bytes.0.pop(), Some(0xff));
    String::from_utf8(bytes.0).unwrap()
}

/// Whether the standard library's tables give `c` a case (`unicase`'s may be of a later
/// Unicode version, with letters std does not know yet).
fn std_knows_case(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || c.to_lowercase().ne([c]) || c.to_uppercase().ne([c])
}

/// Every character that case folding changes links to its folding, as with `unicase`.
#[test]
fn every_folding_links_as_unicase_folds_it() {
    let (mut checked, mut newer) = (0, Vec::new());
    for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
        let text = c.to_string();
        let folded = unicase_fold(&text);
        if folded == text {
            continue;
        }
        if !std_knows_case(c) {
            newer.push(c);
            continue;
        }
        checked += 1;
        assert_alike(&text, &folded);
    }
    assert!(checked > 1_400, "only {checked} characters fold");
    assert!(newer.len() < 40, "std's tables lack the case of {newer:?}");
}
