//! The error state: what failed, and a Retry button.

use leptos::prelude::*;

/// Says that the releases could not be loaded and why (`message`), and offers Retry.
/// While a retry runs, the old message stays (the page is drawn in a `<Transition>`) but
/// says it is busy (`aria-busy`), and Retry cannot be pressed twice.
#[component]
pub fn LoadErrorView(message: String, on_retry: Callback<()>) -> impl IntoView {
    let t = crate::messages::messages();
    let busy = RwSignal::new(false);
    let retry = move |_| {
        busy.set(true);
        on_retry.run(());
    };
    view! {
        <main>
            <section class="load-error" data-testid="load-error" role="alert" aria-busy=move || busy.get().then_some("true")>
                <h1>{t.load_failed}</h1>
                <ul class="load-error-messages"><li>{message}</li></ul>
                <button type="button" data-testid="retry" disabled=move || busy.get() on:click=retry>{t.retry}</button>
            </section>
        </main>
    }
}
