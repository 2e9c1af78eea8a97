//! The store's answers from a sharded archive: a list page from index shards, an article
//! from its pack entry (or, when the pack cannot be read, from its card, so the page shows the
//! article with an error in place of the body), and the latest releases.

use std::sync::Arc;

use pressroom_core::archive::names::INDEX_SHARD_SIZE;
use pressroom_core::archive::{NavRef, PackEntry};
use pressroom_core::paging::{layout, PageRef};

use super::archive::Archive;
use super::catalog_views::same_name;
use super::view_models::{card_item, release_article, Article, ListItem, ListPageData, NavLink};
use crate::load::LoadError;

pub async fn archive_page(
    archive: &Archive,
    page: PageRef,
) -> Result<Option<ListPageData>, LoadError> {
    let Some(layout) = layout(archive.boot().count, page) else {
        return Ok(None);
    };
    let mut items = Vec::with_capacity(layout.positions.len());
    for position in layout.positions.clone().rev() {
        let shard = archive.index(position).await?;
        let card = shard.cards.get(position - shard.first);
        let item = card.and_then(card_item).ok_or_else(|| LoadError::Data {
            file: format!("index/{}", position / INDEX_SHARD_SIZE),
            problem: "a card without a readable date".to_owned(),
        })?;
        items.push(item);
    }
    Ok(Some(ListPageData { layout, items }))
}

/// The pack entry of `slug` and its position, trying each position its bucket names. A
/// position learnt from a link or a page that turns out wrong is forgotten, and the
/// bucket asked.
pub async fn find_entry(
    archive: &Archive,
    slug: &str,
) -> Result<Option<(usize, Arc<PackEntry>)>, LoadError> {
    if let Some(found) = entry_among_candidates(archive, slug).await? {
        return Ok(Some(found));
    }
    if archive.forget(slug) {
        return entry_among_candidates(archive, slug).await;
    }
    Ok(None)
}

/// The entry of `slug` at the first of its candidate positions that holds it.
async fn entry_among_candidates(
    archive: &Archive,
    slug: &str,
) -> Result<Option<(usize, Arc<PackEntry>)>, LoadError> {
    for position in archive.candidates(slug).await? {
        if let Some(entry) = archive.entry(position, slug).await? {
            return Ok(Some((position, entry)));
        }
    }
    Ok(None)
}

async fn pack_article(archive: &Archive, slug: &str) -> Result<Option<Article>, LoadError> {
    let Some((position, entry)) = find_entry(archive, slug).await? else {
        return Ok(None);
    };
    let links = |links: &[NavRef]| links.iter().map(NavLink::from).collect();
    release_article(
        slug,
        &entry.release,
        entry.previous.as_ref().map(NavLink::from),
        entry.next.as_ref().map(NavLink::from),
        links(&entry.related),
    )
    .map(Some)
    .ok_or_else(|| LoadError::Data {
        file: format!("packs/{position}"),
        problem: format!("the release {slug:?} has a date that does not read"),
    })
}

/// Index shards read looking for the latest releases of a tag or source.
const LATEST_SCAN_SHARDS: usize = 40;

pub async fn archive_latest(
    archive: &Archive,
    count: usize,
    tag: Option<&str>,
    source: Option<&str>,
) -> Result<Vec<ListItem>, LoadError> {
    let total = archive.boot().count;
    let mut items = Vec::new();
    let mut end = total;
    let mut scanned = 0;
    while end > 0 && items.len() < count && scanned < LATEST_SCAN_SHARDS {
        let shard = archive.index(end - 1).await?;
        for card in shard.cards.iter().rev() {
            let tag_ok = tag.is_none_or(|t| card.tags.iter().any(|have| same_name(t, have)));
            if tag_ok && source.is_none_or(|s| same_name(s, &card.source)) && items.len() < count {
                items.extend(card_item(card));
            }
        }
        end = shard.first;
        scanned += 1;
    }
    Ok(items)
}

/// The article `slug`: from its pack, or, when the pack cannot be read but the release's
/// card can, from its card (the body then fails on its own, inside the page).
pub async fn archive_article(archive: &Archive, slug: &str) -> Result<Option<Article>, LoadError> {
    match pack_article(archive, slug).await {
        Err(error) => match card_article(archive, slug).await {
            Some(article) => Ok(Some(article)),
            None => Err(error),
        },
        found => found,
    }
}

/// The article `slug` from the cards alone (no official link or update date): its card,
/// and its neighbours' titles.
async fn card_article(archive: &Archive, slug: &str) -> Option<Article> {
    for position in archive.candidates(slug).await.ok()? {
        let Some(item) = card_at(archive, position)
            .await
            .filter(|item| item.slug == slug)
        else {
            continue;
        };
        let link = |item: ListItem| NavLink {
            slug: item.slug,
            title: item.title,
        };
        let previous = match position.checked_sub(1) {
            Some(p) => card_at(archive, p).await.map(link),
            None => None,
        };
        let next = card_at(archive, position + 1).await.map(link);
        return Some(Article {
            item,
            source_url: String::new(),
            updated: None,
            attribution: None,
            previous,
            next,
            reading_minutes: None,
            related: Vec::new(),
        });
    }
    None
}

/// The card at `position`, if it can be read.
async fn card_at(archive: &Archive, position: usize) -> Option<ListItem> {
    if position >= archive.boot().count {
        return None;
    }
    let shard = archive.index(position).await.ok()?;
    shard.cards.get(position - shard.first).and_then(card_item)
}
