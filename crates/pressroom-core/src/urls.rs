//! Bases, site URLs and origins, normalised once for the app, the site writer and the
//! command line.
//!
//! - A **base** is the URL path a site is served under (`/`, `/newsroom/`), or an absolute
//!   http(s) URL when its assets live on another host: [`normalise_base`] makes it start
//!   (unless absolute) and end with `/`; [`check_base`] refuses what cannot stand in a page.
//! - An **origin** is `scheme://host[:port]` exactly as a browser writes `event.origin`
//!   (lower case, no default port, no trailing `/`): [`normalise_origin`].

use std::fmt;

/// Why a base, site URL or origin was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError {
    /// The value as given.
    pub value: String,
    /// What is wrong, and what would do.
    pub reason: String,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.value, self.reason)
    }
}

impl std::error::Error for UrlError {}

fn refuse(value: &str, reason: impl Into<String>) -> UrlError {
    UrlError {
        value: value.to_owned(),
        reason: reason.into(),
    }
}

/// Whether `url` starts with `http://` or `https://` (any case).
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A base that starts (unless absolute) and ends with `/`: `newsroom` → `/newsroom/`,
/// `` → `/`, `https://cdn.example/press` → `https://cdn.example/press/`.
pub fn normalise_base(raw: &str) -> String {
    let trimmed = raw.trim();
    if trimmed.contains("://") {
        let mut out = trimmed.to_owned();
        if !out.ends_with('/') {
            out.push('/');
        }
        return out;
    }
    let inner = trimmed.trim_matches('/');
    if inner.is_empty() {
        "/".to_owned()
    } else {
        format!("/{inner}/")
    }
}

/// A character that may not stand in a base or site URL written into pages.
fn unsafe_char(c: char) -> bool {
    !c.is_ascii_graphic() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '?' | '#' | '`')
}

/// Checks and normalises a base: a plain path (`/newsroom/`), or an absolute http(s) URL.
pub fn check_base(raw: &str) -> Result<String, UrlError> {
    let base = normalise_base(raw);
    if let Some(bad) = base.chars().find(|&c| unsafe_char(c)) {
        return Err(refuse(
            raw,
            format!("{bad:?} is not allowed; use a plain path such as /newsroom/ (percent-encode other characters)"),
        ));
    }
    if base.contains("://") && !is_http_url(&base) {
        return Err(refuse(
            raw,
            "expected a path such as /newsroom/ or an http(s) URL",
        ));
    }
    let path = url_path(&base);
    if path.contains("//") || path.split('/').any(|s| s == "." || s == "..") {
        return Err(refuse(raw, "expected a plain path such as /newsroom/"));
    }
    if raw.trim().starts_with("//") {
        return Err(refuse(
            raw,
            "expected a plain path such as /newsroom/, not a protocol-relative URL",
        ));
    }
    Ok(base)
}

/// Checks a site's public address against its base: an absolute http(s) URL whose path is
/// the base's, with no query or fragment. Returns it ending with `/`.
pub fn check_site_url(raw: &str, base: &str) -> Result<String, UrlError> {
    let url = raw.trim();
    if !is_http_url(url) {
        return Err(refuse(
            raw,
            format!(
                "expected an absolute http(s) URL such as https://press.example{}",
                url_path(base)
            ),
        ));
    }
    if let Some(bad) = url.chars().find(|&c| unsafe_char(c)) {
        return Err(refuse(
            raw,
            format!("{bad:?} is not allowed (no query, fragment, quotes or spaces)"),
        ));
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(refuse(raw, "the host is missing"));
    }
    let normalised = normalise_base(&format!("{}://{}", scheme.to_ascii_lowercase(), rest));
    let (path, base_path) = (url_path(&normalised), url_path(base));
    if path != base_path {
        return Err(refuse(
            raw,
            format!("it is at the path {path} but the base is {base_path}; they must agree"),
        ));
    }
    Ok(normalised)
}

/// The path of a base or URL (`/`, `/newsroom/`, or the path of an absolute URL, without
/// its query and fragment), starting and ending with `/`.
pub fn url_path(url: &str) -> String {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// Normalises an origin as browsers write `event.origin`: `http` or `https`, a host name
/// or IP address in lower case, a port only when it is not the scheme's default, no path,
/// no trailing `/`, no credentials, no wildcards.
pub fn normalise_origin(raw: &str) -> Result<String, UrlError> {
    let value = raw.trim();
    let hint = "expected an origin such as https://partner.example or http://localhost:8000";
    let Some((scheme, rest)) = value.split_once("://") else {
        return Err(refuse(raw, hint));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(refuse(raw, format!("only http and https origins ({hint})")));
    }
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        return Err(refuse(
            raw,
            format!("an origin has no path, query or fragment ({hint})"),
        ));
    }
    if authority.contains('@') {
        return Err(refuse(
            raw,
            format!("an origin has no user name or password ({hint})"),
        ));
    }
    let (host, port) = split_host_port(raw, authority, hint)?;
    let default = if scheme == "https" { 443 } else { 80 };
    Ok(match port {
        Some(port) if port != default => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

fn split_host_port<'a>(
    raw: &str,
    authority: &'a str,
    hint: &str,
) -> Result<(String, Option<u16>), UrlError> {
    let (host, port): (String, Option<&'a str>) = if let Some(after) = authority.strip_prefix('[') {
        let Some((inside, tail)) = after.split_once(']') else {
            return Err(refuse(raw, format!("unterminated IPv6 address ({hint})")));
        };
        let ipv6 = |c: char| c.is_ascii_hexdigit() || c == ':' || c == '.';
        if inside.is_empty() || !inside.chars().all(ipv6) {
            return Err(refuse(
                raw,
                format!("{inside:?} is not an IPv6 address ({hint})"),
            ));
        }
        let port = match tail {
            "" => None,
            _ => Some(
                tail.strip_prefix(':')
                    .ok_or_else(|| refuse(raw, format!("unexpected {tail:?} after the address")))?,
            ),
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if !is_host_name(host) {
            return Err(refuse(
                raw,
                format!("{host:?} is not a host name ({hint}; no wildcards)"),
            ));
        }
        (host.to_ascii_lowercase(), port)
    };
    let port = match port {
        None => None,
        Some(digits) => Some(
            digits
                .parse::<u16>()
                .ok()
                .filter(|_| digits.chars().all(|c| c.is_ascii_digit()))
                .ok_or_else(|| refuse(raw, format!("{digits:?} is not a port")))?,
        ),
    };
    Ok((host, port))
}

fn is_host_name(host: &str) -> bool {
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    !host.is_empty() && host.len() <= 253 && host.split('.').all(label_ok)
}

/// The origins in a space-separated list (an iframe embed's allowed parents), each
/// normalised; entries that are not origins are dropped.
pub fn parse_origins(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for origin in raw
        .split_whitespace()
        .filter_map(|o| normalise_origin(o).ok())
    {
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    out
}

/// The origin of an absolute http(s) URL (`scheme://host[:port]`), the host alone for a
/// protocol-relative `//host/…` URL, `None` for a URL on the same origin (a path or a
/// relative URL). Other schemes and URLs with credentials are errors.
pub fn origin_of(url: &str) -> Result<Option<String>, UrlError> {
    let url = url.trim();
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("//") {
        (None, rest)
    } else if let Some((scheme, rest)) = url.split_once("://") {
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(refuse(url, "not an http or https URL"));
        }
        (Some(scheme), rest)
    } else {
        let before = url.split(['/', '?', '#']).next().unwrap_or("");
        if before.contains(':') && !url.starts_with('/') && !url.starts_with('.') {
            return Err(refuse(url, "not an http or https URL"));
        }
        return Ok(None);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let valid = |c: char| c.is_ascii_alphanumeric() || "-.:[]".contains(c);
    if authority.is_empty() || !authority.chars().all(valid) {
        return Err(refuse(
            url,
            "no usable host (credentials are not supported)",
        ));
    }
    let authority = authority.to_ascii_lowercase();
    Ok(Some(match scheme {
        Some(scheme) => format!("{scheme}://{authority}"),
        None => authority,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_normalised() {
        assert_eq!(normalise_base("/"), "/");
        assert_eq!(normalise_base(""), "/");
        assert_eq!(normalise_base("newsroom"), "/newsroom/");
        assert_eq!(normalise_base(" /newsroom/ "), "/newsroom/");
        assert_eq!(normalise_base("/a/b"), "/a/b/");
        assert_eq!(
            normalise_base("https://cdn.example/press"),
            "https://cdn.example/press/"
        );
    }

    #[test]
    fn bases_are_checked() {
        for good in ["/", "/newsroom/", "a/b-c_d", "https://cdn.example/press/"] {
            assert!(check_base(good).is_ok(), "{good}");
        }
        for bad in [
            "/news room/",
            "/a\"b/",
            "/<x>/",
            "/a/../b/",
            "/a//b/",
            "/a?x/",
            "ftp://x.example/",
            "//evil.example/",
        ] {
            assert!(check_base(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn site_urls_must_sit_at_the_base() {
        assert_eq!(
            check_site_url("https://press.example/newsroom", "/newsroom/")
                .ok()
                .as_deref(),
            Some("https://press.example/newsroom/")
        );
        assert_eq!(
            check_site_url("HTTP://localhost:8080", "/").ok().as_deref(),
            Some("http://localhost:8080/")
        );
        let err = check_site_url("https://press.example/", "/newsroom/").unwrap_err();
        assert!(err.to_string().contains("must agree"), "{err}");
        assert!(check_site_url("ftp://press.example/", "/").is_err());
        assert!(check_site_url("https:///x/", "/x/").is_err());
        assert!(check_site_url("https://a.example/?q", "/").is_err());
    }

    #[test]
    fn url_paths() {
        assert_eq!(url_path("/"), "/");
        assert_eq!(url_path("/newsroom"), "/newsroom/");
        assert_eq!(url_path("https://example.org"), "/");
        assert_eq!(url_path("https://example.org/press?x#y"), "/press/");
    }

    #[test]
    fn origins_as_browsers_write_them() {
        for (raw, expected) in [
            ("https://partner.example", "https://partner.example"),
            (" HTTPS://Partner.Example/ ", "https://partner.example"),
            ("https://partner.example:443", "https://partner.example"),
            ("http://localhost:80", "http://localhost"),
            ("http://localhost:8000", "http://localhost:8000"),
            ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
            ("http://[::1]:3000", "http://[::1]:3000"),
            ("https://[2001:DB8::1]", "https://[2001:db8::1]"),
        ] {
            assert_eq!(
                normalise_origin(raw).ok().as_deref(),
                Some(expected),
                "{raw}"
            );
        }
        for bad in [
            "",
            "partner.example",
            "//partner.example",
            "ftp://partner.example",
            "https://partner.example/path",
            "https://user@partner.example",
            "https://*.example",
            "https://partner.example:99999",
            "https://[zz]",
            "*",
        ] {
            assert!(normalise_origin(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn origin_lists_keep_only_origins() {
        assert_eq!(
            parse_origins("https://A.example/ * http://b.example:8080 junk https://a.example"),
            ["https://a.example", "http://b.example:8080"]
        );
        assert!(parse_origins("").is_empty());
    }

    #[test]
    fn origins_of_urls() {
        assert_eq!(origin_of("releases.json").ok(), Some(None));
        assert_eq!(origin_of("/data/r.json").ok(), Some(None));
        assert_eq!(
            origin_of("https://CDN.example:8443/r.json").ok(),
            Some(Some("https://cdn.example:8443".to_owned()))
        );
        assert_eq!(
            origin_of("//cdn.example/r.json").ok(),
            Some(Some("cdn.example".to_owned()))
        );
        assert!(origin_of("javascript:alert(1)").is_err());
        assert!(origin_of("https://user:pw@x.example/").is_err());
    }
}
