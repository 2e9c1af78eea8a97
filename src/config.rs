//! Where the app lives and where its bundle comes from.
//!
//! The data URL is chosen by the publisher only: a `<meta name="pressroom-bundle">` in the
//! page (`pressroom site --data-url`), else `releases.json` beside `index.html`. It is
//! never read from the page's query string or fragment, so nobody can make the
//! publisher's site show a forged bundle through a crafted link.

use pressroom_core::names::{
    META_BASE, META_BUNDLE, META_MAX_BYTES, META_RETRY_BASE_MS, META_REVALIDATE_MS, META_ROUTING,
    META_TIMEOUT_MS,
};
use pressroom_core::paths::files;
use pressroom_core::urls::normalise_base;
use pressroom_ui::links::RoutingMode;
use pressroom_ui::load::DEFAULT_MAX_BYTES;

/// The public URL the page says the app is served under
/// (`<meta name="pressroom-base" content="/newsroom/">`, written by `cargo xtask dist`);
/// `/` without one. Read at run time, so one build serves any sub-path.
pub fn page_base() -> String {
    normalise_base(&meta_content(META_BASE).unwrap_or_default())
}

/// The full page's routing mode (`<meta name="pressroom-routing" content="hash">`);
/// history by default.
pub fn page_routing() -> RoutingMode {
    meta_content(META_ROUTING)
        .and_then(|raw| RoutingMode::parse(&raw))
        .unwrap_or(RoutingMode::History)
}

/// The bundle URL given the page's `<meta name="pressroom-bundle">` content, if any, for
/// an app served under `base`.
pub fn bundle_url_from(meta: Option<String>, base: &str) -> String {
    match meta.filter(|m| !m.trim().is_empty()) {
        Some(url) => resolve(url.trim(), base),
        None => format!("{base}{}", files::BUNDLE),
    }
}

/// Relative bundle URLs are relative to the app's public URL, not to the current route
/// (which may be `/releases/<slug>/`).
fn resolve(url: &str, base: &str) -> String {
    let is_absolute = url.starts_with('/') || url.contains("://");
    if is_absolute {
        url.to_owned()
    } else {
        format!("{base}{}", url.trim_start_matches("./"))
    }
}

/// The bundle URL for this page, served under `base`.
pub fn bundle_url(base: &str) -> String {
    bundle_url_from(meta_content(META_BUNDLE), base)
}

/// How the bundle is fetched and kept fresh. Each value comes from a
/// `<meta name="pressroom-…">` in the page, else a build-time environment variable, else
/// the default; values that are not whole numbers are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetConfig {
    /// A request with no new byte for this long is aborted: `pressroom-timeout-ms`,
    /// `PRESSROOM_TIMEOUT_MS`; 20 s by default.
    pub timeout_ms: u32,
    /// The first retry's delay before jitter (then ×2, ×4): `pressroom-retry-base-ms`,
    /// `PRESSROOM_RETRY_BASE_MS`; 500 ms by default.
    pub retry_base_ms: u32,
    /// How often an open page checks the bundle for changes (also on window focus):
    /// `pressroom-revalidate-ms`, `PRESSROOM_REVALIDATE_MS`; 5 minutes by default, 0 = never.
    pub revalidate_ms: u32,
    /// The largest body read, in bytes: `pressroom-max-bytes`, `PRESSROOM_MAX_BYTES`;
    /// 64 MiB by default, 0 = no limit.
    pub max_bytes: u64,
}

impl Default for NetConfig {
    fn default() -> Self {
        Self {
            timeout_ms: 20_000,
            retry_base_ms: 500,
            revalidate_ms: 300_000,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl NetConfig {
    /// The configuration from a lookup of meta names (`pressroom-timeout-ms`, …), then
    /// the build-time variables, then the defaults.
    pub fn from_lookup(meta: impl Fn(&str) -> Option<String>) -> Self {
        let defaults = Self::default();
        let pick = |name: &str, built: Option<&str>, default: u32| {
            meta(name)
                .and_then(|v| parse_number(&v))
                .or_else(|| built.and_then(parse_number))
                .unwrap_or(default)
        };
        let max_bytes = meta(META_MAX_BYTES)
            .and_then(|v| parse_number(&v))
            .or_else(|| option_env!("PRESSROOM_MAX_BYTES").and_then(parse_number))
            .unwrap_or(defaults.max_bytes);
        Self {
            timeout_ms: pick(
                META_TIMEOUT_MS,
                option_env!("PRESSROOM_TIMEOUT_MS"),
                defaults.timeout_ms,
            )
            .max(1),
            retry_base_ms: pick(
                META_RETRY_BASE_MS,
                option_env!("PRESSROOM_RETRY_BASE_MS"),
                defaults.retry_base_ms,
            ),
            revalidate_ms: pick(
                META_REVALIDATE_MS,
                option_env!("PRESSROOM_REVALIDATE_MS"),
                defaults.revalidate_ms,
            ),
            max_bytes,
        }
    }

    /// The configuration of this page.
    pub fn from_page() -> Self {
        Self::from_lookup(meta_content)
    }
}

fn parse_number<T: std::str::FromStr>(raw: &str) -> Option<T> {
    raw.trim().parse().ok()
}

/// The `content` of `<meta name="{name}">` in the page.
pub fn meta_content(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let selector = format!("meta[name=\"{name}\"]");
    let element = document.query_selector(&selector).ok()??;
    element.get_attribute("content")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net_config_reads_metas_and_ignores_garbage() {
        let config = NetConfig::from_lookup(|name| match name {
            "pressroom-timeout-ms" => Some(" 1500 ".into()),
            "pressroom-retry-base-ms" => Some("fast".into()),
            "pressroom-revalidate-ms" => Some("0".into()),
            "pressroom-max-bytes" => Some("1048576".into()),
            _ => None,
        });
        assert_eq!(config.max_bytes, 1_048_576);
        assert_eq!(config.timeout_ms, 1500);
        assert_eq!(config.retry_base_ms, NetConfig::default().retry_base_ms);
        assert_eq!(config.revalidate_ms, 0);
        assert_eq!(NetConfig::from_lookup(|_| None), NetConfig::default());
        let zero = NetConfig::from_lookup(|n| (n == "pressroom-timeout-ms").then(|| "0".into()));
        assert_eq!(
            zero.timeout_ms, 1,
            "a zero timeout would abort every request"
        );
    }

    #[test]
    fn bundle_url_defaults_beside_index_html() {
        assert_eq!(bundle_url_from(None, "/"), "/releases.json");
        assert_eq!(bundle_url_from(Some("  ".into()), "/"), "/releases.json");
        assert_eq!(
            bundle_url_from(None, "/newsroom/"),
            "/newsroom/releases.json"
        );
    }

    #[test]
    fn configured_bundle_urls_resolve_against_the_app_not_the_route() {
        assert_eq!(
            bundle_url_from(Some("data/r.json".into()), "/"),
            "/data/r.json"
        );
        assert_eq!(bundle_url_from(Some("./r.json".into()), "/n/"), "/n/r.json");
        assert_eq!(
            bundle_url_from(Some("/x/r.json".into()), "/n/"),
            "/x/r.json"
        );
        assert_eq!(
            bundle_url_from(Some("https://cdn.example.org/r.json".into()), "/"),
            "https://cdn.example.org/r.json"
        );
    }
}
