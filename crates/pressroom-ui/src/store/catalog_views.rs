//! The pages' data read straight from a whole catalog (the single-file bundle, and the
//! site writer's pre-renderer): one list page, one article, the latest releases.

use pressroom_core::paging::{layout, PageRef};
use pressroom_core::Catalog;

use super::view_models::{article, list_item, Article, ListItem, ListPageData};

/// A page of the list, newest first; `None` for a page that does not exist. Only that
/// page's items are built.
pub fn list_page(catalog: &Catalog, page: PageRef) -> Option<ListPageData> {
    let layout = layout(catalog.len(), page)?;
    let entries = catalog.chronological();
    let items = layout
        .positions
        .clone()
        .rev()
        .filter_map(|p| entries.get(p))
        .map(list_item)
        .collect();
    Some(ListPageData { layout, items })
}

/// The article of `slug` with its neighbours, or `None` for an unknown slug.
pub fn find_article(catalog: &Catalog, slug: &str) -> Option<Article> {
    catalog.by_slug(slug).map(|entry| article(catalog, entry))
}

/// Whether `value` is `wanted`, ignoring case and surrounding spaces.
pub fn same_name(wanted: &str, value: &str) -> bool {
    wanted.trim().to_lowercase() == value.trim().to_lowercase()
}

/// The `count` newest releases, only those tagged `tag` and from `source` when given
/// (both compared without case and surrounding spaces).
pub fn latest(
    catalog: &Catalog,
    count: usize,
    tag: Option<&str>,
    source: Option<&str>,
) -> Vec<ListItem> {
    catalog
        .newest_first()
        .filter(|entry| {
            let release = &entry.release;
            tag.is_none_or(|t| release.tags.iter().any(|have| same_name(t, have)))
                && source.is_none_or(|s| same_name(s, &release.source.name))
        })
        .take(count)
        .map(list_item)
        .collect()
}
