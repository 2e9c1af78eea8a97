//! Search and filters, the same for a whole bundle and a sharded archive:
//!
//! 1. the date range and months become runs of positions (positions are chronological);
//! 2. the words are looked up in the search index (shards loaded by term for an archive,
//!    an index built in memory on first use for a bundle), keeping hits in those runs;
//!    without words, every release in them, newest first;
//! 3. sources and tags (OR within a facet, AND across) are checked against each hit's
//!    facet values (an archive's column chunks, loaded only when a source or tag filter
//!    or the filters' counts need them);
//! 4. `"phrases"` are checked on the shown page's releases, whose cards (and, if needed,
//!    texts) are loaded; the words found are marked in their titles and summaries.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use pressroom_core::archive::names::column_of;
use pressroom_core::archive::write::facets_of;
use pressroom_core::archive::Facets;
use pressroom_core::search::wire::{Answer, Request};
use pressroom_core::search::{highlight_ranges, Query, Results, MAX_LOAD_ROUNDS};
use pressroom_core::Published;

use super::archive::Archive;
use super::engine::{ask, engine_error, SearchEngine};
use super::view_models::{
    card_item, list_item, FacetValue, FacetView, ListItem, ResultItem, SearchPage, RESULTS_PER_PAGE,
};
use super::{CatalogData, Data, Store};
use crate::filter::Filter;
use crate::load::LoadError;
use pressroom_core::sort::{sort_by, sort_by_key};

/// The most facet column chunks one count loads (about 17 KB gzip each).
pub const FACET_COLUMNS: usize = 2;

/// The error of an engine that answers a request with an answer of another kind.
const WRONG_ANSWER: &str = "the engine answered with an answer of the wrong kind";

/// Releases checked word by word for `"phrases"` beyond the page's own.
const PHRASE_CHECKS: usize = 60;

/// The facet values of one release: source id, tag ids.
type Values = (u32, Vec<u32>);

impl Store {
    /// One page of the results of `filter`.
    pub async fn search(&self, filter: &Filter) -> Result<SearchPage, LoadError> {
        let query = Query::parse(&filter.q, true);
        let facets = if filter.has_facets() {
            self.facets_summary().await?
        } else {
            Arc::new(Facets::default())
        };
        let runs = self.position_runs(&facets, filter).await?;
        let (mut hits, results) = self.text_hits(&filter.q, &query, &runs).await?;
        if !filter.sources.is_empty() || !filter.tags.is_empty() {
            let wanted = Selection::of(&facets, filter);
            let values = self.values_of(&hits).await?;
            hits.retain(|p| {
                values
                    .get(p)
                    .is_some_and(|v| wanted.source_ok(v) && wanted.tags_ok(v))
            });
        }
        let page = filter.page.max(1);
        let checked = self.check_phrases(&query, &results, hits, page).await?;
        let pages = checked.total.div_ceil(RESULTS_PER_PAGE).max(1);
        let start = (page - 1) * RESULTS_PER_PAGE;
        let shown: Vec<usize> = checked
            .hits
            .iter()
            .skip(start)
            .take(RESULTS_PER_PAGE)
            .copied()
            .collect();
        let mut items = Vec::with_capacity(shown.len());
        for position in shown {
            let item = self.item(position).await?;
            items.push(marked(item, &query));
        }
        Ok(SearchPage {
            filter: filter.clone(),
            items,
            total: checked.total,
            approximate: checked.approximate,
            suggestion: results.as_ref().and_then(|r| r.suggestion.clone()),
            page,
            pages,
            dropped: results.map(|r| r.dropped).unwrap_or_default(),
        })
    }

    /// Every facet value with the count of results that have it, counted over the other
    /// facets' selection (so that choosing a second value of a facet widens the results).
    pub async fn facet_view(&self, filter: &Filter) -> Result<FacetView, LoadError> {
        let facets = self.facets_summary().await?;
        if filter.is_empty() {
            return Ok(global_view(&facets, filter));
        }
        let query = Query::parse(&filter.q, true);
        let unfiltered = Filter {
            months: Vec::new(),
            ..filter.clone()
        };
        let runs = self.position_runs(&facets, &unfiltered).await?;
        let (hits, _) = self.text_hits(&filter.q, &query, &runs).await?;
        let counted = self.countable(&hits);
        let values = self.values_of(&counted).await?;
        let mut view = counted_view(&facets, filter, &counted, &values);
        if counted.len() < hits.len() {
            view.partial = Some((counted.len(), hits.len()));
        }
        Ok(view)
    }

    /// The hits whose facet values are counted: all of them for a whole bundle; for an
    /// archive, those in the [`FACET_COLUMNS`] column chunks holding the most of them
    /// (a broad search in a large archive would otherwise load every chunk).
    fn countable(&self, hits: &[usize]) -> Vec<usize> {
        if matches!(self.data, Data::Catalog(_)) {
            return hits.to_vec();
        }
        // Hits are positions, so their chunks are few: counted in a vector by chunk.
        let mut per_column = vec![0_usize; column_of(self.count()) + 1];
        for &p in hits {
            if let Some(n) = per_column.get_mut(column_of(p)) {
                *n += 1;
            }
        }
        let mut columns: Vec<(usize, usize)> = per_column
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .collect();
        sort_by(&mut columns, |a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        let kept: HashSet<usize> = columns
            .iter()
            .take(FACET_COLUMNS)
            .map(|(c, _)| *c)
            .collect();
        hits.iter()
            .copied()
            .filter(|p| kept.contains(&column_of(*p)))
            .collect()
    }

    /// The filters' counts over the whole archive, when they are at hand without loading
    /// anything (a whole bundle).
    pub fn facets_now(&self) -> Option<FacetView> {
        match &self.data {
            Data::Catalog(data) => Some(global_view(&catalog_facets(data).0, &Filter::default())),
            Data::Archive(_) => None,
        }
    }

    /// The facets summary.
    async fn facets_summary(&self) -> Result<Arc<Facets>, LoadError> {
        match &self.data {
            Data::Catalog(data) => Ok(Arc::new(catalog_facets(data).0.clone())),
            Data::Archive(archive) => archive.facets().await,
        }
    }

    /// The runs of positions the date range and months allow, oldest first.
    async fn position_runs(
        &self,
        facets: &Facets,
        filter: &Filter,
    ) -> Result<Vec<Range<usize>>, LoadError> {
        let count = self.count();
        let start = match filter.from.as_deref().and_then(day_number) {
            Some(day) => self.first_after_day(facets, day, false).await?,
            None => 0,
        };
        let end = match filter.to.as_deref().and_then(day_number) {
            Some(day) => self.first_after_day(facets, day, true).await?,
            None => count,
        };
        if filter.months.is_empty() {
            return Ok(std::iter::once(start..end.max(start)).collect());
        }
        let mut runs: Vec<Range<usize>> = facets
            .months
            .iter()
            .filter(|(month, _, _)| filter.months.contains(month))
            .map(|(_, a, b)| (*a).max(start)..(*b).min(end))
            .filter(|r| !r.is_empty())
            .collect();
        sort_by_key(&mut runs, |r| r.start);
        Ok(runs)
    }

    /// The first position whose UTC day is `day` or later (`after`: later than `day`):
    /// the month runs narrow it to one month, whose cards are then searched by halves.
    async fn first_after_day(
        &self,
        facets: &Facets,
        day: u32,
        after: bool,
    ) -> Result<usize, LoadError> {
        let passes = |d: u32| if after { d > day } else { d >= day };
        let month_number = |m: &str| m.replace('-', "").parse::<u32>().unwrap_or(0);
        let month = facets
            .months
            .partition_point(|(m, _, _)| month_number(m) < day / 100);
        let Some((name, start, end)) = facets.months.get(month) else {
            return Ok(self.count());
        };
        if month_number(name) > day / 100 {
            return Ok(*start);
        }
        let (mut low, mut high) = (*start, *end);
        while low < high {
            let middle = low + (high - low) / 2;
            let published = self.item(middle).await?.datetime;
            let passed = Published::parse(&published).is_some_and(|p| passes(p.utc_day()));
            if passed {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        Ok(low)
    }

    /// The positions the words of `text` (parsed: `query`) match within `runs`, best
    /// first (every position in them, newest first, when there are no words), and the
    /// search's results.
    async fn text_hits(
        &self,
        text: &str,
        query: &Query,
        runs: &[Range<usize>],
    ) -> Result<(Vec<usize>, Option<Results>), LoadError> {
        if query.is_empty() {
            let hits = runs.iter().rev().flat_map(|r| r.clone().rev()).collect();
            return Ok((hits, None));
        }
        let engine = match &self.data {
            Data::Catalog(data) => self.catalog_engine(data).await?,
            Data::Archive(archive) => {
                let engine = self.archive_engine(archive).await?;
                load_search_files(archive, &*engine, text).await?;
                engine
            }
        };
        let runs = runs
            .iter()
            .map(|r| to_doc(r.start)..to_doc(r.end))
            .collect();
        let request = Request::Search {
            query: text,
            typing: true,
            runs,
        };
        let results = match ask(&*engine, &request)? {
            Ok(Answer::Found(results)) => results,
            Ok(_) => return Err(engine_error(WRONG_ANSWER)),
            Err(why) => return Err(engine_error(why)),
        };
        let hits = results.hits.iter().map(|h| h.doc as usize).collect();
        Ok((hits, Some(results)))
    }

    /// The engine, with every release of the bundle added, on the first search.
    async fn catalog_engine(&self, data: &CatalogData) -> Result<Arc<dyn SearchEngine>, LoadError> {
        self.engine
            .get_or_load(|engine| {
                for (doc, entry) in (0u32..).zip(data.catalog.chronological()) {
                    let release = &entry.release;
                    let request = Request::AddDoc {
                        doc,
                        texts: [
                            &release.title,
                            release.summary.as_deref().unwrap_or_default(),
                            &release.body,
                            &release.source.name,
                        ],
                        tags: release.tags.iter().map(String::as_str).collect(),
                    };
                    ask(engine, &request)?.map_err(engine_error)?;
                }
                Ok(())
            })
            .await
    }

    /// The engine, given the archive's search meta, on the first search (the meta is
    /// fetched only then).
    async fn archive_engine(&self, archive: &Archive) -> Result<Arc<dyn SearchEngine>, LoadError> {
        if let Some(engine) = self.engine.ready() {
            return Ok(engine);
        }
        let (name, meta) = archive.search_meta().await?;
        self.engine
            .get_or_load(|engine| {
                ask(engine, &Request::Meta(&meta))?.map_err(|why| corrupt(&name, why))?;
                Ok(())
            })
            .await
    }

    /// The facet values of `positions`.
    async fn values_of(
        &self,
        positions: &[usize],
    ) -> Result<std::collections::HashMap<usize, Values>, LoadError> {
        let mut out = std::collections::HashMap::with_capacity(positions.len());
        match &self.data {
            Data::Catalog(data) => {
                let values = &catalog_facets(data).1;
                for &p in positions {
                    if let Some(v) = values.get(p) {
                        out.insert(p, v.clone());
                    }
                }
            }
            Data::Archive(archive) => {
                for &p in positions {
                    let column = archive.column(p).await?;
                    if let Some(v) = column.values.get(p - column.first) {
                        out.insert(p, v.clone());
                    }
                }
            }
        }
        Ok(out)
    }

    /// What the list shows of the release at `position`.
    async fn item(&self, position: usize) -> Result<ListItem, LoadError> {
        let missing = || LoadError::Data {
            file: format!(
                "index/{}",
                position / pressroom_core::archive::names::INDEX_SHARD_SIZE
            ),
            problem: format!("no readable card for position {position}"),
        };
        match &self.data {
            Data::Catalog(data) => data
                .catalog
                .chronological()
                .get(position)
                .map(list_item)
                .ok_or_else(missing),
            Data::Archive(archive) => {
                let shard = archive.index(position).await?;
                shard
                    .cards
                    .get(position - shard.first)
                    .and_then(card_item)
                    .ok_or_else(missing)
            }
        }
    }

    /// The texts of the release at `position` (title, summary, body, tags, source), for
    /// checking phrases.
    async fn texts(&self, position: usize) -> Result<Vec<String>, LoadError> {
        let release = match &self.data {
            Data::Catalog(data) => data
                .catalog
                .chronological()
                .get(position)
                .map(|e| e.release.clone()),
            Data::Archive(archive) => {
                let pack = archive.pack(position).await?;
                pack.entries
                    .get(position - pack.first)
                    .map(|e| e.release.clone())
            }
        };
        Ok(release
            .map(|r| {
                vec![
                    r.title,
                    r.summary.unwrap_or_default(),
                    r.body,
                    r.tags.join(" "),
                    r.source.name,
                ]
            })
            .unwrap_or_default())
    }

    /// The hits, with `"phrases"` checked on those up to the end of `page` (and a few
    /// more): the ones that fail are dropped; the rest are counted as they are.
    async fn check_phrases(
        &self,
        query: &Query,
        results: &Option<Results>,
        hits: Vec<usize>,
        page: usize,
    ) -> Result<Checked, LoadError> {
        let unchecked = results.as_ref().is_some_and(|r| r.phrases_unchecked);
        if !unchecked {
            return Ok(Checked {
                total: hits.len(),
                hits,
                approximate: false,
            });
        }
        let needed = page * RESULTS_PER_PAGE;
        let mut kept = Vec::new();
        let mut checked = 0;
        let mut rest = hits.into_iter();
        for position in rest.by_ref() {
            checked += 1;
            let texts = self.texts(position).await?;
            let fields: Vec<&str> = texts.iter().map(String::as_str).collect();
            if query.phrases_hold(&fields) {
                kept.push(position);
            }
            if kept.len() >= needed || checked >= needed + PHRASE_CHECKS {
                break;
            }
        }
        let unverified: Vec<usize> = rest.collect();
        let approximate = !unverified.is_empty();
        kept.extend(unverified);
        Ok(Checked {
            total: kept.len(),
            hits: kept,
            approximate,
        })
    }
}

/// Hits after checking phrases.
struct Checked {
    hits: Vec<usize>,
    total: usize,
    approximate: bool,
}

/// The catalog's facets and each release's values, made on first use.
fn catalog_facets(data: &super::CatalogData) -> &(Facets, Vec<Values>) {
    data.facets
        .get_or_init(|| facets_of(data.catalog.chronological()))
}

/// Gives `engine` the archive's search files the words of `text` need, in at most
/// [`MAX_LOAD_ROUNDS`] rounds (directory pages first, then shards and the vocabulary).
async fn load_search_files(
    archive: &Archive,
    engine: &dyn SearchEngine,
    text: &str,
) -> Result<(), LoadError> {
    for _ in 0..MAX_LOAD_ROUNDS {
        let request = Request::Missing {
            query: text,
            typing: true,
        };
        let missing = match ask(engine, &request)? {
            Ok(Answer::Files(files)) => files,
            Ok(_) => return Err(engine_error(WRONG_ANSWER)),
            Err(why) => return Err(engine_error(why)),
        };
        if missing.is_empty() {
            break;
        }
        for (file, info) in missing {
            let (name, bytes) = archive.search_file(info.hash).await?;
            let request = Request::AddFile {
                file,
                bytes: &bytes,
            };
            ask(engine, &request)?.map_err(|why| corrupt(&name, why))?;
        }
    }
    Ok(())
}

/// A data file that the engine refused.
fn corrupt(file: &str, problem: String) -> LoadError {
    LoadError::Data {
        file: file.to_owned(),
        problem,
    }
}

/// A position as a doc id (positions past `u32::MAX` are beyond every index).
fn to_doc(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(u32::MAX)
}

/// `YYYY-MM-DD` as `YYYYMMDD`.
fn day_number(day: &str) -> Option<u32> {
    day.replace('-', "").parse().ok()
}

/// The ids of the selected sources and tags (as `usize`: the wasm then carries one set
/// type for positions and ids, not two).
struct Selection {
    sources: HashSet<usize>,
    tags: HashSet<usize>,
    any_source: bool,
    any_tag: bool,
}

impl Selection {
    fn of(facets: &Facets, filter: &Filter) -> Self {
        let ids = |names: &[(String, usize)], wanted: &[String]| -> HashSet<usize> {
            names
                .iter()
                .enumerate()
                .filter(|(_, (name, _))| wanted.iter().any(|w| w == name))
                .map(|(i, _)| i)
                .collect()
        };
        Self {
            sources: ids(&facets.sources, &filter.sources),
            tags: ids(&facets.tags, &filter.tags),
            any_source: filter.sources.is_empty(),
            any_tag: filter.tags.is_empty(),
        }
    }

    fn source_ok(&self, values: &Values) -> bool {
        self.any_source || self.sources.contains(&id(values.0))
    }

    fn tags_ok(&self, values: &Values) -> bool {
        self.any_tag || values.1.iter().any(|&t| self.tags.contains(&id(t)))
    }
}

/// A facet value id as an index.
fn id(value: u32) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

/// The item with the words of `query` marked.
fn marked(item: ListItem, query: &Query) -> ResultItem {
    ResultItem {
        title_marks: highlight_ranges(&item.title, query),
        summary_marks: highlight_ranges(&item.summary, query),
        item,
    }
}

fn value(value: &str, count: usize, selected: &[String]) -> FacetValue {
    FacetValue {
        value: value.to_owned(),
        count,
        selected: selected.iter().any(|s| s == value),
    }
}

/// The facets with their counts over the whole archive.
fn global_view(facets: &Facets, filter: &Filter) -> FacetView {
    FacetView {
        sources: facets
            .sources
            .iter()
            .map(|(n, c)| value(n, *c, &filter.sources))
            .collect(),
        tags: facets
            .tags
            .iter()
            .map(|(n, c)| value(n, *c, &filter.tags))
            .collect(),
        months: facets
            .months
            .iter()
            .rev()
            .map(|(m, a, b)| value(m, b - a, &filter.months))
            .collect(),
        partial: None,
    }
}

/// The month of `position` among the facets' month runs.
fn month_of(facets: &Facets, position: usize) -> Option<usize> {
    let i = facets
        .months
        .partition_point(|(_, _, end)| *end <= position);
    facets
        .months
        .get(i)
        .filter(|(_, start, _)| *start <= position)
        .map(|_| i)
}

/// The facets with their counts over `hits`, each facet counted over the other facets'
/// selection.
fn counted_view(
    facets: &Facets,
    filter: &Filter,
    hits: &[usize],
    values: &std::collections::HashMap<usize, Values>,
) -> FacetView {
    let selection = Selection::of(facets, filter);
    let months: HashSet<usize> = facets
        .months
        .iter()
        .enumerate()
        .filter(|(_, (m, _, _))| filter.months.contains(m))
        .map(|(i, _)| i)
        .collect();
    let month_ok = |p: usize| {
        filter.months.is_empty() || month_of(facets, p).is_some_and(|m| months.contains(&m))
    };
    let mut source_counts = vec![0; facets.sources.len()];
    let mut tag_counts = vec![0; facets.tags.len()];
    let mut month_counts = vec![0; facets.months.len()];
    for &p in hits {
        let Some(v) = values.get(&p) else { continue };
        if month_ok(p) && selection.tags_ok(v) {
            if let Some(c) = source_counts.get_mut(v.0 as usize) {
                *c += 1;
            }
        }
        if month_ok(p) && selection.source_ok(v) {
            for &t in &v.1 {
                if let Some(c) = tag_counts.get_mut(t as usize) {
                    *c += 1;
                }
            }
        }
        if selection.source_ok(v) && selection.tags_ok(v) {
            if let Some(c) = month_of(facets, p).and_then(|m| month_counts.get_mut(m)) {
                *c += 1;
            }
        }
    }
    let keep = |v: &FacetValue| v.count > 0 || v.selected;
    FacetView {
        sources: facets
            .sources
            .iter()
            .zip(&source_counts)
            .map(|((n, _), c)| value(n, *c, &filter.sources))
            .filter(keep)
            .collect(),
        tags: facets
            .tags
            .iter()
            .zip(&tag_counts)
            .map(|((n, _), c)| value(n, *c, &filter.tags))
            .filter(keep)
            .collect(),
        months: facets
            .months
            .iter()
            .zip(&month_counts)
            .rev()
            .map(|((m, _, _), c)| value(m, *c, &filter.months))
            .filter(keep)
            .collect(),
        partial: None,
    }
}
