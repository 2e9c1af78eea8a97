//! English.

use super::Messages;

/// The English table.
pub const MESSAGES: Messages = Messages {
    language: "en",
    skip_to_content: "Skip to content",
    loading: "Loading releases…",
    load_failed: "The releases could not be loaded",
    retry: "Retry",
    all_releases: "← All releases",
    updated: "Updated ",
    body_failed: "The text of this release could not be loaded: ",
    first_appeared_on: "This copy first appeared on ",
    more_releases: "More releases",
    previous: "Previous: ",
    next: "Next: ",
    pages: "Pages",
    newer: "← Newer",
    older: "Older →",
    result_pages: "Pages of results",
    previous_page: "← Previous",
    next_page: "Next →",
    search_label: "Search releases",
    search: "Search",
    tags: "Tags",
    moved_or_removed: "It may have been moved or removed.",
    page_not_found: "Page not found",
    release_not_found: "Release not found",
    no_releases: "No releases yet.",
    did_you_mean: "Did you mean ",
    new_releases: "New releases are available — ",
    reload: "Reload",
};
