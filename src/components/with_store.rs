//! Waits for the shared store, then renders; shows the loading and error states.

use leptos::prelude::*;

use crate::app::StoreResource;
use crate::components::{LoadErrorView, LoadingState, UpdateNotice};
use crate::store::Store;

/// Renders `render(store)` once the bundle is loaded: a loading state before, and the
/// error state with Retry if it failed, and the notice of a newer bundle. Expects a [`StoreResource`] in context.
#[component]
pub fn WithStore<F, V>(render: F) -> impl IntoView
where
    F: Fn(Store) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let Some(StoreResource(resource)) = use_context::<StoreResource>() else {
        return view! { <p class="load-error" data-testid="load-error">"Pressroom is not set up: no bundle."</p> }
            .into_any();
    };
    let loading = || view! { <LoadingState/> };
    view! {
        <UpdateNotice/>
        <Suspense fallback=loading>
            <ErrorBoundary fallback=move |errors| view! { <LoadErrorView errors=errors retry=move || resource.refetch()/> }>
                {
                    let render = render.clone();
                    move || {
                        let render = render.clone();
                        Suspend::new(async move { resource.await.map(render) })
                    }
                }
            </ErrorBoundary>
        </Suspense>
    }
    .into_any()
}
