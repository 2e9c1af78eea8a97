//! A sharded archive as the store reads it: the boot file first, then each file when a
//! page needs it, checked against its hash ([`pressroom_core::archive::read`]) and kept.
//! A release's position comes from what was already read (a list page, a neighbour, the
//! pre-rendered page) or from its slug's bucket; its metadata and body from its pack
//! entry, read alone with an HTTP Range request until the whole pack is read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pressroom_core::archive::names::{self, BLOCK_SIZE, COLUMN_SIZE, INDEX_SHARD_SIZE};
use pressroom_core::archive::read::{
    check_hash, parse_block, parse_boot, parse_bucket, parse_column, parse_facets, parse_index,
    parse_pack, parse_pack_entry, parse_pack_list, parse_slug_page, ArchiveError,
};
use pressroom_core::archive::{
    Block, Boot, Column, Facets, IndexShard, Pack, PackEntry, PackList, PackRef, SlugBucket,
    SlugPage,
};
use pressroom_core::hash::fnv1a64;
use pressroom_core::search::file_name;

use super::fetch::{Fetch, Part};
use crate::load::LoadError;

/// What has been read, by where it is.
#[derive(Default)]
struct Read {
    blocks: HashMap<usize, Arc<Block>>,
    pack_lists: HashMap<usize, Arc<PackList>>,
    index: HashMap<usize, Arc<IndexShard>>,
    packs: HashMap<usize, Arc<Pack>>,
    entries: HashMap<usize, Arc<PackEntry>>,
    slug_pages: HashMap<usize, Arc<SlugPage>>,
    buckets: HashMap<usize, Arc<SlugBucket>>,
    columns: HashMap<usize, Arc<Column>>,
    facets: Option<Arc<Facets>>,
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

/// Entry `i` of `pack`, if it is the release `slug`.
fn entry_of(pack: &Pack, i: usize, slug: &str) -> Option<Arc<PackEntry>> {
    pack.entries
        .get(i)
        .filter(|e| e.slug() == slug)
        .cloned()
        .map(Arc::new)
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

    /// Forgets where `slug` was thought to be (it was not there), so that the next lookup
    /// asks its slug bucket; whether a position was known.
    pub fn forget(&self, slug: &str) -> bool {
        self.with(|read| read.positions.remove(slug).is_some())
            .unwrap_or(false)
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

    /// Where the pack holding `position` is.
    async fn pack_ref(&self, position: usize) -> Result<PackRef, LoadError> {
        let k = names::block_of(position);
        let list = self.pack_list(k).await?;
        list.packs
            .iter()
            .rev()
            .find(|pack| pack.first <= position)
            .cloned()
            .ok_or_else(|| corrupt(&names::pack_list(k, ""), "no pack holds the position"))
    }

    /// The pack holding `position`, whole.
    pub async fn pack(&self, position: usize) -> Result<Arc<Pack>, LoadError> {
        self.whole_pack(&self.pack_ref(position).await?).await
    }

    /// The pack `pack_ref` names, whole.
    async fn whole_pack(&self, pack_ref: &PackRef) -> Result<Arc<Pack>, LoadError> {
        if let Some(pack) = self
            .with(|r| r.packs.get(&pack_ref.first).cloned())
            .flatten()
        {
            return Ok(pack);
        }
        let name = names::pack(pack_ref.first, &pack_ref.hash);
        let bytes = self.fetch.get(&format!("{}{name}", self.folder)).await?;
        self.keep_pack(pack_ref, &name, &bytes)
    }

    /// Checks and keeps a pack that arrived whole.
    fn keep_pack(
        &self,
        pack_ref: &PackRef,
        name: &str,
        bytes: &[u8],
    ) -> Result<Arc<Pack>, LoadError> {
        check_hash(name, bytes, &pack_ref.hash).map_err(data_error)?;
        let pack = parse_pack(name, bytes, pack_ref.first, pack_ref.len()).map_err(data_error)?;
        let pack = Arc::new(pack);
        self.with(|r| {
            for (i, entry) in pack.entries.iter().enumerate() {
                r.positions
                    .insert(entry.slug().to_owned(), pack_ref.first + i);
            }
            r.packs.insert(pack_ref.first, Arc::clone(&pack));
        });
        Ok(pack)
    }

    /// The release `slug` at `position`, with its links (`None` when another release is
    /// there): from its pack when that was read, otherwise read alone with a Range
    /// request. A host that sends the whole pack instead, a refused range, or a part
    /// that is not the release costs the whole pack, checked against its hash.
    pub async fn entry(
        &self,
        position: usize,
        slug: &str,
    ) -> Result<Option<Arc<PackEntry>>, LoadError> {
        let pack_ref = self.pack_ref(position).await?;
        let i = position - pack_ref.first;
        let known = self.with(|r| match r.packs.get(&pack_ref.first) {
            Some(pack) => Some(entry_of(pack, i, slug)),
            None => r
                .entries
                .get(&position)
                .map(|e| Some(Arc::clone(e)).filter(|e| e.slug() == slug)),
        });
        if let Some(known) = known.flatten() {
            return Ok(known);
        }
        let name = names::pack(pack_ref.first, &pack_ref.hash);
        if let Some(range) = pack_ref.entry_range(i) {
            let url = format!("{}{name}", self.folder);
            match self.fetch.get_range(&url, range).await {
                Ok(Part::Range(bytes)) => {
                    if let Ok(entry) = parse_pack_entry(&name, &bytes, slug) {
                        return Ok(Some(self.keep_entry(position, entry)));
                    }
                }
                Ok(Part::Whole(bytes)) => {
                    let pack = self.keep_pack(&pack_ref, &name, &bytes)?;
                    return Ok(entry_of(&pack, i, slug));
                }
                // A refused range (416, a short file, another part, a cross-origin host
                // that does not allow the header): the whole pack is read, and says what
                // is wrong if anything is. A host that is down or slow is not asked again.
                Err(
                    LoadError::Status { .. } | LoadError::Data { .. } | LoadError::Network { .. },
                ) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(entry_of(&*self.whole_pack(&pack_ref).await?, i, slug))
    }

    /// Keeps an entry read alone, and where it and its neighbours are.
    fn keep_entry(&self, position: usize, entry: PackEntry) -> Arc<PackEntry> {
        let entry = Arc::new(entry);
        self.with(|r| {
            r.positions.insert(entry.slug().to_owned(), position);
            if let Some(previous) = &entry.previous {
                r.positions
                    .insert(previous.slug.clone(), position.saturating_sub(1));
            }
            if let Some(next) = &entry.next {
                r.positions.insert(next.slug.clone(), position + 1);
            }
            r.entries.insert(position, Arc::clone(&entry));
        });
        entry
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

    /// The search index's meta file, fetched and checked against the hash in its name.
    pub async fn search_meta(&self) -> Result<(String, Vec<u8>), LoadError> {
        let name = names::search(&self.boot.search);
        let hash = self
            .boot
            .search
            .trim_start_matches("meta-")
            .trim_end_matches(".bin");
        let bytes = self.bytes(&name, hash).await?;
        Ok((name, bytes))
    }

    /// The search file whose content hash is `hash` (the meta lists each file's), fetched
    /// and checked against it: its name and bytes.
    pub async fn search_file(&self, hash: u64) -> Result<(String, Vec<u8>), LoadError> {
        let name = names::search(&file_name(hash));
        let bytes = self.fetch.get(&format!("{}{name}", self.folder)).await?;
        if fnv1a64(&bytes) != hash {
            return Err(corrupt(
                &name,
                "its content does not match its name: a truncated or stale copy",
            ));
        }
        Ok((name, bytes))
    }
}
