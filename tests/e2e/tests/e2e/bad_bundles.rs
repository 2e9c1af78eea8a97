//! Bad bundles: each unreadable one gives an error that says what is wrong and where,
//! never a panic, and Retry shows the list once the file is fixed; a byte-order mark is
//! accepted; and invalid releases (duplicate slugs) are skipped with a visible warning.
//! The huge ones (100,000 releases, a 50 MB body) are scale runs in `cargo xtask bench`.

use anyhow::{ensure, Context, Result};
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::{run, ConsolePolicy, Ctx, Expected};

fn bundle_errors_only() -> ConsolePolicy {
    ConsolePolicy::AllowErrorsMentioning(vec!["releases.json".to_string()])
}

/// One unreadable bundle and the texts its error must contain.
struct Case {
    what: &'static str,
    bytes: Vec<u8>,
    says: Vec<String>,
}

fn case(what: &'static str, bytes: impl Into<Vec<u8>>, says: &[&str]) -> Case {
    Case {
        what,
        bytes: bytes.into(),
        says: says.iter().map(|s| s.to_string()).collect(),
    }
}

/// The original bundle with one byte 0xFF put in the middle of a string, and the
/// offset, line and column the error must name.
fn invalid_utf8(original: &str) -> Result<(Vec<u8>, usize, usize, usize)> {
    let marker = "\"title\": \"";
    let at = original
        .find(marker)
        .or_else(|| original.find("\"title\":\""))
        .context("the sample bundle has no title")?
        + marker.len()
        - 1;
    let mut bytes = original.as_bytes().to_vec();
    bytes.insert(at, 0xFF);
    let before = &original[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Ok((bytes, at, line, column))
}

fn cases(original: &str) -> Result<Vec<Case>> {
    let (utf8, offset, line, column) = invalid_utf8(original)?;
    let deep = 1_000;
    let truncated = &original[..original.len() / 2];
    let truncated = &truncated[..truncated.char_indices().last().map_or(0, |(i, _)| i)];
    let mut wrong_type: serde_json::Value = serde_json::from_str(original)?;
    wrong_type["releases"][1]["tags"] = serde_json::json!("not-a-list");
    let mut no_version: serde_json::Value = serde_json::from_str(original)?;
    no_version
        .as_object_mut()
        .context("the sample bundle is not an object")?
        .remove("version");
    let mut version_2: serde_json::Value = serde_json::from_str(original)?;
    version_2["version"] = serde_json::json!(2);
    Ok(vec![
        case("an empty file", "", &["the bundle is empty"]),
        case(
            "plain text",
            "Service temporarily unavailable, please come back later",
            &["not valid JSON", "line 1, column 1"],
        ),
        case(
            "an HTML error page served as releases.json with status 200",
            "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            &["HTML page, not JSON"],
        ),
        case(
            "a bundle cut in half",
            truncated,
            &["not valid JSON", "EOF while parsing", "line", "column"],
        ),
        case(
            "invalid UTF-8",
            utf8,
            &[
                "not valid UTF-8",
                "byte 0xFF",
                &format!("byte offset {offset} (line {line}, column {column})"),
            ],
        ),
        case(
            "a wrong type",
            serde_json::to_string_pretty(&wrong_type)?,
            &["wrong value at `releases[1].tags`", "expected a sequence", "line"],
        ),
        case(
            "a deeply nested version, quoted only in part",
            format!(
                r#"{{"version": {}{}, "site": {{"title": "Deep"}}, "releases": []}}"#,
                "[".repeat(deep),
                "]".repeat(deep)
            ),
            &["unsupported bundle version [[[[", "[…; this viewer reads version 1"],
        ),
        case(
            "deep nesting inside a release",
            format!(
                r#"{{"version": 1, "site": {{"title": "Deep"}}, "releases": [{{"id": "a", "tags": {}{}}}]}}"#,
                "[".repeat(deep),
                "]".repeat(deep)
            ),
            &["wrong value at `releases[0].tags[0]`"],
        ),
        case(
            "no version",
            serde_json::to_string(&no_version)?,
            &["no `version`", "reads version 1"],
        ),
        case(
            "an unknown version",
            serde_json::to_string(&version_2)?,
            &["unsupported bundle version 2"],
        ),
        case(
            "a JSON array",
            "[]",
            &["must be a JSON object"],
        ),
    ])
}

/// Every unreadable bundle: the error names what is wrong, where (line, column, byte
/// offset or path) and the bundle's URL; nothing is listed; Retry recovers.
#[tokio::test]
async fn unreadable_bundles_say_what_and_where_and_retry_recovers() -> Result<()> {
    run(bundle_errors_only(), async |cx| {
        let cases = cases(&cx.expected.text)?;
        let count = cases.len();
        for case in cases {
            check_case(cx, &case)
                .await
                .with_context(|| format!("bad bundle: {}", case.what))?;
        }
        eprintln!("{count} unreadable bundles tried, each named with its position, Retry recovered from each");
        Ok(())
    })
    .await
}

async fn check_case(cx: &Ctx, case: &Case) -> Result<()> {
    std::fs::write(cx.bundle_file(), &case.bytes)?;
    let b = &cx.browser;
    b.goto("/").await?;
    let text = b.text(sel::LOAD_ERROR).await?;
    for expected in case.says.iter().chain(["releases.json".to_string()].iter()) {
        ensure!(
            text.contains(expected.as_str()),
            "{} text is {text:?}, should contain {expected:?}",
            sel::LOAD_ERROR
        );
    }
    b.assert_absent(sel::RELEASE_ITEM, "the bundle is unreadable")
        .await?;
    cx.restore_bundle()?;
    b.click(sel::RETRY).await?;
    pages::check_list(b, &cx.expected)
        .await
        .context("after Retry with releases.json fixed")?;
    b.assert_absent(sel::LOAD_ERROR, "the bundle loaded after Retry")
        .await
}

/// A UTF-8 byte-order mark before the JSON is accepted.
#[tokio::test]
async fn byte_order_mark_is_accepted() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(cx.expected.text.as_bytes());
        std::fs::write(cx.bundle_file(), bytes)?;
        cx.browser.goto("/").await?;
        pages::check_list(&cx.browser, &cx.expected).await?;
        cx.browser
            .assert_absent(sel::LOAD_ERROR, "a BOM is fine")
            .await
    })
    .await
}

/// Two releases with the same slug: the second is skipped, the warning says which and
/// why, and every other release is listed (the policy: skip with a visible warning).
#[tokio::test]
async fn duplicate_slugs_are_skipped_with_a_visible_warning() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let mut bundle: serde_json::Value = serde_json::from_str(&cx.expected.text)?;
        let releases = bundle["releases"]
            .as_array_mut()
            .context("no releases array")?;
        ensure!(releases.len() >= 3, "the sample needs 3 releases");
        releases[0]["slug"] = serde_json::json!("same-slug");
        releases[2]["slug"] = serde_json::json!("same-slug");
        let skipped_title = releases[2]["title"]
            .as_str()
            .context("release 3 has no title")?
            .to_string();
        let text = serde_json::to_string_pretty(&bundle)?;
        let expected = Expected::from_json(&text)?;
        ensure!(
            expected.problem_count == 1,
            "core should report one problem"
        );
        cx.write_bundle(&text)?;

        let b = &cx.browser;
        b.goto("/").await?;
        pages::check_list(b, &expected).await?;
        b.click(&format!("{} summary", sel::BUNDLE_WARNINGS))
            .await?;
        let warnings = b.text(sel::BUNDLE_WARNINGS).await?;
        ensure!(
            warnings.contains("1 problem")
                && warnings.contains("release 3")
                && warnings.contains("field `slug`: duplicates the slug of release 1"),
            "the warning is {warnings:?}"
        );
        let titles = b.texts(sel::RELEASE_LINK).await?;
        ensure!(
            !titles.iter().any(|t| t.trim() == skipped_title),
            "the duplicate {skipped_title:?} is still listed"
        );
        Ok(())
    })
    .await
}
