//! The Content-Security-Policy of the site, the one place it is spelled out: the
//! `_headers` file, `docs/hosting-headers.md` and the README (checked by a test here) and
//! the end-to-end tests (which read it back from `_headers`) all use it.
//!
//! ```text
//! default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-<trunk's loader>';
//! style-src 'self'; img-src 'self' https: http:; connect-src 'self' [data origin];
//! object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors <'self'>
//! ```
//!
//! - `script-src`: the app's JS file, `'wasm-unsafe-eval'` to compile its wasm, and the
//!   sha256 of the one inline `<script type="module">` trunk writes (the loader; it names
//!   the hashed files, so its hash changes with every build). Never `'unsafe-inline'` or
//!   `'unsafe-eval'`.
//! - `img-src 'self' https: http:`: release bodies may show images from anywhere (product
//!   behaviour); no `data:` (the favicon is a file).
//! - `connect-src`: `'self'`, plus the origin of the data when it is configured elsewhere
//!   (`<meta name="pressroom-bundle" content="https://…">`).
//! - `frame-ancestors`: `--frame-ancestors` (default `'self'`) plus every `--embed-origin`
//!   ([`frame_ancestors_with`]), so that those sites can frame `embed.html`.

use anyhow::{bail, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// `frame-ancestors` unless `--frame-ancestors` says otherwise.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// The Content-Security-Policy of the app.
///
/// `script_hashes` are CSP hash sources without quotes (`sha256-…`, see [`script_hash`]),
/// `connect_origins` extra `connect-src` sources (see [`pressroom_core::urls::origin_of`]), `frame_ancestors` the
/// value of `frame-ancestors` (see [`validate_frame_ancestors`]).
pub fn content_security_policy(
    script_hashes: &[String],
    connect_origins: &[String],
    frame_ancestors: &str,
) -> String {
    let mut script_src = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    script_src.extend(script_hashes.iter().map(|hash| format!("'{hash}'")));
    let mut connect_src = vec!["'self'".to_owned()];
    for origin in connect_origins {
        if !connect_src.contains(origin) {
            connect_src.push(origin.clone());
        }
    }
    [
        "default-src 'self'".to_owned(),
        format!("script-src {}", script_src.join(" ")),
        "style-src 'self'".to_owned(),
        "img-src 'self' https: http:".to_owned(),
        format!("connect-src {}", connect_src.join(" ")),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        format!("frame-ancestors {frame_ancestors}"),
    ]
    .join("; ")
}

/// The CSP hash source (without quotes) of an inline script's text: `sha256-<base64>`.
/// Line breaks are normalised first (CRLF and CR to LF), as the browser's HTML parser does.
pub fn script_hash(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(normalised.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Checks a `frame-ancestors` value: `'none'` alone, or `'self'` and/or host or scheme
/// sources, separated by spaces. Returns it with single spaces.
pub fn validate_frame_ancestors(value: &str) -> Result<String> {
    if value.chars().any(|c| c != ' ' && !c.is_ascii_graphic()) {
        bail!("--frame-ancestors {value:?} may only have printable ASCII separated by spaces");
    }
    let sources: Vec<&str> = value.split_ascii_whitespace().collect();
    if sources.is_empty() {
        bail!("--frame-ancestors is empty (use \"'none'\" to forbid framing)");
    }
    for source in &sources {
        let lower = source.to_ascii_lowercase();
        match lower.as_str() {
            "'self'" | "'none'" => {}
            "self" | "none" => bail!(
                "--frame-ancestors: `{source}` must be quoted, e.g. --frame-ancestors \"'{lower}'\" \
                 (the shell removes single quotes unless they are inside double quotes)"
            ),
            _ if lower.starts_with('\'') => bail!(
                "--frame-ancestors: `{source}` is not allowed (only 'self' and 'none' are keywords here)"
            ),
            _ => {
                let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/*[]%".contains(c);
                if !source.chars().all(allowed) {
                    bail!(
                        "--frame-ancestors: `{source}` is not a host or scheme source \
                         (e.g. https://partner.example, https://*.example.org, https:)"
                    );
                }
            }
        }
    }
    if sources.len() > 1 && sources.iter().any(|s| s.eq_ignore_ascii_case("'none'")) {
        bail!("--frame-ancestors: 'none' must stand alone");
    }
    Ok(sources.join(" "))
}

/// `frame-ancestors` for `--frame-ancestors` (already checked) and the embedding origins:
/// the origins are added (replacing `'none'`), without duplicates.
pub fn frame_ancestors_with(frame_ancestors: &str, embed_origins: &[String]) -> String {
    let mut sources: Vec<String> = frame_ancestors
        .split_ascii_whitespace()
        .filter(|s| embed_origins.is_empty() || !s.eq_ignore_ascii_case("'none'"))
        .map(str::to_owned)
        .collect();
    for origin in embed_origins {
        if !sources.iter().any(|s| s.eq_ignore_ascii_case(origin)) {
            sources.push(origin.clone());
        }
    }
    sources.join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::headers::audit::integrity_matches;
    use crate::headers::rules::{IMMUTABLE, NO_CACHE};

    fn repo_root() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn sample_policy(frame_ancestors: &str) -> String {
        content_security_policy(&["sha256-abc=".to_owned()], &[], frame_ancestors)
    }

    #[test]
    fn policy_has_every_directive_and_nothing_unsafe() {
        let policy = sample_policy(DEFAULT_FRAME_ANCESTORS);
        assert_eq!(
            policy,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; \
             style-src 'self'; img-src 'self' https: http:; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
        );
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='",
            "style-src 'self'",
            "img-src 'self' https: http:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ] {
            assert!(
                policy.split("; ").any(|d| d == directive),
                "{directive} in {policy}"
            );
        }
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("'unsafe-eval'"));
        assert!(!policy.contains("data:"));
        assert!(!policy.contains(['\n', '\r', ',']));
    }

    #[test]
    fn policy_without_a_hash_or_with_extra_origins() {
        let policy = content_security_policy(&[], &[], "'none'");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(policy.ends_with("frame-ancestors 'none'"));
        let policy = content_security_policy(
            &[],
            &[
                "https://cdn.example.org".to_owned(),
                "https://cdn.example.org".to_owned(),
            ],
            "'self'",
        );
        assert!(policy.contains("connect-src 'self' https://cdn.example.org;"));
    }

    #[test]
    fn frame_ancestors_are_configurable_and_checked() {
        let value = validate_frame_ancestors("  'self'   https://partner.example ").unwrap();
        assert_eq!(value, "'self' https://partner.example");
        assert!(sample_policy(&value).ends_with("frame-ancestors 'self' https://partner.example"));
        assert_eq!(validate_frame_ancestors("'none'").unwrap(), "'none'");
        assert_eq!(
            validate_frame_ancestors("https://*.example.org https:").unwrap(),
            "https://*.example.org https:"
        );
        for bad in [
            "",
            "self",
            "'none' 'self'",
            "'unsafe-inline'",
            "'self'; script-src *",
            "https://a.example,https://b.example",
            "https://a.example\r\nX-Evil: 1",
            "\"'self'\"",
        ] {
            assert!(validate_frame_ancestors(bad).is_err(), "{bad:?} accepted");
        }
        let hint = validate_frame_ancestors("self").unwrap_err().to_string();
        assert!(hint.contains("\"'self'\""), "{hint}");
    }

    #[test]
    fn hashes_match_independent_vectors() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
        // printf '' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        // The HTML parser turns CRLF into LF before the browser hashes the script.
        assert_eq!(script_hash("a\r\nb\rc"), script_hash("a\nb\nc"));
        // printf 'abc' | openssl dgst -sha384 -binary | base64
        let abc_384 = "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn";
        assert!(integrity_matches(abc_384, b"abc").is_ok());
        assert!(integrity_matches(abc_384, b"abd").is_err());
        assert!(integrity_matches("md5-xyz", b"abc").is_err());
        assert!(integrity_matches(&format!("sha512-nope {abc_384}"), b"abc").is_ok());
    }

    #[test]
    fn embedding_origins_join_frame_ancestors() {
        let origins = [
            "https://a.example".to_owned(),
            "https://b.example".to_owned(),
        ];
        assert_eq!(frame_ancestors_with("'self'", &[]), "'self'");
        assert_eq!(frame_ancestors_with("'none'", &[]), "'none'");
        assert_eq!(
            frame_ancestors_with("'self'", &origins),
            "'self' https://a.example https://b.example"
        );
        assert_eq!(
            frame_ancestors_with("'none'", &origins),
            "https://a.example https://b.example"
        );
        assert_eq!(
            frame_ancestors_with("'self' https://A.example", &origins[..1]),
            "'self' https://A.example"
        );
    }

    #[test]
    fn hosting_docs_use_the_same_policy() {
        let docs = repo_root().join("docs/hosting-headers.md");
        let text = std::fs::read_to_string(&docs).unwrap();
        let policy = content_security_policy(
            &["sha256-HASH_FROM_DIST_HEADERS".to_owned()],
            &[],
            DEFAULT_FRAME_ANCESTORS,
        );
        assert!(
            text.matches(&policy).count() >= 2,
            "{} should show the policy of content_security_policy() in the nginx and Caddy \
             snippets:\n{policy}",
            docs.display()
        );
        assert!(text.contains(IMMUTABLE) && text.contains(NO_CACHE));
        let readme = repo_root().join("README.md");
        let readme = std::fs::read_to_string(&readme).unwrap();
        assert!(
            readme.matches(&policy).count() >= 2,
            "README.md's nginx and Caddy snippets should show the same policy:\n{policy}"
        );
    }
}
