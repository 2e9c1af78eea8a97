//! The JSON-LD `NewsArticle` of a release page, safe inside `<script type="application/ld+json">`.

use serde_json::{json, Map, Value};

use pressroom_core::escape::json_in_script;

/// What the `NewsArticle` says about a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsArticle<'a> {
    /// The headline.
    pub headline: &'a str,
    /// A one-line description (the summary or an excerpt).
    pub description: &'a str,
    /// `published` as written (RFC 3339 date or date-time).
    pub date_published: &'a str,
    /// `updated` as written, if any.
    pub date_modified: Option<&'a str>,
    /// The issuing organisation: both author and publisher.
    pub organisation: &'a str,
    /// The page's canonical URL (absolute when the site URL is known).
    pub url: &'a str,
    /// The official original.
    pub based_on: &'a str,
    /// BCP 47 language tag.
    pub language: Option<&'a str>,
    /// Tags, as keywords.
    pub keywords: &'a [String],
}

impl NewsArticle<'_> {
    /// The JSON-LD text, ready to sit between `<script type="application/ld+json">` and
    /// `</script>`: every `<`, `>` and `&` is written as a JSON `\u` escape, so no
    /// string in it can close the script element, and it still parses to the same values.
    pub fn to_script_text(&self) -> String {
        let organisation = json!({ "@type": "Organization", "name": self.organisation });
        let mut object = Map::new();
        object.insert("@context".into(), json!("https://schema.org"));
        object.insert("@type".into(), json!("NewsArticle"));
        object.insert("headline".into(), json!(self.headline));
        if !self.description.is_empty() {
            object.insert("description".into(), json!(self.description));
        }
        object.insert("datePublished".into(), json!(self.date_published));
        if let Some(modified) = self.date_modified {
            object.insert("dateModified".into(), json!(modified));
        }
        object.insert("author".into(), organisation.clone());
        object.insert("publisher".into(), organisation);
        object.insert("url".into(), json!(self.url));
        object.insert("mainEntityOfPage".into(), json!(self.url));
        object.insert("isBasedOn".into(), json!(self.based_on));
        if let Some(language) = self.language.filter(|l| !l.is_empty()) {
            object.insert("inLanguage".into(), json!(language));
        }
        if !self.keywords.is_empty() {
            object.insert("keywords".into(), json!(self.keywords));
        }
        script_safe_json(&Value::Object(object))
    }
}

/// `value` as compact JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and
/// `\u0026`. These characters only occur inside JSON strings, where the escapes mean
/// the same characters.
pub fn script_safe_json(value: &Value) -> String {
    json_in_script(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article<'a>(headline: &'a str, keywords: &'a [String]) -> NewsArticle<'a> {
        NewsArticle {
            headline,
            description: "Summary & more",
            date_published: "2024-01-01",
            date_modified: Some("2024-01-02T10:00:00Z"),
            organisation: "Agency <A>",
            url: "https://press.example/newsroom/releases/first/",
            based_on: "https://example.org/a?x=1&y=2",
            language: Some("en"),
            keywords,
        }
    }

    #[test]
    fn hostile_strings_cannot_close_the_script_and_parse_back() {
        let headline = r#"</script><script>alert("x")</script> & <!--"#;
        let tags = vec!["a</script>".to_owned()];
        let text = article(headline, &tags).to_script_text();
        assert!(!text.contains('<'), "{text}");
        assert!(!text.contains('>'), "{text}");
        assert!(!text.contains('&'), "{text}");
        let value: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(value["headline"], headline);
        assert_eq!(value["keywords"][0], "a</script>");
        assert_eq!(value["publisher"]["name"], "Agency <A>");
        assert_eq!(value["isBasedOn"], "https://example.org/a?x=1&y=2");
    }

    #[test]
    fn news_article_fields() {
        let text = article("Title", &[]).to_script_text();
        let value: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(value["@type"], "NewsArticle");
        assert_eq!(value["@context"], "https://schema.org");
        assert_eq!(value["datePublished"], "2024-01-01");
        assert_eq!(value["dateModified"], "2024-01-02T10:00:00Z");
        assert_eq!(value["author"]["@type"], "Organization");
        assert_eq!(
            value["mainEntityOfPage"],
            "https://press.example/newsroom/releases/first/"
        );
        assert_eq!(value["inLanguage"], "en");
        assert_eq!(value["description"], "Summary & more");
        assert!(value.get("keywords").is_none());
    }
}
