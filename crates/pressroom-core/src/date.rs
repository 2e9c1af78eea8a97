//! RFC 3339 dates (`2024-09-06`) and date-times (`2024-09-06T10:00:00-04:00`).
//!
//! A date without a time counts as 00:00 UTC of that day for ordering. The displayed date
//! is the calendar date as written (in the release's own offset), so a release published
//! late in the evening in Washington is not shown as the next day.

use std::cmp::Ordering;
use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

/// A parsed `published` or `updated` value.
#[derive(Debug, Clone)]
pub struct Published {
    raw: String,
    instant: OffsetDateTime,
    has_time: bool,
}

impl Published {
    /// Parses an RFC 3339 date or date-time; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let trimmed = text.trim();
        let (instant, has_time) = if trimmed.len() == 10 {
            // Through the RFC 3339 parser, as midnight UTC: one parser in the wasm, not a
            // second one for format descriptions.
            let midnight = format!("{trimmed}T00:00:00Z");
            (OffsetDateTime::parse(&midnight, &Rfc3339).ok()?, false)
        } else {
            // RFC 3339 §5.6 allows a space in place of the `T`.
            let normalised = normalise_separator(trimmed);
            (OffsetDateTime::parse(&normalised, &Rfc3339).ok()?, true)
        };
        Some(Self {
            raw: trimmed.to_owned(),
            instant,
            has_time,
        })
    }

    /// The value as written in the bundle (trimmed): what `<time datetime>` gets.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The calendar date as written, in the value's own offset.
    pub fn date(&self) -> Date {
        self.instant.date()
    }

    /// Whether the value had a time of day.
    pub fn has_time(&self) -> bool {
        self.has_time
    }

    /// Nanoseconds since the Unix epoch, for ordering.
    pub fn unix_nanos(&self) -> i128 {
        self.instant.unix_timestamp_nanos()
    }

    /// The month of the instant in UTC, `YYYY-MM`: the month a release is filed under in
    /// the archive's filters (positions are ordered by the instant, so a month is a run
    /// of positions).
    pub fn utc_month(&self) -> String {
        let utc = self.instant.to_offset(UtcOffset::UTC);
        format!("{:04}-{:02}", utc.year(), u8::from(utc.month()))
    }

    /// The day of the instant in UTC as a number, `YYYYMMDD`.
    pub fn utc_day(&self) -> u32 {
        let utc = self.instant.to_offset(UtcOffset::UTC);
        let year = u32::try_from(utc.year()).unwrap_or(0);
        year * 10_000 + u32::from(u8::from(utc.month())) * 100 + u32::from(utc.day())
    }

    /// The calendar date as written, `YYYY-MM-DD`: the neutral form pre-rendered pages
    /// show, which the app replaces with the reader's own (`Intl.DateTimeFormat`).
    pub fn calendar_date(&self) -> String {
        let date = self.date();
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    }
}

fn normalise_separator(text: &str) -> String {
    let mut out = text.to_owned();
    if out.as_bytes().get(10) == Some(&b' ') {
        out.replace_range(10..11, "T");
    }
    out
}

impl PartialEq for Published {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}

impl Eq for Published {}

impl PartialOrd for Published {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Published {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_date_and_date_time() {
        let d = Published::parse("2024-09-06").expect("date");
        assert!(!d.has_time());
        assert_eq!(d.calendar_date(), "2024-09-06");
        let t = Published::parse("2018-07-24T17:13:00-04:00").expect("date-time");
        assert!(t.has_time());
        assert_eq!(t.calendar_date(), "2018-07-24");
        assert_eq!(t.as_str(), "2018-07-24T17:13:00-04:00");
    }

    #[test]
    fn accepts_rfc3339_variants() {
        for ok in [
            "2024-01-02T03:04:05Z",
            "2024-01-02t03:04:05z",
            "2024-01-02 03:04:05+09:00",
            "2024-01-02T03:04:05.123456Z",
            " 2024-01-02 ",
        ] {
            assert!(Published::parse(ok).is_some(), "{ok}");
        }
    }

    #[test]
    fn rejects_non_rfc3339() {
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "2024-02-30",
            "24-09-06",
            "2024/09/06",
            "Tue, 24 Jul 2018 17:13 EDT",
            "2024-09-06T10:00:00",
            "2024-09-06T25:00:00Z",
            "2024-09-06T10:00Z",
            "2024-09-0６",
        ] {
            assert!(
                Published::parse(bad).is_none(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn orders_by_instant_across_offsets() {
        let seoul = Published::parse("2024-09-06T09:00:00+09:00").expect("seoul");
        let utc = Published::parse("2024-09-06T01:00:00Z").expect("utc");
        let date = Published::parse("2024-09-06").expect("date");
        assert_eq!(date, seoul);
        assert!(seoul < utc);
        assert!(Published::parse("2024-09-06T08:59:59+09:00").expect("before") < date);
        assert_eq!(
            Published::parse("2024-09-06T00:00:00Z").expect("midnight"),
            date
        );
    }

    #[test]
    fn months_are_utc() {
        assert_eq!(
            Published::parse("2024-03-31").expect("date").utc_month(),
            "2024-03"
        );
        let late = Published::parse("2024-03-31T23:30:00-05:00").expect("late");
        assert_eq!(late.utc_month(), "2024-04", "04:30 UTC on April 1");
        assert_eq!(late.calendar_date(), "2024-03-31", "shown as written");
        assert_eq!(late.utc_day(), 20_240_401);
    }

    #[test]
    fn displays_local_calendar_date() {
        let late = Published::parse("2024-09-06T23:30:00-04:00").expect("late");
        assert_eq!(late.calendar_date(), "2024-09-06");
    }
}
