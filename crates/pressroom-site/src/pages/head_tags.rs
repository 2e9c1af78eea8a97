//! The head tags of a page for search engines and link previews: canonical link, Open
//! Graph, Twitter card and, for releases, the JSON-LD `NewsArticle`.

use pressroom_core::escape::html as escape_html;

/// What a page's head tags say. Text is plain (escaped here), one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHead<'a> {
    /// The page's own title (a release's headline, the list's document title).
    pub title: &'a str,
    /// The description.
    pub description: &'a str,
    /// The canonical href (absolute, or path-absolute when the site URL is unknown).
    pub canonical: &'a str,
    /// The absolute URL, when known (`og:url` must be absolute).
    pub url: Option<&'a str>,
    /// The site's title.
    pub site_name: &'a str,
    /// Release pages: what makes them articles.
    pub article: Option<ArticleHead<'a>>,
}

/// The article part of a release page's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleHead<'a> {
    /// `published` as written.
    pub published: &'a str,
    /// `updated` as written.
    pub modified: Option<&'a str>,
    /// Tags; the first is also the section.
    pub tags: &'a [String],
    /// The JSON-LD text, already safe inside a script element
    /// ([`crate::pages::json_ld::NewsArticle::to_script_text`]).
    pub json_ld: String,
}

impl PageHead<'_> {
    /// The tags, one per line, in the order they go into the head.
    pub fn tags(&self) -> Vec<String> {
        let property = |name: &str, value: &str| {
            format!(
                "<meta property=\"{name}\" content=\"{}\">",
                escape_html(value)
            )
        };
        let named = |name: &str, value: &str| {
            format!("<meta name=\"{name}\" content=\"{}\">", escape_html(value))
        };
        let description = if self.description.is_empty() {
            self.title
        } else {
            self.description
        };
        let mut tags = vec![format!(
            "<link rel=\"canonical\" href=\"{}\">",
            escape_html(self.canonical)
        )];
        let kind = if self.article.is_some() {
            "article"
        } else {
            "website"
        };
        tags.push(property("og:type", kind));
        tags.push(property("og:title", self.title));
        tags.push(property("og:description", description));
        if let Some(url) = self.url {
            tags.push(property("og:url", url));
        }
        tags.push(property("og:site_name", self.site_name));
        if let Some(article) = &self.article {
            tags.push(property("article:published_time", article.published));
            if let Some(modified) = article.modified {
                tags.push(property("article:modified_time", modified));
            }
            if let Some(section) = article.tags.first() {
                tags.push(property("article:section", section));
            }
            for tag in article.tags {
                tags.push(property("article:tag", tag));
            }
        }
        tags.push(named("twitter:card", "summary"));
        tags.push(named("twitter:title", self.title));
        tags.push(named("twitter:description", description));
        if let Some(article) = &self.article {
            tags.push(format!(
                "<script type=\"application/ld+json\">{}</script>",
                article.json_ld
            ));
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn website_tags_without_a_site_url() {
        let head = PageHead {
            title: "Site \"A\"",
            description: "",
            canonical: "/newsroom/page/2/",
            url: None,
            site_name: "Site \"A\"",
            article: None,
        };
        assert_eq!(
            head.tags(),
            [
                "<link rel=\"canonical\" href=\"/newsroom/page/2/\">",
                "<meta property=\"og:type\" content=\"website\">",
                "<meta property=\"og:title\" content=\"Site &quot;A&quot;\">",
                "<meta property=\"og:description\" content=\"Site &quot;A&quot;\">",
                "<meta property=\"og:site_name\" content=\"Site &quot;A&quot;\">",
                "<meta name=\"twitter:card\" content=\"summary\">",
                "<meta name=\"twitter:title\" content=\"Site &quot;A&quot;\">",
                "<meta name=\"twitter:description\" content=\"Site &quot;A&quot;\">",
            ]
        );
    }

    #[test]
    fn article_tags() {
        let tags = vec!["space & time".to_owned(), "b".to_owned()];
        let head = PageHead {
            title: "<T>",
            description: "D",
            canonical: "https://p.example/releases/x/",
            url: Some("https://p.example/releases/x/"),
            site_name: "S",
            article: Some(ArticleHead {
                published: "2024-01-01",
                modified: Some("2024-01-02"),
                tags: &tags,
                json_ld: "{\"a\":\"\\u003c\"}".to_owned(),
            }),
        };
        let lines = head.tags();
        for expected in [
            "<meta property=\"og:type\" content=\"article\">",
            "<meta property=\"og:title\" content=\"&lt;T&gt;\">",
            "<meta property=\"og:url\" content=\"https://p.example/releases/x/\">",
            "<meta property=\"article:published_time\" content=\"2024-01-01\">",
            "<meta property=\"article:modified_time\" content=\"2024-01-02\">",
            "<meta property=\"article:section\" content=\"space &amp; time\">",
            "<meta property=\"article:tag\" content=\"b\">",
            "<script type=\"application/ld+json\">{\"a\":\"\\u003c\"}</script>",
        ] {
            assert!(
                lines.iter().any(|l| l == expected),
                "{expected}\n{lines:#?}"
            );
        }
    }
}
