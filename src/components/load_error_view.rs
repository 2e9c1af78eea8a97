//! The error state: what failed, and a Retry button.

use leptos::prelude::*;

/// Lists the errors and offers Retry.
#[component]
pub fn LoadErrorView<R>(errors: ArcRwSignal<Errors>, retry: R) -> impl IntoView
where
    R: Fn() + Send + Sync + 'static,
{
    let messages = move || {
        errors
            .read()
            .iter()
            .map(|(_, error)| view! { <li>{error.to_string()}</li> })
            .collect_view()
    };
    view! {
        <main>
            <section class="load-error" data-testid="load-error" role="alert">
                <h1>"The releases could not be loaded"</h1>
                <ul class="load-error-messages">{messages}</ul>
                <button type="button" data-testid="retry" on:click=move |_| retry()>"Retry"</button>
            </section>
        </main>
    }
}
