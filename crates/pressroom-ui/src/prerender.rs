//! Pages as HTML text, rendered natively (by the site writer) with the same functions the
//! app draws in the browser, so there is one source of markup and the app can take over a
//! pre-rendered page without a visible change.
//!
//! [`page_data`] loads a route's data from a whole-catalog [`Store`] (its futures are
//! ready at once) and [`page_html`] draws it: the `<div class="pressroom-app">…</div>`
//! that the app's [`crate::shell::Shell`] shows for that route, with the route in
//! `data-prerendered-route` so the app takes it over only when it opens that same route.

use crate::messages::{self, Lang};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;

use crate::links::Links;
use crate::load::LoadError;
use crate::pages::{load_page, PageData};
use crate::route::Route;
use crate::store::Store;

/// The class of the app's root element, around every page.
pub const APP_CLASS: &str = "pressroom-app";

/// The data `route` shows, from a store whose futures are ready at once (a whole
/// catalog). An error for a store that would have to wait.
pub fn page_data(store: &Store, route: &Route) -> Result<PageData, LoadError> {
    ready_now(load_page(store, route)).unwrap_or_else(|| {
        Err(LoadError::Network {
            url: route.path(),
            message: "the pre-renderer reads whole catalogs only".to_owned(),
        })
    })
}

/// The markup of the page of `route` showing `data`, links written by `links`; a release
/// page carries its release's `position` for the app.
pub fn page_html(links: &Links, route: &Route, data: PageData, position: Option<usize>) -> String {
    let owner = Owner::new();
    let path = route.path();
    owner.with(|| {
        provide_context(links.clone());
        provide_context(Lang(messages::for_language(data.language())));
        // The attributes are `names::ATTR_PRERENDERED_ROUTE` and `names::ATTR_POSITION`
        // (checked by a test).
        view! {
            <div class=APP_CLASS data-prerendered-route=path data-position=position>
                <a class="skip-link" href="#main">{messages::messages().skip_to_content}</a>
                {data.view(None)}
            </div>
        }
        .to_html()
    })
}

/// Polls `future` once: its value if it is ready.
fn ready_now<T>(future: impl Future<Output = T>) -> Option<T> {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use pressroom_core::paging::PageRef;

    const BUNDLE: &str = r#"{"version":1,"site":{"title":"Site <&>"},"releases":[
      {"id":"b","title":"Second </title><script>x()</script>","published":"2024-02-01",
       "source":{"name":"Agency","url":"https://e.org/b"},"body":"Body **two**.\n\n<script>alert(1)</script>"},
      {"id":"a","title":"First","published":"2024-01-01","source":{"name":"Agency","url":"https://e.org/a"},
       "summary":"Short.","body":"Body one."}
    ]}"#;

    fn store() -> Store {
        Store::from_text("fixture.json", BUNDLE).expect("fixture parses")
    }

    fn release(slug: &str) -> Route {
        Route::release(slug)
    }

    fn html(store: &Store, links: &Links, route: &Route) -> String {
        let data = page_data(store, route).expect("ready");
        page_html(links, route, data, Some(7))
    }

    #[test]
    fn release_pages_hold_the_article_and_its_neighbours() {
        let store = store();
        let links = Links::history("/newsroom/");
        let html = html(&store, &links, &release("first"));
        let root = format!(
            "<div {}=\"releases/first/\" {}=\"7\" class=\"{APP_CLASS}\">",
            pressroom_core::names::ATTR_PRERENDERED_ROUTE,
            pressroom_core::names::ATTR_POSITION
        );
        assert!(html.starts_with(&root), "{html}");
        assert!(html.contains("data-testid=\"release-title\""));
        assert!(html.contains("Body one."));
        assert!(
            html.contains("<a href=\"#main\" class=\"skip-link\">Skip to content</a>"),
            "the skip link works before the app: {html}"
        );
        assert!(
            html.contains(">2024-01-01</time>"),
            "the neutral date: {html}"
        );
        assert!(
            html.contains("href=\"/newsroom/releases/second-title-script-x-script/\""),
            "{html}"
        );
        assert!(html.contains("href=\"https://e.org/a\""));
    }

    #[test]
    fn the_interface_speaks_the_site_language() {
        let korean = BUNDLE.replace(
            r#""site":{"title":"Site <&>"}"#,
            r#""site":{"title":"S","language":"ko-KR"}"#,
        );
        let store = Store::from_text("ko.json", &korean).expect("parses");
        let links = Links::default();
        let article = html(&store, &links, &release("first"));
        // Hand-written Korean, not what the table says.
        assert!(article.contains("← 전체 보도자료"), "{article}");
        assert!(
            article.contains("aria-label=\"다른 보도자료\""),
            "{article}"
        );
        assert!(article.contains("1분 분량"), "reading time: {article}");
        assert!(!article.contains("All releases"), "{article}");
        let list = html(&store, &links, &Route::front());
        assert!(list.contains("보도자료 검색"), "{list}");
        assert!(!list.contains("Search releases"), "{list}");
        let search = Route::List {
            page: PageRef::Front,
            filter: crate::filter::Filter::parse("q=body"),
        };
        let results = html(&store, &links, &search);
        assert!(
            results.contains("“body” 검색 결과: 보도자료 2건"),
            "{results}"
        );
        // The filters and the document titles too.
        assert!(list.contains("기관, 태그, 날짜로 거르기"), "{list}");
        assert!(list.contains("2024년 1월"), "the month facet: {list}");
        assert!(!list.contains("January"), "{list}");
        let title = |route: &Route| page_data(&store, route).expect("ready").title();
        assert_eq!(
            title(&release("missing")),
            "보도자료를 찾을 수 없습니다 — S"
        );
        assert_eq!(title(&search), "“body” — 검색 — S");
        let filtered = Route::List {
            page: PageRef::Front,
            filter: crate::filter::Filter::parse("month=2024-01"),
        };
        assert_eq!(title(&filtered), "필터로 고른 보도자료 — S");
        assert_eq!(
            title(&Route::parse("page/9/")),
            "페이지를 찾을 수 없습니다 — S"
        );
        let english = html(&self::store(), &links, &Route::front());
        assert!(english.contains("Search releases"), "{english}");
        let results = html(&self::store(), &links, &search);
        assert!(results.contains("2 releases for “body”"), "{results}");
    }

    #[test]
    fn unknown_slugs_draw_not_found() {
        let store = store();
        let data = page_data(&store, &release("missing")).expect("ready");
        assert_eq!(data.title(), "Release not found — Site <&>");
        let html = page_html(&Links::default(), &release("missing"), data, None);
        assert!(html.contains("data-testid=\"not-found\""), "{html}");
    }

    #[test]
    fn hostile_text_is_escaped() {
        let store = store();
        let links = Links::default();
        let route = release("second-title-script-x-script");
        let html = html(&store, &links, &route);
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;/title&gt;&lt;script&gt;"), "{html}");
        let list = self::html(&store, &links, &Route::front());
        assert!(!list.contains("<script"));
        assert!(list.contains("Site &lt;&amp;&gt;"), "{list}");
    }

    #[test]
    fn list_pages_and_titles() {
        let store = store();
        let first = page_data(&store, &Route::front()).expect("ready");
        assert_eq!(first.title(), "Site <&>");
        let list = page_html(&Links::history("/n/"), &Route::front(), first, None);
        let second = list.find("Second").expect("newest");
        let oldest = list.find(">First<").expect("oldest");
        assert!(second < oldest, "newest first");
        let past = page_data(&store, &Route::parse("page/2/")).expect("ready");
        assert_eq!(past.title(), "Page not found — Site <&>");
        let article = page_data(&store, &release("first")).expect("ready");
        assert_eq!(article.title(), "First — Site <&>");
    }
}
