//! HTTP byte ranges as a static host answers them (RFC 9110 §14): one range of a file,
//! `bytes=10-19`, `bytes=10-` or `bytes=-10`, answered with `206` and a `Content-Range`;
//! a range that starts past the end is `416`; anything else (several ranges, another
//! unit, a malformed header) is ignored and the whole file is sent, as the RFC allows.
//! The preview server and the test servers use it, so the app's Range reads of a pack
//! entry are tested against the same rules.

use std::ops::Range;

/// What to send for a request's `Range` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ranged {
    /// The whole file (`200`).
    Whole,
    /// These bytes of it (`206`).
    Part(Range<usize>),
    /// Nothing: the range starts past the end (`416`).
    Unsatisfiable,
}

/// What to send for `header` (the `Range` header's value, if any) on a file of `len`
/// bytes.
pub fn ranged(header: Option<&str>, len: usize) -> Ranged {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Ranged::Whole;
    };
    if len == 0 {
        return Ranged::Whole;
    }
    if spec.contains(',') {
        return Ranged::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Ranged::Whole;
    };
    let number = |s: &str| s.trim().parse::<usize>().ok();
    match (first.trim().is_empty(), number(first), number(last)) {
        // `bytes=-n`: the last n bytes.
        (true, _, Some(n)) if n > 0 => Ranged::Part(len.saturating_sub(n)..len),
        (true, _, _) => Ranged::Unsatisfiable,
        (false, Some(start), _) if start >= len => Ranged::Unsatisfiable,
        (false, Some(start), None) if last.trim().is_empty() => Ranged::Part(start..len),
        (false, Some(start), Some(end)) if end >= start => {
            Ranged::Part(start..end.saturating_add(1).min(len))
        }
        _ => Ranged::Whole,
    }
}

/// The `Content-Range` value of a `206` answer (`bytes 10-19/500`).
pub fn content_range(part: &Range<usize>, len: usize) -> String {
    format!("bytes {}-{}/{len}", part.start, part.end.saturating_sub(1))
}

/// The `Content-Range` value of a `416` answer (`bytes */500`).
pub fn unsatisfied_range(len: usize) -> String {
    format!("bytes */{len}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_are_answered() {
        assert_eq!(ranged(Some("bytes=10-19"), 500), Ranged::Part(10..20));
        assert_eq!(ranged(Some("bytes=490-999"), 500), Ranged::Part(490..500));
        assert_eq!(ranged(Some("bytes=495-"), 500), Ranged::Part(495..500));
        assert_eq!(ranged(Some("bytes=-5"), 500), Ranged::Part(495..500));
        assert_eq!(ranged(Some("bytes=-900"), 500), Ranged::Part(0..500));
        assert_eq!(content_range(&(10..20), 500), "bytes 10-19/500");
        assert_eq!(unsatisfied_range(500), "bytes */500");
    }

    #[test]
    fn past_the_end_is_unsatisfiable() {
        assert_eq!(ranged(Some("bytes=500-"), 500), Ranged::Unsatisfiable);
        assert_eq!(ranged(Some("bytes=600-700"), 500), Ranged::Unsatisfiable);
        assert_eq!(ranged(Some("bytes=-0"), 500), Ranged::Unsatisfiable);
    }

    #[test]
    fn anything_else_gets_the_whole_file() {
        for header in [
            None,
            Some("bytes=1-2,5-6"),
            Some("items=1-2"),
            Some("bytes=5-2"),
            Some("bytes=a-b"),
            Some("bytes=12"),
            Some(""),
        ] {
            assert_eq!(ranged(header, 500), Ranged::Whole, "{header:?}");
        }
    }
}
