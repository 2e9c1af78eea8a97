//! Korean (한국어).

use super::Messages;

/// The Korean table.
pub const MESSAGES: Messages = Messages {
    language: "ko",
    skip_to_content: "본문 바로가기",
    loading: "보도자료를 불러오는 중…",
    load_failed: "보도자료를 불러오지 못했습니다",
    retry: "다시 시도",
    all_releases: "← 전체 보도자료",
    updated: "수정: ",
    body_failed: "이 보도자료의 본문을 불러오지 못했습니다: ",
    first_appeared_on: "이 글의 원문 게재처: ",
    more_releases: "다른 보도자료",
    previous: "이전: ",
    next: "다음: ",
    pages: "페이지",
    newer: "← 최신",
    older: "이전 →",
    result_pages: "검색 결과 페이지",
    previous_page: "← 이전",
    next_page: "다음 →",
    search_label: "보도자료 검색",
    search: "검색",
    tags: "태그",
    moved_or_removed: "옮겨졌거나 삭제되었을 수 있습니다.",
    page_not_found: "페이지를 찾을 수 없습니다",
    release_not_found: "보도자료를 찾을 수 없습니다",
    no_releases: "아직 보도자료가 없습니다.",
    did_you_mean: "이 검색어를 찾으셨나요? ",
    new_releases: "새 보도자료가 있습니다 — ",
    reload: "새로 고침",
};
