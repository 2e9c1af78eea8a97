//! The files of an archive, from a catalog ([`write_archive`]). Deterministic: the same
//! catalog gives the same bytes, so a file whose releases did not change keeps its name.

use std::collections::HashMap;

use serde::Serialize;

use crate::archive::model::{
    Block, Boot, Card, Column, Facets, IndexShard, NavRef, PackEntry, PackList, PackRef, Problems,
    SlugBucket, SlugPage, FORMAT, VERSION,
};
use crate::archive::names::{self, BLOCK_SIZE, COLUMN_SIZE, INDEX_SHARD_SIZE};
use crate::catalog::{Catalog, Entry};
use crate::excerpt::summary_of;
use crate::hash::short_hex;
use crate::search::{DocFields, IndexBuilder, IndexOptions};
use crate::sort::sort_by;

/// How to cut an archive.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    /// About how many bytes of releases a pack holds (a single larger release gets a
    /// pack of its own).
    pub pack_bytes: usize,
    /// How many problem messages the boot file lists.
    pub problems_listed: usize,
    /// The search index's options.
    pub search: IndexOptions,
    /// The most files the archive may have: packs grow past [`Self::pack_bytes`] until
    /// they fit (`None`: no limit).
    pub max_files: Option<usize>,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        Self {
            pack_bytes: 12 * 1024,
            problems_listed: 100,
            search: IndexOptions::default(),
            max_files: None,
        }
    }
}

/// An archive's files: paths relative to the `data/` folder, and their bytes. The boot
/// file is last.
#[derive(Debug, Clone)]
pub struct ArchiveFiles {
    /// Every file, `boot.json` last.
    pub files: Vec<(String, Vec<u8>)>,
    /// The boot file's contents.
    pub boot: Boot,
}

/// A file being collected: serialises `value`, names it by its hash with `name`.
fn add<T: Serialize>(
    files: &mut Vec<(String, Vec<u8>)>,
    value: &T,
    name: impl Fn(&str) -> String,
) -> String {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let hash = short_hex(&bytes);
    files.push((name(&hash), bytes));
    hash
}

/// The card of a release.
pub fn card(entry: &Entry) -> Card {
    let release = &entry.release;
    Card {
        slug: entry.slug.clone(),
        title: release.title.clone(),
        published: entry.published.as_str().to_owned(),
        source: release.source.name.clone(),
        summary: summary_of(release.summary.as_deref(), &release.body),
        tags: release.tags.clone(),
        language: release.language.clone(),
    }
}

/// Writes every file of `catalog`'s archive.
pub fn write_archive(catalog: &Catalog, options: &ArchiveOptions) -> ArchiveFiles {
    let entries = catalog.chronological();
    let mut files = Vec::new();
    let search = write_search(entries, options, &mut files);
    let pack_bytes = pack_bytes_within(entries, options, files.len());
    let blocks = write_blocks(catalog, pack_bytes, &mut files);
    let slug_pages = write_slugs(entries, &mut files);
    let (facets, ids) = facets_of(entries);
    let columns = write_columns(&ids, &mut files);
    let facets = add(&mut files, &facets, names::facets);
    let problems = catalog.problems();
    let boot = Boot {
        format: FORMAT.to_owned(),
        version: VERSION,
        site: catalog.site().clone(),
        count: entries.len(),
        problems: Problems {
            count: problems.len(),
            first: problems
                .iter()
                .take(options.problems_listed)
                .map(ToString::to_string)
                .collect(),
        },
        block_size: BLOCK_SIZE,
        blocks,
        slug_pages,
        column_size: COLUMN_SIZE,
        columns,
        facets,
        search,
    };
    files.push((
        names::BOOT.to_owned(),
        serde_json::to_vec(&boot).unwrap_or_default(),
    ));
    ArchiveFiles { files, boot }
}

/// What a release weighs in a pack, roughly.
fn pack_weight(entry: &Entry) -> usize {
    entry.release.body.len() + entry.release.title.len() + 300
}

/// Files an archive of `count` releases has beside its packs and its `search` files.
fn files_beside_packs(count: usize, search: usize) -> usize {
    let blocks = count.div_ceil(BLOCK_SIZE);
    let index = count.div_ceil(INDEX_SHARD_SIZE);
    let columns = count.div_ceil(COLUMN_SIZE);
    // The boot and facets files; a block and its pack list.
    2 * blocks + index + columns + names::bucket_count(count) + search + 2
}

/// The pack size: [`ArchiveOptions::pack_bytes`], or more when the packs would not fit
/// in [`ArchiveOptions::max_files`] beside the other files.
fn pack_bytes_within(entries: &[Entry], options: &ArchiveOptions, search_files: usize) -> usize {
    let Some(max) = options.max_files else {
        return options.pack_bytes;
    };
    // A pack closes once it reaches the size, so packs of that size are at most
    // `total / size`, plus one short pack at the end of each block.
    let blocks = entries.len().div_ceil(BLOCK_SIZE);
    let room = max
        .saturating_sub(blocks)
        .saturating_sub(files_beside_packs(entries.len(), search_files) + blocks)
        .max(1);
    let total: usize = entries.iter().map(pack_weight).sum();
    stepped(options.pack_bytes, total.div_ceil(room))
}

/// The smallest of `base`, `base × 5/4`, `base × (5/4)²`, … that is at least `needed`.
/// Pack sizes move in steps of a quarter so that publishing a release keeps every
/// earlier pack as it was: the size (and so every pack's boundaries) changes only when
/// the archive has grown by about a quarter since the last change.
fn stepped(base: usize, needed: usize) -> usize {
    let mut size = base.max(1);
    while size < needed {
        size += size.div_ceil(4);
    }
    size
}

/// The blocks, with their index shards and packs; the blocks' hashes.
fn write_blocks(
    catalog: &Catalog,
    pack_bytes: usize,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<String> {
    let entries = catalog.chronological();
    let mut hashes = Vec::new();
    for (k, block) in entries.chunks(BLOCK_SIZE).enumerate() {
        let first = k * BLOCK_SIZE;
        let index = block
            .chunks(INDEX_SHARD_SIZE)
            .enumerate()
            .map(|(i, cards)| {
                let shard = IndexShard {
                    first: first + i * INDEX_SHARD_SIZE,
                    cards: cards.iter().map(card).collect(),
                };
                add(files, &shard, |h| {
                    names::index_shard(names::index_shard_of(shard.first), h)
                })
            })
            .collect();
        let packs = write_packs(catalog, first..first + block.len(), pack_bytes, files);
        let list = PackList { first, packs };
        let packs = add(files, &list, |h| names::pack_list(k, h));
        let block = Block {
            first,
            index,
            packs,
        };
        hashes.push(add(files, &block, |h| names::block(k, h)));
    }
    hashes
}

/// The packs of the positions `range` (never across a block's edge): where each is.
fn write_packs(
    catalog: &Catalog,
    range: std::ops::Range<usize>,
    pack_bytes: usize,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<PackRef> {
    let entries = catalog.chronological();
    let mut packs = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let mut end = start;
        let mut bytes = 0;
        while end < range.end && (end == start || bytes < pack_bytes) {
            bytes += pack_weight(&entries[end]);
            end += 1;
        }
        let pack: Vec<PackEntry> = (start..end).map(|p| pack_entry(catalog, p)).collect();
        let (bytes, offset, lengths) = pack_file(start, &pack);
        let hash = short_hex(&bytes);
        files.push((names::pack(start, &hash), bytes));
        packs.push(PackRef {
            first: start,
            hash,
            start: offset,
            lengths,
        });
        start = end;
    }
    packs
}

/// The pack entry of the release at `position`: the release with its slug, its
/// neighbours and its related releases.
fn pack_entry(catalog: &Catalog, position: usize) -> PackEntry {
    let entries = catalog.chronological();
    let nav_ref = |e: &Entry| NavRef {
        slug: e.slug.clone(),
        title: e.release.title.clone(),
    };
    let entry = &entries[position];
    let mut release = entry.release.clone();
    release.slug = Some(entry.slug.clone());
    PackEntry {
        release,
        previous: position
            .checked_sub(1)
            .and_then(|p| entries.get(p))
            .map(nav_ref),
        next: entries.get(position + 1).map(nav_ref),
        related: catalog
            .related_at(position)
            .into_iter()
            .map(nav_ref)
            .collect(),
    }
}

/// A pack's bytes (what serialising a [`crate::archive::Pack`] gives), where its first
/// entry starts and each entry's length ([`PackRef`]).
fn pack_file(first: usize, entries: &[PackEntry]) -> (Vec<u8>, usize, Vec<usize>) {
    let mut bytes = format!("{{\"first\":{first},\"entries\":[").into_bytes();
    let start = bytes.len();
    let mut lengths = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        let before = bytes.len();
        // A release always serialises (strings, numbers and lists only).
        let _ = serde_json::to_writer(&mut bytes, entry);
        lengths.push(bytes.len() - before);
    }
    bytes.extend_from_slice(b"]}");
    (bytes, start, lengths)
}

/// The slug buckets and the pages that list them; the pages' hashes.
fn write_slugs(entries: &[Entry], files: &mut Vec<(String, Vec<u8>)>) -> Vec<String> {
    let count = names::bucket_count(entries.len());
    let mut buckets: Vec<SlugBucket> = (0..count)
        .map(|_| SlugBucket { slugs: Vec::new() })
        .collect();
    for (position, entry) in entries.iter().enumerate() {
        if let Some(bucket) = buckets.get_mut(names::bucket_of(&entry.slug, count)) {
            bucket.slugs.push((names::slug_hash(&entry.slug), position));
        }
    }
    let hashes: Vec<String> = buckets
        .iter_mut()
        .enumerate()
        .map(|(k, bucket)| {
            sort_by(&mut bucket.slugs, |a, b| a.cmp(b));
            add(files, bucket, |h| names::slug_bucket(k, h))
        })
        .collect();
    hashes
        .chunks(names::BUCKETS_PER_SLUG_PAGE)
        .enumerate()
        .map(|(p, buckets)| {
            let page = SlugPage {
                first: p * names::BUCKETS_PER_SLUG_PAGE,
                buckets: buckets.to_vec(),
            };
            add(files, &page, |h| names::slug_page(p, h))
        })
        .collect()
}

/// Every source and tag (most releases first, then by name) and month with its count,
/// and each release's `(source id, tag ids)`.
pub fn facets_of(entries: &[Entry]) -> (Facets, Vec<(u32, Vec<u32>)>) {
    let mut source_counts: HashMap<&str, usize> = HashMap::new();
    let mut tag_counts: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        *source_counts
            .entry(entry.release.source.name.as_str())
            .or_default() += 1;
        for tag in dedup(&entry.release.tags) {
            *tag_counts.entry(tag).or_default() += 1;
        }
    }
    let sources = ranked(source_counts);
    let tags = ranked(tag_counts);
    let source_ids = ids(&sources);
    let tag_ids = ids(&tags);
    let values = entries
        .iter()
        .map(|entry| {
            let source = source_ids
                .get(entry.release.source.name.as_str())
                .map_or(0, |&i| id(i));
            let tags = dedup(&entry.release.tags)
                .filter_map(|t| tag_ids.get(t).map(|&i| id(i)))
                .collect();
            (source, tags)
        })
        .collect();
    let facets = Facets {
        sources,
        tags,
        months: months_of(entries),
    };
    (facets, values)
}

/// A release's tags without repeats, in order.
fn dedup(tags: &[String]) -> impl Iterator<Item = &str> {
    tags.iter()
        .enumerate()
        .filter(|(i, tag)| !tags[..*i].contains(tag))
        .map(|(_, tag)| tag.as_str())
}

fn ranked(counts: HashMap<&str, usize>) -> Vec<(String, usize)> {
    let mut ranked: Vec<(String, usize)> =
        counts.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    sort_by(&mut ranked, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
    });
    ranked
}

/// Each name's place in `ranked`. (A map of the counts' own type, so the app's wasm
/// carries one map of names, not two.)
fn ids(ranked: &[(String, usize)]) -> HashMap<&str, usize> {
    ranked
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.as_str(), i))
        .collect()
}

/// A place in a ranking as a facet value id.
fn id(place: usize) -> u32 {
    u32::try_from(place).unwrap_or(u32::MAX)
}

/// The months, oldest first, with the positions each spans.
fn months_of(entries: &[Entry]) -> Vec<(String, usize, usize)> {
    let mut months: Vec<(String, usize, usize)> = Vec::new();
    for (position, entry) in entries.iter().enumerate() {
        let month = entry.published.utc_month();
        match months.last_mut() {
            Some((last, _, end)) if *last == month => *end = position + 1,
            _ => months.push((month, position, position + 1)),
        }
    }
    months
}

/// The facet column chunks; their hashes.
fn write_columns(values: &[(u32, Vec<u32>)], files: &mut Vec<(String, Vec<u8>)>) -> Vec<String> {
    values
        .chunks(COLUMN_SIZE)
        .enumerate()
        .map(|(k, chunk)| {
            let column = Column {
                first: k * COLUMN_SIZE,
                values: chunk.to_vec(),
            };
            add(files, &column, |h| names::column(k, h))
        })
        .collect()
}

/// The search index's files; the meta file's name.
fn write_search(
    entries: &[Entry],
    options: &ArchiveOptions,
    files: &mut Vec<(String, Vec<u8>)>,
) -> String {
    let mut builder = IndexBuilder::new(options.search.clone());
    for (position, entry) in entries.iter().enumerate() {
        let doc = u32::try_from(position).unwrap_or(u32::MAX);
        // Positions are unique, so adding never fails.
        let _ = builder.add(doc, &DocFields::of_release(&entry.release));
    }
    let search = builder.finish();
    let meta_name = format!("meta-{}.bin", short_hex(&search.meta));
    for (name, bytes) in search.named_files() {
        files.push((names::search(&name), bytes.to_vec()));
    }
    files.push((names::search(&meta_name), search.meta.clone()));
    meta_name
}

#[cfg(test)]
mod tests {
    #[test]
    fn pack_sizes_move_in_steps_of_a_quarter() {
        // Written by hand: 1000, 1250, 1563, 1954, 2443.
        assert_eq!(super::stepped(1_000, 0), 1_000);
        assert_eq!(super::stepped(1_000, 1_000), 1_000);
        assert_eq!(super::stepped(1_000, 1_001), 1_250);
        assert_eq!(super::stepped(1_000, 1_900), 1_954);
        assert_eq!(super::stepped(1_000, 2_000), 2_443);
        // Needing a little more within a step keeps the size.
        assert_eq!(super::stepped(1_000, 1_600), super::stepped(1_000, 1_700));
    }
}
