//! Every type the views find in context, in one leaf module: the views depend on it, and
//! it depends only on the data modules ([`crate::store`], [`crate::load`],
//! [`crate::route`]), never on a view, so no module imports another in a circle.
//!
//! The shell (the wasm app) provides them when it mounts an instance; the pre-renderer
//! provides only [`crate::links::Links`]. Browser work the views need done (setting the
//! document's title) comes in as callbacks, so this crate never calls a browser API.

use leptos::prelude::*;

use crate::load::{LoadError, LoadPhase};
use crate::route::Route;
use crate::store::Store;

/// The load-once store, shared by every page of an instance.
#[derive(Clone, Copy)]
pub struct StoreResource(pub LocalResource<Result<Store, LoadError>>);

impl StoreResource {
    /// A resource that is ready at once with `result` (an inlined bundle, tests).
    pub fn ready(result: Result<Store, LoadError>) -> Self {
        Self(LocalResource::new(move || {
            let result = result.clone();
            async move { result }
        }))
    }
}

/// Where the current load is (connecting, bytes received, waiting to retry), for the
/// loading state.
#[derive(Clone, Copy)]
pub struct LoadProgress(pub RwSignal<LoadPhase>);

impl LoadProgress {
    /// A fresh progress signal, at "connecting".
    pub fn new() -> Self {
        Self(RwSignal::new(LoadPhase::default()))
    }
}

impl Default for LoadProgress {
    fn default() -> Self {
        Self::new()
    }
}

/// A newer store fetched while the page was open, waiting for the reader to ask for it:
/// nothing on screen changes until then.
#[derive(Clone, Copy)]
pub struct PendingUpdate(pub RwSignal<Option<Store>>);

impl PendingUpdate {
    /// Shows the pending store in place of the current one (the reader clicked Reload).
    pub fn apply(&self, resource: StoreResource) {
        if let Some(store) = self.0.try_update(Option::take).flatten() {
            resource.0.set(Some(Ok(store)));
        }
    }
}

/// In context when the views run in a browser (the app), not when they are rendered to
/// text (the pre-renderer): what needs the app (loading more data on a click) only runs
/// then.
#[derive(Debug, Clone, Copy)]
pub struct Interactive;

/// The current route of an instance.
#[derive(Debug, Clone, Copy)]
pub struct Navigator {
    /// Where the reader is.
    pub route: RwSignal<Route>,
}

impl Navigator {
    /// A navigator at `route` that nothing drives (tests, pre-rendering).
    pub fn fixed(route: Route) -> Self {
        Self {
            route: RwSignal::new(route),
        }
    }
}

/// The current route from context (the list when there is no navigator).
pub fn current_route() -> Signal<Route> {
    match use_context::<Navigator>() {
        Some(nav) => nav.route.into(),
        None => Signal::stored(Route::front()),
    }
}

/// Sets the document's title; in context only for an instance that owns the page (a
/// full-page viewer or an iframe embed, never a script embed inside another site's page).
#[derive(Clone, Copy)]
pub struct DocumentTitle(pub Callback<String>);

/// Formats a calendar date (`2024-09-06`) for the reader; `None` leaves the date as it
/// is. The running app provides one (the browser's `Intl.DateTimeFormat` in the reader's
/// locale); without it (the pre-rendered pages) dates keep their neutral `YYYY-MM-DD` form.
#[derive(Clone, Copy)]
pub struct DateFormat(pub fn(&str) -> Option<String>);

/// A calendar date as the reader reads it (see [`DateFormat`]).
pub fn shown_date(date: &str) -> String {
    use_context::<DateFormat>()
        .and_then(|format| (format.0)(date))
        .unwrap_or_else(|| date.to_owned())
}

/// Sharing an article's link, where the running app can: "Copy link" (with a
/// confirmation in [`Sharing::copied`]) and the browser's share sheet (Web Share) where it
/// has one. Absent in the pre-rendered pages, which have no script.
#[derive(Clone, Copy)]
pub struct Sharing {
    /// Copies the link `href` (as the app's links write it) as an absolute URL.
    pub copy: Callback<String>,
    /// Opens the share sheet for (title, `href`); `None` where the browser has none.
    pub share: Option<Callback<(String, String)>>,
    /// What the last copy did: `Some(true)` copied, `Some(false)` failed.
    pub copied: RwSignal<Option<bool>>,
}

/// What the page of an instance shows: still loading, drawn (with its title), or failed.
/// Pages report it; the shell waits for it to take over a pre-rendered page and to move
/// focus after a navigation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PageState {
    /// Waiting for data.
    #[default]
    Loading,
    /// The page of `route` is drawn.
    Shown {
        /// The route drawn.
        route: Route,
        /// The document title it set (or would set).
        title: String,
    },
    /// The data of `route` could not be loaded; the page shows the error.
    Failed {
        /// The route that failed.
        route: Route,
    },
}

/// The instance's [`PageState`].
#[derive(Debug, Clone, Copy)]
pub struct PageStatus(pub RwSignal<PageState>);

/// Where a drawn page is reported: the document title (when this instance may set it)
/// and the [`PageStatus`]. Taken from context while the component is set up, so it also
/// works from inside async code.
#[derive(Clone, Copy, Default)]
pub struct PageReporter {
    title: Option<DocumentTitle>,
    status: Option<PageStatus>,
}

impl PageReporter {
    /// The reporter of the current instance.
    pub fn from_context() -> Self {
        Self {
            title: use_context::<DocumentTitle>(),
            status: use_context::<PageStatus>(),
        }
    }

    /// A page's data is drawn: sets the title and reports [`PageState::Shown`].
    pub fn shown(&self, route: Route, title: String) {
        if let Some(DocumentTitle(set)) = self.title {
            set.run(title.clone());
        }
        self.report(PageState::Shown { route, title });
    }

    /// Reports `state` when the instance listens.
    pub fn report(&self, state: PageState) {
        if let Some(PageStatus(signal)) = self.status {
            if signal
                .try_with_untracked(|now| *now != state)
                .unwrap_or(false)
            {
                signal.set(state);
            }
        }
    }
}
