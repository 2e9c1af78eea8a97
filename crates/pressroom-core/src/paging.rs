//! The list's pages, numbered from the oldest so that publishing never renumbers them:
//! page 1 holds the 50 oldest releases, page 2 the next 50, and so on; only the newest
//! numbered page fills up over time. The front page (the site's own address) shows the
//! newest releases: the newest numbered page, and the one before it while the newest holds
//! fewer than a full page, so a reader always sees between 50 and 99 releases there (or
//! all of them in a small archive). A release published today therefore changes the front
//! page and the newest numbered page, never the thousands of pages behind them, and a
//! link to `page/7/` shows the same releases forever.
//!
//! Positions are chronological (0 = the oldest), as in [`crate::Catalog::chronological`];
//! a page shows its releases newest first.

use std::ops::Range;

use crate::paths::LIST_PAGE_SIZE;

/// Which page of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageRef {
    /// The site's own address: the newest releases.
    Front,
    /// `page/<n>/`, 1-based from the oldest.
    Numbered(usize),
}

/// One page of the list, laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLayout {
    /// Which page it is.
    pub page: PageRef,
    /// The chronological positions it shows (shown newest first).
    pub positions: Range<usize>,
    /// The page with newer releases, if any.
    pub newer: Option<PageRef>,
    /// The page with older releases, if any.
    pub older: Option<PageRef>,
    /// How many numbered pages there are.
    pub numbered_pages: usize,
    /// Releases in the whole list.
    pub total: usize,
}

/// How many numbered pages a list of `total` releases has (at least 1).
pub fn numbered_pages(total: usize) -> usize {
    total.div_ceil(LIST_PAGE_SIZE).max(1)
}

/// The positions of numbered page `n` (1-based).
fn numbered_range(total: usize, n: usize) -> Range<usize> {
    let start = (n - 1) * LIST_PAGE_SIZE;
    start.min(total)..(start + LIST_PAGE_SIZE).min(total)
}

/// Where the front page starts: at the newest numbered page, or the one before it while
/// the newest is not full.
fn front_start(total: usize) -> usize {
    let pages = numbered_pages(total);
    let newest = numbered_range(total, pages);
    if newest.len() < LIST_PAGE_SIZE && pages > 1 {
        numbered_range(total, pages - 1).start
    } else {
        newest.start
    }
}

/// The layout of `page` in a list of `total` releases; `None` for a page that does not
/// exist (0, or past the newest). The front page always exists.
pub fn layout(total: usize, page: PageRef) -> Option<PageLayout> {
    let pages = numbered_pages(total);
    let front = front_start(total);
    let (positions, newer, older) = match page {
        PageRef::Front => {
            let older = (front > 0).then_some(PageRef::Numbered(front / LIST_PAGE_SIZE));
            (front..total, None, older)
        }
        PageRef::Numbered(n) if n >= 1 && n <= pages => {
            let range = numbered_range(total, n);
            let newer = if range.end >= total {
                None
            } else if numbered_range(total, n + 1).start >= front {
                Some(PageRef::Front)
            } else {
                Some(PageRef::Numbered(n + 1))
            };
            let older = (n > 1).then(|| PageRef::Numbered(n - 1));
            (range, newer, older)
        }
        PageRef::Numbered(_) => return None,
    };
    Some(PageLayout {
        page,
        positions,
        newer,
        older,
        numbered_pages: pages,
        total,
    })
}

/// Every page a site of `total` releases has: the front page, then the numbered ones.
pub fn all_pages(total: usize) -> impl Iterator<Item = PageRef> {
    std::iter::once(PageRef::Front).chain((1..=numbered_pages(total)).map(PageRef::Numbered))
}

/// The pages the list's links reach, each release on one of them: the front page, then
/// the numbered pages older than it, newest first. A numbered page that the front page
/// already shows whole is left out (it exists, but nothing links to it): these are the
/// pages to pre-render and to list in the sitemap.
pub fn linked_pages(total: usize) -> impl Iterator<Item = PageRef> {
    let older = front_start(total) / LIST_PAGE_SIZE;
    std::iter::once(PageRef::Front).chain((1..=older).rev().map(PageRef::Numbered))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: usize, page: PageRef) -> PageLayout {
        layout(total, page).unwrap_or_else(|| panic!("{page:?} of {total}"))
    }

    #[test]
    fn a_small_list_is_one_front_page() {
        let front = page(28, PageRef::Front);
        assert_eq!(front.positions, 0..28);
        assert_eq!((front.newer, front.older), (None, None));
        assert_eq!(page(0, PageRef::Front).positions, 0..0);
        assert_eq!(page(28, PageRef::Numbered(1)).positions, 0..28);
        assert!(layout(28, PageRef::Numbered(2)).is_none());
        assert!(layout(28, PageRef::Numbered(0)).is_none());
    }

    #[test]
    fn the_front_shows_fifty_to_ninety_nine_of_the_newest() {
        // 120 releases: pages 1 (0..50), 2 (50..100), 3 (100..120, not full).
        let front = page(120, PageRef::Front);
        assert_eq!(front.positions, 50..120, "pages 3 and 2");
        assert_eq!(front.older, Some(PageRef::Numbered(1)));
        // 150: the newest page is full, so the front shows it alone.
        let front = page(150, PageRef::Front);
        assert_eq!(front.positions, 100..150);
        assert_eq!(front.older, Some(PageRef::Numbered(2)));
    }

    #[test]
    fn numbered_pages_never_change_when_releases_are_added() {
        for total in [101, 120, 149, 150, 151, 1_000, 100_000] {
            assert_eq!(
                page(total, PageRef::Numbered(2)).positions,
                50..100,
                "{total}"
            );
        }
        let second = page(120, PageRef::Numbered(2));
        assert_eq!(second.newer, Some(PageRef::Front), "page 3 is on the front");
        assert_eq!(second.older, Some(PageRef::Numbered(1)));
        let newest = page(120, PageRef::Numbered(3));
        assert_eq!(newest.positions, 100..120);
        assert_eq!(newest.newer, None);
        let first = page(100_000, PageRef::Numbered(1));
        assert_eq!((first.positions, first.older), (0..50, None));
        assert_eq!(first.newer, Some(PageRef::Numbered(2)));
        assert_eq!(first.numbered_pages, 2_000);
    }

    #[test]
    fn linked_pages_are_the_front_and_the_pages_behind_it() {
        let pages = |total| linked_pages(total).collect::<Vec<_>>();
        assert_eq!(pages(28), [PageRef::Front]);
        assert_eq!(pages(120), [PageRef::Front, PageRef::Numbered(1)]);
        assert_eq!(
            pages(150),
            [PageRef::Front, PageRef::Numbered(2), PageRef::Numbered(1)]
        );
        assert_eq!(
            linked_pages(100_000).count(),
            2_000,
            "the front and pages 1999 to 1"
        );
    }

    #[test]
    fn walking_older_from_the_front_reaches_every_release_once() {
        for total in [1, 49, 50, 51, 99, 100, 101, 1_234] {
            let mut seen = Vec::new();
            let mut at = Some(PageRef::Front);
            while let Some(here) = at {
                let layout = page(total, here);
                seen.extend(layout.positions.clone().rev());
                at = layout.older;
            }
            let expected: Vec<usize> = (0..total).rev().collect();
            assert_eq!(seen, expected, "{total}");
        }
    }
}
