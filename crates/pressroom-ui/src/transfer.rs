//! What a reader downloads from a sharded archive, question by question: each scenario
//! opens the archive afresh over files in memory ([`MemoryFetch`]) and lists the files it
//! read, the boot file first. The budget tests and the benchmark weigh these lists; this
//! module only counts, so both weigh the same thing. Native only.

use std::sync::Arc;

use pressroom_core::archive::names::{BOOT, DATA_DIR};
use pressroom_core::paging::PageRef;

use crate::filter::Filter;
use crate::store::fetch::{block_on, Requested};
use crate::store::{MemoryFetch, Store};

/// One question and the files it read, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// What the reader did.
    pub name: String,
    /// The files read, as URLs under `/data/`, with the part read when not whole.
    pub files: Vec<Requested>,
}

/// An archive's files served from memory.
#[derive(Debug, Clone)]
pub struct Served {
    fetch: Arc<MemoryFetch>,
}

/// The URL of `name` under the data folder.
pub fn data_url(name: &str) -> String {
    format!("/{DATA_DIR}/{name}")
}

impl Served {
    /// Serves an archive's files (names relative to the data folder).
    pub fn new(files: &[(String, Vec<u8>)]) -> Self {
        let fetch = MemoryFetch::new(
            files
                .iter()
                .map(|(name, bytes)| (data_url(name), bytes.clone())),
        );
        Self { fetch }
    }

    /// The bytes of a served file.
    pub fn file(&self, url: &str) -> Option<&[u8]> {
        self.fetch.file(url)
    }

    /// A fresh reader: the store opened on the boot file, the boot file counted.
    pub fn open(&self) -> Option<Store> {
        self.fetch.clear_requests();
        let url = data_url(BOOT);
        let bytes = self.fetch.file(&url)?.to_vec();
        Store::open(&url, &bytes, self.fetch.clone()).ok()
    }

    fn scenario(&self, name: String) -> Scenario {
        let mut files = vec![Requested {
            url: data_url(BOOT),
            range: None,
        }];
        files.extend(self.fetch.requested());
        Scenario { name, files }
    }

    /// The bytes `request` transferred: a whole file as `compressed` says a server sends
    /// it (gzip), a part as it is (browsers ask for ranges uncompressed).
    pub fn transferred(&self, request: &Requested, compressed: impl Fn(&[u8]) -> u64) -> u64 {
        let Some(bytes) = self.fetch.file(&request.url) else {
            return 0;
        };
        match &request.range {
            Some(range) => bytes.get(range.clone()).map_or(0, |part| part.len() as u64),
            None => compressed(bytes),
        }
    }

    /// A deep link to `slug` with no hint of its position: its article and body.
    pub fn deep_link(&self, slug: &str) -> Option<Scenario> {
        let store = self.open()?;
        let article = block_on(store.article(slug))?.ok()??;
        block_on(store.body(&article.item.slug, ""))?.ok()?;
        Some(self.scenario(format!("deep link to {slug}")))
    }

    /// The list's front page.
    pub fn front_page(&self) -> Option<Scenario> {
        let store = self.open()?;
        block_on(store.page(PageRef::Front))?.ok()??;
        Some(self.scenario("the list's front page".to_owned()))
    }

    /// The first search of a reader, with the query string `query` (`q=…&tag=…`): the
    /// results page and the filters' counts.
    pub fn search(&self, query: &str) -> Option<Scenario> {
        let store = self.open()?;
        let filter = Filter::parse(query);
        block_on(store.search(&filter))?.ok()?;
        Some(self.scenario(format!("search {query}")))
    }

    /// Opening the filters on the unfiltered list.
    pub fn open_filters(&self) -> Option<Scenario> {
        let store = self.open()?;
        block_on(store.facet_view(&Filter::default()))?.ok()?;
        Some(self.scenario("opening the filters".to_owned()))
    }

    /// Opening the filters after searching `query`: the counts that follow the search.
    pub fn filters_of(&self, query: &str) -> Option<Scenario> {
        let store = self.open()?;
        let filter = Filter::parse(query);
        block_on(store.search(&filter))?.ok()?;
        block_on(store.facet_view(&filter))?.ok()?;
        Some(self.scenario(format!("search {query} with the filters' counts")))
    }
}

/// One scenario of [`standard`], with the most it may download (gzip bytes, from the
/// discovery issue's budgets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// What it is, e.g. "first one-word search".
    pub kind: &'static str,
    /// Its budget in bytes, gzip.
    pub budget: u64,
    /// What it read.
    pub scenario: Scenario,
}

/// The budget of a deep link's data.
pub const DEEP_LINK_BUDGET: u64 = 16 * 1024;
/// The budget of a first one-word search.
pub const ONE_WORD_BUDGET: u64 = 100 * 1024;
/// The budget of a first two-word or Korean search.
pub const TWO_WORD_BUDGET: u64 = 150 * 1024;
/// The budget of any single search.
pub const ANY_SEARCH_BUDGET: u64 = 300 * 1024;
/// The budget of opening the filters.
pub const FILTERS_BUDGET: u64 = 50 * 1024;

/// Words of a release's title for searching, longest first (the words a reader would
/// type: the title's own, not its function words).
fn title_words(entry: &pressroom_core::Entry) -> Vec<String> {
    let mut words: Vec<String> = entry
        .release
        .title
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.dedup();
    words
}

/// The releases the standard scenarios use: one about two thirds in (the deep link and
/// the English searches), and the newest Korean one.
fn subjects(
    catalog: &pressroom_core::Catalog,
) -> Option<(&pressroom_core::Entry, &pressroom_core::Entry)> {
    let entries = catalog.chronological();
    let english = entries
        .iter()
        .skip(entries.len() * 2 / 3)
        .find(|e| e.release.language.is_none() && title_words(e).len() >= 3)?;
    let korean = entries
        .iter()
        .rev()
        .find(|e| e.release.language.as_deref() == Some("ko") && title_words(e).len() >= 3)?;
    Some((english, korean))
}

/// The scenarios the budgets are checked on, over `served` (the archive of `catalog`):
/// a deep link, one- and two-word searches in English and Korean, the most common words
/// (the worst case the query budget bounds), and opening the filters.
pub fn standard(served: &Served, catalog: &pressroom_core::Catalog) -> Vec<Probe> {
    let Some((english, korean)) = subjects(catalog) else {
        return Vec::new();
    };
    let (en, ko) = (title_words(english), title_words(korean));
    let probes: [(&'static str, u64, Option<Scenario>); 8] = [
        (
            "deep link",
            DEEP_LINK_BUDGET,
            served.deep_link(&english.slug),
        ),
        (
            "first one-word search",
            ONE_WORD_BUDGET,
            served.search(&format!("q={}", en[0])),
        ),
        (
            "first one-word search (the commonest word)",
            ONE_WORD_BUDGET,
            served.search("q=the"),
        ),
        (
            "first two-word search",
            TWO_WORD_BUDGET,
            served.search(&format!("q={}+{}", en[0], en[1])),
        ),
        (
            "first Korean search",
            TWO_WORD_BUDGET,
            served.search(&format!("q={}", ko[0])),
        ),
        (
            "first two-word Korean search",
            TWO_WORD_BUDGET,
            served.search(&format!("q={}+{}", ko[0], ko[1])),
        ),
        (
            "any search: the five commonest words",
            ANY_SEARCH_BUDGET,
            served.search("q=the+of+and+to+in"),
        ),
        ("opening the filters", FILTERS_BUDGET, served.open_filters()),
    ];
    probes
        .into_iter()
        .filter_map(|(kind, budget, scenario)| {
            Some(Probe {
                kind,
                budget,
                scenario: scenario?,
            })
        })
        .collect()
}
