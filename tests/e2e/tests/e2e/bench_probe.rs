//! The browser benchmark's in-page probe (`benches/browser/src/probe.js`), timing clicks
//! on Next on a hand-written reader whose frames are known: the reader notes when it was
//! clicked, when it showed the next article, and when the frames after those began. The
//! probe must time a click to the paint of the frame that shows the new article: the
//! click's own frame for a reader that changes the page at once (not one frame later),
//! a later frame for a reader that changes it later (not the click's own).

use anyhow::{ensure, Context, Result};
use pressroom_e2e::browser::Browser;
use pressroom_e2e::server::Fallback;
use pressroom_e2e::sites::{run_site, Build, Hosted};
use pressroom_e2e::ConsolePolicy;
use serde_json::Value;

/// The probe, as the benchmark injects it.
const PROBE: &str = include_str!("../../../../benches/browser/src/probe.js");

/// The reader's folder in the site.
const FOLDER: &str = "bench-probe";

/// An article with a Next link; the reader's script and the probe are files, since the
/// site's policy allows no inline script.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Probe check</title>
<link rel="icon" href="icon.svg">
<script src="probe.js"></script><script src="reader.js" defer></script></head>
<body><h1 data-testid="release-title">Article 0</h1>
<div data-testid="release-body"><p>Body 0</p></div>
<a data-testid="next-link" href="article-1">Next: <bdi>Article 1</bdi></a></body></html>
"#;

/// The page's icon (without one, the browser asks for `/favicon.ico`).
const ICON: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>"#;

/// Shows the next article on a click on Next: at once, or 40 ms later with `?late`.
/// `window.clicks` gets, for each click (performance.now() times): `clicked`;
/// `nextFrame`, the start of the frame after the click's; `shown`; and `frameShowing`,
/// the start of the first frame after the article was shown.
const READER: &str = r#"const late = location.search.includes('late');
window.clicks = [];
let n = 0;
const link = document.querySelector('[data-testid="next-link"]');
link.addEventListener('click', (event) => {
  event.preventDefault();
  const click = { clicked: performance.now() };
  window.clicks.push(click);
  requestAnimationFrame(() => { click.nextFrame = performance.now(); });
  const show = () => {
    n += 1;
    history.pushState(null, '', `article-${n}`);
    document.querySelector('[data-testid="release-title"]').textContent = `Article ${n}`;
    document.querySelector('[data-testid="release-body"]').innerHTML = `<p>Body ${n}</p>`;
    link.querySelector('bdi').textContent = `Article ${n + 1}`;
    click.shown = performance.now();
    requestAnimationFrame(() => { click.frameShowing = performance.now(); });
  };
  if (late) setTimeout(show, 40); else show();
});
"#;

/// One click, as the reader noted it and the probe measured it (ms).
#[derive(Debug)]
struct Click {
    clicked: f64,
    next_frame: f64,
    frame_showing: f64,
    /// The probe's time from the click to the painted frame.
    measured: f64,
}

impl Click {
    /// Reads one of `walk`'s objects.
    fn from_value(value: &Value) -> Result<Self> {
        let field = |name: &str| {
            value[name]
                .as_f64()
                .with_context(|| format!("no {name} in the click's notes {value}"))
        };
        Ok(Self {
            clicked: field("clicked")?,
            next_frame: field("nextFrame")?,
            frame_showing: field("frameShowing")?,
            measured: field("measured")?,
        })
    }

    /// When the probe's measurement ended (it starts just before the click).
    fn painted(&self) -> f64 {
        self.clicked + self.measured
    }
}

/// The clicks of a walk of `count` clicks on Next, once the reader has noted the frames.
async fn walk(browser: &Browser, count: usize) -> Result<Vec<Click>> {
    let script = format!(
        "const times = await window.__bench.walk({count}, 'next', false, 10000);
         await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
         return window.clicks.map((click, i) => ({{ ...click, measured: times[i] }}));"
    );
    let value = browser.execute(&script).await?;
    let clicks = value
        .as_array()
        .context("the reader's notes of the clicks")?
        .iter()
        .map(Click::from_value)
        .collect::<Result<Vec<_>>>()?;
    ensure!(
        clicks.len() == count,
        "{} clicks noted, not {count}",
        clicks.len()
    );
    Ok(clicks)
}

fn site_with_reader() -> Result<Hosted> {
    Hosted::start(Build::Root, Fallback::NotFoundPage, Vec::new(), |site| {
        let folder = site.join(FOLDER);
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("index.html"), PAGE)?;
        std::fs::write(folder.join("reader.js"), READER)?;
        std::fs::write(folder.join("probe.js"), PROBE)?;
        std::fs::write(folder.join("icon.svg"), ICON)?;
        Ok(())
    })
}

#[tokio::test]
async fn the_probe_times_a_click_to_the_frame_that_shows_the_new_article() -> Result<()> {
    run_site(site_with_reader()?, ConsolePolicy::NoErrors, async |cx| {
        let base = Build::Root.base();
        cx.browser.goto(&format!("{base}{FOLDER}/")).await?;
        let at_once = walk(&cx.browser, 3).await?;
        // A frame lasts about 16.7 ms here; a busy machine may delay a paint past the next
        // frame now and then, so one click of three in its own frame is enough. Timed to
        // the frame after, none would be.
        ensure!(
            at_once.iter().any(|c| c.painted() < c.next_frame),
            "a page shown at once was timed to a later frame than the click's: {at_once:?}"
        );
        cx.browser.goto(&format!("{base}{FOLDER}/?late")).await?;
        let late = walk(&cx.browser, 3).await?;
        for click in &late {
            ensure!(
                click.painted() >= click.frame_showing,
                "a page shown 40 ms after the click was timed before the frame that shows it: {click:?}"
            );
        }
        Ok(())
    })
    .await
}
