//! The pages the routes show. Each page's body is a plain function of the store, so the
//! native pre-renderer ([`crate::prerender_views`]) renders the same markup.

mod list_page;
mod not_found_page;
mod release_page;

pub use list_page::{list_body, list_document_title, ListPage};
pub use not_found_page::NotFoundPage;
pub use release_page::{release_body, release_document_title, ReleasePage};
