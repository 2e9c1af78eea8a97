//! A sharded archive as the store reads it: the boot file first, then each file when a
//! page needs it, checked against its hash ([`pressroom_core::archive::read`]) and kept.
//! A release's position comes from what was already read (a list page, a neighbour, the
//! pre-rendered page) or from its slug's bucket; its metadata and body from its pack.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pressroom_core::archive::names::{self, BLOCK_SIZE, COLUMN_SIZE, INDEX_SHARD_SIZE};
use pressroom_core::archive::read::{
    check_hash, parse_block, parse_boot, parse_bucket, parse_column, parse_facets, parse_index,
    parse_pack, parse_pack_list, parse_slug_page, ArchiveError,
};
use pressroom_core::archive::{
    Block, Boot, Column, Facets, IndexShard, Pack, PackList, SlugBucket, SlugPage,
};
use pressroom_core::hash::fnv1a64;
use pressroom_core::search::{Meta, Shard, ShardRef};

use super::fetch::Fetch;
use crate::load::LoadError;

/// What has been read, by where it is.
#[derive(Default)]
struct Read {
    blocks: HashMap<usize, Arc<Block>>,
    pack_lists: HashMap<usize, Arc<PackList>>,
    index: HashMap<usize, Arc<IndexShard>>,
    packs: HashMap<usize, Arc<Pack>>,
    slug_pages: HashMap<usize, Arc<SlugPage>>,
    buckets: HashMap<usize, Arc<SlugBucket>>,
    columns: HashMap<usize, Arc<Column>>,
    facets: Option<Arc<Facets>>,
    meta: Option<Arc<Meta>>,
    shards: HashMap<ShardRef, Arc<Shard>>,
    positions: HashMap<String, usize>,
    prefetched: std::collections::HashSet<String>,
}

/// An archive being read.
pub struct Archive {
    fetch: Arc<dyn Fetch>,
    /// The URL of the archive's folder, ending with `/`.
    folder: String,
    boot: Boot,
    read: Mutex<Read>,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("folder", &self.folder)
            .field("count", &self.boot.count)
            .finish()
    }
}

fn data_error(error: ArchiveError) -> LoadError {
    LoadError::Data {
        file: error.file,
        problem: error.problem,
    }
}

fn corrupt(file: &str, problem: &str) -> LoadError {
    LoadError::Data {
        file: file.to_owned(),
        problem: problem.to_owned(),
    }
}

impl Archive {
    /// The archive whose boot file, fetched from `boot_url`, is `bytes`.
    pub fn open(boot_url: &str, bytes: &[u8], fetch: Arc<dyn Fetch>) -> Result<Self, LoadError> {
        let boot = parse_boot(bytes).map_err(data_error)?;
        let folder = match boot_url.rfind('/') {
            Some(slash) => boot_url[..=slash].to_owned(),
            None => String::new(),
        };
        Ok(Self {
            fetch,
            folder,
            boot,
            read: Mutex::new(Read::default()),
        })
    }

    /// The boot file.
    pub fn boot(&self) -> &Boot {
        &self.boot
    }

    fn with<T>(&self, f: impl FnOnce(&mut Read) -> T) -> Option<T> {
        self.read.lock().ok().map(|mut read| f(&mut read))
    }

    /// Fetches `name` and checks it against the 40-bit `hash` that named it.
    async fn bytes(&self, name: &str, hash: &str) -> Result<Vec<u8>, LoadError> {
        let bytes = self.fetch.get(&format!("{}{name}", self.folder)).await?;
        check_hash(name, &bytes, hash).map_err(data_error)?;
        Ok(bytes)
    }

    /// Whether the neighbours of `slug` are to be read ahead now: only the first time
    /// (the page of a release may be drawn twice; two read-aheads at once would fetch the
    /// same files twice).
    pub fn first_prefetch(&self, slug: &str) -> bool {
        self.with(|read| read.prefetched.insert(slug.to_owned()))
            .unwrap_or(false)
    }

    /// Remembers that `slug` is at `position` (read from a card, a pack, a page).
    pub fn learn(&self, slug: &str, position: usize) {
        self.with(|read| read.positions.insert(slug.to_owned(), position));
    }

    /// Block `k`.
    pub async fn block(&self, k: usize) -> Result<Arc<Block>, LoadError> {
        if let Some(block) = self.with(|r| r.blocks.get(&k).cloned()).flatten() {
            return Ok(block);
        }
        let hash = self
            .boot
            .blocks
            .get(k)
            .ok_or_else(|| corrupt(names::BOOT, "a block past the end"))?;
        let name = names::block(k, hash);
        let block = Arc::new(
            parse_block(&name, &self.bytes(&name, hash).await?, k, self.boot.count)
                .map_err(data_error)?,
        );
        self.with(|r| r.blocks.insert(k, Arc::clone(&block)));
        Ok(block)
    }

    /// The index shard holding `position`.
    pub async fn index(&self, position: usize) -> Result<Arc<IndexShard>, LoadError> {
        let k = names::index_shard_of(position);
        if let Some(shard) = self.with(|r| r.index.get(&k).cloned()).flatten() {
            return Ok(shard);
        }
        let block = self.block(names::block_of(position)).await?;
        let within = (position % BLOCK_SIZE) / INDEX_SHARD_SIZE;
        let hash = block
            .index
            .get(within)
            .ok_or_else(|| corrupt(names::BOOT, "an index shard past the end"))?;
        let name = names::index_shard(k, hash);
        let first = k * INDEX_SHARD_SIZE;
        let shard = parse_index(
            &name,
            &self.bytes(&name, hash).await?,
            first,
            self.boot.count,
        )
        .map_err(data_error)?;
        let shard = Arc::new(shard);
        self.with(|r| {
            for (i, card) in shard.cards.iter().enumerate() {
                r.positions.insert(card.slug.clone(), first + i);
            }
            r.index.insert(k, Arc::clone(&shard));
        });
        Ok(shard)
    }

    /// The pack list of block `k`.
    async fn pack_list(&self, k: usize) -> Result<Arc<PackList>, LoadError> {
        if let Some(list) = self.with(|r| r.pack_lists.get(&k).cloned()).flatten() {
            return Ok(list);
        }
        let block = self.block(k).await?;
        let name = names::pack_list(k, &block.packs);
        let bytes = self.bytes(&name, &block.packs).await?;
        let list =
            Arc::new(parse_pack_list(&name, &bytes, k, self.boot.count).map_err(data_error)?);
        self.with(|r| r.pack_lists.insert(k, Arc::clone(&list)));
        Ok(list)
    }

    /// The pack holding `position`.
    pub async fn pack(&self, position: usize) -> Result<Arc<Pack>, LoadError> {
        let list = self.pack_list(names::block_of(position)).await?;
        let Some((first, hash)) = list
            .packs
            .iter()
            .rev()
            .find(|(first, _)| *first <= position)
        else {
            return Err(corrupt(
                &names::pack_list(names::block_of(position), ""),
                "no pack holds the position",
            ));
        };
        if let Some(pack) = self.with(|r| r.packs.get(first).cloned()).flatten() {
            return Ok(pack);
        }
        let name = names::pack(*first, hash);
        let pack = Arc::new(
            parse_pack(&name, &self.bytes(&name, hash).await?, *first).map_err(data_error)?,
        );
        self.with(|r| {
            for (i, release) in pack.releases.iter().enumerate() {
                if let Some(slug) = &release.slug {
                    r.positions.insert(slug.clone(), first + i);
                }
            }
            r.packs.insert(*first, Arc::clone(&pack));
        });
        Ok(pack)
    }

    /// The positions that `slug` may be at (its bucket's entries with its hash), the one
    /// already known first.
    pub async fn candidates(&self, slug: &str) -> Result<Vec<usize>, LoadError> {
        if let Some(position) = self.with(|r| r.positions.get(slug).copied()).flatten() {
            return Ok(vec![position]);
        }
        let k = names::bucket_of(slug, names::bucket_count(self.boot.count));
        let bucket = match self.with(|r| r.buckets.get(&k).cloned()).flatten() {
            Some(bucket) => bucket,
            None => {
                let page = self.slug_page(k / names::BUCKETS_PER_SLUG_PAGE).await?;
                let hash = page
                    .buckets
                    .get(k - page.first)
                    .ok_or_else(|| corrupt(names::BOOT, "a slug bucket past the end"))?;
                let name = names::slug_bucket(k, hash);
                let bucket = Arc::new(
                    parse_bucket(&name, &self.bytes(&name, hash).await?, self.boot.count)
                        .map_err(data_error)?,
                );
                self.with(|r| r.buckets.insert(k, Arc::clone(&bucket)));
                bucket
            }
        };
        let hash = names::slug_hash(slug);
        Ok(bucket
            .slugs
            .iter()
            .filter(|(h, _)| *h == hash)
            .map(|(_, p)| *p)
            .collect())
    }

    /// Slug page `p`.
    async fn slug_page(&self, p: usize) -> Result<Arc<SlugPage>, LoadError> {
        if let Some(page) = self.with(|r| r.slug_pages.get(&p).cloned()).flatten() {
            return Ok(page);
        }
        let hash = self
            .boot
            .slug_pages
            .get(p)
            .ok_or_else(|| corrupt(names::BOOT, "a slug page past the end"))?;
        let name = names::slug_page(p, hash);
        let page = Arc::new(
            parse_slug_page(&name, &self.bytes(&name, hash).await?, p, self.boot.count)
                .map_err(data_error)?,
        );
        self.with(|r| r.slug_pages.insert(p, Arc::clone(&page)));
        Ok(page)
    }

    /// The facets summary.
    pub async fn facets(&self) -> Result<Arc<Facets>, LoadError> {
        if let Some(facets) = self.with(|r| r.facets.clone()).flatten() {
            return Ok(facets);
        }
        let name = names::facets(&self.boot.facets);
        let facets = Arc::new(
            parse_facets(
                &name,
                &self.bytes(&name, &self.boot.facets).await?,
                self.boot.count,
            )
            .map_err(data_error)?,
        );
        self.with(|r| r.facets = Some(Arc::clone(&facets)));
        Ok(facets)
    }

    /// The facet column chunk holding `position`.
    pub async fn column(&self, position: usize) -> Result<Arc<Column>, LoadError> {
        let k = position / COLUMN_SIZE;
        if let Some(column) = self.with(|r| r.columns.get(&k).cloned()).flatten() {
            return Ok(column);
        }
        let hash = self
            .boot
            .columns
            .get(k)
            .ok_or_else(|| corrupt(names::BOOT, "a column past the end"))?;
        let name = names::column(k, hash);
        let column = Arc::new(
            parse_column(&name, &self.bytes(&name, hash).await?, k, self.boot.count)
                .map_err(data_error)?,
        );
        self.with(|r| r.columns.insert(k, Arc::clone(&column)));
        Ok(column)
    }

    /// The search index's meta file.
    pub async fn search_meta(&self) -> Result<Arc<Meta>, LoadError> {
        if let Some(meta) = self.with(|r| r.meta.clone()).flatten() {
            return Ok(meta);
        }
        let name = names::search(&self.boot.search);
        let hash = self
            .boot
            .search
            .trim_start_matches("meta-")
            .trim_end_matches(".bin");
        let bytes = self.bytes(&name, hash).await?;
        let meta = Arc::new(Meta::decode(&bytes).map_err(|e| corrupt(&name, &e.to_string()))?);
        self.with(|r| r.meta = Some(Arc::clone(&meta)));
        Ok(meta)
    }

    /// The search files `wanted` (those not read yet are fetched and checked).
    pub async fn search_files(&self, meta: &Meta, wanted: &[ShardRef]) -> Result<(), LoadError> {
        for &file in wanted {
            let have = match file {
                ShardRef::Directory(n) => meta.page(n).is_some(),
                _ => self.with(|r| r.shards.contains_key(&file)).unwrap_or(false),
            };
            if have {
                continue;
            }
            let (Some(info), Some(file_name)) = (meta.file(file), meta.file_name(file)) else {
                return Err(corrupt(&self.boot.search, "a search file it does not list"));
            };
            let name = names::search(&file_name);
            let bytes = self.fetch.get(&format!("{}{name}", self.folder)).await?;
            if fnv1a64(&bytes) != info.hash {
                return Err(corrupt(
                    &name,
                    "its content does not match its name: a truncated or stale copy",
                ));
            }
            match file {
                // A page of the shard directory goes into the meta, which names the
                // shards it lists from then on.
                ShardRef::Directory(n) => meta
                    .add_page(n, &bytes)
                    .map_err(|e| corrupt(&name, &e.to_string()))?,
                _ => {
                    let shard =
                        Shard::decode(&bytes).map_err(|e| corrupt(&name, &e.to_string()))?;
                    self.with(|r| r.shards.insert(file, Arc::new(shard)));
                }
            }
        }
        Ok(())
    }

    /// The search files read so far.
    pub fn loaded_shards(&self) -> HashMap<ShardRef, Arc<Shard>> {
        self.with(|r| r.shards.clone()).unwrap_or_default()
    }
}
