//! Where the app lives and where its bundle comes from.
//!
//! The bundle URL is chosen by the publisher only: a `<meta name="pressroom-bundle">` in
//! the page, else `PRESSROOM_BUNDLE_URL` at build time, else `releases.json` beside
//! `index.html`. It is never read from the page's query string or fragment, so nobody can
//! make the publisher's site show a forged bundle through a crafted link.

/// The path the app is served under, from `PRESSROOM_PUBLIC_URL` at build time; `/` by
/// default. Always starts and ends with `/`.
pub fn public_url() -> String {
    normalise_public_url(option_env!("PRESSROOM_PUBLIC_URL").unwrap_or("/"))
}

/// The router's base: the public URL without its trailing slash (empty at the root).
pub fn router_base() -> String {
    public_url().trim_end_matches('/').to_owned()
}

fn normalise_public_url(raw: &str) -> String {
    let trimmed = raw.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// The bundle URL given the page's `<meta name="pressroom-bundle">` content, if any.
pub fn bundle_url_from(meta: Option<String>) -> String {
    let configured = meta
        .filter(|m| !m.trim().is_empty())
        .or_else(|| option_env!("PRESSROOM_BUNDLE_URL").map(str::to_owned));
    match configured {
        Some(url) => resolve(url.trim()),
        None => format!("{}releases.json", public_url()),
    }
}

/// Relative bundle URLs are relative to the app's public URL, not to the current route
/// (which may be `/releases/<slug>`).
fn resolve(url: &str) -> String {
    let is_absolute = url.starts_with('/') || url.contains("://");
    if is_absolute {
        url.to_owned()
    } else {
        format!("{}{}", public_url(), url.trim_start_matches("./"))
    }
}

/// The bundle URL for this page.
pub fn bundle_url() -> String {
    bundle_url_from(meta_content("pressroom-bundle"))
}

fn meta_content(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let selector = format!("meta[name=\"{name}\"]");
    let element = document.query_selector(&selector).ok()??;
    element.get_attribute("content")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_url_is_normalised() {
        assert_eq!(normalise_public_url("/"), "/");
        assert_eq!(normalise_public_url(""), "/");
        assert_eq!(normalise_public_url("newsroom"), "/newsroom/");
        assert_eq!(normalise_public_url("/newsroom/"), "/newsroom/");
    }

    #[test]
    fn bundle_url_defaults_beside_index_html() {
        assert_eq!(bundle_url_from(None), "/releases.json");
        assert_eq!(bundle_url_from(Some("  ".into())), "/releases.json");
    }

    #[test]
    fn configured_bundle_urls_resolve_against_the_app_not_the_route() {
        assert_eq!(bundle_url_from(Some("data/r.json".into())), "/data/r.json");
        assert_eq!(bundle_url_from(Some("./r.json".into())), "/r.json");
        assert_eq!(bundle_url_from(Some("/x/r.json".into())), "/x/r.json");
        assert_eq!(
            bundle_url_from(Some("https://cdn.example.org/r.json".into())),
            "https://cdn.example.org/r.json"
        );
    }
}
