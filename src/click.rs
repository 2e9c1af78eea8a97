//! What a click on a link inside an instance does: the decision as a pure function of the
//! click and the link, tested natively; [`crate::navigation`] reads the event and acts.
//!
//! Only a plain left click (no modifier, not already handled) on a link without
//! `target` or `download` is ever taken:
//! - an in-page anchor (`#user-content-…`) scrolls inside the instance in hash and memory
//!   modes (letting the browser follow it would change the route or the host's URL);
//! - a link to one of this viewer's pages navigates in the browser, pushing a history
//!   entry in history mode, unless it is the page already shown (no duplicate entry);
//! - `#/…` links in hash mode are the browser's: the `hashchange` does the rest;
//! - anything else (another site, a file or feed under the base) is the browser's, opened
//!   in a new tab from an iframe embed.

use pressroom_ui::links::RoutingMode;
use pressroom_ui::route::Route;

/// The facts of one click that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Click<'a> {
    /// `MouseEvent.button` (0 = main).
    pub button: i16,
    /// Ctrl, Meta, Shift or Alt was held.
    pub modified: bool,
    /// Someone already called `preventDefault`.
    pub default_prevented: bool,
    /// The link's `target`, if any.
    pub target: Option<&'a str>,
    /// The link has `download`.
    pub download: bool,
    /// The link's `href` as written.
    pub href: &'a str,
}

/// What to do with a click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClickAction {
    /// Leave it to the browser.
    Ignore,
    /// Leave it to the browser, in a new tab (a link out of an iframe embed).
    NewTab,
    /// Scroll to the element with this (still percent-encoded) id inside the instance.
    ScrollToAnchor(String),
    /// Show `route`; `push` a history entry first (history mode, a different page).
    Navigate {
        /// The page to show.
        route: Route,
        /// Whether to push a history entry.
        push: bool,
    },
}

/// Decides a click in `mode`. `route` is the route of the link's resolved URL under the
/// viewer's base (`None` outside it), `current` the page shown.
pub fn decide(
    click: &Click<'_>,
    mode: RoutingMode,
    route: Option<Route>,
    current: &Route,
    new_tab_for_others: bool,
) -> ClickAction {
    let opens_elsewhere =
        click.target.is_some_and(|t| !t.is_empty() && t != "_self") || click.download;
    if click.default_prevented || click.button != 0 || click.modified || opens_elsewhere {
        return ClickAction::Ignore;
    }
    if let Some(id) = click.href.strip_prefix('#').filter(|f| !f.starts_with('/')) {
        return match mode {
            RoutingMode::History => ClickAction::Ignore,
            RoutingMode::Hash | RoutingMode::Memory => ClickAction::ScrollToAnchor(id.to_owned()),
        };
    }
    if mode == RoutingMode::Hash {
        return ClickAction::Ignore;
    }
    match route.filter(|r| *r != Route::NotFound) {
        Some(route) => ClickAction::Navigate {
            push: mode == RoutingMode::History && route != *current,
            route,
        },
        None if new_tab_for_others => ClickAction::NewTab,
        None => ClickAction::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn click(href: &str) -> Click<'_> {
        Click {
            button: 0,
            modified: false,
            default_prevented: false,
            target: None,
            download: false,
            href,
        }
    }

    fn release(slug: &str) -> Route {
        Route::release(slug)
    }

    fn list() -> Route {
        Route::front()
    }

    #[test]
    fn plain_clicks_on_the_viewers_pages_navigate_and_push() {
        let action = decide(
            &click("/releases/a/"),
            RoutingMode::History,
            Some(release("a")),
            &list(),
            false,
        );
        assert_eq!(
            action,
            ClickAction::Navigate {
                route: release("a"),
                push: true
            }
        );
    }

    #[test]
    fn a_link_to_the_page_shown_pushes_no_duplicate_entry() {
        let action = decide(
            &click("/releases/a/"),
            RoutingMode::History,
            Some(release("a")),
            &release("a"),
            false,
        );
        assert_eq!(
            action,
            ClickAction::Navigate {
                route: release("a"),
                push: false
            }
        );
    }

    #[test]
    fn memory_mode_never_pushes() {
        let action = decide(
            &click("https://p.example/releases/a/"),
            RoutingMode::Memory,
            Some(release("a")),
            &list(),
            false,
        );
        assert_eq!(
            action,
            ClickAction::Navigate {
                route: release("a"),
                push: false
            }
        );
    }

    #[test]
    fn modified_middle_targeted_and_handled_clicks_are_the_browsers() {
        let route = Some(release("a"));
        let mut c = click("/releases/a/");
        c.modified = true;
        assert_eq!(
            decide(&c, RoutingMode::History, route.clone(), &list(), false),
            ClickAction::Ignore
        );
        let mut c = click("/releases/a/");
        c.button = 1;
        assert_eq!(
            decide(&c, RoutingMode::History, route.clone(), &list(), false),
            ClickAction::Ignore
        );
        let mut c = click("/releases/a/");
        c.target = Some("_blank");
        assert_eq!(
            decide(&c, RoutingMode::History, route.clone(), &list(), false),
            ClickAction::Ignore
        );
        let mut c = click("/releases/a/");
        c.target = Some("_self");
        assert!(matches!(
            decide(&c, RoutingMode::History, route.clone(), &list(), false),
            ClickAction::Navigate { .. }
        ));
        let mut c = click("/releases/a/");
        c.download = true;
        assert_eq!(
            decide(&c, RoutingMode::History, route.clone(), &list(), false),
            ClickAction::Ignore
        );
        let mut c = click("/releases/a/");
        c.default_prevented = true;
        assert_eq!(
            decide(&c, RoutingMode::History, route, &list(), false),
            ClickAction::Ignore
        );
    }

    #[test]
    fn anchors_scroll_inside_unless_history_mode() {
        assert_eq!(
            decide(&click("#notes"), RoutingMode::History, None, &list(), false),
            ClickAction::Ignore
        );
        assert_eq!(
            decide(&click("#notes"), RoutingMode::Memory, None, &list(), false),
            ClickAction::ScrollToAnchor("notes".into())
        );
        assert_eq!(
            decide(&click("#notes"), RoutingMode::Hash, None, &list(), false),
            ClickAction::ScrollToAnchor("notes".into())
        );
        assert_eq!(
            decide(
                &click("#/releases/a/"),
                RoutingMode::Hash,
                Some(release("a")),
                &list(),
                false
            ),
            ClickAction::Ignore
        );
    }

    #[test]
    fn links_outside_the_viewer_are_the_browsers_or_a_new_tab() {
        let out = click("https://other.example/");
        assert_eq!(
            decide(&out, RoutingMode::History, None, &list(), false),
            ClickAction::Ignore
        );
        assert_eq!(
            decide(&out, RoutingMode::Memory, None, &list(), true),
            ClickAction::NewTab
        );
        // A file under the base is no page of the app.
        let feed = click("/feed.xml");
        assert_eq!(
            decide(
                &feed,
                RoutingMode::History,
                Some(Route::NotFound),
                &list(),
                false
            ),
            ClickAction::Ignore
        );
    }
}
