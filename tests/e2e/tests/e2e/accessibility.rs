//! The accessibility audit: axe-core (from npm, installed by the bootstrap and named by
//! `PRESSROOM_AXE`) runs in Chromium at WCAG 2.0/2.1 A and AA on the list, an article, a
//! Korean article, the not-found page, the error state and a pre-rendered page before the
//! app has taken over, in the light and the dark theme. The expectation is no violation;
//! a violation is reported with its rule, its help text and the elements it found.

use anyhow::{ensure, Context, Result};
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::server::Fallback;
use pressroom_e2e::session_command::cdp;
use pressroom_e2e::sites::{run_site, Build, Hosted};
use pressroom_e2e::{run, Browser, ConsolePolicy};
use serde_json::{json, Value};

/// Runs axe on the page; calls back with its violations, a few elements each.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
}).then((r) => done(r.violations.map((v) => ({
  id: v.id, help: v.help,
  nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' — ' + n.failureSummary),
})))).catch((e) => done([{ id: 'axe-error', help: String(e), nodes: [] }]));
"#;

/// axe-core's script.
fn axe_source() -> Result<String> {
    let path = std::env::var_os("PRESSROOM_AXE").context(
        "PRESSROOM_AXE is not set: it names axe-core's axe.min.js, which `cargo xtask setup` installs",
    )?;
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.to_string_lossy()))
}

/// Audits the page shown; fails with every violation found.
async fn audit(b: &Browser, what: &str) -> Result<()> {
    b.execute(&axe_source()?).await?;
    let found = b
        .client()
        .execute_async(RUN_AXE, Vec::new())
        .await
        .with_context(|| format!("running axe on {what}"))?;
    let violations = found
        .as_array()
        .cloned()
        .with_context(|| format!("axe gave no list of violations on {what}: {found}"))?;
    let report: Vec<String> = violations
        .iter()
        .map(|v| {
            let nodes: Vec<&str> = v["nodes"]
                .as_array()
                .map(|n| n.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            format!("{}: {}\n    {}", v["id"], v["help"], nodes.join("\n    "))
        })
        .collect();
    ensure!(
        report.is_empty(),
        "{what}: {} accessibility violation(s):\n{}",
        report.len(),
        report.join("\n")
    );
    Ok(())
}

/// Switches the page's `prefers-color-scheme`.
async fn color_scheme(b: &Browser, scheme: &str) -> Result<()> {
    let features = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
    cdp(b.client(), "Emulation.setEmulatedMedia", features).await?;
    Ok(())
}

#[tokio::test]
async fn pages_pass_the_audit_in_both_themes() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let middle = e.middle()?;
        let korean = e.non_ascii_slug()?;
        for scheme in ["light", "dark"] {
            color_scheme(b, scheme).await?;
            b.goto("/").await?;
            b.wait_for(sel::RELEASE_ITEM).await?;
            audit(b, &format!("the list ({scheme})")).await?;
            b.goto(&middle.encoded_path()).await?;
            b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
            audit(b, &format!("an article ({scheme})")).await?;
            b.goto(&korean.encoded_path()).await?;
            b.wait_text(sel::ARTICLE_TITLE, &korean.title).await?;
            audit(b, &format!("a Korean article ({scheme})")).await?;
            b.goto("/releases/no-such-release/").await?;
            b.wait_for(sel::NOT_FOUND).await?;
            audit(b, &format!("the not-found page ({scheme})")).await?;
            b.goto("/?q=the").await?;
            b.wait_for("[data-testid=\"results-heading\"]").await?;
            pages::wait_takeover(b).await?;
            audit(b, &format!("search results ({scheme})")).await?;
            b.click("[data-testid=\"shortcuts-button\"]").await?;
            b.wait_for("[data-testid=\"shortcuts-help\"]").await?;
            audit(b, &format!("the shortcuts' help ({scheme})")).await?;
        }
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_audit_finds_what_it_should() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let b = &cx.browser;
        b.goto("/").await?;
        b.wait_for(sel::RELEASE_ITEM).await?;
        // Positive controls: an image without a text alternative, pale text.
        b.execute(
            "const m = document.querySelector('main');
             const img = document.createElement('img'); m.prepend(img);
             const p = document.createElement('p'); p.textContent = 'pale';
             p.style.color = '#eeeeee'; p.style.background = '#ffffff'; m.prepend(p);",
        )
        .await?;
        let error = audit(b, "a page with two known faults")
            .await
            .err()
            .context("the audit passed a page with known faults")?;
        let text = format!("{error:#}");
        for rule in ["image-alt", "color-contrast"] {
            ensure!(text.contains(rule), "the audit missed {rule}: {text}");
        }
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_error_state_passes_the_audit() -> Result<()> {
    let policy = ConsolePolicy::AllowErrorsMentioning(vec!["releases.json".to_owned()]);
    run(policy, async |cx| {
        let b = &cx.browser;
        cx.remove_bundle()?;
        b.goto("/").await?;
        b.wait_for(sel::LOAD_ERROR).await?;
        audit(b, "the error state").await
    })
    .await
}

#[tokio::test]
async fn a_prerendered_page_passes_before_the_app_takes_over() -> Result<()> {
    let policy = ConsolePolicy::AllowErrorsMentioning(vec!["ERR_BLOCKED_BY_CLIENT".to_owned()]);
    let hosted = Hosted::start(Build::Root, Fallback::FilesOnly, Vec::new(), |_| Ok(()))?;
    run_site(hosted, policy, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        // The app's script never arrives, so the pages stay as they were served.
        cdp(b.client(), "Network.enable", json!({})).await?;
        let blocked = json!({ "urls": ["*.js", "*.wasm"] });
        cdp(b.client(), "Network.setBlockedURLs", blocked).await?;
        let middle = e.middle()?;
        for scheme in ["light", "dark"] {
            color_scheme(b, scheme).await?;
            b.goto(&middle.path()).await?;
            b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
            let prerendered = b.attr("#pressroom", "data-prerendered").await?;
            ensure!(prerendered.is_some(), "the page is the pre-rendered one");
            audit(b, &format!("a pre-rendered article ({scheme})")).await?;
            b.goto("/").await?;
            b.wait_for(sel::RELEASE_ITEM).await?;
            audit(b, &format!("the pre-rendered list ({scheme})")).await?;
        }
        Ok(())
    })
    .await
}
