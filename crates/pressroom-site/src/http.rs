//! What the preview server and the test servers share of HTTP, so that both answer as
//! static hosts do:
//! - a request header, read from the raw request head ([`header`]);
//! - byte ranges (RFC 9110 §14): one range of a file, `bytes=10-19`, `bytes=10-` or
//!   `bytes=-10`, answered with `206` and a `Content-Range`; a range that starts past the
//!   end is `416`; anything else (several ranges, another unit, a malformed header) is
//!   ignored and the whole file is sent, as the RFC allows ([`cut`]). The app reads one
//!   release out of a pack this way, so it is tested against the same rules.

use std::ops::Range;

/// The value of the request header `name` (any case) in `head`, the request line and
/// headers as read.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.split("\r\n").skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// A file's answer after its request's `Range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// `200`, `206` or `416` for a found file; any other status as it was.
    pub status: u16,
    /// The bytes to send (empty for `416`).
    pub body: Vec<u8>,
    /// The bytes of the file sent, for `206`.
    pub part: Option<Range<usize>>,
    /// The `Content-Range` value, for `206` and `416`.
    pub content_range: Option<String>,
}

/// The answer `status` with `body` cut to `range` (the `Range` header's value): only a
/// found file (`200`) is cut; other answers are sent as they are.
pub fn cut(status: u16, body: Vec<u8>, range: Option<&str>) -> Cut {
    let whole = |body| Cut {
        status,
        body,
        part: None,
        content_range: None,
    };
    if status != 200 {
        return whole(body);
    }
    let len = body.len();
    match ranged(range, len) {
        Ranged::Whole => whole(body),
        Ranged::Part(part) => Cut {
            status: 206,
            body: body.get(part.clone()).unwrap_or_default().to_vec(),
            content_range: Some(content_range(&part, len)),
            part: Some(part),
        },
        Ranged::Unsatisfiable => Cut {
            status: 416,
            body: Vec::new(),
            part: None,
            content_range: Some(unsatisfied_range(len)),
        },
    }
}

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
    fn headers_are_read_from_the_head_in_any_case() {
        let head = "GET /a HTTP/1.1\r\nHost: x\r\nrange:  bytes=2-4 \r\nAccept: text/html";
        assert_eq!(header(head, "Range"), Some("bytes=2-4"));
        assert_eq!(header(head, "accept"), Some("text/html"));
        assert_eq!(
            header(head, "GET /a HTTP/1.1"),
            None,
            "not the request line"
        );
        assert_eq!(header(head, "if-none-match"), None);
    }

    #[test]
    fn a_range_of_a_found_file_is_its_part() {
        let file = b"0123456789".to_vec();
        let part = cut(200, file.clone(), Some("bytes=2-4"));
        assert_eq!(
            (part.status, part.body.as_slice()),
            (206, b"234".as_slice())
        );
        assert_eq!(part.part, Some(2..5));
        assert_eq!(part.content_range.as_deref(), Some("bytes 2-4/10"));
        let past = cut(200, file.clone(), Some("bytes=20-"));
        assert_eq!((past.status, past.body.len()), (416, 0));
        assert_eq!(past.content_range.as_deref(), Some("bytes */10"));
        let whole = cut(200, file.clone(), None);
        assert_eq!(
            (whole.status, &whole.body, whole.content_range),
            (200, &file, None)
        );
        let missing = cut(404, file.clone(), Some("bytes=2-4"));
        assert_eq!(
            (missing.status, &missing.body, missing.part),
            (404, &file, None),
            "only files that are found"
        );
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
