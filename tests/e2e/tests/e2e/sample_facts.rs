//! Hand-written facts about the sample bundle (`public/releases.json`), checked in the
//! browser, so that an expectation never rests only on what the core computes: the first
//! and last titles of the list, one Korean slug, and one pair of neighbours (two releases
//! published at the same minute, ordered by id).

use anyhow::{ensure, Result};
use pressroom_e2e::pages::sel;
use pressroom_e2e::{run, ConsolePolicy};

/// The newest sample release, first in the list.
const NEWEST: &str = "Main Street Resurfacing: Road Closure Dates Confirmed";
/// The oldest, last in the list.
const OLDEST: &str = "NASA Statement on Nomination for Agency Deputy Administrator";
/// The slug derived from "해양수산부, 2024년 연안 정화 계획 발표 (샘플)".
const KOREAN_SLUG: &str = "해양수산부-2024년-연안-정화-계획-발표-샘플";
const KOREAN_TITLE: &str = "해양수산부, 2024년 연안 정화 계획 발표 (샘플)";
/// Both published 2024-10-01T09:00:00Z; the tie is broken by id, so blood-pressure
/// (id `sample-health-2024-blood-pressure`) is the older of the two.
const TIED_OLDER: &str = "free-blood-pressure-checks-offered-at-community-centres";
const TIED_NEWER_TITLE: &str = "Seasonal Flu Vaccination Clinics Open Across the Region";
const TIED_OLDER_PREVIOUS: &str =
    "Seventh United States-Republic of Korea Working Group to Counter Cyber Threats Posed by the Democratic People’s Republic of Korea";

#[tokio::test]
async fn the_sample_reads_as_written_by_hand() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let b = &cx.browser;
        b.goto("/").await?;
        b.wait_count(sel::RELEASE_ITEM, 28).await?;
        let titles = b.texts(sel::RELEASE_LINK).await?;
        ensure!(titles.len() == 28, "28 releases: {}", titles.len());
        ensure!(titles[0].trim() == NEWEST, "first: {:?}", titles[0]);
        ensure!(titles[27].trim() == OLDEST, "last: {:?}", titles[27]);

        // The Korean slug, percent-encoded on the wire, opens its release.
        let path: String = format!(
            "/releases/{}/",
            percent_encoding::utf8_percent_encode(KOREAN_SLUG, percent_encoding::NON_ALPHANUMERIC)
        );
        b.goto(&path).await?;
        b.wait_text(sel::ARTICLE_TITLE, KOREAN_TITLE).await?;
        ensure!(b.path().await? == format!("/releases/{KOREAN_SLUG}/"));

        // The tie: previous and next as written by hand.
        b.goto(&format!("/releases/{TIED_OLDER}/")).await?;
        b.wait_text(sel::NEXT_LINK, &format!("Next: {TIED_NEWER_TITLE}"))
            .await?;
        let previous = b.text(sel::PREV_LINK).await?;
        ensure!(
            previous.trim() == format!("Previous: {TIED_OLDER_PREVIOUS}"),
            "previous: {previous:?}"
        );
        Ok(())
    })
    .await
}
