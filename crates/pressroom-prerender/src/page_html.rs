//! One page's HTML: the app's markup for the route (from `pressroom::prerender_views`,
//! the components the browser runs, rendered natively), its title and description, and
//! its head tags, filled into the template.

use anyhow::{anyhow, Result};
use pressroom::links::Links;
use pressroom::prerender_views::{
    list_document_title, list_page_html, release_document_title, release_page_html,
};
use pressroom::store::{SiteInfo, Store};

use crate::head_tags::{ArticleHead, PageHead};
use crate::html_escape::one_line;
use crate::json_ld::NewsArticle;
use crate::site_urls::{page_path, release_path, SiteUrls};
use crate::template::{Fill, Template};

/// Renders pages of one store into one template.
#[derive(Debug, Clone)]
pub struct PageRenderer<'a> {
    store: &'a Store,
    template: &'a Template,
    urls: &'a SiteUrls,
    links: Links,
    site: SiteInfo,
}

impl<'a> PageRenderer<'a> {
    /// A renderer whose links live under `urls`' base.
    pub fn new(store: &'a Store, template: &'a Template, urls: &'a SiteUrls) -> Self {
        Self {
            store,
            template,
            urls,
            links: Links::history(urls.base()),
            site: store.site(),
        }
    }

    /// The site's description on one line, or its title.
    fn site_description(&self) -> String {
        self.site
            .description
            .as_deref()
            .map(one_line)
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| one_line(&self.site.title))
    }

    /// The page of release `slug`.
    pub fn release(&self, slug: &str) -> Result<String> {
        let missing = || anyhow!("the release {slug:?} is not in the store");
        let article = self.store.article(slug).ok_or_else(missing)?;
        let markup = release_page_html(self.store, &self.links, slug).ok_or_else(missing)?;
        let title: Option<String> = release_document_title(self.store, slug).into();
        let title = title.ok_or_else(missing)?;

        let relative = release_path(slug);
        let canonical = self.urls.canonical(&relative);
        let url = self.urls.absolute(&relative);
        let description = match one_line(&article.item.summary) {
            summary if summary.is_empty() => self.site_description(),
            summary => summary,
        };
        let headline = one_line(&article.item.title);
        let language = article
            .item
            .language
            .as_deref()
            .or(self.site.language.as_deref());
        let json_ld = NewsArticle {
            headline: &headline,
            description: &description,
            date_published: &article.item.datetime,
            date_modified: article.updated.as_ref().map(|(raw, _)| raw.as_str()),
            organisation: &article.item.source_name,
            url: &canonical,
            based_on: &article.source_url,
            language,
            keywords: &article.item.tags,
        }
        .to_script_text();
        let head = PageHead {
            title: &headline,
            description: &description,
            canonical: &canonical,
            url: url.as_deref(),
            site_name: &self.site.title,
            article: Some(ArticleHead {
                published: &article.item.datetime,
                modified: article.updated.as_ref().map(|(raw, _)| raw.as_str()),
                tags: &article.item.tags,
                json_ld,
            }),
        };
        Ok(self.template.fill(&Fill {
            title: &title,
            description: &description,
            head: &head.tags(),
            markup: &markup,
        }))
    }

    /// Page `number` of the list.
    pub fn list(&self, number: usize) -> Result<String> {
        let missing = || anyhow!("the list has no page {number}");
        let markup = list_page_html(self.store, &self.links, number).ok_or_else(missing)?;
        let title: Option<String> = list_document_title(self.store, number).into();
        let title = title.ok_or_else(missing)?;
        let relative = page_path(number);
        let canonical = self.urls.canonical(&relative);
        let url = self.urls.absolute(&relative);
        let description = self.site_description();
        let head = PageHead {
            title: &title,
            description: &description,
            canonical: &canonical,
            url: url.as_deref(),
            site_name: &self.site.title,
            article: None,
        };
        Ok(self.template.fill(&Fill {
            title: &title,
            description: &description,
            head: &head.tags(),
            markup: &markup,
        }))
    }
}
