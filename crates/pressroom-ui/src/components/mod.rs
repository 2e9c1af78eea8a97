//! The views that pages are made of. None of them knows where the data comes from.

mod article_view;
mod bundle_warnings;
mod load_error_view;
mod loading_state;
mod not_found;
mod pagination;
mod prev_next;
mod release_card;
mod release_meta;
mod site_header;
mod tag_list;
mod update_notice;

pub use article_view::ArticleView;
pub use bundle_warnings::BundleWarnings;
pub use load_error_view::LoadErrorView;
pub use loading_state::LoadingState;
pub use not_found::NotFound;
pub use pagination::Pagination;
pub use prev_next::PrevNext;
pub use release_card::ReleaseCard;
pub use release_meta::ReleaseMeta;
pub use site_header::SiteHeader;
pub use tag_list::TagList;
pub use update_notice::UpdateNotice;
