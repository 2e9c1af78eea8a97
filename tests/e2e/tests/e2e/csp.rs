//! The Content-Security-Policy: dist served with the headers `cargo xtask dist` wrote into
//! `dist/_headers` (its `/*` rule, on every answer, as Netlify or Cloudflare Pages would
//! send them).
//!
//! - The app works under the policy and no violation is reported, neither to the
//!   `securitypolicyviolation` listener (installed before the page's own script) nor in
//!   the console.
//! - Injected inline code is blocked: event handler attributes, an inline `<script>`, a
//!   `javascript:` URL and string `eval` never run, and each is reported as a violation.
//! - Without the header the same injections do run, so the test above is not vacuous.

use anyhow::{ensure, Context, Result};
use pressroom_e2e::csp::{self, Violation};
use pressroom_e2e::harness::{dist_dir, run_with_headers};
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::{run, Browser, ConsolePolicy};
use serde_json::Value;

/// The `/*` headers of `dist/_headers`, checked for the policy's essentials.
fn shipped_headers() -> Result<(Vec<(String, String)>, String)> {
    let headers = csp::site_wide_headers(&dist_dir()?)?;
    let policy = csp::header(&headers, "Content-Security-Policy")
        .context("the /* rule of dist/_headers has no Content-Security-Policy")?
        .to_string();
    ensure!(
        !policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"),
        "the policy allows inline code or eval: {policy}"
    );
    let directives = csp::directives(&policy);
    let sources = |name: &str| {
        directives
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.join(" "))
    };
    for (name, expected) in [
        ("default-src", "'self'"),
        ("style-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("form-action", "'self'"),
    ] {
        ensure!(
            sources(name).as_deref() == Some(expected),
            "{name} should be {expected}: {policy}"
        );
    }
    let script_src = sources("script-src").unwrap_or_default();
    ensure!(
        script_src.starts_with("'self' 'wasm-unsafe-eval'")
            && script_src.matches("'sha256-").count() <= 2,
        "script-src should be 'self' 'wasm-unsafe-eval' and at most two hashes (trunk's \
         loader and the inlined theme script): {policy}"
    );
    ensure!(
        sources("frame-ancestors").is_some(),
        "no frame-ancestors: {policy}"
    );
    for (name, value) in [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ] {
        ensure!(
            csp::header(&headers, name) == Some(value),
            "dist/_headers /* should have {name}: {value}"
        );
    }
    Ok((headers, policy))
}

/// Fails when the listener or the console has seen a CSP violation.
async fn no_violations(b: &mut Browser, step: &str) -> Result<()> {
    let recorded = csp::violations(b).await?;
    b.collect_console().await?;
    let console = csp::csp_console_entries(b.console());
    ensure!(
        recorded.is_empty() && console.is_empty(),
        "CSP violations after {step}:\n  listener: {}\n  console: {}",
        recorded
            .iter()
            .map(Violation::to_string)
            .collect::<Vec<_>>()
            .join("\n    "),
        console
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n    ")
    );
    Ok(())
}

/// The app works under the shipped policy (list, an article, Next, a deep link and a
/// reload, the not-found page) and nothing is reported as a violation; the header really
/// reaches the browser, and subresource integrity is on.
#[tokio::test]
async fn app_works_under_the_shipped_policy_without_violations() -> Result<()> {
    let (headers, policy) = shipped_headers()?;
    run_with_headers(headers, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &mut cx.browser;
        csp::watch_violations(b.client()).await?;

        b.goto("/").await?;
        pages::check_list(b, &e).await?;
        ensure!(
            csp::listener_installed(b).await?,
            "the violation listener did not run in the page"
        );
        let served = b
            .execute(
                "return fetch(location.href, {cache: 'no-store'})\
                 .then(r => r.headers.get('content-security-policy'));",
            )
            .await?;
        ensure!(
            served.as_str() == Some(policy.as_str()),
            "the page is served with CSP {served}, expected {policy:?}"
        );
        let integrity = b
            .execute(
                "return Array.from(document.querySelectorAll(\
                 'link[rel=modulepreload], link[rel=preload], link[rel=stylesheet]'))\
                 .map(l => [l.getAttribute('href'), l.getAttribute('integrity') || '']);",
            )
            .await?;
        let links = integrity.as_array().cloned().unwrap_or_default();
        ensure!(
            links.len() >= 3,
            "expected the JS, wasm and CSS links in the page: {integrity}"
        );
        for link in &links {
            ensure!(
                link[1].as_str().is_some_and(|i| i.starts_with("sha384-")),
                "a link without subresource integrity: {link}"
            );
        }
        no_violations(b, "loading the list").await?;

        let middle = e.middle()?.clone();
        pages::click_list_link(b, &middle).await?;
        pages::check_article(b, &e, &middle).await?;
        no_violations(b, "opening an article").await?;

        let next = if b.find_all(sel::NEXT_LINK).await?.is_empty() {
            sel::PREV_LINK
        } else {
            sel::NEXT_LINK
        };
        b.click(next).await?;
        b.wait_for(sel::ARTICLE).await?;
        no_violations(b, "following Next").await?;

        // Every article, for images and anything else a release body brings.
        for release in &e.chronological {
            b.goto(&release.encoded_path()).await?;
            pages::check_article(b, &e, release).await?;
        }
        no_violations(b, "deep-linking every article").await?;
        b.refresh().await?;
        b.wait_for(sel::ARTICLE).await?;
        ensure!(
            csp::listener_installed(b).await?,
            "the violation listener did not run after a reload"
        );
        b.goto("/releases/no-such-release").await?;
        b.wait_for(sel::NOT_FOUND).await?;
        no_violations(b, "a reload and the not-found page").await?;
        Ok(())
    })
    .await
}

/// What each injected payload records when it runs.
const RAN: &str = "window.__cspRan";
/// How many payloads [`inject`] plants.
const PAYLOADS: usize = 5;

/// Injects inline code in five ways; each payload pushes its name onto `window.__cspRan`:
/// an `onload` and an `onclick` attribute (clicked), a `javascript:` link (clicked), an
/// inline `<script>` element and a string passed to `setTimeout` (string eval; a direct
/// `eval` would run in WebDriver's own context, which the page's CSP does not govern).
async fn inject(b: &Browser) -> Result<()> {
    let icon = b
        .attr("link[rel=icon]", "href")
        .await?
        .context("the page has no icon link")?;
    // Each payload as a JavaScript string literal.
    let push = |name: &str| Value::from(format!("({RAN} = {RAN} || []).push('{name}')"));
    let script = format!(
        r#"
        window.__cspBlocked = 0;
        document.addEventListener('securitypolicyviolation', () => {{ window.__cspBlocked += 1; }});
        const host = document.createElement('div');
        host.id = 'csp-probe';
        const img = document.createElement('img');
        img.setAttribute('onload', {img});
        img.src = {icon} + '?csp-probe';
        const button = document.createElement('button');
        button.id = 'csp-probe-click';
        button.type = 'button';
        button.textContent = 'probe';
        button.setAttribute('onclick', {click});
        const link = document.createElement('a');
        link.id = 'csp-probe-link';
        link.textContent = 'probe link';
        link.setAttribute('href', 'javascript:' + {link});
        host.append(img, button, link);
        document.body.appendChild(host);
        const s = document.createElement('script');
        s.textContent = {script};
        document.body.appendChild(s);
        setTimeout({eval}, 0);
        return true;
        "#,
        icon = Value::from(icon),
        img = push("img-onload"),
        click = push("onclick"),
        link = push("javascript-url"),
        script = push("inline-script"),
        eval = push("eval"),
    );
    b.execute(&script).await?;
    b.click("#csp-probe-click").await?;
    b.click("#csp-probe-link").await?;
    // Every payload has had its chance: each one either ran or was blocked (a
    // `securitypolicyviolation` event), and the image has loaded.
    b.poll("each payload to run or be blocked", || async {
        let settled = b
            .execute(&format!(
                "return document.querySelector('#csp-probe img').complete \
                 && ({RAN} || []).length + window.__cspBlocked >= {PAYLOADS}"
            ))
            .await?;
        Ok((settled == Value::Bool(true)).then_some(()))
    })
    .await?;
    Ok(())
}

/// The payloads that ran.
async fn ran(b: &Browser) -> Result<Vec<String>> {
    let value = b.execute(&format!("return {RAN} || null;")).await?;
    Ok(match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    })
}

/// Injected inline handlers, an inline script, a `javascript:` link and string eval
/// are all blocked under the shipped policy, and reported as violations (listener and
/// console).
#[tokio::test]
async fn injected_inline_code_is_blocked_and_reported() -> Result<()> {
    let (headers, _) = shipped_headers()?;
    let allowed = csp::CONSOLE_MARKERS
        .iter()
        .map(|m| (*m).to_string())
        .collect();
    run_with_headers(
        headers,
        ConsolePolicy::AllowErrorsMentioning(allowed),
        async |cx| {
            let b = &mut cx.browser;
            csp::watch_violations(b.client()).await?;
            b.goto("/").await?;
            b.wait_for(sel::RELEASE_ITEM).await?;
            no_violations(b, "loading the list").await?;

            inject(b).await?;
            let ran = ran(b).await?;
            ensure!(
                ran.is_empty(),
                "injected inline code ran under the CSP: {ran:?}"
            );

            let recorded = b
                .poll("the violations of the injected code", || async {
                    let recorded = csp::violations(b).await?;
                    let count = |d: &str| recorded.iter().filter(|v| v.directive == d).count();
                    // img onload + onclick; the inline script + the javascript: URL; eval.
                    if count("script-src-attr") >= 2
                        && count("script-src-elem") >= 2
                        && count("script-src") >= 1
                    {
                        return Ok(Some(recorded));
                    }
                    anyhow::bail!(
                        "recorded so far: {}",
                        recorded
                            .iter()
                            .map(Violation::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                })
                .await?;
            ensure!(
                recorded.iter().all(|v| v.disposition == "enforce"),
                "violations should be enforced, not only reported: {recorded:?}"
            );
            b.collect_console().await?;
            let console = csp::csp_console_entries(b.console());
            ensure!(
                console.len() >= 5,
                "the console should report the blocked code, got: {console:?}"
            );
            for (what, text) in [
                ("the inline handlers", "inline event handler"),
                ("the inline script", "inline script"),
                ("the javascript: URL", "JavaScript URL"),
                ("string eval", "Evaluating a string as JavaScript"),
            ] {
                ensure!(
                    console.iter().any(|e| e.message.contains(text)),
                    "the console does not report {what} ({text:?}): {console:?}"
                );
            }
            // The app is still there and working.
            b.click(sel::RELEASE_LINK).await?;
            b.wait_for(sel::ARTICLE).await?;
            Ok(())
        },
    )
    .await
}

/// Control: served without the header, the same injections run, so the blocking above
/// is the policy's doing.
#[tokio::test]
async fn without_the_header_the_injections_run() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let b = &mut cx.browser;
        b.goto("/").await?;
        b.wait_for(sel::RELEASE_ITEM).await?;
        inject(b).await?;
        let ran = b
            .poll("every injected payload to run", || async {
                let mut ran = ran(b).await?;
                ran.sort();
                if ran.len() >= 5 {
                    return Ok(Some(ran));
                }
                anyhow::bail!("ran so far: {ran:?}")
            })
            .await?;
        ensure!(
            ran == [
                "eval",
                "img-onload",
                "inline-script",
                "javascript-url",
                "onclick"
            ],
            "unexpected payload runs without a CSP: {ran:?}"
        );
        Ok(())
    })
    .await
}
