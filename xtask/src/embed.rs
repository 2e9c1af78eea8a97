//! Embedding in `cargo xtask dist`: the pages made from trunk's shell `index.html`
//! (`404.html`, the iframe page `embed.html`) and the script embed's loader `embed.js`.
//!
//! - `404.html` is the shell as it is (plus `robots` `noindex`): hosts that serve it for
//!   unknown paths boot the app there, at any depth, since trunk's asset URLs are absolute
//!   under the public URL.
//! - `embed.html` adds `<meta name="pressroom-embed" content="iframe">`, the
//!   `--embed-origin` list as `<meta name="pressroom-parent-origin">` (the only origins the
//!   app posts its height to and accepts messages from) and `class="pressroom-embed"` on
//!   `<body>`; its routing is in memory, so the full-page routing meta is dropped.
//! - `embed.js` (a stable name, not hashed) sets `globalThis.pressroomEmbed` and then
//!   imports and starts the hashed wasm-bindgen glue, resolving every URL against its own.

use crate::headers::hashed_name_with;
use crate::html_edit;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// The iframe page.
pub const EMBED_PAGE: &str = "embed.html";
/// The page hosts serve for unknown paths.
pub const NOT_FOUND_PAGE: &str = "404.html";
/// The script embed's loader.
pub const EMBED_SCRIPT: &str = "embed.js";

/// Checks and normalises an `--embed-origin`: `scheme://host[:port]` with `http` or
/// `https`, lower case, without a default port (`:443` for https, `:80` for http) or a
/// trailing `/`: exactly how a browser writes `event.origin`.
pub fn normalize_origin(raw: &str) -> Result<String> {
    let value = raw.trim();
    let hint = "expected an origin such as https://partner.example or http://localhost:8000";
    let Some((scheme, rest)) = value.split_once("://") else {
        bail!("--embed-origin {raw:?}: {hint}");
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        bail!("--embed-origin {raw:?}: only http and https origins can embed ({hint})");
    }
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        bail!("--embed-origin {raw:?}: an origin has no path, query or fragment ({hint})");
    }
    if authority.contains('@') {
        bail!("--embed-origin {raw:?}: an origin has no user name or password ({hint})");
    }
    let (host, port) = if let Some(after) = authority.strip_prefix('[') {
        let Some((inside, tail)) = after.split_once(']') else {
            bail!("--embed-origin {raw:?}: unterminated IPv6 address ({hint})");
        };
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            bail!("--embed-origin {raw:?}: {inside:?} is not an IPv6 address ({hint})");
        }
        let port = match tail {
            "" => None,
            _ => match tail.strip_prefix(':') {
                Some(port) => Some(port),
                None => bail!("--embed-origin {raw:?}: unexpected {tail:?} after the address"),
            },
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let label_ok = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if host.is_empty() || host.len() > 253 || !host.split('.').all(label_ok) {
            bail!("--embed-origin {raw:?}: {host:?} is not a host name ({hint}; no wildcards)");
        }
        (host.to_ascii_lowercase(), port)
    };
    let port = match port {
        None => None,
        Some(port) => {
            let number: u16 = port
                .parse()
                .ok()
                .filter(|_| port.chars().all(|c| c.is_ascii_digit()))
                .with_context(|| format!("--embed-origin {raw:?}: {port:?} is not a port"))?;
            let default = if scheme == "https" { 443 } else { 80 };
            (number != default).then_some(number)
        }
    };
    Ok(match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

/// Normalises every `--embed-origin` ([`normalize_origin`]) and drops duplicates.
pub fn normalize_origins(raw: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for origin in raw {
        let origin = normalize_origin(origin)?;
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    Ok(out)
}

/// `404.html` from the shell page.
pub fn not_found_page(shell: &str) -> Result<String> {
    html_edit::set_meta(shell, "robots", "noindex")
}

/// `embed.html` from the shell page, for these parent origins.
pub fn embed_page(shell: &str, parent_origins: &[String]) -> Result<String> {
    let html = html_edit::remove_meta(shell, "pressroom-routing")?;
    let html = html_edit::set_meta(&html, "robots", "noindex")?;
    let html = html_edit::set_meta(&html, "pressroom-embed", "iframe")?;
    let html = html_edit::set_meta(&html, "pressroom-parent-origin", &parent_origins.join(" "))?;
    html_edit::add_body_class(&html, "pressroom-embed")
}

/// The wasm-bindgen glue and its wasm among the top-level files of `dist`: the one pair
/// `<name>-<hash>.js` / `<name>-<hash>_bg.wasm` (trunk's hex hash, of any length).
pub fn find_app_files(files: &[String]) -> Result<(String, String)> {
    let pairs: Vec<(String, String)> = files
        .iter()
        // Any length of hash here: the pair is unmistakable.
        .filter(|f| !f.contains('/') && hashed_name_with(f, 1))
        .filter_map(|wasm| {
            let stem = wasm.strip_suffix("_bg.wasm")?;
            let glue = format!("{stem}.js");
            files.contains(&glue).then(|| (glue, wasm.clone()))
        })
        .collect();
    match pairs.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("no hashed wasm-bindgen glue and wasm pair (name-<hash>.js, name-<hash>_bg.wasm) in dist"),
        many => bail!(
            "several wasm-bindgen glue files in dist ({}); expected one app",
            many.iter().map(|(glue, _)| glue.as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The text of `embed.js` for these hashed file names.
pub fn embed_script(glue: &str, wasm: &str) -> String {
    let js = |name: &str| name.replace('\\', "\\\\").replace('\'', "\\'");
    format!(
        "// Pressroom's script embed, written by `cargo xtask dist` (README.md, \"Embedding\").\n\
         // <script type=\"module\" src=\".../embed.js\"></script> mounts Pressroom into every\n\
         // element with data-pressroom-bundle or data-pressroom-latest on the page; elements\n\
         // added later are mounted by calling pressroomEmbed.mount().\n\
         // Every URL is resolved against this script's own, so it works from any host page.\n\
         globalThis.pressroomEmbed = {{ base: new URL('./', import.meta.url).href }};\n\
         const {{ default: init, mount }} = await import(new URL('./{glue}', import.meta.url).href);\n\
         globalThis.pressroomEmbed.mount = mount;\n\
         await init({{ module_or_path: new URL('./{wasm}', import.meta.url) }});\n",
        glue = js(glue),
        wasm = js(wasm),
    )
}

/// Writes `embed.js` into `dist` (whose top-level files are `files`); returns the names of
/// the glue and wasm it loads.
pub fn write_embed_script(dist: &Path, files: &[String]) -> Result<(String, String)> {
    let (glue, wasm) = find_app_files(files)?;
    let path = dist.join(EMBED_SCRIPT);
    std::fs::write(&path, embed_script(&glue, &wasm))
        .with_context(|| format!("writing {}", path.display()))?;
    Ok((glue, wasm))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn normalises_origins_as_browsers_write_them() {
        for (raw, expected) in [
            ("https://partner.example", "https://partner.example"),
            (" HTTPS://Partner.Example/ ", "https://partner.example"),
            ("https://partner.example:443", "https://partner.example"),
            ("http://localhost:80", "http://localhost"),
            ("http://localhost:8000", "http://localhost:8000"),
            ("https://a.example:8443/", "https://a.example:8443"),
            ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
            ("http://[::1]:3000", "http://[::1]:3000"),
            ("https://[2001:DB8::1]", "https://[2001:db8::1]"),
        ] {
            assert_eq!(normalize_origin(raw).unwrap(), expected, "{raw}");
        }
        for bad in [
            "",
            "partner.example",
            "//partner.example",
            "ftp://partner.example",
            "file:///tmp",
            "https://partner.example/page",
            "https://partner.example/?x",
            "https://partner.example#x",
            "https://*.example.org",
            "https://user@partner.example",
            "https://partner.example:99999",
            "https://partner.example:",
            "https://partner.example:8o",
            "https://-bad.example",
            "https://a..example",
            "https://a.example https://b.example",
            "https://a.example'; script-src *",
            "http://[::1",
            "http://[zz]",
        ] {
            assert!(normalize_origin(bad).is_err(), "{bad:?} accepted");
        }
        let list = normalize_origins(&[
            "https://a.example".into(),
            "https://A.example:443/".into(),
            "http://b.example".into(),
        ])
        .unwrap();
        assert_eq!(list, ["https://a.example", "http://b.example"]);
    }

    const SHELL: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n    <meta charset=\"utf-8\">\n    <meta name=\"pressroom-base\" content=\"/newsroom/\">\n    <meta name=\"pressroom-routing\" content=\"hash\">\n<script type=\"module\">import init from '/newsroom/a-0123456789abcdef.js';</script></head>\n<body>\n    <div id=\"pressroom\" class=\"pressroom\"></div>\n</body>\n</html>\n";

    #[test]
    fn makes_the_embed_page() {
        let page = embed_page(
            SHELL,
            &["https://a.example".into(), "https://b.example:8443".into()],
        )
        .unwrap();
        assert!(page.contains("<meta name=\"pressroom-embed\" content=\"iframe\">"));
        assert!(page.contains(
            "<meta name=\"pressroom-parent-origin\" content=\"https://a.example https://b.example:8443\">"
        ));
        assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(page.contains("<meta name=\"pressroom-base\" content=\"/newsroom/\">"));
        assert!(!page.contains("pressroom-routing"), "{page}");
        assert!(page.contains("\n<body class=\"pressroom-embed\">\n"));
        // The loader is untouched, so the CSP hash of the shell covers it.
        assert!(page.contains("<script type=\"module\">import init from '/newsroom/a-0123456789abcdef.js';</script></head>"));
        let none = embed_page(SHELL, &[]).unwrap();
        assert!(none.contains("<meta name=\"pressroom-parent-origin\" content=\"\">"));
        let not_found = not_found_page(SHELL).unwrap();
        assert_eq!(
            not_found,
            SHELL.replace(
                "content=\"hash\">\n",
                "content=\"hash\">\n    <meta name=\"robots\" content=\"noindex\">\n"
            )
        );
    }

    #[test]
    fn finds_the_app_files_and_writes_the_loader() {
        let short: Vec<String> = ["app-4fe40.js", "app-4fe40_bg.wasm", "index.html"]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(
            find_app_files(&short).unwrap(),
            ("app-4fe40.js".to_owned(), "app-4fe40_bg.wasm".to_owned())
        );
        let files: Vec<String> = [
            "index.html",
            "pressroom-56d72085c1a3c9b0.css",
            "pressroom-app-3557d9aa456a66af.js",
            "pressroom-app-3557d9aa456a66af_bg.wasm",
            "snippets/x/inline0-0123456789abcdef.js",
        ]
        .map(str::to_owned)
        .to_vec();
        let (glue, wasm) = find_app_files(&files).unwrap();
        assert_eq!(glue, "pressroom-app-3557d9aa456a66af.js");
        assert_eq!(wasm, "pressroom-app-3557d9aa456a66af_bg.wasm");
        let script = embed_script(&glue, &wasm);
        let set = script
            .find("globalThis.pressroomEmbed = { base: new URL('./', import.meta.url).href };")
            .unwrap();
        let import = script
            .find("await import(new URL('./pressroom-app-3557d9aa456a66af.js', import.meta.url).href)")
            .unwrap();
        assert!(set < import, "the base is set before the glue is imported");
        assert!(script.contains(
            "await init({ module_or_path: new URL('./pressroom-app-3557d9aa456a66af_bg.wasm', import.meta.url) });"
        ));
        assert!(
            !script.contains("\nimport "),
            "no static import: it would run first"
        );

        assert!(find_app_files(&files[..3]).is_err());
        let mut two = files.clone();
        two.push("other-0123456789abcdef.js".into());
        two.push("other-0123456789abcdef_bg.wasm".into());
        assert!(find_app_files(&two)
            .unwrap_err()
            .to_string()
            .contains("several"));
    }
}
