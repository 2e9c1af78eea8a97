//! One benchmark run: prepare the readers' sites, start the browser, run every scenario
//! under every condition (timing each), and close the browser.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::bundles;
use crate::conditions::Condition;
use crate::options::{Plan, Scenario};
use crate::readers::{Reader, Served};
use crate::results::{Results, Unit};
use crate::scenarios::{cold, data_size, memory, navigation, scale, Cx};
use crate::session::Session;
use crate::sites::{self, Inputs, SiteSet};

/// How much body the scale check's huge release gets.
const HUGE_BODY_BYTES: usize = 50_000_000;

/// The readers of the data and scale scenarios.
const DATA_READERS: [Reader; 3] = [
    Reader::PressroomShell,
    Reader::ArchiveShell,
    Reader::Baseline,
];

/// The readers of the 50 MB body: one release, so the single file.
const HUGE_READERS: [Reader; 2] = [Reader::PressroomShell, Reader::Baseline];

/// The prepared sites.
struct Sites {
    main: SiteSet,
    by_size: Vec<(usize, SiteSet)>,
    huge: Option<(SiteSet, usize)>,
}

fn data_site(plan: &Plan, inputs: &Inputs, count: usize) -> Result<SiteSet> {
    let mut set = sites::prepare(
        inputs,
        &format!("gen-{count}"),
        &plan.bundle(count)?,
        &DATA_READERS,
    )?;
    for layout in &plan.layouts {
        let dir = Plan::layout_dir(layout, count)?;
        let label = format!("{} [{}]", Reader::PressroomShell.name(), layout.name);
        set.served
            .push(Served::start(Reader::PressroomShell, &label, &dir)?);
    }
    Ok(set)
}

fn huge_site(plan: &Plan, inputs: &Inputs) -> Result<(SiteSet, usize)> {
    let main = std::fs::read_to_string(plan.bundle(plan.main_count)?)
        .context("reading the main bundle")?;
    let text = bundles::with_huge_release(&main, HUGE_BODY_BYTES)?;
    let path = plan.work.join("bundles-huge-body.json");
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    let set = sites::prepare(inputs, "huge-body", &path, &HUGE_READERS)?;
    Ok((set, bundles::huge_body(HUGE_BODY_BYTES).len()))
}

fn prepare(plan: &Plan, marked: &Path) -> Result<Sites> {
    let inputs = Inputs {
        app: plan.app.clone(),
        pressroom: plan.pressroom.clone(),
        baseline: plan.baseline.clone(),
        marked: marked.to_path_buf(),
        work: plan.work.clone(),
    };
    let main = sites::prepare(
        &inputs,
        "main",
        &plan.bundle(plan.main_count)?,
        &cold::READERS,
    )?;
    let by_size = plan
        .needed_sizes()
        .into_iter()
        .map(|count| data_site(plan, &inputs, count).map(|set| (count, set)))
        .collect::<Result<_>>()?;
    let huge = if plan.runs_scenario(Scenario::Scale) {
        Some(huge_site(plan, &inputs)?)
    } else {
        None
    };
    Ok(Sites {
        main,
        by_size,
        huge,
    })
}

/// The name of a scenario group in the wall-time table.
fn group_name(scenario: Scenario) -> &'static str {
    match scenario {
        Scenario::Article => "1/5/7 cold article",
        Scenario::List => "2/5/7 cold list",
        Scenario::Navigation => "3 next clicks",
        Scenario::Data => "4/5 data ready",
        Scenario::Memory => "6 memory",
        Scenario::Scale => "scale checks",
    }
}

async fn one(
    cx: &mut Cx,
    sites: &Sites,
    plan: &Plan,
    scenario: Scenario,
    condition: Condition,
) -> Result<()> {
    match scenario {
        Scenario::Article => cold::article(cx, &sites.main, condition).await,
        Scenario::List => cold::list(cx, &sites.main, condition).await,
        Scenario::Navigation => navigation::next_clicks(cx, &sites.main, condition).await,
        Scenario::Memory => memory::memory(cx, &sites.main, condition).await,
        Scenario::Data => {
            let largest = plan.sizes.iter().copied().max().unwrap_or_default();
            for (count, set) in sites.by_size.iter().filter(|(c, _)| plan.sizes.contains(c)) {
                data_size::data_ready(cx, set, (*count, largest), condition).await?;
            }
            Ok(())
        }
        Scenario::Scale => {
            if let Some((_, set)) = sites.by_size.iter().find(|(c, _)| *c == 100_000) {
                scale::hundred_thousand(cx, set, condition).await?;
            }
            if let Some((set, body_len)) = &sites.huge {
                scale::fifty_megabytes(cx, set, *body_len, condition).await?;
            }
            Ok(())
        }
    }
}

/// Runs the plan; the results (failed points included).
pub async fn run(plan: &Plan) -> Result<Results> {
    let marked = crate::baseline::install_marked(&plan.npm_dir())?;
    let sites = prepare(plan, &marked)?;
    let session = Session::start().await?;
    let mut cx = Cx {
        session,
        results: Results::default(),
        runs: plan.runs,
        mobile_runs: plan.mobile_runs,
        quick: plan.quick,
    };
    for &condition in &plan.conditions {
        for &scenario in &plan.scenarios {
            let name = group_name(scenario);
            println!("== {name} [{}]", condition.name());
            let started = Instant::now();
            if let Err(e) = one(&mut cx, &sites, plan, scenario, condition).await {
                println!("    failed: {e:#}");
                cx.results
                    .record(name, condition, "-", Unit::Ms, Err(format!("{e:#}")));
            }
            cx.results
                .wall(name, condition, started.elapsed().as_secs_f64());
        }
    }
    let results = std::mem::take(&mut cx.results);
    cx.session.close().await?;
    Ok(results)
}
