//! The quiet notice that a newer bundle is available, with a Reload button. Nothing on
//! the page changes until the reader clicks it.

use leptos::prelude::*;

use crate::context::{PendingUpdate, StoreResource};

/// Shown while a [`PendingUpdate`] waits; nothing without one in context.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let t = crate::messages::messages();
    let (Some(pending), Some(resource)) = (
        use_context::<PendingUpdate>(),
        use_context::<StoreResource>(),
    ) else {
        return ().into_any();
    };
    let waiting = move || pending.0.try_with(Option::is_some).unwrap_or(false);
    view! {
        <Show when=waiting>
            <aside class="update-notice" data-testid="update-notice" role="status" aria-live="polite">
                {t.new_releases}
                <button type="button" data-testid="update-reload" on:click=move |_| pending.apply(resource)>
                    {t.reload}
                </button>
            </aside>
        </Show>
    }
    .into_any()
}
