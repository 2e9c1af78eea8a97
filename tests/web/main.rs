//! Component tests in a real browser (wasm-bindgen-test in headless Chromium), run by
//! `cargo xtask test`: each mounts a component with fixture data and checks the DOM.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use leptos::prelude::*;
use pressroom_core::paging::{layout, PageRef};
use pressroom_ui::components::{
    ArticleView, BundleWarnings, LoadErrorView, LoadingState, Pagination, PrevNext, ReleaseCard,
    UpdateNotice,
};
use pressroom_ui::context::{LoadProgress, Navigator, PendingUpdate, StoreResource};
use pressroom_ui::links::{Links, RoutingMode};
use pressroom_ui::load::{LoadError, LoadPhase};
use pressroom_ui::route::Route;
use pressroom_ui::shell::Shell;
use pressroom_ui::store::{body_html, find_article, list_page, ListItem, NavLink, Store};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("../fixtures/small-bundle.json");

fn store() -> Store {
    Store::from_text("fixture.json", FIXTURE).expect("fixture bundle loads")
}

/// The first list page's items, newest first.
fn items() -> Vec<ListItem> {
    list_page(store().catalog().expect("a bundle"), PageRef::Front)
        .expect("the front page")
        .items
}

/// A fresh element in the body to mount into.
fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn text(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

/// Lets futures, resources and effects run.
async fn settle() {
    for _ in 0..5 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

#[wasm_bindgen_test]
fn release_card_shows_title_link_date_source_summary_and_tags() {
    let host = host();
    let item = items().into_iter().find(|i| i.slug == "first").unwrap();
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        // The app's dates: the browser's Intl.DateTimeFormat (this Chromium speaks en-US).
        provide_context(pressroom::dates::DATE_FORMAT);
        view! { <ReleaseCard item=item.clone()/> }
    });
    let link = one(&host, "a[data-testid=release-link]");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/releases/first/")
    );
    assert_eq!(link.text_content().as_deref(), Some("First"));
    assert_eq!(
        one(&host, "time").get_attribute("datetime").as_deref(),
        Some("2024-01-01")
    );
    assert_eq!(text(&host, "time"), "January 1, 2024");
    assert_eq!(
        one(&host, "h2").get_attribute("dir").as_deref(),
        Some("auto")
    );
    assert_eq!(text(&host, "[data-testid=release-source]"), "Agency A");
    assert_eq!(
        text(&host, "[data-testid=release-summary]"),
        "The first one."
    );
    assert!(
        all(&host, "[data-testid=tags]").is_empty(),
        "no tag list without tags"
    );
}

#[wasm_bindgen_test]
fn prev_next_shows_neighbours_and_omits_missing_ends() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), || {
        view! {
            <PrevNext previous=Some(NavLink { slug: "old".into(), title: "Older".into() }) next=None/>
        }
    });
    let prev = one(&host, "a[data-testid=prev-link]");
    assert_eq!(prev.text_content().as_deref(), Some("Previous: Older"));
    assert_eq!(
        prev.get_attribute("href").as_deref(),
        Some("/releases/old/")
    );
    assert!(all(&host, "[data-testid=next-link]").is_empty());
}

#[wasm_bindgen_test]
fn article_view_renders_safe_body_and_official_link() {
    let host = host();
    let store = store();
    let article =
        find_article(store.catalog().unwrap(), "second-quoted-and-co").expect("derived slug");
    let entry = store
        .catalog()
        .unwrap()
        .by_slug("second-quoted-and-co")
        .unwrap();
    let body = body_html(&entry.release, "");
    let _handle = leptos::mount::mount_to(
        host.clone(),
        move || view! { <ArticleView article=article.clone() body=Ok(body.clone()) on_retry=None/> },
    );
    assert_eq!(
        text(&host, "[data-testid=release-title]"),
        "Second \"Quoted\" & Co"
    );
    let time = one(&host, "[data-testid=release-date]");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2024-02-01T10:00:00-05:00")
    );
    let official = one(&host, "a[data-testid=official-link]");
    assert_eq!(
        official.text_content().as_deref(),
        Some("Official release: Agency B")
    );
    assert_eq!(
        official.get_attribute("href").as_deref(),
        Some("https://example.org/b")
    );
    let body = one(&host, "[data-testid=release-body]");
    assert!(
        all(&body, "img").is_empty(),
        "raw HTML must not become an element"
    );
    assert!(body
        .text_content()
        .unwrap()
        .contains("<img src=x onerror=alert(1)>"));
    let links: Vec<Element> = all(&body, "a")
        .into_iter()
        .filter(|a| a.class_name() != "heading-anchor")
        .collect();
    assert_eq!(links.len(), 1, "the javascript: link is dropped");
    assert_eq!(
        one(&body, "h2 > a.heading-anchor")
            .get_attribute("href")
            .as_deref(),
        Some("#user-content-details"),
        "the heading links to itself"
    );
    assert_eq!(
        links[0].get_attribute("rel").as_deref(),
        Some("noopener noreferrer nofollow ugc")
    );
    assert_eq!(one(&body, "h2").id(), "user-content-details");
    assert_eq!(text(&host, "[data-testid=prev-link]"), "Previous: First");
    assert_eq!(
        text(&host, "[data-testid=next-link]"),
        "Next: 해양수산부 발표"
    );
}

#[wasm_bindgen_test]
fn a_body_that_failed_shows_its_error_inside_the_article_with_retry() {
    let host = host();
    let article = find_article(store().catalog().unwrap(), "first").unwrap();
    let clicks = RwSignal::new(0);
    let error = LoadError::Status {
        url: "/packs/p-1.json".into(),
        status: 500,
        status_text: "Internal Server Error".into(),
    };
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        let retry = Callback::new(move |()| clicks.update(|n| *n += 1));
        view! { <ArticleView article=article.clone() body=Err(error.clone()) on_retry=Some(retry)/> }
    });
    assert_eq!(
        text(&host, "[data-testid=release-title]"),
        "First",
        "the rest stays"
    );
    assert!(all(&host, "[data-testid=release-body]").is_empty());
    let message = text(&host, "[data-testid=body-error]");
    assert!(
        message.contains("500") && message.contains("/packs/p-1.json"),
        "{message}"
    );
    let retry: HtmlElement = one(&host, "button[data-testid=body-retry]").unchecked_into();
    retry.click();
    assert_eq!(clicks.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn load_error_view_lists_errors_and_retry_calls_back() {
    let host = host();
    let error = LoadError::Status {
        url: "/releases.json".into(),
        status: 404,
        status_text: "Not Found".into(),
    };
    let clicks = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        let retry = Callback::new(move |()| clicks.update(|n| *n += 1));
        view! { <LoadErrorView message=error.to_string() on_retry=retry/> }
    });
    let message = text(&host, "[data-testid=load-error]");
    assert!(
        message.contains("404") && message.contains("/releases.json"),
        "{message}"
    );
    let retry: HtmlElement = one(&host, "button[data-testid=retry]").unchecked_into();
    let section = one(&host, "[data-testid=load-error]");
    assert_eq!(section.get_attribute("aria-busy"), None);
    retry.click();
    assert_eq!(clicks.get_untracked(), 1);
    settle().await;
    // While the retry runs, the error says so and Retry cannot be pressed again.
    assert_eq!(section.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(retry.has_attribute("disabled"));
    retry.click();
    assert_eq!(clicks.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn bundle_warnings_count_skipped_releases() {
    let host = host();
    let (warnings, count) = store().warnings();
    assert_eq!((warnings.len(), count), (3, 3), "{warnings:?}");
    let _handle = leptos::mount::mount_to(
        host.clone(),
        move || view! { <BundleWarnings warnings=warnings.clone() count=count/> },
    );
    let summary = text(&host, "[data-testid=bundle-warnings] summary");
    assert!(summary.contains("3 problems"), "{summary}");
    assert_eq!(all(&host, "[data-testid=bundle-warnings] li").len(), 3);
}

#[wasm_bindgen_test]
async fn shell_shows_the_list_newest_first_from_the_shared_store() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), || {
        provide_context(StoreResource::ready(Ok(store())));
        view! { <Shell/> }
    });
    settle().await;
    let titles: Vec<String> = all(
        &host,
        "[data-testid=release-item] a[data-testid=release-link]",
    )
    .iter()
    .map(|a| a.text_content().unwrap_or_default())
    .collect();
    assert_eq!(
        titles,
        vec!["해양수산부 발표", "Second \"Quoted\" & Co", "First"]
    );
    assert_eq!(text(&host, "h1"), "Fixture Newsroom");
    assert!(!all(&host, "[data-testid=bundle-warnings]").is_empty());
}

#[wasm_bindgen_test]
async fn shell_shows_the_error_state_with_retry() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), || {
        provide_context(StoreResource::ready(Err(LoadError::Network {
            url: "/releases.json".into(),
            message: "offline".into(),
        })));
        view! { <Shell/> }
    });
    settle().await;
    let message = text(&host, "[data-testid=load-error]");
    assert!(
        message.contains("could not fetch the releases from /releases.json: offline"),
        "{message}"
    );
    assert!(!all(&host, "button[data-testid=retry]").is_empty());
}

#[wasm_bindgen_test]
async fn loading_state_shows_progress_from_context() {
    let host = host();
    let progress = LoadProgress(RwSignal::new(LoadPhase::Connecting));
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(progress);
        view! { <LoadingState/> }
    });
    assert_eq!(text(&host, "[data-testid=loading] p"), "Loading releases…");
    assert_eq!(text(&host, "[data-testid=load-progress]"), "");
    progress.0.set(LoadPhase::Receiving {
        loaded: 1_200_000,
        total: Some(5_000_000),
    });
    settle().await;
    assert_eq!(
        text(&host, "[data-testid=load-progress]"),
        "Loaded 1.2 MB of 5.0 MB"
    );
    progress.0.set(LoadPhase::Waiting {
        status: 503,
        attempt: 2,
        delay_ms: 400,
    });
    settle().await;
    assert_eq!(
        text(&host, "[data-testid=load-progress]"),
        "The server answered 503; trying again in 400 ms (attempt 2 of 4)…"
    );
}

#[wasm_bindgen_test]
async fn update_notice_waits_for_reload_then_swaps_the_store() {
    let host = host();
    // The resource is made inside the mount, where the executor is set up.
    let made: std::rc::Rc<std::cell::Cell<Option<StoreResource>>> = Default::default();
    let pending = PendingUpdate(RwSignal::new(None));
    let shared = made.clone();
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        let resource = StoreResource::ready(Ok(store()));
        shared.set(Some(resource));
        provide_context(resource);
        provide_context(pending);
        view! { <UpdateNotice/> }
    });
    settle().await;
    let resource = made.get().expect("mounted");
    assert!(all(&host, "[data-testid=update-notice]").is_empty());
    let newer = Store::from_text(
        "fixture.json",
        &FIXTURE.replace("Fixture Newsroom", "Newer"),
    )
    .unwrap();
    let newer_fingerprint = newer.fingerprint();
    pending.0.set(Some(newer));
    settle().await;
    let notice = text(&host, "[data-testid=update-notice]");
    assert!(notice.contains("New releases are available"), "{notice}");
    let fingerprint = |r: &StoreResource| match r.0.get_untracked() {
        Some(Ok(store)) => store.fingerprint(),
        other => panic!("unexpected {other:?}"),
    };
    let original = store().fingerprint();
    assert_ne!(original, newer_fingerprint);
    assert_eq!(
        fingerprint(&resource),
        original,
        "nothing changes before Reload"
    );
    let reload: HtmlElement = one(&host, "button[data-testid=update-reload]").unchecked_into();
    reload.click();
    settle().await;
    assert_eq!(fingerprint(&resource), newer_fingerprint);
    assert!(pending.0.get_untracked().is_none());
    assert!(all(&host, "[data-testid=update-notice]").is_empty());
}

#[wasm_bindgen_test]
fn pagination_links_newer_and_older_pages() {
    let host = host();
    // 120 releases: page 1 holds the 50 oldest, page 2 the next 50, page 3 the newest
    // 20; the front page shows pages 2 and 3 together.
    let middle = layout(120, PageRef::Numbered(2)).unwrap();
    let single = layout(10, PageRef::Front).unwrap();
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <div id="middle"><Pagination layout=middle/></div>
                <div id="single"><Pagination layout=single/></div>
        }
    });
    assert_eq!(text(&host, "#middle [data-testid=page-status]"), "Page 2");
    assert_eq!(
        one(&host, "#middle a[data-testid=newer-page]")
            .get_attribute("href")
            .as_deref(),
        Some("/")
    );
    assert_eq!(
        one(&host, "#middle a[data-testid=older-page]")
            .get_attribute("href")
            .as_deref(),
        Some("/page/1/")
    );
    assert!(all(&host, "#single [data-testid=pagination]").is_empty());
}

#[wasm_bindgen_test]
fn bundle_warnings_list_the_first_hundred_and_count_the_rest() {
    let host = host();
    let warnings: Vec<String> = (1..=250).map(|i| format!("problem {i}")).collect();
    let _handle = leptos::mount::mount_to(
        host.clone(),
        move || view! { <BundleWarnings warnings=warnings.clone() count=250/> },
    );
    assert!(text(&host, "summary").contains("250 problems"));
    assert_eq!(all(&host, "[data-testid=bundle-warnings] li").len(), 100);
    assert_eq!(text(&host, "[data-testid=more-warnings]"), "…and 150 more.");
}

#[wasm_bindgen_test]
async fn shell_says_when_the_browser_is_offline() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), || {
        provide_context(StoreResource::ready(Err(LoadError::Offline {
            url: "/releases.json".into(),
        })));
        view! { <Shell/> }
    });
    settle().await;
    let message = text(&host, "[data-testid=load-error]");
    assert!(
        message.contains("your browser is offline") && message.contains("/releases.json"),
        "{message}"
    );
    assert!(!all(&host, "button[data-testid=retry]").is_empty());
}

#[wasm_bindgen_test]
async fn shell_follows_the_navigator_between_routes() {
    let host = host();
    let nav = Navigator::fixed(Route::release("first"));
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(StoreResource::ready(Ok(store())));
        provide_context(nav);
        view! { <Shell/> }
    });
    settle().await;
    assert_eq!(text(&host, "[data-testid=release-title]"), "First");
    nav.route.set(Route::front());
    settle().await;
    assert!(all(&host, "[data-testid=release-title]").is_empty());
    assert_eq!(all(&host, "[data-testid=release-item]").len(), 3);
    nav.route.set(Route::NotFound);
    settle().await;
    assert!(!all(&host, "[data-testid=not-found]").is_empty());
}

#[wasm_bindgen_test]
fn hash_and_memory_links_are_real_links() {
    let host = host();
    let item = items().pop().unwrap();
    let (hash_item, memory_item) = (item.clone(), item.clone());
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <div id="hash">{move || {
                provide_context(Links::new(RoutingMode::Hash, "/newsroom/"));
                view! { <ReleaseCard item=hash_item.clone()/> }
            }}</div>
            <div id="memory">{move || {
                provide_context(Links::new(RoutingMode::Memory, "https://press.example/newsroom/"));
                view! { <ReleaseCard item=memory_item.clone()/> }
            }}</div>
        }
    });
    let href = |id: &str| {
        one(&host, &format!("#{id} a[data-testid=release-link]"))
            .get_attribute("href")
            .unwrap_or_default()
    };
    assert_eq!(href("hash"), format!("#/releases/{}/", item.slug));
    assert_eq!(
        href("memory"),
        format!("https://press.example/newsroom/releases/{}/", item.slug)
    );
}

#[wasm_bindgen_test]
fn embeds_are_shielded_from_host_css() {
    let document = web_sys::window().unwrap().document().unwrap();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(
        "* { font-size: 40px !important; } a { display: none !important; }",
    ));
    document.head().unwrap().append_child(&style).unwrap();
    // What embed.js hands over: the app's stylesheet as text.
    let _handed = EmbedGlobal::set(include_str!("../../style/pressroom.css"));
    let host = host();
    let (container, shadow) = pressroom::embed::shadow_host::prepare(&host).unwrap();
    assert!(shadow.is_some(), "a div can have a shadow root");
    let item = items().pop().unwrap();
    let _handle = leptos::mount::mount_to(
        container.clone(),
        move || view! { <ReleaseCard item=item.clone()/> },
    );
    let link = one(&container, "a[data-testid=release-link]");
    let computed = web_sys::window()
        .unwrap()
        .get_computed_style(&link)
        .unwrap()
        .unwrap();
    assert_ne!(computed.get_property_value("display").unwrap(), "none");
    let size: f64 = computed
        .get_property_value("font-size")
        .unwrap()
        .trim_end_matches("px")
        .parse()
        .unwrap();
    assert!(size < 30.0, "host font-size leaked in: {size}px");
    // The stylesheet handed over applies inside: `.release-card-title { font-size:
    // 1.2rem }` made 1.2em of the embed's 16px (the host's root is 40px here).
    let title = one(&container, ".release-card-title");
    let title_size = web_sys::window()
        .unwrap()
        .get_computed_style(&title)
        .unwrap()
        .unwrap()
        .get_property_value("font-size")
        .unwrap();
    assert_eq!(title_size, "19.2px");
    // The embed's own styles do not leak out either: an `h2.release-card-title` outside
    // keeps the browser's 1.5em (24px), not the embed's 1.2em.
    style.remove();
    let outside = document.create_element("h2").unwrap();
    outside.set_class_name("release-card-title");
    document.body().unwrap().append_child(&outside).unwrap();
    let outside_size = web_sys::window()
        .unwrap()
        .get_computed_style(&outside)
        .unwrap()
        .unwrap()
        .get_property_value("font-size")
        .unwrap();
    assert_eq!(outside_size, "24px");
}

#[wasm_bindgen_test]
fn embeds_link_the_page_stylesheets_only_on_the_sites_own_pages() {
    let document = web_sys::window().unwrap().document().unwrap();
    let link = document.create_element("link").unwrap();
    link.set_attribute("rel", "stylesheet").unwrap();
    link.set_attribute("href", "data:text/css,.page-own%7B%7D")
        .unwrap();
    document.head().unwrap().append_child(&link).unwrap();
    let links_inside = |shadow: Option<web_sys::ShadowRoot>| {
        shadow
            .expect("a div can have a shadow root")
            .query_selector_all("link[rel=stylesheet]")
            .unwrap()
            .length()
    };
    // Without embed.js (one of the site's own pages): the page's stylesheets, linked.
    let (_container, shadow) = pressroom::embed::shadow_host::prepare(&host()).unwrap();
    assert_eq!(links_inside(shadow), 1);
    // Loaded by embed.js on another site's page, whose stylesheet did not arrive: never
    // the host page's stylesheets.
    let handed = EmbedGlobal::set("");
    let (_container, shadow) = pressroom::embed::shadow_host::prepare(&host()).unwrap();
    assert_eq!(links_inside(shadow), 0);
    drop(handed);
    link.remove();
}

/// `globalThis.pressroomEmbed` as `embed.js` sets it, with only the stylesheet's text;
/// taken away again when dropped, so other tests see a page without it.
struct EmbedGlobal;

impl EmbedGlobal {
    fn set(css: &str) -> Self {
        let embed = js_sys::Object::new();
        js_sys::Reflect::set(&embed, &"css".into(), &css.into()).unwrap();
        js_sys::Reflect::set(&js_sys::global(), &"pressroomEmbed".into(), &embed).unwrap();
        Self
    }
}

impl Drop for EmbedGlobal {
    fn drop(&mut self) {
        let _ = js_sys::Reflect::delete_property(&js_sys::global(), &"pressroomEmbed".into());
    }
}

/// pulldown-cmark's table of named character references, as its source writes it:
/// `(b"name", "\u{XXXX}…"),` per line (the wasm leaves the table out).
fn entity_table() -> Vec<(String, String)> {
    include_str!("../../vendor/pulldown-cmark/src/entities.rs")
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("(b\"")?;
            let (name, rest) = rest.split_once("\", \"")?;
            let value = rest
                .strip_suffix("\"),")?
                .split("\\u{")
                .filter(|hex| !hex.is_empty())
                .map(|hex| u32::from_str_radix(hex.trim_end_matches('}'), 16).ok())
                .map(|code| code.and_then(char::from_u32))
                .collect::<Option<String>>()?;
            Some((name.to_owned(), value))
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_browser_resolves_every_named_reference_as_the_native_table_does() {
    let table = entity_table();
    // Written by hand: the HTML standard lists 2,125 names with their semicolon.
    assert_eq!(table.len(), 2125);
    let differ: Vec<_> = table
        .iter()
        .filter(|(name, value)| pressroom::entities::resolve(name).as_ref() != Some(value))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(differ.is_empty(), "resolved otherwise: {differ:?}");
    for not_one in ["notit", "ampx", "nosuchname", "copy2"] {
        assert_eq!(pressroom::entities::resolve(not_one), None, "{not_one}");
    }
}

#[wasm_bindgen_test]
fn markdown_in_the_browser_decodes_named_references_and_keeps_the_rest() {
    pressroom::entities::use_the_browser();
    let html = pressroom_core::markdown::render_default(
        "&copy; &frac12; &notit; &semi; &AMP; &lt;script&gt; `&copy;` [x](/a?b=1&amp;c=2)",
    );
    // Written by hand, as the native table renders it (pressroom-core's
    // `markdown_safety` checks the same line).
    assert!(
        html.contains("© ½ &amp;notit; ; &amp; &lt;script&gt; "),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("<code>&amp;copy;</code>"), "{html}");
    assert!(html.contains("href=\"/a?b=1&amp;c=2\""), "{html}");
}
