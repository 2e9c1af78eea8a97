//! The pages' data read straight from a whole catalog (the single-file bundle, and the
//! site writer's pre-renderer): one list page, one article, the latest releases.

use pressroom_core::paths::LIST_PAGE_SIZE;
use pressroom_core::Catalog;

use super::view_models::{article, list_item, Article, ListItem, ListPageData, PageInfo};

/// Page `number` (1-based) of the list, [`LIST_PAGE_SIZE`] releases a page, newest
/// first; `None` past the last page. Only that page's items are built.
pub fn list_page(catalog: &Catalog, number: usize) -> Option<ListPageData> {
    let info = PageInfo::of(catalog.len(), LIST_PAGE_SIZE, number)?;
    let items = catalog
        .newest_first()
        .skip(info.start)
        .take(info.end - info.start)
        .map(list_item)
        .collect();
    Some(ListPageData { info, items })
}

/// The article of `slug` with its neighbours, or `None` for an unknown slug.
pub fn find_article(catalog: &Catalog, slug: &str) -> Option<Article> {
    catalog.by_slug(slug).map(|entry| article(catalog, entry))
}

/// The `count` newest releases, only those tagged `tag` and from `source` when given
/// (both compared without case and surrounding spaces).
pub fn latest(
    catalog: &Catalog,
    count: usize,
    tag: Option<&str>,
    source: Option<&str>,
) -> Vec<ListItem> {
    let same =
        |wanted: &str, value: &str| wanted.trim().to_lowercase() == value.trim().to_lowercase();
    catalog
        .newest_first()
        .filter(|entry| {
            let release = &entry.release;
            tag.is_none_or(|t| release.tags.iter().any(|have| same(t, have)))
                && source.is_none_or(|s| same(s, &release.source.name))
        })
        .take(count)
        .map(list_item)
        .collect()
}
