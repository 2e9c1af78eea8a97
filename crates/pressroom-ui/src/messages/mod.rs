//! The interface's own words, in the site's language (`site.language` of the bundle):
//! one [`Messages`] table per shipped language, each in its own file, so another
//! language is one more file and one line in [`LANGUAGES`]. A table is a struct literal,
//! so a language that lacks a message does not compile; a test checks that no message
//! is empty. Components read the table from context ([`messages`]); English when none.

use leptos::prelude::use_context;

mod en;
mod ko;

/// Every message of the interface.
#[derive(Debug, PartialEq, Eq)]
pub struct Messages {
    /// The language tag the table is for.
    pub language: &'static str,
    /// The skip link.
    pub skip_to_content: &'static str,
    /// The loading state's title.
    pub loading: &'static str,
    /// The error state's heading.
    pub load_failed: &'static str,
    /// Buttons that try again.
    pub retry: &'static str,
    /// The article's link back to the list.
    pub all_releases: &'static str,
    /// Before the date of an update.
    pub updated: &'static str,
    /// Before why a body could not be loaded.
    pub body_failed: &'static str,
    /// Before the original site of a copied release.
    pub first_appeared_on: &'static str,
    /// The label of the previous/next navigation.
    pub more_releases: &'static str,
    /// Before the previous release's title.
    pub previous: &'static str,
    /// Before the next release's title.
    pub next: &'static str,
    /// The label of the list's pages.
    pub pages: &'static str,
    /// The link to newer list pages.
    pub newer: &'static str,
    /// The link to older list pages.
    pub older: &'static str,
    /// The label of the results' pages.
    pub result_pages: &'static str,
    /// The link to the previous page of results.
    pub previous_page: &'static str,
    /// The link to the next page of results.
    pub next_page: &'static str,
    /// The search box's label.
    pub search_label: &'static str,
    /// The search button.
    pub search: &'static str,
    /// The label of the tag list.
    pub tags: &'static str,
    /// The not-found page's text.
    pub moved_or_removed: &'static str,
    /// Headings of the not-found states.
    pub page_not_found: &'static str,
    /// … of a release that is not there.
    pub release_not_found: &'static str,
    /// An empty archive.
    pub no_releases: &'static str,
    /// Before a suggested word.
    pub did_you_mean: &'static str,
    /// The notice of a newer bundle, and its button.
    pub new_releases: &'static str,
    /// The notice's button.
    pub reload: &'static str,
    /// The list's front page.
    pub latest_releases: &'static str,
    /// A numbered list page (`{}` the number).
    pub page_n: &'static str,
    /// A page of results (`{}` the page, then the pages).
    pub page_of: &'static str,
    /// The link to the original (`{}` the issuer).
    pub official_release: &'static str,
    /// One result.
    pub one_result: &'static str,
    /// Several results (`{}` the count).
    pub many_results: &'static str,
    /// Before an approximate count.
    pub about: &'static str,
    /// Results of a search (`{}` the count in words, then the query).
    pub results_for: &'static str,
    /// The keyboard help's button and title.
    pub shortcuts: &'static str,
    /// Help: the previous release.
    pub shortcut_previous: &'static str,
    /// Help: the next release.
    pub shortcut_next: &'static str,
    /// Help: the list.
    pub shortcut_list: &'static str,
    /// Help: the search box.
    pub shortcut_search: &'static str,
    /// Help: this help.
    pub shortcut_help: &'static str,
    /// Help: closing it.
    pub shortcut_close: &'static str,
    /// The switch of single-key shortcuts.
    pub shortcuts_on: &'static str,
    /// The Close button.
    pub close: &'static str,
    /// Reading time (`{}` the minutes).
    pub reading_time: &'static str,
    /// The theme button (pressed while the dark theme is on).
    pub dark_theme: &'static str,
    /// The heading of an article's related releases.
    pub related_releases: &'static str,
    /// The button that copies an article's link.
    pub copy_link: &'static str,
    /// Said after the link was copied.
    pub link_copied: &'static str,
    /// Said when the link could not be copied.
    pub copy_failed: &'static str,
    /// The button of the browser's share sheet.
    pub share: &'static str,
    /// The document title of a list narrowed by filters alone.
    pub filtered_releases: &'static str,
    /// The filters' toggle.
    pub filters: &'static str,
    /// While the filters' counts load.
    pub loading_filters: &'static str,
    /// The sources' heading.
    pub source: &'static str,
    /// The tags' heading in the filters.
    pub tag: &'static str,
    /// The months' heading.
    pub month: &'static str,
    /// Counts over part of the results (`{}` counted, then the total).
    pub counts_cover: &'static str,
    /// A facet's further values (`{}` how many).
    pub more_values: &'static str,
    /// A facet's values left out (`{}` how many).
    pub unlisted_values: &'static str,
    /// The date range's legend.
    pub date: &'static str,
    /// The date range's start.
    pub from: &'static str,
    /// The date range's end.
    pub to: &'static str,
    /// The date range's button.
    pub apply: &'static str,
    /// A month (`{0}` its name, `{1}` the year).
    pub month_year: &'static str,
    /// The months' names, January first.
    pub months: [&'static str; 12],
}

/// `template` with its `{}` filled by `args` in order, or `{0}`, `{1}` … by position
/// (a language may need another order).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let index = match after[..close].parse::<usize>() {
            Ok(i) => i,
            Err(_) if close == 0 => {
                next += 1;
                next - 1
            }
            Err(_) => {
                out.push_str(&rest[open..open + close + 2]);
                rest = &after[close + 1..];
                continue;
            }
        };
        out.push_str(args.get(index).copied().unwrap_or(""));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `2024-03` as a month reads in `t`'s language (`March 2024`, `2024년 3월`); anything
/// else as it is.
pub fn month_label(month: &str, t: &Messages) -> String {
    let (year, number) = month.split_once('-').unwrap_or((month, ""));
    let name = number
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| t.months.get(i));
    match name {
        Some(name) => fill(t.month_year, &[name, year]),
        None => month.to_owned(),
    }
}

/// The shipped languages.
pub const LANGUAGES: [&Messages; 2] = [&en::MESSAGES, &ko::MESSAGES];

/// The table for the language tag `language` (`ko`, `ko-KR`, …): its primary
/// language's, English when none is shipped.
pub fn for_language(language: Option<&str>) -> &'static Messages {
    let primary = language
        .and_then(|tag| tag.split(['-', '_']).next())
        .unwrap_or("")
        .to_ascii_lowercase();
    LANGUAGES
        .iter()
        .copied()
        .find(|m| m.language == primary)
        .unwrap_or(&en::MESSAGES)
}

/// The table in context.
#[derive(Debug, Clone, Copy)]
pub struct Lang(pub &'static Messages);

/// The messages of the current instance (English without a [`Lang`] in context).
pub fn messages() -> &'static Messages {
    use_context::<Lang>().map_or(&en::MESSAGES, |lang| lang.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(m: &Messages) -> Vec<&'static str> {
        let Messages {
            language,
            skip_to_content,
            loading,
            load_failed,
            retry,
            all_releases,
            updated,
            body_failed,
            first_appeared_on,
            more_releases,
            previous,
            next,
            pages,
            newer,
            older,
            result_pages,
            previous_page,
            next_page,
            search_label,
            search,
            tags,
            moved_or_removed,
            page_not_found,
            release_not_found,
            no_releases,
            did_you_mean,
            new_releases,
            reload,
            latest_releases,
            page_n,
            page_of,
            official_release,
            one_result,
            many_results,
            about,
            results_for,
            shortcuts,
            shortcut_previous,
            shortcut_next,
            shortcut_list,
            shortcut_search,
            shortcut_help,
            shortcut_close,
            shortcuts_on,
            close,
            reading_time,
            dark_theme,
            related_releases,
            copy_link,
            link_copied,
            copy_failed,
            share,
            filtered_releases,
            filters,
            loading_filters,
            source,
            tag,
            month,
            counts_cover,
            more_values,
            unlisted_values,
            date,
            from,
            to,
            apply,
            month_year,
            months,
        } = m;
        [
            language,
            skip_to_content,
            loading,
            load_failed,
            retry,
            all_releases,
            updated,
            body_failed,
            first_appeared_on,
            more_releases,
            previous,
            next,
            pages,
            newer,
            older,
            result_pages,
            previous_page,
            next_page,
            search_label,
            search,
            tags,
            moved_or_removed,
            page_not_found,
            release_not_found,
            no_releases,
            did_you_mean,
            new_releases,
            reload,
            latest_releases,
            page_n,
            page_of,
            official_release,
            one_result,
            many_results,
            about,
            results_for,
            shortcuts,
            shortcut_previous,
            shortcut_next,
            shortcut_list,
            shortcut_search,
            shortcut_help,
            shortcut_close,
            shortcuts_on,
            close,
            reading_time,
            dark_theme,
            related_releases,
            copy_link,
            link_copied,
            copy_failed,
            share,
            filtered_releases,
            filters,
            loading_filters,
            source,
            tag,
            month,
            counts_cover,
            more_values,
            unlisted_values,
            date,
            from,
            to,
            apply,
            month_year,
        ]
        .into_iter()
        .copied()
        .chain(months.iter().copied())
        .collect()
    }

    #[test]
    fn every_shipped_language_has_every_message() {
        for table in LANGUAGES {
            for (i, text) in all(table).into_iter().enumerate() {
                assert!(
                    !text.trim().is_empty(),
                    "{}: message {i} is empty",
                    table.language
                );
            }
        }
        // Korean is Korean, not English copied over (checked by hand-written words).
        let ko = for_language(Some("ko-KR"));
        assert_eq!(ko.retry, "다시 시도");
        assert_eq!(ko.search, "검색");
        assert_ne!(ko.loading, en::MESSAGES.loading);
    }

    #[test]
    fn months_read_in_the_language() {
        assert_eq!(month_label("2024-03", &en::MESSAGES), "March 2024");
        assert_eq!(month_label("2024-12", &ko::MESSAGES), "2024년 12월");
        assert_eq!(month_label("2024-13", &en::MESSAGES), "2024-13");
        assert_eq!(month_label("2024-00", &en::MESSAGES), "2024-00");
        assert_eq!(month_label("junk", &ko::MESSAGES), "junk");
    }

    #[test]
    fn templates_take_their_arguments_in_order_or_by_position() {
        assert_eq!(fill("Page {} of {}", &["2", "9"]), "Page 2 of 9");
        assert_eq!(
            fill("“{1}” 검색 결과: {0}", &["3건", "q"]),
            "“q” 검색 결과: 3건"
        );
        assert_eq!(fill("{x} {", &["a"]), "{x} {");
        assert_eq!(fill("{} {}", &["a"]), "a ");
        // Every template of every language has as many places as its English one.
        for table in LANGUAGES {
            for (en, other) in all(&en::MESSAGES).into_iter().zip(all(table)) {
                assert_eq!(
                    en.matches('{').count(),
                    other.matches('{').count(),
                    "{other:?}"
                );
            }
        }
    }

    #[test]
    fn the_site_language_chooses_the_table() {
        assert_eq!(for_language(Some("ko")).language, "ko");
        assert_eq!(for_language(Some("KO_kr")).language, "ko");
        assert_eq!(for_language(Some("en-GB")).language, "en");
        assert_eq!(
            for_language(Some("fr")).language,
            "en",
            "not shipped: English"
        );
        assert_eq!(for_language(None).language, "en");
    }
}
