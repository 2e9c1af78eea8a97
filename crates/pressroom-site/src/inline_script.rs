//! Inlining the app's classic scripts: the theme script, which must run before the first
//! paint. Loaded from a file it is a render-blocking request before every first paint;
//! written into the page it costs a few hundred bytes and no request. The site writer
//! inlines it into every page made from the shell ([`classic_scripts`]) and the
//! single-file export does too ([`classic_script`]); both allow it by its CSP hash.
//!
//! Only classic scripts of the app build are inlined: a module script or one from
//! another origin is refused, and so is a file holding `</script`, which would end the
//! inline element early.

use std::ops::Range;

use anyhow::{bail, Context, Result};
use pressroom_core::urls::url_path;

use crate::headers::audit::local_file;
use crate::headers::csp::script_hash;
use crate::html_edit::apply;
use crate::html_tags::{tags, Tag};

/// Reads a file of the app build by its name relative to it.
pub type Read<'a> = &'a dyn Fn(&str) -> Result<Vec<u8>>;

/// One script written into the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inlined {
    /// The app build's file it came from.
    pub file: String,
    /// The `<script src>` element it replaces.
    pub span: Range<usize>,
    /// The inline `<script>` element.
    pub html: String,
    /// Its CSP hash source (`sha256-…`).
    pub hash: String,
}

/// The inline element for the classic `<script src>` element `tag` of a page whose app
/// files are under `public_url`.
pub fn classic_script(tag: &Tag, public_url: &str, read: Read<'_>) -> Result<Inlined> {
    let src = tag.attr("src").unwrap_or_default();
    let Some(file) = local_reference(src, public_url) else {
        bail!("index.html loads the script {src} from elsewhere; it cannot be inlined");
    };
    if is_module(tag) {
        bail!("index.html loads the module script {src}; only classic scripts are inlined");
    }
    let code = String::from_utf8(read(&file)?).with_context(|| format!("{file} is not UTF-8"))?;
    if code.to_ascii_lowercase().contains("</script") {
        bail!("{file} contains `</script`, which would end the inline <script>");
    }
    Ok(Inlined {
        file,
        span: tag.span.clone(),
        hash: script_hash(&code),
        html: format!("<script>{code}</script>"),
    })
}

/// Whether `tag` is a module script (`type="module"`).
fn is_module(tag: &Tag) -> bool {
    tag.attr("type")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("module"))
}

/// `html` with every classic `<script src>` of its own files inlined, and what was
/// inlined. Module scripts (the glue, loaded by trunk's loader) and scripts from other
/// origins stay as they are.
pub fn classic_scripts(
    html: &str,
    public_url: &str,
    read: Read<'_>,
) -> Result<(String, Vec<Inlined>)> {
    let mut inlined = Vec::new();
    for tag in tags(html) {
        let own = tag
            .attr("src")
            .and_then(|src| local_reference(src, public_url))
            .is_some();
        if tag.name == "script" && own && !is_module(&tag) {
            inlined.push(classic_script(&tag, public_url, read)?);
        }
    }
    let edits = inlined
        .iter()
        .map(|i| (i.span.clone(), i.html.clone()))
        .collect();
    Ok((apply(html, edits)?, inlined))
}

/// The file of the app a reference in the shell names, if it names one.
pub fn local_reference(reference: &str, public_url: &str) -> Option<String> {
    let reference = reference.trim();
    if reference.starts_with('#') || scheme_of(reference).is_some() {
        return None;
    }
    local_file(reference, public_url, &url_path(public_url))
}

/// The scheme of an absolute URL (`data`, `https`), lower case.
pub fn scheme_of(reference: &str) -> Option<String> {
    let (scheme, _) = reference.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const THEME: &str = "try { document.documentElement.dataset.t = 'dark'; } catch (e) {}\n";

    fn read(name: &str) -> Result<Vec<u8>> {
        match name {
            "theme-0011223344556677.js" => Ok(THEME.as_bytes().to_vec()),
            "bad-0011223344556677.js" => Ok(b"x = '</SCRIPT>';".to_vec()),
            _ => bail!("no {name}"),
        }
    }

    const PAGE: &str = "<head>\n<script src=\"/news/theme-0011223344556677.js\" integrity=\"sha384-T\" crossorigin=\"anonymous\"></script>\n\
        <script type=\"module\">import init from '/news/app-0123456789abcdef.js';</script>\n\
        <script src=\"https://cdn.example/x.js\"></script>\n</head>";

    #[test]
    fn inlines_the_theme_script_and_nothing_else() {
        let (html, inlined) = classic_scripts(PAGE, "/news/", &read).unwrap();
        assert_eq!(inlined.len(), 1);
        assert_eq!(inlined[0].file, "theme-0011223344556677.js");
        assert!(
            html.contains(&format!("<head>\n<script>{THEME}</script>\n")),
            "{html}"
        );
        assert!(!html.contains("theme-0011223344556677.js"));
        // The loader and the other origin's script are untouched.
        assert!(html.contains("<script type=\"module\">import init"));
        assert!(html.contains("<script src=\"https://cdn.example/x.js\"></script>"));
        // The hash is the one of the text the browser hashes (written by hand:
        // printf '%s' "$THEME" | openssl dgst -sha256 -binary | base64).
        assert_eq!(
            inlined[0].hash,
            "sha256-DXjywluEm7HcuXf/IUEFiPM0Zh/KAy7HHZGD5YEgV50="
        );
    }

    #[test]
    fn refuses_what_cannot_be_inlined() {
        let closing = "<script src=\"/news/bad-0011223344556677.js\"></script>";
        let error = classic_scripts(closing, "/news/", &read).unwrap_err();
        assert!(error.to_string().contains("</script"), "{error}");
        let missing = "<script src=\"/news/gone-0011223344556677.js\"></script>";
        assert!(classic_scripts(missing, "/news/", &read).is_err());
        let page = "<p>no scripts</p>";
        assert_eq!(
            classic_scripts(page, "/", &read).unwrap(),
            (page.to_owned(), Vec::new())
        );
    }
}
