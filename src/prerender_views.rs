//! The markup of whole pages as HTML text, rendered natively by the same components the
//! app mounts in the browser (for `pressroom-prerender`), so there is one source of markup
//! and the app can take over a pre-rendered page without a visible change.
//!
//! Each function returns the `<div class="pressroom-app">…</div>` that the app's
//! [`crate::app::Shell`] renders for that route once the bundle is loaded, with the route
//! in `data-prerendered-route` (see [`crate::mount`]).

use leptos::prelude::*;

use crate::links::Links;
use crate::pages::{list_body, release_body};
use crate::route::Route;
use crate::store::Store;

pub use crate::pages::{list_document_title, release_document_title};

/// The page of release `slug`, or `None` when there is no such release.
pub fn release_page_html(store: &Store, links: &Links, slug: &str) -> Option<String> {
    store.article(slug)?;
    let route = Route::Release {
        slug: slug.to_owned(),
    };
    Some(render(links, &route, || release_body(store, slug)))
}

/// Page `number` of the list, or `None` past the last page.
pub fn list_page_html(store: &Store, links: &Links, number: usize) -> Option<String> {
    store.page(number)?;
    Some(render(links, &Route::List { page: number }, || {
        list_body(store, number)
    }))
}

/// The page's markup, its root naming the route it shows (`data-prerendered-route`), so
/// the app takes it over only when it opens that same route.
fn render(links: &Links, route: &Route, body: impl FnOnce() -> AnyView) -> String {
    let owner = Owner::new();
    let path = route.path();
    owner.with(|| {
        provide_context(links.clone());
        view! { <div class="pressroom-app" data-prerendered-route=path>{body()}</div> }.to_html()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pressroom_core::Catalog;

    const BUNDLE: &str = r#"{"version":1,"site":{"title":"Site <&>"},"releases":[
      {"id":"b","title":"Second </title><script>x()</script>","published":"2024-02-01",
       "source":{"name":"Agency","url":"https://e.org/b"},"body":"Body **two**.\n\n<script>alert(1)</script>"},
      {"id":"a","title":"First","published":"2024-01-01","source":{"name":"Agency","url":"https://e.org/a"},
       "summary":"Short.","body":"Body one."}
    ]}"#;

    fn store() -> Store {
        Store::new(Catalog::from_json(BUNDLE).expect("fixture parses"))
    }

    #[test]
    fn release_pages_hold_the_article_and_its_neighbours() {
        let store = store();
        let links = Links::history("/newsroom/");
        let html = release_page_html(&store, &links, "first").expect("first exists");
        assert!(
            html.starts_with(
                "<div data-prerendered-route=\"releases/first/\" class=\"pressroom-app\">"
            ),
            "{html}"
        );
        assert!(html.contains("data-testid=\"release-title\""));
        assert!(html.contains("Body one."));
        assert!(html.contains("January 1, 2024"));
        assert!(
            html.contains("href=\"/newsroom/releases/second-title-script-x-script/\""),
            "{html}"
        );
        assert!(html.contains("href=\"https://e.org/a\""));
        assert!(release_page_html(&store, &links, "missing").is_none());
    }

    #[test]
    fn hostile_text_is_escaped() {
        let store = store();
        let links = Links::default();
        let slug = &store.list()[0].slug;
        let html = release_page_html(&store, &links, slug).expect("exists");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;/title&gt;&lt;script&gt;"), "{html}");
        let list = list_page_html(&store, &links, 1).expect("page 1");
        assert!(!list.contains("<script"));
        assert!(list.contains("Site &lt;&amp;&gt;"), "{list}");
    }

    #[test]
    fn list_pages_and_titles() {
        let store = store();
        let list = list_page_html(&store, &Links::history("/n/"), 1).expect("page 1");
        let second = list.find("Second").expect("newest");
        let first = list.find(">First<").expect("oldest");
        assert!(second < first, "newest first");
        assert!(list_page_html(&store, &Links::default(), 2).is_none());
        assert_eq!(list_document_title(&store, 1), "Site <&>");
        assert_eq!(release_document_title(&store, "first"), "First — Site <&>");
    }
}
