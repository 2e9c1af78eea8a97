//! A visible, quiet warning about releases that were skipped because of problems.

use leptos::prelude::*;

/// Nothing when there are no warnings.
#[component]
pub fn BundleWarnings(warnings: Vec<String>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        let count = warnings.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        view! {
            <details class="bundle-warnings" data-testid="bundle-warnings" role="status">
                <summary>{format!("Some releases are not shown: the bundle has {count} {noun}.")}</summary>
                <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </details>
        }
    })
}
