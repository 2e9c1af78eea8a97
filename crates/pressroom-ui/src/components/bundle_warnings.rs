//! A visible, quiet warning about releases that were skipped because of problems.

use leptos::prelude::*;

/// Problems listed one by one; the rest are counted (a bundle of 100,000 broken
/// releases must not become 100,000 list items).
pub const SHOWN_WARNINGS: usize = 100;

/// Nothing when there are no warnings; `count` is how many there are in all (`warnings`
/// may hold only the first).
#[component]
pub fn BundleWarnings(warnings: Vec<String>, count: usize) -> impl IntoView {
    (count > 0).then(|| {
        let noun = if count == 1 { "problem" } else { "problems" };
        let shown = warnings.len().min(SHOWN_WARNINGS);
        view! {
            <details class="bundle-warnings" data-testid="bundle-warnings" role="status">
                <summary>{format!("Some releases are not shown: the bundle has {count} {noun}.")}</summary>
                <ul>{warnings.into_iter().take(shown).map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                {(count > shown).then(|| view! {
                    <p class="more-warnings" data-testid="more-warnings">
                        {format!("…and {} more.", count - shown)}
                    </p>
                })}
            </details>
        }
    })
}
