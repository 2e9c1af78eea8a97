//! Dates in the reader's locale: one `Intl.DateTimeFormat` (`dateStyle: "long"`, the
//! browser's language) formats the calendar dates the views carry (`2024-09-06`, the date
//! as the release wrote it), given to the views as [`DATE_FORMAT`]. The pre-rendered pages
//! show the neutral `2024-09-06`; the app's page replaces them. A date that does not read
//! stays as it is. The formatter is made in a task of its own as the app starts
//! ([`prepare`]), while the data is on its way.

use std::time::Duration;

use js_sys::{Array, Date, Function, Object, Reflect};
use pressroom_ui::context::DateFormat;
use wasm_bindgen::JsValue;

thread_local! {
    /// `Intl.DateTimeFormat.prototype.format` of the one formatter, made on first use.
    static FORMAT: Option<Function> = formatter();
}

fn formatter() -> Option<Function> {
    let options = Object::new();
    Reflect::set(&options, &"dateStyle".into(), &"long".into()).ok()?;
    // No locales: the browser's own (`navigator.language`).
    Some(js_sys::Intl::DateTimeFormat::new(&Array::new(), &options).format())
}

/// Makes the formatter in a task of its own, soon: the browser's first
/// `Intl.DateTimeFormat` loads its locale data (about 20 ms on a desktop CPU), which
/// would otherwise fall in the first render, after the data arrived.
pub fn prepare() {
    leptos::prelude::set_timeout(|| FORMAT.with(|_| ()), Duration::ZERO);
}

/// The views' date formatter.
pub const DATE_FORMAT: DateFormat = DateFormat(format);

/// `2024-09-06` in the reader's locale, e.g. `September 6, 2024` or `2024년 9월 6일`.
fn format(date: &str) -> Option<String> {
    let (year, month, day) = calendar_date(date)?;
    // Local midnight of that day, formatted in the local time zone: the same day.
    let date = Date::new_with_year_month_day(year, i32::from(month) - 1, i32::from(day));
    FORMAT.with(|format| {
        format
            .as_ref()?
            .call1(&JsValue::NULL, &date)
            .ok()?
            .as_string()
    })
}

/// The numbers of `YYYY-MM-DD` (years 1000 to 9999: JavaScript reads two-digit years as
/// the 1900s).
fn calendar_date(date: &str) -> Option<(u32, u8, u8)> {
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let year: u32 = year.parse().ok().filter(|y| *y >= 1000)?;
    let month: u8 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    let day: u8 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_calendar_dates() {
        assert_eq!(calendar_date("2024-09-06"), Some((2024, 9, 6)));
        assert_eq!(calendar_date("1999-12-31"), Some((1999, 12, 31)));
        for bad in [
            "",
            "2024-9-06",
            "2024-13-01",
            "2024-01-00",
            "0099-01-01",
            "2024-01-01-01",
            "２０２４-01-01",
        ] {
            assert_eq!(calendar_date(bad), None, "{bad}");
        }
    }
}
