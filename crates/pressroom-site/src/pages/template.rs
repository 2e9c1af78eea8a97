//! The shell page (trunk's `index.html`) as a template: where its `<title>`, meta
//! description, `</head>` and `#pressroom` mount point are, and how to fill them in while
//! keeping every other byte as it is.
//!
//! Filling a page already filled gives the same result as filling the shell: the head tags
//! this crate adds sit between `<!-- pressroom-head -->` markers and are replaced, and
//! the mount point's content (nested elements included) is replaced whole.

use std::ops::Range;

use anyhow::{bail, Result};

use pressroom_core::escape::html as escape_html;
use pressroom_core::names::{HEAD_BLOCK_END, HEAD_BLOCK_START, MOUNT_ID};
use pressroom_html_scan::{line_of, tokens, StartTag, Token};

/// The comment that opens the block of head tags this crate adds.
const BLOCK_START: &str = HEAD_BLOCK_START;
/// The comment that closes it.
const BLOCK_END: &str = HEAD_BLOCK_END;

/// A parsed shell page.
#[derive(Debug, Clone)]
pub struct Template {
    html: String,
    /// The text between `<title>` and `</title>`.
    title: Option<Range<usize>>,
    /// The whole `<meta name="description" …>` tag.
    description: Option<Range<usize>>,
    /// A block added by an earlier run, with the line break after it.
    old_block: Option<Range<usize>>,
    /// Where `</head>` starts.
    head_end: usize,
    /// Where `data-prerendered` goes in the mount point's start tag, if it lacks it.
    marker_at: Option<usize>,
    /// The mount point's content.
    content: Range<usize>,
    /// Relative `href`/`src` values in the head: they would resolve differently on pages
    /// below the base.
    relative_urls: Vec<String>,
    /// `(name, content)` of the head's `<meta name=… content=…>` tags, name lower-cased.
    metas: Vec<(String, String)>,
}

/// What one page puts into the template. Text fields are plain text (escaped here);
/// `head` and `markup` are HTML.
#[derive(Debug, Clone, Copy)]
pub struct Fill<'a> {
    /// The document title.
    pub title: &'a str,
    /// The meta description.
    pub description: &'a str,
    /// Head tags to add before `</head>`, one per line.
    pub head: &'a [String],
    /// The mount point's new content.
    pub markup: &'a str,
}

/// The template's places, collected token by token.
#[derive(Default)]
struct Scan<'a> {
    title: Option<Range<usize>>,
    description: Option<Range<usize>>,
    old_block: Option<Range<usize>>,
    in_block: bool,
    head_end: Option<usize>,
    /// The mount element and how deep inside it the scan is.
    mount: Option<(StartTag<'a>, usize)>,
    content: Option<Range<usize>>,
    pending_title: Option<usize>,
    relative_urls: Vec<String>,
    metas: Vec<(String, String)>,
}

impl<'a> Scan<'a> {
    /// Takes one token; whether the scan is done (the mount element has closed).
    fn token(&mut self, html: &str, token: Token<'a>) -> bool {
        if let Some((tag, depth)) = self.mount.as_mut() {
            match &token {
                Token::Start(inner) if inner.name == tag.name => *depth += 1,
                Token::End { name, range } if *name == tag.name => {
                    *depth -= 1;
                    if *depth == 0 {
                        self.content = Some(tag.range.end..range.start);
                        return true;
                    }
                }
                _ => {}
            }
            return false;
        }
        match token {
            Token::Comment { text, range } => self.comment(html, text.trim(), range),
            Token::Start(tag) => self.start(tag),
            Token::End { name, range } => match name.as_str() {
                "title" => {
                    if let Some(start) = self.pending_title.take() {
                        self.title = Some(start..range.start);
                    }
                }
                "head" if self.head_end.is_none() => self.head_end = Some(range.start),
                _ => {}
            },
        }
        false
    }

    /// The old generated block's start and end comments.
    fn comment(&mut self, html: &str, text: &str, range: Range<usize>) {
        match text {
            BLOCK_START if self.head_end.is_none() => {
                self.in_block = true;
                self.old_block = Some(range.start..range.end);
            }
            BLOCK_END if self.in_block => {
                self.in_block = false;
                let mut end = range.end;
                if html[end..].starts_with('\n') {
                    end += 1;
                }
                self.old_block = self.old_block.take().map(|b| b.start..end);
            }
            _ => {}
        }
    }

    /// A start tag: the mount point, or one of the head's title, description and metas.
    fn start(&mut self, tag: StartTag<'a>) {
        if tag.attribute("id") == Some(MOUNT_ID) {
            self.mount = Some((tag, 1));
            return;
        }
        if self.head_end.is_some() || self.in_block {
            return;
        }
        match tag.name.as_str() {
            "title" if self.title.is_none() => self.pending_title = Some(tag.range.end),
            "meta"
                if self.description.is_none()
                    && tag
                        .attribute("name")
                        .is_some_and(|n| n.eq_ignore_ascii_case("description")) =>
            {
                self.description = Some(tag.range.clone());
            }
            "body" => self.head_end = Some(tag.range.start),
            _ => {}
        }
        if let (true, Some(name), Some(content)) = (
            tag.name == "meta",
            tag.attribute("name"),
            tag.attribute("content"),
        ) {
            self.metas
                .push((name.to_ascii_lowercase(), content.to_owned()));
        }
        if let Some(url) = relative_url(&tag) {
            self.relative_urls.push(format!("<{} … {url:?}>", tag.name));
        }
    }
}

/// The mount element's content and where its pre-rendered marker goes; an error when the
/// template has none, never closes it, or has it in the head.
fn mount_content(
    html: &str,
    mount: Option<(StartTag<'_>, usize)>,
    content: Option<Range<usize>>,
    head_end: usize,
) -> Result<(Range<usize>, Option<usize>)> {
    let Some((mount_tag, _)) = mount else {
        bail!(
            "the template has no element with id=\"{MOUNT_ID}\" (the app's mount point, \
             <div id=\"{MOUNT_ID}\" class=\"pressroom\"> in index.html)"
        );
    };
    let Some(content) = content else {
        bail!(
            "the template's <{} id=\"{MOUNT_ID}\"> (line {}) is never closed",
            mount_tag.name,
            line_of(html, mount_tag.range.start)
        );
    };
    if mount_tag.range.start < head_end {
        bail!(
            "the template's element with id=\"{MOUNT_ID}\" (line {}) is in the head",
            line_of(html, mount_tag.range.start)
        );
    }
    let marker_at = mount_tag.attribute("data-prerendered").is_none().then(|| {
        let close = mount_tag.range.end - 1;
        if html[..close].ends_with('/') {
            close - 1
        } else {
            close
        }
    });
    Ok((content, marker_at))
}

impl Template {
    /// Finds the places to fill in `html`; an error says what is missing and where.
    pub fn parse(html: String) -> Result<Self> {
        let mut scan = Scan::default();
        for token in tokens(&html) {
            if scan.token(&html, token) {
                break;
            }
        }
        let Scan {
            title,
            description,
            old_block,
            in_block,
            head_end,
            mount,
            content,
            relative_urls,
            metas,
            ..
        } = scan;
        if in_block {
            bail!("the template's <!-- {BLOCK_START} --> block is never closed");
        }
        let Some(head_end) = head_end else {
            bail!("the template has no </head> (or <body>); is it an HTML page?");
        };
        let (content, marker_at) = mount_content(&html, mount, content, head_end)?;
        Ok(Self {
            title,
            description,
            old_block,
            head_end,
            marker_at,
            content,
            relative_urls,
            metas,
            html,
        })
    }

    /// Relative `href` and `src` values in the head, which pages below the base would
    /// resolve against their own path.
    pub fn relative_urls(&self) -> &[String] {
        &self.relative_urls
    }

    /// The content of the head's first `<meta name="{name}">` (`name` in lower case), as
    /// written.
    pub fn meta(&self, name: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, content)| content.as_str())
    }

    /// The page: the template with `fill`'s title, description, head tags and markup, and
    /// `data-prerendered` on the mount point.
    pub fn fill(&self, fill: &Fill<'_>) -> String {
        let title = escape_html(fill.title);
        let description = format!(
            "<meta name=\"description\" content=\"{}\">",
            escape_html(fill.description)
        );
        let mut block = format!("<!-- {BLOCK_START} -->\n");
        if self.title.is_none() {
            block.push_str(&format!("    <title>{title}</title>\n"));
        }
        if self.description.is_none() {
            block.push_str(&format!("    {description}\n"));
        }
        for line in fill.head {
            block.push_str("    ");
            block.push_str(line);
            block.push('\n');
        }
        block.push_str(&format!("    <!-- {BLOCK_END} -->\n"));

        let mut edits: Vec<(Range<usize>, &str)> = Vec::with_capacity(6);
        if let Some(range) = &self.title {
            edits.push((range.clone(), &title));
        }
        if let Some(range) = &self.description {
            edits.push((range.clone(), &description));
        }
        if let Some(range) = &self.old_block {
            edits.push((range.clone(), ""));
        }
        edits.push((self.head_end..self.head_end, &block));
        if let Some(at) = self.marker_at {
            edits.push((at..at, " data-prerendered"));
        }
        edits.push((self.content.clone(), fill.markup));
        edits.sort_by_key(|(range, _)| (range.start, range.end));

        let added: usize = edits.iter().map(|(_, text)| text.len()).sum();
        let mut out = String::with_capacity(self.html.len() + added);
        let mut at = 0;
        for (range, text) in edits {
            // Ranges never overlap: each is a different part of the document.
            if let Some(kept) = self.html.get(at..range.start) {
                out.push_str(kept);
            }
            out.push_str(text);
            at = at.max(range.end);
        }
        out.push_str(self.html.get(at..).unwrap_or(""));
        out
    }
}

/// The `href` or `src` of a tag when it is a relative URL reference (not `/…`, `#…`, or
/// with a scheme).
fn relative_url(tag: &StartTag<'_>) -> Option<String> {
    let url = ["href", "src"]
        .iter()
        .find_map(|name| tag.attribute(name))?
        .trim();
    if url.is_empty() || url.starts_with('/') || url.starts_with('#') {
        return None;
    }
    let scheme_len = url
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .unwrap_or(0);
    if scheme_len > 0 && url[scheme_len..].starts_with(':') {
        return None;
    }
    Some(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <title>Press releases</title>
    <meta name="description" content="Press releases">
    <link rel="stylesheet" href="/newsroom/pressroom-0123456789abcdef.css"/>
    <link rel="alternate" type="application/rss+xml" title="RSS" href="feed.xml">
</head>
<body>
    <div id="pressroom" class="pressroom">
        <p class="loading" data-testid="loading" aria-busy="true">Loading releases…</p>
        <noscript><p class="load-error">Pressroom needs JavaScript to show the releases.</p></noscript>
    </div>
</body>
</html>
"#;

    fn fill<'a>(head: &'a [String], markup: &'a str) -> Fill<'a> {
        Fill {
            title: "A <b> & \"c\"",
            description: "D </title>",
            head,
            markup,
        }
    }

    #[test]
    fn fills_title_description_head_and_mount_point() {
        let template = Template::parse(SHELL.to_owned()).expect("parses");
        let head = vec!["<link rel=\"canonical\" href=\"/x/\">".to_owned()];
        let markup = "<div class=\"pressroom-app\"><div>x</div></div>";
        let page = template.fill(&fill(&head, markup));
        assert!(page.contains("<title>A &lt;b&gt; &amp; &quot;c&quot;</title>"));
        assert!(page.contains("<meta name=\"description\" content=\"D &lt;/title&gt;\">"));
        assert!(page.contains(
            "<link rel=\"canonical\" href=\"/x/\">\n    <!-- /pressroom-head -->\n</head>"
        ));
        assert!(page.contains(
            "<div id=\"pressroom\" class=\"pressroom\" data-prerendered><div class=\"pressroom-app\"><div>x</div></div></div>\n</body>"
        ));
        assert!(!page.contains("Loading releases"));
        // Everything else is kept as it was.
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n    <meta charset=\"utf-8\">\n    <title>"));
        assert!(page.contains(
            "    <link rel=\"stylesheet\" href=\"/newsroom/pressroom-0123456789abcdef.css\"/>\n"
        ));
        assert!(page.ends_with("</div>\n</body>\n</html>\n"));
        assert_eq!(template.relative_urls(), ["<link … \"feed.xml\">"]);
        assert_eq!(template.meta("description"), Some("Press releases"));
        assert_eq!(template.meta("pressroom-base"), None);
    }

    #[test]
    fn filling_a_filled_page_is_the_same_as_filling_the_shell() {
        let template = Template::parse(SHELL.to_owned()).expect("parses");
        let head = vec!["<meta property=\"og:type\" content=\"website\">".to_owned()];
        let markup = "<div class=\"pressroom-app\"><div><div>deep</div></div></div>";
        let once = template.fill(&fill(&head, markup));
        let again = Template::parse(once.clone()).expect("a filled page parses");
        assert_eq!(again.fill(&fill(&head, markup)), once);
        assert_eq!(once.matches("data-prerendered").count(), 1);
    }

    #[test]
    fn adds_a_missing_title_and_description() {
        let html = "<html><head></head><body><main id=pressroom>x</main></body></html>";
        let template = Template::parse(html.to_owned()).expect("parses");
        let page = template.fill(&fill(&[], "<p>y</p>"));
        assert_eq!(
            page,
            "<html><head><!-- pressroom-head -->\n    <title>A &lt;b&gt; &amp; &quot;c&quot;</title>\n    <meta name=\"description\" content=\"D &lt;/title&gt;\">\n    <!-- /pressroom-head -->\n</head><body><main id=pressroom data-prerendered><p>y</p></main></body></html>"
        );
        let again = Template::parse(page.clone()).expect("parses");
        assert_eq!(again.fill(&fill(&[], "<p>y</p>")), page);
    }

    #[test]
    fn clear_errors_for_unusable_templates() {
        let error = |html: &str| {
            Template::parse(html.to_owned())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(
            error("<html><head></head><body><div id=\"app\"></div></body></html>")
                .contains("no element with id=\"pressroom\"")
        );
        assert!(error(
            "<html><head></head><body>\n<div id=\"pressroom\"><div></div></body></html>"
        )
        .contains("(line 2) is never closed"));
        assert!(error("<div id=\"pressroom\"></div>").contains("no </head>"));
        // An id in a script or comment is not the mount point.
        assert!(error(
            "<html><head><script>'<div id=\"pressroom\">'</script></head><body><!-- <div id=\"pressroom\"></div> --></body></html>"
        )
        .contains("no element with id"));
    }
}
