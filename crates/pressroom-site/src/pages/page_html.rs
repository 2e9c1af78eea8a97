//! One page's HTML: the app's markup for the route (drawn natively by `pressroom-ui`'s
//! own page functions), its title and description, and its head tags, filled into the
//! template. A release's body is rendered once per page: the page data carries it to the
//! markup, and the head reads the article's metadata from the same data.

use anyhow::{anyhow, Result};
use pressroom_core::escape::one_line;
use pressroom_core::paging::PageRef;
use pressroom_core::paths::{list_page_path, release_path};
use pressroom_ui::filter::Filter;
use pressroom_ui::links::Links;
use pressroom_ui::pages::{PageData, ReleaseData};
use pressroom_ui::prerender::{page_data, page_html};
use pressroom_ui::route::Route;
use pressroom_ui::store::{Article, SiteInfo, Store};

use crate::pages::head_tags::{ArticleHead, PageHead};
use crate::pages::json_ld::NewsArticle;
use crate::pages::template::{Fill, Template};
use crate::site_urls::SiteUrls;

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
        let route = Route::release(slug);
        let data = page_data(self.store, &route)?;
        let PageData::Release(release) = &data else {
            return Err(anyhow!("the release {slug:?} is not in the store"));
        };
        let ReleaseData {
            article: Some(article),
            ..
        } = release.as_ref()
        else {
            return Err(anyhow!("the release {slug:?} is not in the store"));
        };
        let relative = release_path(slug);
        let canonical = self.urls.canonical(&relative);
        let url = self.urls.absolute(&relative);
        let description = match one_line(&article.item.summary) {
            summary if summary.is_empty() => self.site_description(),
            summary => summary,
        };
        let headline = one_line(&article.item.title);
        let json_ld = self.json_ld(article, &headline, &description, &canonical);
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
        let tags = head.tags();
        let title = data.title();
        Ok(self.template.fill(&Fill {
            title: &title,
            description: &description,
            head: &tags,
            markup: &page_html(&self.links, &route, data, self.position(slug)),
        }))
    }

    /// The chronological position of release `slug`.
    fn position(&self, slug: &str) -> Option<usize> {
        self.store.catalog().and_then(|c| c.position_of(slug))
    }

    fn json_ld(&self, article: &Article, headline: &str, description: &str, url: &str) -> String {
        let language = article
            .item
            .language
            .as_deref()
            .or(self.site.language.as_deref());
        NewsArticle {
            headline,
            description,
            date_published: &article.item.datetime,
            date_modified: article.updated.as_ref().map(|(raw, _)| raw.as_str()),
            organisation: &article.item.source_name,
            url,
            based_on: &article.source_url,
            language,
            keywords: &article.item.tags,
        }
        .to_script_text()
    }

    /// A page of the list.
    pub fn list(&self, page: PageRef) -> Result<String> {
        let route = Route::List {
            page,
            filter: Filter::default(),
        };
        let data = page_data(self.store, &route)?;
        if !matches!(&data, PageData::List(list) if list.page.is_some()) {
            return Err(anyhow!("the list has no page {page:?}"));
        }
        let title = data.title();
        let relative = list_page_path(page);
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
        let tags = head.tags();
        Ok(self.template.fill(&Fill {
            title: &title,
            description: &description,
            head: &tags,
            markup: &page_html(&self.links, &route, data, None),
        }))
    }
}
