//! Slugs: the URL segment of a release (`/releases/<slug>`).
//!
//! Derivation from a title: lower-case; accented Latin letters fold to their ASCII base
//! (`é` → `e`, `ß` → `ss`); letters of other scripts stay (Hangul stays Hangul); `&` reads
//! `and`; apostrophes and quotes vanish; every other run of characters that are not
//! letters or digits becomes one hyphen. Bidi and other control characters never survive.
//!
//! A valid slug is non-empty, at most [`MAX_SLUG_BYTES`] bytes of UTF-8, made of
//! lower-case letters (letters without case, such as Hangul, count), ASCII digits and
//! single hyphens, and neither starts nor ends with a hyphen.
//!
//! Lengths are counted in bytes because a slug becomes a folder name
//! (`releases/<slug>/index.html`) and a URL segment: file systems limit names to 255
//! bytes, and every non-ASCII byte takes three characters once percent-encoded. A Korean
//! syllable is three bytes, so a 100-syllable title would make a 300-byte name. Derived
//! slugs are kept to [`MAX_DERIVED_SLUG_BYTES`], cut at a word boundary.

/// The longest slug accepted, in bytes of UTF-8: a folder name on every common file
/// system (255), and at most 600 characters once percent-encoded.
pub const MAX_SLUG_BYTES: usize = 200;

/// The longest slug derived from a title, in bytes: 96 ASCII letters or 32 Hangul
/// syllables, at most 288 characters once percent-encoded.
pub const MAX_DERIVED_SLUG_BYTES: usize = 96;

/// Derives a slug from a title. May return an empty string (a title with no letters or
/// digits); callers fall back to the id then.
pub fn slugify(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut pending_hyphen = false;
    for ch in title.chars() {
        if is_dropped(ch) {
            continue;
        }
        if ch == '&' {
            pending_hyphen = true;
            push_word(&mut out, &mut pending_hyphen, "and");
            pending_hyphen = true;
            continue;
        }
        if let Some(folded) = fold_latin(ch) {
            push_word(&mut out, &mut pending_hyphen, folded);
            continue;
        }
        if ch.is_alphabetic() || ch.is_ascii_digit() {
            // Upper-case letters without a lower-case form (`ℝ`, `𝐀`, `ϒ`) would make
            // the slug invalid: they separate words like punctuation does.
            let lower: String = ch.to_lowercase().filter(|&c| is_slug_char(c)).collect();
            if lower.is_empty() {
                pending_hyphen = true;
            } else {
                push_word(&mut out, &mut pending_hyphen, &lower);
            }
        } else {
            pending_hyphen = true;
        }
        if out.len() > MAX_DERIVED_SLUG_BYTES {
            break;
        }
    }
    cut_slug(&out, MAX_DERIVED_SLUG_BYTES).to_owned()
}

/// `slug` cut to at most `max` bytes: at the last hyphen within the limit when that keeps
/// at least half of it (a whole word), else at a character boundary; never ending with a
/// hyphen.
pub fn cut_slug(slug: &str, max: usize) -> &str {
    let slug = slug.trim_matches('-');
    if slug.len() <= max {
        return slug;
    }
    let mut end = max;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    let at_word = match cut.rfind('-') {
        Some(hyphen) if hyphen >= max / 2 => &cut[..hyphen],
        _ => cut,
    };
    at_word.trim_end_matches('-')
}

fn push_word(out: &mut String, pending_hyphen: &mut bool, word: &str) {
    if *pending_hyphen && !out.is_empty() {
        out.push('-');
    }
    *pending_hyphen = false;
    out.push_str(word);
}

/// Characters that disappear without leaving a hyphen: quotes, apostrophes, combining
/// marks, and invisible format or control characters (bidi overrides, zero-width joiners).
fn is_dropped(ch: char) -> bool {
    matches!(
        ch,
        '\'' | '"' | '‘' | '’' | '“' | '”' | '„' | '‚' | '«' | '»' | '`' | '´'
    ) || ('\u{0300}'..='\u{036F}').contains(&ch)
        || (is_invisible(ch) && !ch.is_whitespace())
}

/// Control, bidi and zero-width characters, which must never reach a URL or a slug.
pub fn is_invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(ch,
            '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}')
}

/// Folds an accented Latin letter (either case) to lower-case ASCII.
fn fold_latin(ch: char) -> Option<&'static str> {
    let folded = match ch {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => {
            "e"
        }
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į' | 'į' | 'İ' | 'ı' => {
            "i"
        }
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' | 'Ț' | 'ț' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü'
        | 'ù'..='ü'
        | 'Ũ'
        | 'ũ'
        | 'Ū'
        | 'ū'
        | 'Ŭ'
        | 'ŭ'
        | 'Ů'
        | 'ů'
        | 'Ű'
        | 'ű'
        | 'Ų'
        | 'ų' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        _ => return None,
    };
    Some(folded)
}

/// Why a slug is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugFault {
    /// The slug is empty.
    Empty,
    /// Longer than [`MAX_SLUG_BYTES`] bytes.
    TooLong,
    /// A character other than lower-case letters, digits and hyphens.
    BadCharacter(char),
    /// Starts or ends with a hyphen, or has two in a row.
    BadHyphen,
}

/// Checks a slug against the rules in the module docs.
pub fn check_slug(slug: &str) -> Result<(), SlugFault> {
    if slug.is_empty() {
        return Err(SlugFault::Empty);
    }
    if slug.len() > MAX_SLUG_BYTES {
        return Err(SlugFault::TooLong);
    }
    if let Some(bad) = slug.chars().find(|&c| !is_slug_char(c)) {
        return Err(SlugFault::BadCharacter(bad));
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Err(SlugFault::BadHyphen);
    }
    Ok(())
}

fn is_slug_char(ch: char) -> bool {
    ch == '-' || ch.is_ascii_digit() || (ch.is_alphabetic() && !ch.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_titles() {
        assert_eq!(slugify("NASA Awards Contract"), "nasa-awards-contract");
        assert_eq!(slugify("  Hello,   World!  "), "hello-world");
        assert_eq!(slugify("AirVenture 2018"), "airventure-2018");
    }

    #[test]
    fn quotes_and_ampersands() {
        assert_eq!(
            slugify(r#"Mayor Announces "Clean Streets & Safe Parks" Initiative"#),
            "mayor-announces-clean-streets-and-safe-parks-initiative"
        );
        assert_eq!(slugify("Don’t Panic: It's Fine"), "dont-panic-its-fine");
        assert_eq!(slugify("R&D"), "r-and-d");
        assert_eq!(slugify("“Quoted”"), "quoted");
    }

    #[test]
    fn accented_latin_folds() {
        assert_eq!(slugify("Café Opens in Zürich"), "cafe-opens-in-zurich");
        assert_eq!(slugify("Straße"), "strasse");
        assert_eq!(slugify("Ærø Łódź"), "aero-lodz");
        // Decomposed accents (NFD) fold the same way.
        assert_eq!(slugify("Cafe\u{301}"), "cafe");
    }

    #[test]
    fn korean_and_other_scripts_stay() {
        assert_eq!(
            slugify("해양수산부, 2024년 연안 정화 계획 발표 (샘플)"),
            "해양수산부-2024년-연안-정화-계획-발표-샘플"
        );
        assert_eq!(slugify("Москва Пресс"), "москва-пресс");
        assert!(check_slug(&slugify("해양수산부 발표")).is_ok());
    }

    #[test]
    fn invisible_characters_vanish() {
        assert_eq!(slugify("ab\u{202E}cd\u{200B}ef"), "abcdef");
        assert_eq!(slugify("line\nbreak"), "line-break");
    }

    #[test]
    fn empty_and_symbol_only_titles() {
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("!!! ??? ---"), "");
    }

    #[test]
    fn derived_slugs_are_valid() {
        for title in [
            "A",
            "Ünïcödé — dash",
            "x & y & z",
            "2024",
            "한국어 제목",
            "Ǆ digraph",
            "İstanbul",
        ] {
            let slug = slugify(title);
            assert!(check_slug(&slug).is_ok(), "{title:?} → {slug:?}");
        }
    }

    #[test]
    fn upper_case_letters_without_a_lower_case_form_separate_words() {
        // Found by the property tests: these used to stay, giving invalid slugs.
        assert_eq!(slugify("aℝb"), "a-b");
        assert_eq!(slugify("𝐀𝐁𝐂 News"), "news");
        assert_eq!(slugify("ϒ"), "");
        for ch in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let slug = slugify(&format!("a{ch}b"));
            assert!(check_slug(&slug).is_ok(), "{ch:?} → {slug:?}");
        }
    }

    #[test]
    fn long_titles_are_capped() {
        let slug = slugify(&"word ".repeat(100));
        assert!(slug.len() <= MAX_DERIVED_SLUG_BYTES);
        assert_eq!(
            slug,
            "word-".repeat(19).trim_end_matches('-'),
            "cut at a word"
        );
        assert!(check_slug(&slug).is_ok());
    }

    #[test]
    fn long_korean_titles_fit_a_file_name() {
        // Seen on a real archive: a 100-syllable title made a 600-byte name.
        let title = "가".repeat(100);
        let slug = slugify(&title);
        assert_eq!(slug, "가".repeat(32), "32 syllables of 3 bytes each");
        let words = slugify(&"해양수산부 연안 정화 ".repeat(20));
        assert!(words.len() <= MAX_DERIVED_SLUG_BYTES, "{words}");
        assert!(
            words.ends_with("정화") || words.ends_with("연안") || words.ends_with("해양수산부"),
            "{words}"
        );
        assert!(check_slug(&words).is_ok());
    }

    #[test]
    fn cutting_keeps_char_boundaries() {
        assert_eq!(cut_slug("ab-cd", 10), "ab-cd");
        assert_eq!(cut_slug("abcdef-gh", 8), "abcdef");
        assert_eq!(
            cut_slug("a-bcdefgh", 8),
            "a-bcdefg",
            "no word in the second half"
        );
        assert_eq!(cut_slug("한국어", 7), "한국");
        assert_eq!(cut_slug("-a-", 5), "a");
    }

    #[test]
    fn validation_rules() {
        assert_eq!(check_slug(""), Err(SlugFault::Empty));
        assert_eq!(check_slug("Upper"), Err(SlugFault::BadCharacter('U')));
        assert_eq!(check_slug("a b"), Err(SlugFault::BadCharacter(' ')));
        assert_eq!(check_slug("a/b"), Err(SlugFault::BadCharacter('/')));
        assert_eq!(check_slug("../x"), Err(SlugFault::BadCharacter('.')));
        assert_eq!(check_slug("a_b"), Err(SlugFault::BadCharacter('_')));
        assert_eq!(check_slug("-a"), Err(SlugFault::BadHyphen));
        assert_eq!(check_slug("a--b"), Err(SlugFault::BadHyphen));
        assert_eq!(check_slug(&"a".repeat(201)), Err(SlugFault::TooLong));
        assert_eq!(
            check_slug(&"가".repeat(67)),
            Err(SlugFault::TooLong),
            "201 bytes"
        );
        assert!(check_slug(&"가".repeat(66)).is_ok());
        assert!(check_slug("é-2").is_ok());
        assert!(check_slug("해양").is_ok());
    }
}
