//! The store's answers, from a whole bundle and from the same releases as a sharded
//! archive: they must be the same.

use std::sync::Arc;

use pressroom_core::archive::{write_archive, ArchiveOptions};
use pressroom_core::paging::PageRef;

use super::fetch::block_on;
use super::*;
use crate::filter::Filter;

const BUNDLE: &str = r#"{"version":1,"site":{"title":"Site"},"releases":[
  {"id":"b","title":"Second","published":"2024-02-01","source":{"name":"Agency","url":"https://e.org/b"},
   "body":"Body **two**.\n\n<script>alert(1)</script>","tags":["x"]},
  {"id":"a","title":"First","published":"2024-01-01","source":{"name":"Agency","url":"https://e.org/a"},
   "summary":"Short.","body":"Body one."},
  {"id":"bad","title":"","published":"never","source":{"name":"A","url":"https://e.org"},"body":"x"}
]}"#;

fn store() -> Store {
    Store::from_text("fixture.json", BUNDLE).expect("fixture parses")
}

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    block_on(future).expect("ready at once")
}

/// A bundle of `count` releases with varied dates, sources, tags and words.
fn generated(count: usize) -> String {
    let words = [
        "budget", "harbour", "library", "cyber", "weather", "transit", "parks",
    ];
    let releases: Vec<String> = (0..count)
        .map(|i| {
            let (a, b) = (words[i % 7], words[(i / 7) % 7]);
            let title = if i % 11 == 0 { format!("해양수산부 {i} 발표") } else { format!("Release {i} on {a} and {b}") };
            format!(
                r#"{{"id":"r{i:05}","title":"{title}","published":"20{:02}-{:02}-{:02}T{:02}:00:00Z","source":{{"name":"Agency {}","url":"https://e.org/{i}"}},"body":"The {a} plan, number {i}. More about {b}.","tags":["{a}","t{}"]}}"#,
                10 + i % 12,
                i % 12 + 1,
                i % 28 + 1,
                i % 24,
                i % 5,
                i % 3
            )
        })
        .collect();
    format!(
        r#"{{"version":1,"site":{{"title":"Gen"}},"releases":[{}]}}"#,
        releases.join(",")
    )
}

/// The same releases as a whole bundle and as a sharded archive in memory.
fn both(count: usize) -> (Store, Store, Arc<MemoryFetch>) {
    let text = generated(count);
    let whole = Store::from_text("r.json", &text).expect("bundle");
    let catalog = whole.catalog().expect("a catalog").clone();
    let archive = write_archive(
        &catalog,
        &ArchiveOptions {
            pack_bytes: 600,
            ..ArchiveOptions::default()
        },
    );
    let files = archive
        .files
        .iter()
        .map(|(name, bytes)| (format!("/data/{name}"), bytes.clone()));
    let fetch = MemoryFetch::new(files);
    let boot = fetch.file("/data/boot.json").expect("boot").to_vec();
    let sharded = Store::open("/data/boot.json", &boot, fetch.clone()).expect("archive");
    (whole, sharded, fetch)
}

#[test]
fn list_is_newest_first_with_summary_or_excerpt() {
    let page = run(store().page(PageRef::Front))
        .expect("ok")
        .expect("front");
    let titles: Vec<&str> = page.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, vec!["Second", "First"]);
    assert_eq!(page.items[1].summary, "Short.");
    assert_eq!(page.items[0].summary, "Body two.");
    assert_eq!(page.items[0].date, "2024-02-01");
    assert_eq!(page.items[0].datetime, "2024-02-01");
    assert!(run(store().page(PageRef::Numbered(2)))
        .expect("ok")
        .is_none());
}

#[test]
fn article_has_neighbours_and_its_body_comes_separately() {
    let store = store();
    let first = run(store.article("first")).expect("ok").expect("first");
    assert!(first.previous.is_none());
    assert_eq!(
        first.next.as_ref().map(|n| n.title.as_str()),
        Some("Second")
    );
    let second = run(store.article("second")).expect("ok").expect("second");
    assert_eq!(second.previous.map(|n| n.slug), Some("first".to_owned()));
    assert!(second.next.is_none());
    let body = run(store.body("second", "")).expect("ok");
    assert!(body.contains("<strong>two</strong>"));
    assert!(!body.contains("<script"));
    assert!(run(store.body("second", "two"))
        .expect("ok")
        .contains("<mark>two</mark>"));
    assert!(run(store.article("missing")).expect("ok").is_none());
}

#[test]
fn latest_filters_by_tag_and_source_and_counts() {
    let store = store();
    let titles = |items: Vec<ListItem>| items.into_iter().map(|i| i.title).collect::<Vec<_>>();
    let latest = |count, tag, source| run(store.latest(count, tag, source)).expect("ok");
    assert_eq!(titles(latest(5, None, None)), vec!["Second", "First"]);
    assert_eq!(titles(latest(1, None, None)), vec!["Second"]);
    assert!(latest(0, None, None).is_empty());
    assert_eq!(titles(latest(5, Some(" X "), None)), vec!["Second"]);
    assert_eq!(
        titles(latest(5, None, Some("agency"))),
        vec!["Second", "First"]
    );
    assert!(latest(5, Some("nope"), None).is_empty());
}

#[test]
fn invalid_releases_become_warnings() {
    let (warnings, count) = store().warnings();
    assert_eq!((warnings.len(), count), (2, 2), "{warnings:?}");
    assert!(warnings[0].starts_with("release 3 (id \"bad\")"));
}

#[test]
fn bundle_errors_name_the_url_and_position() {
    let err = Store::from_text("/releases.json", "{\"version\": 1,").expect_err("bad");
    let message = err.to_string();
    assert!(message.starts_with("/releases.json: "), "{message}");
    assert!(message.contains("line 1, column"), "{message}");
    let err = Store::from_bytes("/releases.json", b"{\"version\":1,\"site\":\"\xC0\"}")
        .expect_err("invalid UTF-8");
    assert_eq!(
        err.to_string(),
        "/releases.json: the bundle is not valid UTF-8: byte 0xC0 at byte offset 21 (line 1, column 22)"
    );
    let text = r#"{"version":1,"site":{"title":"T"},"releases":[]}"#;
    assert_eq!(
        Store::from_text("/r.json", text)
            .expect("reads")
            .fingerprint(),
        fingerprint(text.as_bytes())
    );
}

#[test]
fn the_archive_and_the_bundle_show_the_same_pages_and_neighbours() {
    let (whole, sharded, _) = both(1_234);
    assert_eq!(whole.count(), sharded.count());
    assert_eq!(whole.site(), sharded.site());
    for page in pressroom_core::paging::all_pages(1_234) {
        assert_eq!(run(whole.page(page)), run(sharded.page(page)), "{page:?}");
    }
    let catalog = whole.catalog().expect("catalog");
    let slugs: Vec<String> = [0, 1, 49, 50, 999, 1_000, 1_233]
        .iter()
        .map(|&p| catalog.chronological()[p].slug.clone())
        .chain(
            catalog
                .chronological()
                .iter()
                .map(|e| e.slug.clone())
                .filter(|s| !s.is_ascii())
                .take(2),
        )
        .collect();
    for slug in &slugs {
        let slug = slug.as_str();
        let a = run(whole.article(slug)).expect("ok");
        assert!(a.is_some(), "{slug}");
        assert_eq!(a, run(sharded.article(slug)).expect("ok"), "{slug}");
        assert_eq!(
            run(whole.body(slug, "plan")),
            run(sharded.body(slug, "plan"))
        );
    }
    assert_eq!(run(sharded.article("no-such-release")).expect("ok"), None);
    assert_eq!(
        run(whole.latest(5, Some("cyber"), None)),
        run(sharded.latest(5, Some("cyber"), None))
    );
}

#[test]
fn the_archive_and_the_bundle_find_the_same() {
    let (whole, sharded, _) = both(800);
    for query in [
        "q=budget",
        "q=budget+harbour",
        "q=해양수산부",
        "q=\"budget+plan\"",
        "q=budget+-harbour",
        "q=libr",
        "q=budgit",
        "tag=cyber&tag=parks",
        "q=plan&source=Agency+2&month=2012-03",
        "from=2015-03-02&to=2015-04-30",
        "q=plan&p=3",
    ] {
        let filter = Filter::parse(query);
        let a = run(whole.search(&filter)).expect("ok");
        let b = run(sharded.search(&filter)).expect("ok");
        assert_eq!(a, b, "{query}");
        assert_eq!(
            run(whole.facet_view(&filter)),
            run(sharded.facet_view(&filter)),
            "{query}"
        );
    }
    let none = run(whole.search(&Filter::parse("q=budgit"))).expect("ok");
    assert_eq!(
        (none.total, none.suggestion.as_deref()),
        (0, Some("budget"))
    );
}

#[test]
fn a_deep_link_reads_only_the_boot_slugs_block_and_pack() {
    let (whole, sharded, fetch) = both(3_000);
    let slug = whole.catalog().expect("catalog").chronological()[2_500]
        .slug
        .clone();
    fetch.clear_requests();
    let article = run(sharded.article(&slug)).expect("ok").expect("found");
    let _ = run(sharded.body(&article.item.slug, ""));
    let kinds: Vec<String> = fetch
        .requests()
        .iter()
        .map(|u| {
            u.trim_start_matches("/data/")
                .split('/')
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    // The slug page, then the slug's bucket (both under `slugs/`); of the pack, only
    // the release (an HTTP Range request).
    assert_eq!(
        kinds,
        ["slugs", "slugs", "blocks", "packlists", "packs"],
        "{:?}",
        fetch.requests()
    );
    let part = fetch.requested().last().and_then(|r| r.range.clone());
    let pack_len = fetch.file(&fetch.requests()[4]).map_or(0, <[u8]>::len);
    assert!(
        part.as_ref().is_some_and(|p| p.len() < pack_len),
        "{part:?} of {pack_len} bytes"
    );
    // Reading ahead for Previous and Next reads the whole packs.
    fetch.clear_requests();
    run(sharded.prefetch_neighbours(&slug));
    assert!(
        fetch
            .requested()
            .iter()
            .any(|r| r.url.contains("/packs/") && r.range.is_none()),
        "{:?}",
        fetch.requested()
    );
    // Next is already known: no slug lookup, at most its pack.
    fetch.clear_requests();
    let next = article.next.expect("a newer one");
    let _ = run(sharded.article(&next.slug)).expect("ok");
    assert!(
        fetch.requests().iter().all(|u| u.contains("/packs/")),
        "{:?}",
        fetch.requests()
    );
}

#[test]
fn a_stale_or_broken_file_is_a_named_error_not_a_wrong_release() {
    let text = generated(300);
    let whole = Store::from_text("r.json", &text).expect("bundle");
    let archive = write_archive(
        whole.catalog().expect("catalog"),
        &ArchiveOptions::default(),
    );
    let files = archive.files.iter().map(|(name, bytes)| {
        let mut bytes = bytes.clone();
        if name.starts_with("packs/") {
            bytes.truncate(20);
        }
        (format!("/data/{name}"), bytes)
    });
    let fetch = MemoryFetch::new(files);
    let boot = fetch.file("/data/boot.json").expect("boot").to_vec();
    let sharded = Store::open("/data/boot.json", &boot, fetch).expect("archive");
    let slug = whole.catalog().expect("catalog").chronological()[5]
        .slug
        .clone();
    // The article stands on its card; the body says which file failed.
    let article = run(sharded.article(&slug))
        .expect("the card")
        .expect("found");
    assert_eq!(article.item.slug, slug);
    assert!(article.source_url.is_empty());
    assert_eq!(
        article.next.map(|n| n.slug),
        Some(
            whole.catalog().expect("catalog").chronological()[6]
                .slug
                .clone()
        )
    );
    let error = run(sharded.body(&slug, "")).expect_err("a broken pack");
    assert!(
        error.to_string().contains("packs/") && error.to_string().contains("does not match"),
        "{error}"
    );
}

/// The files of `count` generated releases as a sharded archive, each changed by
/// `change` (its name, its bytes).
fn archive_files(
    count: usize,
    change: impl Fn(&str, &mut Vec<u8>),
) -> (Store, Vec<(String, Vec<u8>)>) {
    let whole = Store::from_text("r.json", &generated(count)).expect("bundle");
    let archive = write_archive(
        whole.catalog().expect("catalog"),
        &ArchiveOptions::default(),
    );
    let files = archive
        .files
        .iter()
        .map(|(name, bytes)| {
            let mut bytes = bytes.clone();
            change(name, &mut bytes);
            (format!("/data/{name}"), bytes)
        })
        .collect();
    (whole, files)
}

fn open_on(fetch: Arc<MemoryFetch>) -> Store {
    let boot = fetch.file("/data/boot.json").expect("boot").to_vec();
    Store::open("/data/boot.json", &boot, fetch).expect("archive")
}

/// The packs requested, in order: whether each asked for a part.
fn pack_requests(fetch: &MemoryFetch) -> Vec<bool> {
    fetch
        .requested()
        .into_iter()
        .filter(|r| r.url.contains("/packs/"))
        .map(|r| r.range.is_some())
        .collect()
}

#[test]
fn a_host_without_ranges_serves_the_whole_pack_and_the_same_article() {
    let (whole, files) = archive_files(300, |_, _| {});
    let slug = whole.catalog().expect("catalog").chronological()[123]
        .slug
        .clone();
    let expected = run(whole.article(&slug)).expect("ok").expect("found");
    let expected_body = run(whole.body(&slug, "")).expect("body");
    for (fetch, ranged) in [
        (MemoryFetch::new(files.clone()), true),
        (MemoryFetch::whole_only(files.clone()), false),
    ] {
        let sharded = open_on(fetch.clone());
        let article = run(sharded.article(&slug)).expect("ok").expect("found");
        assert_eq!(article, expected);
        assert_eq!(run(sharded.body(&slug, "")).expect("body"), expected_body);
        assert_eq!(pack_requests(&fetch), [ranged], "one request for the pack");
    }
}

#[test]
fn a_part_that_does_not_read_falls_back_to_the_whole_pack_and_its_check() {
    // The first byte of each pack's first entry is broken: the part does not read, the
    // whole pack does not match its hash, and the error names the pack.
    let (whole, files) = archive_files(300, |name, bytes| {
        if name.starts_with("packs/") {
            if let Some(at) = bytes.windows(2).position(|w| w == b"[{") {
                bytes[at + 1] = b'x';
            }
        }
    });
    let slug = whole.catalog().expect("catalog").chronological()[0]
        .slug
        .clone();
    let fetch = MemoryFetch::new(files);
    let sharded = open_on(fetch.clone());
    let error = run(sharded.body(&slug, "")).expect_err("a broken pack");
    assert!(
        error.to_string().contains("packs/0-") && error.to_string().contains("does not match"),
        "{error}"
    );
    assert_eq!(
        pack_requests(&fetch),
        [true, false],
        "the part, then the whole pack"
    );
}

#[test]
fn a_wrong_learnt_position_falls_back_to_the_slug_bucket() {
    // A pre-rendered page from an older build says where the release was; the archive
    // has changed since. The release is still found, through its slug's bucket.
    let (whole, sharded, _fetch) = both(600);
    let entries = whole.catalog().expect("catalog").chronological();
    let slug = entries[400].slug.clone();
    sharded.learn_position(&slug, 17);
    let article = run(sharded.article(&slug)).expect("ok").expect("found");
    assert_eq!(article.item.slug, slug);
    assert_eq!(
        article.previous.map(|p| p.slug),
        Some(entries[399].slug.clone())
    );
    assert!(
        !run(sharded.body(&slug, "")).expect("body").is_empty(),
        "the body too"
    );
    // A slug that is nowhere is still not found, after one bucket lookup.
    sharded.learn_position("no-such-release", 3);
    assert!(run(sharded.article("no-such-release"))
        .expect("ok")
        .is_none());
}

/// Counts the engines it gives; gives none when `fails`.
#[derive(Default)]
struct CountingSource {
    loads: std::sync::atomic::AtomicUsize,
    fails: bool,
}

impl engine::EngineSource for CountingSource {
    fn load(&self) -> engine::EngineFuture {
        self.loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let inner = engine::InProcess.load();
        let fails = self.fails;
        Box::pin(async move {
            if fails {
                return Err(LoadError::Search {
                    problem: "the engine file did not arrive".into(),
                });
            }
            inner.await
        })
    }
}

/// The engine is loaded on the first search only (reading pages needs none), once for
/// every later search and filter count, for a bundle and for an archive.
#[test]
fn the_search_engine_is_loaded_by_the_first_search_and_only_once() {
    let (whole, sharded, _) = both(60);
    for store in [whole, sharded] {
        let source = Arc::new(CountingSource::default());
        let store = store.with_search_engine(source.clone());
        let loads = || source.loads.load(std::sync::atomic::Ordering::SeqCst);
        run(store.page(PageRef::Front))
            .expect("list")
            .expect("a page");
        run(store.search(&Filter::parse("tag=cyber"))).expect("no words");
        assert_eq!(loads(), 0, "nothing searched for words yet");
        let found = run(store.search(&Filter::parse("q=budget"))).expect("found");
        assert!(found.total > 0);
        run(store.search(&Filter::parse("q=harbour+plan"))).expect("found");
        run(store.facet_view(&Filter::parse("q=cyber"))).expect("counted");
        assert_eq!(loads(), 1);
    }
}

/// An engine that cannot be loaded fails the search with its reason; the list still
/// reads.
#[test]
fn an_engine_that_does_not_load_fails_the_search_not_the_store() {
    let source = Arc::new(CountingSource {
        fails: true,
        ..CountingSource::default()
    });
    let store = store().with_search_engine(source);
    let error = run(store.search(&Filter::parse("q=second"))).expect_err("no engine");
    assert!(
        error.to_string().contains("the engine file did not arrive"),
        "{error}"
    );
    let page = run(store.page(PageRef::Front))
        .expect("list")
        .expect("a page");
    assert_eq!(page.items.len(), 2);
}
