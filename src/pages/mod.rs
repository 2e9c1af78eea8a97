//! The pages the router shows.

mod list_page;
mod not_found_page;
mod release_page;

pub use list_page::ListPage;
pub use not_found_page::NotFoundPage;
pub use release_page::ReleasePage;
