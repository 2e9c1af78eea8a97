//! 10,000 releases pre-render; the time is printed, not asserted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{generated_bundle, index_files, run};

#[test]
fn ten_thousand_releases() {
    let bundle = generated_bundle(10_000);
    let (dist, report) = run("scale", &bundle, Some("https://press.example/newsroom/"));
    assert_eq!(report.releases, 10_000);
    assert_eq!(report.list_pages, 200);
    let files = index_files(&dist);
    assert_eq!(files.len(), 10_000 + 200);
    assert_eq!(
        files
            .iter()
            .filter(|p| p.starts_with(dist.join("releases")))
            .count(),
        10_000
    );
    eprintln!(
        "pre-rendered 10,000 releases and 200 list pages in {:.2} s (test profile)",
        report.elapsed.as_secs_f64()
    );
}
