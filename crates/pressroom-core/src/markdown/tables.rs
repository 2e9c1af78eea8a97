//! Tables without alignment: pulldown-cmark writes alignment as inline `style`
//! attributes, which a strict Content-Security-Policy (no `'unsafe-inline'` styles)
//! reports as violations. Alignment is dropped instead.

use pulldown_cmark::{Alignment, Event, Tag};

/// Replaces a table's column alignments with [`Alignment::None`].
pub fn without_alignment(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Table(alignments)) => {
            Event::Start(Tag::Table(vec![Alignment::None; alignments.len()]))
        }
        other => other,
    }
}
