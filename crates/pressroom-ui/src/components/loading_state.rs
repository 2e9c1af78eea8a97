//! The loading state: "Loading releases…" and, while the bundle arrives, how much of it
//! has (or why the app is waiting to try again).

use leptos::prelude::*;

use crate::context::LoadProgress;
use crate::load::{progress_text, LoadPhase};

/// Reads progress from the [`LoadProgress`] in context; without one, only the title.
#[component]
pub fn LoadingState() -> impl IntoView {
    let t = crate::messages::messages();
    let progress = use_context::<LoadProgress>();
    let line = move || {
        progress
            .and_then(|p| p.0.try_get())
            .filter(|phase| *phase != LoadPhase::Connecting)
            .map(progress_text)
    };
    view! {
        <div class="loading" data-testid="loading" aria-busy="true">
            <p class="loading-title">{t.loading}</p>
            <p class="load-progress" data-testid="load-progress" aria-live="polite">{line}</p>
        </div>
    }
}
