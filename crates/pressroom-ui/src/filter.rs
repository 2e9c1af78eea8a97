//! What the reader is looking for, as it stands in the URL's query string, so a search can
//! be shared, reloaded and walked with Back and Forward: `?q=cyber&source=…&tag=…&month=
//! 2024-03&from=2024-03-01&to=2024-03-31&p=2`.
//!
//! - `q`: the search box (words, `"phrases"`, `-excluded`);
//! - `source`, `tag`, `month` (repeatable): facet values, OR within a facet, AND across;
//! - `from`, `to`: a date range (`YYYY-MM-DD`, inclusive);
//! - `p`: the page of the results.
//!
//! Anything else in the query is ignored; values are capped so a crafted URL cannot make
//! the app do unbounded work.

use pressroom_core::paths::{encode_segment, percent_decode};

/// Values kept per facet.
pub const MAX_VALUES: usize = 20;

/// Characters kept of the search box and of a value.
pub const MAX_CHARS: usize = 500;

/// The reader's search and filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Filter {
    /// The search box.
    pub q: String,
    /// Sources (issuing organisations).
    pub sources: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Months, `YYYY-MM`.
    pub months: Vec<String>,
    /// The first day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// The page of results, 1-based (0 and 1 are the first).
    pub page: usize,
}

impl Filter {
    /// Whether nothing is searched or filtered (the plain list).
    pub fn is_empty(&self) -> bool {
        self.q.trim().is_empty()
            && self.sources.is_empty()
            && self.tags.is_empty()
            && self.months.is_empty()
            && self.from.is_none()
            && self.to.is_none()
    }

    /// Whether a facet or date filter is set (beside the search box).
    pub fn has_facets(&self) -> bool {
        !(self.sources.is_empty() && self.tags.is_empty() && self.months.is_empty())
            || self.from.is_some()
            || self.to.is_some()
    }

    /// The filter of a query string (with or without the `?`).
    pub fn parse(query: &str) -> Self {
        let mut filter = Self::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            if let Some(facet) = Facet::ALL.into_iter().find(|f| f.key() == key) {
                if facet != Facet::Month || is_month(&value) {
                    push(filter.values_mut(facet), value);
                }
                continue;
            }
            match key {
                "q" => filter.q = value,
                "from" if is_day(&value) => filter.from = Some(value),
                "to" if is_day(&value) => filter.to = Some(value),
                "p" => filter.page = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        filter
    }

    /// The query string, `?…`, or empty for an empty filter on its first page.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<String> = Vec::new();
        let mut add =
            |key: &str, value: &str| pairs.push(format!("{key}={}", encode_segment(value)));
        if !self.q.trim().is_empty() {
            add("q", self.q.trim());
        }
        for (facet, values) in self.facets() {
            for value in values {
                add(facet.key(), value);
            }
        }
        for (key, value) in [("from", &self.from), ("to", &self.to)] {
            if let Some(value) = value {
                add(key, value);
            }
        }
        if self.page > 1 {
            add("p", &self.page.to_string());
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }

    /// The same filter on results page `page`.
    pub fn with_page(&self, page: usize) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// The same filter with `value` of `facet` switched on or off, back on page 1.
    pub fn toggled(&self, facet: Facet, value: &str) -> Self {
        let mut next = self.with_page(1);
        let values = next.values_mut(facet);
        match values.iter().position(|v| v == value) {
            Some(at) => {
                values.remove(at);
            }
            None => push(values, value.to_owned()),
        }
        next
    }

    /// Each facet with its selected values.
    pub fn facets(&self) -> [(Facet, &[String]); 3] {
        [
            (Facet::Source, &self.sources),
            (Facet::Tag, &self.tags),
            (Facet::Month, &self.months),
        ]
    }

    fn values_mut(&mut self, facet: Facet) -> &mut Vec<String> {
        match facet {
            Facet::Source => &mut self.sources,
            Facet::Tag => &mut self.tags,
            Facet::Month => &mut self.months,
        }
    }
}

/// The facets a reader can filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    /// The issuing organisation.
    Source,
    /// A tag.
    Tag,
    /// A month.
    Month,
}

impl Facet {
    /// Every facet, in the order the filters list them.
    pub const ALL: [Self; 3] = [Self::Source, Self::Tag, Self::Month];

    /// Its parameter in the URL (`source`, `tag`, `month`), which also names it in the
    /// markup (`data-facet`) whatever the interface's language.
    pub fn key(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::Tag => "tag",
            Self::Month => "month",
        }
    }
}

fn push(values: &mut Vec<String>, value: String) {
    let value: String = value.chars().take(MAX_CHARS).collect();
    if !value.trim().is_empty() && values.len() < MAX_VALUES && !values.contains(&value) {
        values.push(value);
    }
}

/// A query value: `+` is a space (as forms write it), then `%XX` escapes.
fn decode(value: &str) -> String {
    let decoded = percent_decode(&value.replace('+', " "));
    decoded.chars().take(MAX_CHARS).collect()
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM`.
fn is_month(value: &str) -> bool {
    matches!(value.split('-').collect::<Vec<_>>().as_slice(), [y, m] if y.len() == 4 && m.len() == 2 && digits(y) && digits(m))
}

/// `YYYY-MM-DD`.
fn is_day(value: &str) -> bool {
    value.len() == 10
        && is_month(&value[..7])
        && value.as_bytes().get(7) == Some(&b'-')
        && digits(&value[8..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_every_part() {
        let filter = Filter::parse("?q=dprk+cyber&source=Ministry%20of%20Unification&tag=a&tag=b&month=2024-03&from=2024-03-01&to=2024-03-31&p=2&utm=x");
        assert_eq!(filter.q, "dprk cyber");
        assert_eq!(filter.sources, ["Ministry of Unification"]);
        assert_eq!(filter.tags, ["a", "b"]);
        assert_eq!(filter.months, ["2024-03"]);
        assert_eq!(
            (filter.from.as_deref(), filter.to.as_deref()),
            (Some("2024-03-01"), Some("2024-03-31"))
        );
        assert_eq!(filter.page, 2);
        assert_eq!(Filter::parse(&filter.to_query()), filter, "round trip");
        assert_eq!(
            filter.to_query(),
            "?q=dprk%20cyber&source=Ministry%20of%20Unification&tag=a&tag=b&month=2024-03&from=2024-03-01&to=2024-03-31&p=2"
        );
    }

    #[test]
    fn korean_and_hostile_values_round_trip() {
        let mut filter = Filter {
            q: "북한 \"사이버 위협\" -훈련 &x=1".into(),
            ..Filter::default()
        };
        filter.tags.push("a&b=c?#".into());
        assert_eq!(Filter::parse(&filter.to_query()), filter);
    }

    #[test]
    fn garbage_is_ignored_and_values_are_capped() {
        let filter = Filter::parse("month=March&from=yesterday&p=x&=&&tag=");
        assert!(filter.is_empty());
        assert_eq!(filter.page, 0);
        let many: String = (0..100).map(|i| format!("tag=t{i}&")).collect();
        assert_eq!(Filter::parse(&many).tags.len(), MAX_VALUES);
        let long = format!("q={}", "a".repeat(10_000));
        assert_eq!(Filter::parse(&long).q.len(), MAX_CHARS);
        assert_eq!(Filter::default().to_query(), "");
    }

    #[test]
    fn toggling_a_value_and_paging() {
        let filter = Filter::parse("q=x&p=3");
        let on = filter.toggled(Facet::Tag, "cyber");
        assert_eq!(
            (on.tags.as_slice(), on.page),
            (["cyber".to_owned()].as_slice(), 1)
        );
        assert!(on.toggled(Facet::Tag, "cyber").tags.is_empty());
        assert_eq!(filter.with_page(4).to_query(), "?q=x&p=4");
        assert!(on.has_facets() && !filter.has_facets());
    }
}
