//! Marks the text that matches a search: each text event is cut at the matches of the
//! query ([`crate::search::highlight_ranges`], the search's own tokenizer) and the
//! matched parts are wrapped in `<mark>`…`</mark>`. The text stays text, escaped by the
//! writer; only the two tags are written as markup. Code is left as it is.

use pulldown_cmark::{CowStr, Event};

use crate::search::{highlight_ranges, Query};

/// The events with the matches of `query` in their text marked; without a query, the
/// events as they are. (One function for both, so the writer that follows is compiled
/// once: the app's wasm carries one HTML writer, not two.)
pub fn mark<'a, 'q>(
    events: impl Iterator<Item = Event<'a>> + 'q,
    query: Option<&'q Query>,
) -> impl Iterator<Item = Event<'a>> + 'q
where
    'a: 'q,
{
    events.flat_map(move |event| match (event, query) {
        (Event::Text(text), Some(query)) => Pieces::Many(split(text, query).into_iter()),
        (other, _) => Pieces::One(Some(other)),
    })
}

/// What one event becomes: itself, or the pieces of a text with matches.
enum Pieces<'a> {
    One(Option<Event<'a>>),
    Many(std::vec::IntoIter<Event<'a>>),
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        match self {
            Self::One(event) => event.take(),
            Self::Many(events) => events.next(),
        }
    }
}

fn split<'a>(text: CowStr<'a>, query: &Query) -> Vec<Event<'a>> {
    let ranges = highlight_ranges(&text, query);
    if ranges.is_empty() {
        return vec![Event::Text(text)];
    }
    let mut out = Vec::with_capacity(ranges.len() * 4 + 1);
    let mut at = 0;
    for range in ranges {
        let (Some(before), Some(inside)) = (text.get(at..range.start), text.get(range.clone()))
        else {
            continue;
        };
        if !before.is_empty() {
            out.push(Event::Text(CowStr::from(before.to_owned())));
        }
        out.push(Event::InlineHtml(CowStr::Borrowed("<mark>")));
        out.push(Event::Text(CowStr::from(inside.to_owned())));
        out.push(Event::InlineHtml(CowStr::Borrowed("</mark>")));
        at = range.end;
    }
    if let Some(rest) = text.get(at..).filter(|r| !r.is_empty()) {
        out.push(Event::Text(CowStr::from(rest.to_owned())));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, RenderOptions};
    use crate::search::Query;

    fn marked(markdown: &str, q: &str) -> String {
        let query = Query::parse(q, false);
        render(
            markdown,
            &RenderOptions {
                highlight: Some(&query),
                ..RenderOptions::default()
            },
        )
    }

    #[test]
    fn matches_are_marked_and_the_rest_stays_escaped() {
        assert_eq!(
            marked("The **Budget** plan.", "budget"),
            "<p>The <strong><mark>Budget</mark></strong> plan.</p>\n"
        );
        assert_eq!(
            marked("<script>budget</script> & budget", "budget"),
            "<p>&lt;script&gt;<mark>budget</mark>&lt;/script&gt; &amp; <mark>budget</mark></p>\n"
        );
        assert_eq!(
            marked("`budget` code", "budget"),
            "<p><code>budget</code> code</p>\n",
            "code is left alone"
        );
        assert!(marked("북한 사이버 위협", "사이버").contains("<mark>사이버</mark>"));
        assert_eq!(marked("Nothing here.", "budget"), "<p>Nothing here.</p>\n");
    }
}
