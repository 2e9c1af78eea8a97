//! The views that pages are made of. None of them knows where the data comes from.

mod article_view;
mod bundle_warnings;
mod filters_panel;
mod load_error_view;
mod loading_state;
mod marked_text;
mod not_found;
mod pagination;
mod prev_next;
mod release_card;
mod release_meta;
mod result_card;
pub(crate) mod search_form;
mod site_header;
mod tag_list;
mod update_notice;

pub use article_view::ArticleView;
pub use bundle_warnings::BundleWarnings;
pub use filters_panel::FiltersPanel;
pub use load_error_view::LoadErrorView;
pub use loading_state::LoadingState;
pub use marked_text::MarkedText;
pub use not_found::NotFound;
pub use pagination::{Pagination, ResultsPagination};
pub use prev_next::PrevNext;
pub use release_card::ReleaseCard;
pub use release_meta::ReleaseMeta;
pub use result_card::ResultCard;
pub use search_form::SearchForm;
pub use site_header::SiteHeader;
pub use tag_list::TagList;
pub use update_notice::UpdateNotice;
