//! Any other path: a "not found" page with a link back to the list.

use leptos::prelude::*;

use crate::components::{NotFound, SiteHeader};
use crate::store::SiteInfo;

/// The document title of the not-found page.
pub fn not_found_title(site: &SiteInfo) -> String {
    super::document_title(super::site_messages(site).page_not_found, site)
}

/// What an unknown route shows.
pub fn not_found_view(site: SiteInfo) -> AnyView {
    let t = crate::messages::messages();
    view! {
        <SiteHeader site=site heading=false/>
        <main id="main">
            <NotFound what=t.page_not_found/>
        </main>
    }
    .into_any()
}
