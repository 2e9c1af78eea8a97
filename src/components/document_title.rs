//! The document's `<title>`, set only by an instance that owns the page: a full-page
//! viewer or an iframe embed, never a script embed inside someone else's page.

use leptos::prelude::*;

/// In context when this instance may set the document's title.
#[derive(Debug, Clone, Copy)]
pub struct OwnsDocument;

/// Sets the document's title to `text` when this instance owns the page (and only in
/// the browser: pre-rendered pages get their `<title>` from the pre-renderer).
pub fn set_document_title(text: &str) {
    if use_context::<OwnsDocument>().is_none() {
        return;
    }
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(text);
    }
}
