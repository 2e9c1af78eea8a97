//! Reading an archive's files as untrusted input: each is checked against the hash its
//! name promised, parsed, and checked against where it was expected to be, so a corrupt,
//! truncated, stale or mismatched file gives an [`ArchiveError`] that names it, never a
//! panic and never a wrong release.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::archive::model::{
    Block, Boot, Column, Facets, IndexShard, Pack, PackEntry, PackList, SlugBucket, SlugPage,
    FORMAT, VERSION,
};
use crate::archive::names::{self, BLOCK_SIZE, COLUMN_SIZE, INDEX_SHARD_SIZE};
use crate::hash::short_hex;

/// Why a file of an archive cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveError {
    /// The file, relative to the archive's folder.
    pub file: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

impl std::error::Error for ArchiveError {}

fn error(file: &str, problem: impl Into<String>) -> ArchiveError {
    ArchiveError {
        file: file.to_owned(),
        problem: problem.into(),
    }
}

/// Checks that `bytes` have the hash `expected` that named them.
pub fn check_hash(file: &str, bytes: &[u8], expected: &str) -> Result<(), ArchiveError> {
    let actual = short_hex(bytes);
    if actual == expected {
        Ok(())
    } else {
        Err(error(
            file,
            format!("its content does not match its name (hash {actual}, named {expected}): a truncated or stale copy"),
        ))
    }
}

/// Parses a JSON file. Through `&str`, as bundles are (`parse.rs`): serde_json compiles
/// its parser once per input kind, so reading bytes here would add a second copy.
fn parse<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, ArchiveError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        error(
            file,
            format!("not UTF-8 (invalid byte at {})", e.valid_up_to()),
        )
    })?;
    serde_json::from_str(text).map_err(|e| error(file, format!("not a valid archive file: {e}")))
}

/// Parses and checks the boot file.
pub fn parse_boot(bytes: &[u8]) -> Result<Boot, ArchiveError> {
    let file = names::BOOT;
    let boot: Boot = parse(file, bytes)?;
    if boot.format != FORMAT {
        return Err(error(
            file,
            format!("the format is {:?}, not {FORMAT:?}", boot.format),
        ));
    }
    if boot.version != VERSION {
        return Err(error(
            file,
            format!("archive version {} is not {VERSION}, the one this app reads; the app may need updating", boot.version),
        ));
    }
    let sizes_ok = boot.block_size == BLOCK_SIZE && boot.column_size == COLUMN_SIZE;
    let counts_ok = boot.blocks.len() == boot.count.div_ceil(BLOCK_SIZE)
        && boot.columns.len() == boot.count.div_ceil(COLUMN_SIZE)
        && boot.slug_pages.len() == names::slug_page_count(boot.count);
    if !sizes_ok || !counts_ok {
        return Err(error(file, "its file lists do not match its release count"));
    }
    Ok(boot)
}

/// Parses and checks block `k`.
pub fn parse_block(
    file: &str,
    bytes: &[u8],
    k: usize,
    count: usize,
) -> Result<Block, ArchiveError> {
    let block: Block = parse(file, bytes)?;
    let first = k * BLOCK_SIZE;
    let end = (first + BLOCK_SIZE).min(count);
    let shards_ok = block.index.len() == (end.saturating_sub(first)).div_ceil(INDEX_SHARD_SIZE);
    if block.first != first || !shards_ok {
        return Err(error(
            file,
            format!("it is not the block of positions {first}–{end}"),
        ));
    }
    Ok(block)
}

/// Parses and checks the pack list of block `k`.
pub fn parse_pack_list(
    file: &str,
    bytes: &[u8],
    k: usize,
    count: usize,
) -> Result<PackList, ArchiveError> {
    let list: PackList = parse(file, bytes)?;
    let first = k * BLOCK_SIZE;
    let end = (first + BLOCK_SIZE).min(count);
    // Each pack starts where the one before ends, the last ends at the block's end, and
    // no entry is empty.
    let mut expected = first;
    let packs_ok = !list.packs.is_empty()
        && list.packs.iter().all(|pack| {
            let ok = pack.first == expected
                && !pack.is_empty()
                && pack.lengths.iter().all(|len| *len > 0);
            expected = pack.first.saturating_add(pack.len());
            ok
        })
        && expected == end;
    if list.first != first || !packs_ok {
        return Err(error(
            file,
            format!("it is not the pack list of positions {first}–{end}"),
        ));
    }
    Ok(list)
}

/// Parses and checks the index shard starting at `first`.
pub fn parse_index(
    file: &str,
    bytes: &[u8],
    first: usize,
    count: usize,
) -> Result<IndexShard, ArchiveError> {
    let shard: IndexShard = parse(file, bytes)?;
    let expected = (count.saturating_sub(first)).min(INDEX_SHARD_SIZE);
    if shard.first != first || shard.cards.len() != expected {
        return Err(error(
            file,
            format!(
                "it is not the index of positions {first}–{}",
                first + expected
            ),
        ));
    }
    Ok(shard)
}

/// Parses and checks the pack of `len` releases starting at `first`.
pub fn parse_pack(
    file: &str,
    bytes: &[u8],
    first: usize,
    len: usize,
) -> Result<Pack, ArchiveError> {
    let pack: Pack = parse(file, bytes)?;
    let slugs_ok = pack.entries.iter().all(|e| !e.slug().is_empty());
    if pack.first != first || pack.entries.len() != len || !slugs_ok {
        return Err(error(
            file,
            format!("it is not the pack of the {len} releases from position {first}"),
        ));
    }
    Ok(pack)
}

/// Parses one entry of a pack, read alone (an HTTP Range request), which must be the
/// release `slug`.
pub fn parse_pack_entry(file: &str, bytes: &[u8], slug: &str) -> Result<PackEntry, ArchiveError> {
    let entry: PackEntry = parse(file, bytes)?;
    if entry.slug() != slug {
        return Err(error(
            file,
            format!("the part read is not the release {slug:?}"),
        ));
    }
    Ok(entry)
}

/// Parses a slug bucket.
pub fn parse_bucket(file: &str, bytes: &[u8], count: usize) -> Result<SlugBucket, ArchiveError> {
    let bucket: SlugBucket = parse(file, bytes)?;
    if bucket.slugs.iter().any(|(_, position)| *position >= count) {
        return Err(error(
            file,
            "it names a position past the end of the archive",
        ));
    }
    Ok(bucket)
}

/// Parses and checks slug page `k` of an archive of `count` releases.
pub fn parse_slug_page(
    file: &str,
    bytes: &[u8],
    k: usize,
    count: usize,
) -> Result<SlugPage, ArchiveError> {
    let page: SlugPage = parse(file, bytes)?;
    let first = k * names::BUCKETS_PER_SLUG_PAGE;
    let expected = names::bucket_count(count)
        .saturating_sub(first)
        .min(names::BUCKETS_PER_SLUG_PAGE);
    if page.first != first || page.buckets.len() != expected {
        return Err(error(
            file,
            format!(
                "it is not the slug page of buckets {first}–{}",
                first + expected
            ),
        ));
    }
    Ok(page)
}

/// Parses and checks column chunk `k`.
pub fn parse_column(
    file: &str,
    bytes: &[u8],
    k: usize,
    count: usize,
) -> Result<Column, ArchiveError> {
    let column: Column = parse(file, bytes)?;
    let first = k * COLUMN_SIZE;
    let expected = (count.saturating_sub(first)).min(COLUMN_SIZE);
    if column.first != first || column.values.len() != expected {
        return Err(error(
            file,
            format!(
                "it is not the facet column of positions {first}–{}",
                first + expected
            ),
        ));
    }
    Ok(column)
}

/// Parses the facets summary.
pub fn parse_facets(file: &str, bytes: &[u8], count: usize) -> Result<Facets, ArchiveError> {
    let facets: Facets = parse(file, bytes)?;
    if facets
        .months
        .iter()
        .any(|(_, start, end)| start > end || *end > count)
    {
        return Err(error(
            file,
            "a month spans positions past the end of the archive",
        ));
    }
    Ok(facets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::write::{write_archive, ArchiveOptions};
    use crate::Catalog;

    fn archive(count: usize) -> crate::archive::ArchiveFiles {
        archive_with(count, &ArchiveOptions::default())
    }

    fn archive_with(count: usize, options: &ArchiveOptions) -> crate::archive::ArchiveFiles {
        let releases: Vec<String> = (0..count)
            .map(|i| {
                format!(
                    r#"{{"id":"r{i}","title":"Release {i}","published":"2024-01-{:02}","source":{{"name":"A{}","url":"https://e.org/{i}"}},"body":"Body {i}.","tags":["t{}"]}}"#,
                    i % 28 + 1,
                    i % 3,
                    i % 5
                )
            })
            .collect();
        let json = format!(
            r#"{{"version":1,"site":{{"title":"T"}},"releases":[{}]}}"#,
            releases.join(",")
        );
        let catalog = Catalog::from_json(&json).unwrap_or_default();
        write_archive(&catalog, options)
    }

    #[test]
    fn a_file_that_is_not_utf8_names_the_file_and_the_byte() {
        let error = parse_boot(b"{\"format\":\"pressroom-archive\xff\"}").expect_err("not UTF-8");
        assert_eq!(error.file, names::BOOT);
        // Written by hand: the 0xFF is the 29th byte.
        assert_eq!(error.problem, "not UTF-8 (invalid byte at 28)");
    }

    #[test]
    fn packs_grow_to_keep_the_archive_within_its_file_budget() {
        let tiny = ArchiveOptions {
            pack_bytes: 300,
            ..ArchiveOptions::default()
        };
        let free = archive_with(1_200, &tiny);
        let packs = |files: &crate::archive::ArchiveFiles| {
            files
                .files
                .iter()
                .filter(|(n, _)| n.starts_with("packs/"))
                .count()
        };
        assert!(
            packs(&free) >= 1_000,
            "{} packs of about one release",
            packs(&free)
        );
        let budget = free.files.len() - 800;
        let bounded = archive_with(
            1_200,
            &ArchiveOptions {
                max_files: Some(budget),
                ..tiny
            },
        );
        assert!(
            bounded.files.len() <= budget,
            "{} files, budget {budget}",
            bounded.files.len()
        );
        assert!(packs(&bounded) < packs(&free) - 700);
    }

    fn file<'a>(files: &'a crate::archive::ArchiveFiles, prefix: &str) -> (&'a str, &'a [u8]) {
        files
            .files
            .iter()
            .find(|(name, _)| name.starts_with(prefix))
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .unwrap_or(("", &[]))
    }

    #[test]
    fn every_file_reads_back_and_its_name_is_its_hash() {
        let files = archive(1_200);
        let boot = parse_boot(&files.files.last().map(|f| f.1.clone()).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(boot, files.boot);
        assert_eq!(boot.blocks.len(), 2);
        let (name, bytes) = file(&files, "blocks/1-");
        check_hash(name, bytes, &boot.blocks[1]).unwrap_or_else(|e| panic!("{e}"));
        let block = parse_block(name, bytes, 1, 1_200).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(block.index.len(), 8, "positions 1000–1200, 25 a shard");
        assert!(parse_block(name, bytes, 0, 1_200).is_err(), "not block 0");
        let (list_name, list_bytes) = file(&files, "packlists/0-");
        let list =
            parse_pack_list(list_name, list_bytes, 0, 1_200).unwrap_or_else(|e| panic!("{e}"));
        let (name, bytes) = file(&files, "packs/0-");
        let first = &list.packs[0];
        let pack = parse_pack(name, bytes, 0, first.len()).unwrap_or_else(|e| panic!("{e}"));
        assert!(pack.entries[0].previous.is_none());
        assert_eq!(
            pack.entries[1].previous.as_ref().map(|p| p.title.as_str()),
            Some("Release 0"),
            "the oldest comes first"
        );
        // Each release carries its related (earlier) releases.
        assert!(
            pack.entries[0].related.is_empty(),
            "nothing is earlier than the first"
        );
        assert!(pack.entries.iter().all(|e| e.related.len() <= 3));
        assert!(pack.entries.iter().any(|e| !e.related.is_empty()));
        assert!(
            parse_pack(name, bytes, 5, first.len()).is_err(),
            "a pack read for another position"
        );
        assert!(
            parse_pack(name, bytes, 0, first.len() + 1).is_err(),
            "a pack with fewer releases than its list says"
        );
    }

    #[test]
    fn each_pack_entry_reads_alone_from_the_bytes_its_list_names() {
        let files = archive(1_200);
        let mut read = 0;
        for k in 0..2 {
            let (list_name, list_bytes) = file(&files, &format!("packlists/{k}-"));
            let list =
                parse_pack_list(list_name, list_bytes, k, 1_200).unwrap_or_else(|e| panic!("{e}"));
            for pack_ref in &list.packs {
                let (name, bytes) = file(&files, &format!("packs/{}-", pack_ref.first));
                let pack = parse_pack(name, bytes, pack_ref.first, pack_ref.len())
                    .unwrap_or_else(|e| panic!("{e}"));
                for (i, whole) in pack.entries.iter().enumerate() {
                    let range = pack_ref.entry_range(i).unwrap_or_default();
                    let part = parse_pack_entry(name, &bytes[range], whole.slug())
                        .unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(&part, whole);
                    if let Some(before) = i.checked_sub(1).and_then(|j| pack.entries.get(j)) {
                        assert_eq!(
                            part.previous.as_ref().map(|p| p.title.as_str()),
                            Some(before.release.title.as_str())
                        );
                        assert!(before.release.published <= part.release.published);
                    }
                    read += 1;
                }
                assert!(pack_ref.entry_range(pack_ref.len()).is_none());
            }
        }
        assert_eq!(read, 1_200, "every release, once");
        let (name, bytes) = file(&files, "packs/0-");
        let (list_name, list_bytes) = file(&files, "packlists/0-");
        let list =
            parse_pack_list(list_name, list_bytes, 0, 1_200).unwrap_or_else(|e| panic!("{e}"));
        let range = list.packs[0].entry_range(1).unwrap_or_default();
        assert!(
            parse_pack_entry(name, &bytes[range.clone()], "release-0").is_err(),
            "another release's bytes"
        );
        assert!(parse_pack_entry(name, &bytes[range.start..range.end - 1], "x").is_err());
    }

    #[test]
    fn pack_lists_whose_packs_do_not_tile_the_block_are_refused() {
        let list = |packs: &str| format!(r#"{{"first":0,"packs":[{packs}]}}"#);
        let good = list(
            r#"{"first":0,"hash":"a","start":20,"lengths":[10,20]},{"first":2,"hash":"b","start":20,"lengths":[5]}"#,
        );
        let parsed = parse_pack_list("l", good.as_bytes(), 0, 3).unwrap_or_else(|e| panic!("{e}"));
        // Written by hand: entries one comma apart.
        assert_eq!(parsed.packs[0].entry_range(0), Some(20..30));
        assert_eq!(parsed.packs[0].entry_range(1), Some(31..51));
        assert_eq!(parsed.packs[0].entry_range(2), None);
        for bad in [
            // A gap: position 2 is in no pack.
            list(
                r#"{"first":0,"hash":"a","start":9,"lengths":[1,2]},{"first":3,"hash":"b","start":9,"lengths":[1]}"#,
            ),
            // Short of the block's end.
            list(r#"{"first":0,"hash":"a","start":9,"lengths":[1,2]}"#),
            // An empty entry.
            list(
                r#"{"first":0,"hash":"a","start":9,"lengths":[1,0]},{"first":2,"hash":"b","start":9,"lengths":[1]}"#,
            ),
            // An empty pack.
            list(
                r#"{"first":0,"hash":"a","start":9,"lengths":[]},{"first":0,"hash":"b","start":9,"lengths":[1,2,3]}"#,
            ),
            list(""),
        ] {
            assert!(parse_pack_list("l", bad.as_bytes(), 0, 3).is_err(), "{bad}");
        }
    }

    #[test]
    fn truncated_or_changed_files_are_named_errors() {
        let files = archive(60);
        let (name, bytes) = file(&files, "packs/0-");
        let hash = name
            .trim_start_matches("packs/0-")
            .trim_end_matches(".json");
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            let error = check_hash(name, &bytes[..cut], hash)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                error.contains(name) && error.contains("does not match"),
                "{error}"
            );
            assert!(parse_pack(name, &bytes[..cut], 0, 1).is_err());
        }
        assert!(parse_boot(b"{\"format\":\"other\"}").is_err());
        assert!(parse_index("i", b"[]", 0, 60).is_err());
        assert!(parse_bucket("s", b"{\"slugs\":[[1,999]]}", 60).is_err());
        assert!(parse_slug_page("p", b"{\"first\":0,\"buckets\":[]}", 0, 60).is_err());
        assert!(parse_slug_page("p", b"{\"first\":64,\"buckets\":[\"a\"]}", 0, 60).is_err());
        assert!(parse_slug_page("p", b"{\"first\":0,\"buckets\":[\"a\"]}", 0, 60).is_ok());
        assert!(parse_column("c", b"{\"first\":0,\"values\":[]}", 0, 60).is_err());
        assert!(parse_facets(
            "f",
            b"{\"sources\":[],\"tags\":[],\"months\":[[\"2024-01\",5,99]]}",
            60
        )
        .is_err());
    }
}
