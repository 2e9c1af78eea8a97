//! A visible, quiet warning about releases that were skipped because of problems.

use leptos::prelude::*;

/// Problems listed one by one; the rest are counted (a bundle of 100,000 broken
/// releases must not become 100,000 list items).
pub const SHOWN_WARNINGS: usize = 100;

/// Nothing when there are no warnings.
#[component]
pub fn BundleWarnings(warnings: Vec<String>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        let count = warnings.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        view! {
            <details class="bundle-warnings" data-testid="bundle-warnings" role="status">
                <summary>{format!("Some releases are not shown: the bundle has {count} {noun}.")}</summary>
                <ul>{warnings.into_iter().take(SHOWN_WARNINGS).map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                {(count > SHOWN_WARNINGS).then(|| view! {
                    <p class="more-warnings" data-testid="more-warnings">
                        {format!("…and {} more.", count - SHOWN_WARNINGS)}
                    </p>
                })}
            </details>
        }
    })
}
