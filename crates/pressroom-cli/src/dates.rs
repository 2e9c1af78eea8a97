//! Dates as feeds write them → RFC 3339, keeping the publisher's own offset.
//!
//! Feeds use RFC 3339, RFC 822/2822 (often with named zones such as `EDT`, no seconds, or
//! a bare `Z`), and assorted local styles: `2020/1/10 14:33:00`, `Sat, Dec 16 2023 02:02:33
//! PM`, or day and month names in Portuguese, Spanish, French, German or Italian. Each is
//! read with chrono; a value with no zone is taken as UTC and flagged, so the import report
//! can say so. The offset is kept (not converted to UTC) because the viewer shows the
//! calendar date in the release's own offset.

use chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, SecondsFormat, TimeZone,
    Utc,
};

/// A date read from a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedDate {
    /// The moment, in the offset the feed gave.
    pub datetime: DateTime<FixedOffset>,
    /// The input had no time of day.
    pub date_only: bool,
    /// The input had no zone or offset, so UTC was assumed.
    pub assumed_utc: bool,
}

impl FeedDate {
    /// RFC 3339: `2024-06-01` for a date alone, else `2018-07-24T17:13:00-04:00` (`Z` for
    /// UTC; fractional seconds only when present).
    pub fn rfc3339(&self) -> String {
        if self.date_only {
            self.datetime.date_naive().format("%Y-%m-%d").to_string()
        } else {
            self.datetime.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        }
    }

    /// The moment in UTC.
    pub fn utc(&self) -> DateTime<Utc> {
        self.datetime.with_timezone(&Utc)
    }

    fn exact(datetime: DateTime<FixedOffset>) -> Self {
        Self {
            datetime,
            date_only: false,
            assumed_utc: false,
        }
    }

    fn naive(naive: NaiveDateTime) -> Self {
        Self {
            datetime: Utc.fix().from_utc_datetime(&naive),
            date_only: false,
            assumed_utc: true,
        }
    }
}

/// Reads a date in any of the styles above; `None` when it is not a date we can read.
pub fn parse_lenient(raw: &str) -> Option<FeedDate> {
    let text = raw.trim();
    if text.is_empty() || text.len() > 100 {
        return None;
    }
    if let Some(date) = parse_rfc3339_like(text) {
        return Some(date);
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(text) {
        return Some(FeedDate::exact(dt));
    }
    let normalised = normalise_words(text);
    if let Ok(dt) = DateTime::parse_from_rfc2822(&normalised) {
        return Some(FeedDate::exact(dt));
    }
    parse_other_styles(&normalised)
}

fn parse_rfc3339_like(text: &str) -> Option<FeedDate> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(FeedDate::exact(dt));
    }
    // A space in place of the `T`, as RFC 3339 §5.6 allows.
    if text.len() > 10 && text.as_bytes().get(10) == Some(&b' ') {
        let with_t = format!("{}T{}", &text[..10], &text[11..]);
        if let Ok(dt) = DateTime::parse_from_rfc3339(&with_t) {
            return Some(FeedDate::exact(dt));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        if text.len() == 10 {
            return Some(FeedDate {
                datetime: Utc.fix().from_utc_datetime(&date.and_time(NaiveTime::MIN)),
                date_only: true,
                assumed_utc: false,
            });
        }
    }
    None
}

/// Weekday and month names of other languages → English; a lone `Z` or `UTC` zone →
/// `+0000`; commas and runs of spaces tidied.
fn normalise_words(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for (index, word) in text.split_whitespace().enumerate() {
        let (core, comma) = match word.strip_suffix(',') {
            Some(core) => (core, ","),
            None => (word, ""),
        };
        let lower = core.to_lowercase();
        let lower = lower.trim_end_matches('.');
        let replaced = translate(
            lower,
            index == 0 && !lower.starts_with(|c: char| c.is_ascii_digit()),
        )
        .map(str::to_owned)
        .unwrap_or_else(|| core.to_owned());
        let replaced = match replaced.as_str() {
            "Z" | "z" | "UTC" | "utc" => "+0000".to_owned(),
            _ => replaced,
        };
        words.push(format!("{replaced}{comma}"));
    }
    words.join(" ")
}

fn translate(word: &str, first: bool) -> Option<&'static str> {
    const WEEKDAYS: &[(&str, &str)] = &[
        // Portuguese
        ("seg", "Mon"),
        ("ter", "Tue"),
        ("qua", "Wed"),
        ("qui", "Thu"),
        ("sex", "Fri"),
        ("sáb", "Sat"),
        ("sab", "Sat"),
        ("dom", "Sun"),
        // Spanish
        ("lun", "Mon"),
        ("mar", "Tue"),
        ("mié", "Wed"),
        ("mie", "Wed"),
        ("jue", "Thu"),
        ("vie", "Fri"),
        // French
        ("mer", "Wed"),
        ("jeu", "Thu"),
        ("ven", "Fri"),
        ("sam", "Sat"),
        ("dim", "Sun"),
        // German
        ("mo", "Mon"),
        ("di", "Tue"),
        ("mi", "Wed"),
        ("do", "Thu"),
        ("fr", "Fri"),
        ("sa", "Sat"),
        ("so", "Sun"),
        // Italian
        ("gio", "Thu"),
    ];
    const MONTHS: &[(&str, &str)] = &[
        ("jan", "Jan"),
        ("janv", "Jan"),
        ("ene", "Jan"),
        ("gen", "Jan"),
        ("fev", "Feb"),
        ("févr", "Feb"),
        ("fevr", "Feb"),
        ("mar", "Mar"),
        ("mär", "Mar"),
        ("mrz", "Mar"),
        ("abr", "Apr"),
        ("avr", "Apr"),
        ("mai", "May"),
        ("mag", "May"),
        ("juin", "Jun"),
        ("giu", "Jun"),
        ("juil", "Jul"),
        ("lug", "Jul"),
        ("ago", "Aug"),
        ("août", "Aug"),
        ("aout", "Aug"),
        ("set", "Sep"),
        ("out", "Oct"),
        ("okt", "Oct"),
        ("ott", "Oct"),
        ("dez", "Dec"),
        ("dic", "Dec"),
        ("déc", "Dec"),
    ];
    let table = if first { WEEKDAYS } else { MONTHS };
    table
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, english)| *english)
}

/// Styles with no zone (taken as UTC) and a few with one that RFC 2822 parsing misses.
fn parse_other_styles(text: &str) -> Option<FeedDate> {
    const WITH_ZONE: &[&str] = &[
        "%a, %b %d %Y %H:%M:%S %z",
        "%a, %d %b %Y %H:%M %z",
        "%d %b %Y %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y/%m/%d %H:%M:%S %z",
    ];
    const NAIVE: &[&str] = &[
        "%a, %b %d %Y %I:%M:%S %p",
        "%b %d %Y %I:%M:%S %p",
        "%a, %b %d %Y %H:%M:%S",
        "%a, %d %b %Y %H:%M:%S",
        "%a, %d %b %Y %H:%M",
        "%d %b %Y %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ];
    for format in WITH_ZONE {
        if let Ok(dt) = DateTime::parse_from_str(text, format) {
            return Some(FeedDate::exact(dt));
        }
    }
    for format in NAIVE {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(FeedDate::naive(naive));
        }
    }
    for format in [
        "%Y/%m/%d",
        "%d.%m.%Y",
        "%a, %d %b %Y",
        "%d %b %Y",
        "%b %d, %Y",
    ] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(FeedDate {
                datetime: Utc.fix().from_utc_datetime(&date.and_time(NaiveTime::MIN)),
                date_only: true,
                assumed_utc: false,
            });
        }
    }
    None
}

/// A WordPress pair of local and GMT times (`2013-01-10 15:15:40`, `2013-01-10
/// 20:15:40`) → one date-time in the site's offset. The offset is the difference of the
/// two; it is used only when it is a whole quarter-hour within ±14 hours, else UTC.
pub fn wordpress_local_and_gmt(local: Option<&str>, gmt: Option<&str>) -> Option<FeedDate> {
    let parse = |text: &str| {
        let text = text.trim();
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
            .ok()
    };
    let local = local.and_then(parse);
    // WordPress writes 0000-00-00 00:00:00 for drafts, which chrono refuses: fine.
    match (local, gmt.and_then(parse)) {
        (Some(local), Some(gmt)) => {
            let seconds = (local - gmt).num_seconds();
            let offset = (seconds % 900 == 0 && seconds.abs() <= 14 * 3600)
                .then(|| FixedOffset::east_opt(seconds as i32))
                .flatten()
                .unwrap_or(Utc.fix());
            Some(FeedDate::exact(offset.from_utc_datetime(&gmt)))
        }
        (None, Some(gmt)) => Some(FeedDate::exact(Utc.fix().from_utc_datetime(&gmt))),
        (Some(local), None) => Some(FeedDate::naive(local)),
        (None, None) => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn rfc(raw: &str) -> Option<String> {
        parse_lenient(raw).map(|d| d.rfc3339())
    }

    #[test]
    fn rfc3339_keeps_the_offset() {
        assert_eq!(
            rfc("2016-02-01T17:22:00+01:00").as_deref(),
            Some("2016-02-01T17:22:00+01:00")
        );
        assert_eq!(
            rfc("2023-01-03T15:00:00Z").as_deref(),
            Some("2023-01-03T15:00:00Z")
        );
        assert_eq!(rfc("2024-06-01").as_deref(), Some("2024-06-01"));
        assert_eq!(
            rfc("2024-06-01 10:00:00.5+09:00").as_deref(),
            Some("2024-06-01T10:00:00.500+09:00")
        );
    }

    #[test]
    fn rfc822_styles_seen_in_real_feeds() {
        // NASA: no seconds, named zone.
        assert_eq!(
            rfc("Tue, 24 Jul 2018 17:13 EDT").as_deref(),
            Some("2018-07-24T17:13:00-04:00")
        );
        // il Giornale: a bare Z.
        assert_eq!(
            rfc("Tue, 15 Nov 2022 20:15:04 Z").as_deref(),
            Some("2022-11-15T20:15:04Z")
        );
        assert_eq!(
            rfc("Wed, 29 May 2019 10:16:00 GMT").as_deref(),
            Some("2019-05-29T10:16:00Z")
        );
        // UOL: Portuguese names.
        assert_eq!(
            rfc("Seg, 24 Set 2018 19:42:40 -0300").as_deref(),
            Some("2018-09-24T19:42:40-03:00")
        );
    }

    #[test]
    fn zoneless_styles_are_utc_and_flagged() {
        let nbc = parse_lenient("Sat, Dec 16 2023 02:02:33 PM");
        assert_eq!(
            nbc.map(|d| d.rfc3339()).as_deref(),
            Some("2023-12-16T14:02:33Z")
        );
        assert_eq!(nbc.map(|d| d.assumed_utc), Some(true));
        assert_eq!(
            rfc("2020/1/10 14:33:00").as_deref(),
            Some("2020-01-10T14:33:00Z")
        );
    }

    #[test]
    fn english_march_stays_march() {
        assert_eq!(
            rfc("Sat, 02 Mar 2024 10:00:00 Z").as_deref(),
            Some("2024-03-02T10:00:00Z")
        );
        assert_eq!(
            rfc("Dom, 03 Mar 2024 10:00:00 -0300").as_deref(),
            Some("2024-03-03T10:00:00-03:00")
        );
    }

    #[test]
    fn nonsense_is_none() {
        for raw in [
            "",
            "soon",
            "2024-13-45",
            "Mon, 99 Foo 2024",
            &"9".repeat(500),
        ] {
            assert_eq!(parse_lenient(raw), None, "{raw}");
        }
    }

    #[test]
    fn wordpress_pairs_keep_the_site_offset() {
        let date =
            wordpress_local_and_gmt(Some("2013-04-09 06:37:49"), Some("2013-04-09 13:37:49"));
        assert_eq!(
            date.map(|d| d.rfc3339()).as_deref(),
            Some("2013-04-09T06:37:49-07:00")
        );
        let gmt_only =
            wordpress_local_and_gmt(Some("0000-00-00 00:00:00"), Some("2013-04-09 13:37:49"));
        assert_eq!(
            gmt_only.map(|d| d.rfc3339()).as_deref(),
            Some("2013-04-09T13:37:49Z")
        );
        assert_eq!(
            wordpress_local_and_gmt(None, Some("0000-00-00 00:00:00")),
            None
        );
    }
}
