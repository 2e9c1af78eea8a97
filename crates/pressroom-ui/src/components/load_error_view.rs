//! The error state: what failed, and a Retry button.

use leptos::prelude::*;

/// Says that the releases could not be loaded and why (`message`), and offers Retry.
#[component]
pub fn LoadErrorView(message: String, on_retry: Callback<()>) -> impl IntoView {
    let t = crate::messages::messages();
    view! {
        <main>
            <section class="load-error" data-testid="load-error" role="alert">
                <h1>{t.load_failed}</h1>
                <ul class="load-error-messages"><li>{message}</li></ul>
                <button type="button" data-testid="retry" on:click=move |_| on_retry.run(())>{t.retry}</button>
            </section>
        </main>
    }
}
