//! Text with some of its byte ranges marked (`<mark>`): the words a search found, in a
//! result's title and summary. Built from text nodes, never from HTML.

use std::ops::Range;

use leptos::prelude::*;

/// `text` with `marks` (sorted, non-overlapping byte ranges on character boundaries)
/// wrapped in `<mark>`.
#[component]
pub fn MarkedText(text: String, marks: Vec<Range<usize>>) -> impl IntoView {
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    for range in marks {
        if let (Some(before), Some(inside)) = (text.get(at..range.start), text.get(range.clone())) {
            parts.push((before.to_owned(), false));
            parts.push((inside.to_owned(), true));
            at = range.end;
        }
    }
    parts.push((text.get(at..).unwrap_or_default().to_owned(), false));
    parts
        .into_iter()
        .filter(|(part, _)| !part.is_empty())
        .map(|(part, mark)| {
            if mark {
                view! { <mark>{part}</mark> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}
