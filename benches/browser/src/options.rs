//! The command line, and the plan it resolves to (paths, runs, scenarios, conditions,
//! sizes, data layouts). `--quick` is N=5, the normal condition only, and a subset:
//! no 100k bundle and no scale checks.

use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use clap::{Parser, ValueEnum};

use crate::conditions::Condition;

/// A group of scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    /// 1 (with 5, 7): cold deep link to an article.
    Article,
    /// 2 (with 5, 7): cold list page.
    List,
    /// 3: 50 consecutive Next clicks.
    Navigation,
    /// 4 (with 5): data ready for generated bundles.
    Data,
    /// 6: memory after load and after 200 navigations.
    Memory,
    /// 100k paging and the 50 MB body.
    Scale,
}

impl Scenario {
    /// All, in the order they run.
    pub const ALL: [Scenario; 6] = [
        Self::Article,
        Self::List,
        Self::Navigation,
        Self::Data,
        Self::Memory,
        Self::Scale,
    ];
}

/// Another data layout: site folders to serve for each generated size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Its name, shown beside the reader's.
    pub name: String,
    /// The folder of a size, with `{count}` standing for the number of releases.
    pub dir_template: String,
}

impl Layout {
    /// Parses `NAME=DIR`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (name, dir) = text
            .split_once('=')
            .ok_or_else(|| format!("expected NAME=DIR, got {text:?}"))?;
        if name.is_empty() || dir.is_empty() {
            return Err(format!("expected NAME=DIR, got {text:?}"));
        }
        Ok(Self {
            name: name.to_owned(),
            dir_template: dir.to_owned(),
        })
    }

    /// The folder for `count` releases.
    pub fn dir(&self, count: usize) -> PathBuf {
        PathBuf::from(self.dir_template.replace("{count}", &count.to_string()))
    }
}

/// Pressroom's browser benchmark: the app against a vanilla-JS baseline and static pages.
#[derive(Debug, Parser)]
#[command(name = "pressroom-bench-browser", version, about)]
pub struct Options {
    /// The workspace root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The generated bundles, `gen-<count>.json` [default: ROOT/target/bench/bundles].
    #[arg(long)]
    pub bundles: Option<PathBuf>,
    /// The app build [default: ROOT/target/app].
    #[arg(long)]
    pub app: Option<PathBuf>,
    /// The `pressroom` command [default: beside this program].
    #[arg(long)]
    pub pressroom: Option<PathBuf>,
    /// Where sites, the npm install and the reports go [default: ROOT/target/bench].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// N=5, the normal condition only, no 100k bundle, no scale checks.
    #[arg(long)]
    pub quick: bool,
    /// Loads per point [default: 15, or 5 with --quick].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: Option<u64>,
    /// Loads per point under 4× CPU throttling and the mobile network, where an app load
    /// takes ~6 s [default: 8 (so the default run stays within 15 minutes on 2 cores), or
    /// --runs when given].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub mobile_runs: Option<u64>,
    /// Only these scenarios (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub scenarios: Vec<Scenario>,
    /// Only these conditions (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub conditions: Vec<Condition>,
    /// Bundle sizes of the data scenario [default: 1000,10000,100000; quick: 1000,10000].
    #[arg(long, value_delimiter = ',')]
    pub sizes: Vec<usize>,
    /// Releases of the bundle of the other scenarios (at least 61).
    #[arg(long, default_value_t = 120)]
    pub main_count: usize,
    /// Another data layout for the data scenario: NAME=DIR, DIR a served site folder with
    /// `{count}` for the size (e.g. sharded=target/bench/sharded-{count}). Repeatable.
    #[arg(long = "layout", value_name = "NAME=DIR", value_parser = Layout::parse)]
    pub layouts: Vec<Layout>,
}

/// What to run, resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The app build.
    pub app: PathBuf,
    /// The `pressroom` command.
    pub pressroom: PathBuf,
    /// `benches/baseline`.
    pub baseline: PathBuf,
    /// The generated bundles.
    pub bundles: PathBuf,
    /// `target/bench`.
    pub work: PathBuf,
    /// Quick mode.
    pub quick: bool,
    /// Loads per point.
    pub runs: usize,
    /// Loads per point under the mobile condition.
    pub mobile_runs: usize,
    /// Scenarios, in order.
    pub scenarios: Vec<Scenario>,
    /// Conditions, in order.
    pub conditions: Vec<Condition>,
    /// Data sizes.
    pub sizes: Vec<usize>,
    /// The main bundle's size.
    pub main_count: usize,
    /// Other data layouts.
    pub layouts: Vec<Layout>,
}

/// The `pressroom` binary beside this program (cargo builds both into one folder).
fn pressroom_beside_me() -> Result<PathBuf> {
    let me = std::env::current_exe().context("finding this program")?;
    let dir = me.parent().context("this program has no folder")?;
    Ok(dir.join("pressroom"))
}

impl Options {
    /// The plan these options ask for.
    pub fn plan(self) -> Result<Plan> {
        let root = self.root;
        let work = self
            .out
            .unwrap_or_else(|| root.join("target").join("bench"));
        let pressroom = match self.pressroom {
            Some(p) => p,
            None => pressroom_beside_me()?,
        };
        ensure!(
            pressroom.is_file(),
            "no pressroom command at {} (build it: cargo build --release -p pressroom-cli --bin pressroom, or pass --pressroom)",
            pressroom.display()
        );
        let app = self.app.unwrap_or_else(|| root.join("target").join("app"));
        ensure!(
            app.join("pressroom-app.json").is_file(),
            "no app build in {} (cargo xtask app)",
            app.display()
        );
        let quick = self.quick;
        let scenarios = pick(self.scenarios, &Scenario::ALL, quick, |s| {
            *s != Scenario::Scale
        });
        let conditions = pick(self.conditions, &Condition::ALL, quick, |c| {
            *c == Condition::Normal
        });
        let sizes = pick(self.sizes, &[1000, 10_000, 100_000], quick, |s| {
            *s < 100_000
        });
        Ok(Plan {
            baseline: root.join("benches").join("baseline"),
            bundles: self.bundles.unwrap_or_else(|| work.join("bundles")),
            app,
            pressroom,
            work,
            quick,
            runs: self.runs.map_or(if quick { 5 } else { 15 }, |r| r as usize),
            mobile_runs: self
                .mobile_runs
                .or(self.runs)
                .map_or(if quick { 5 } else { 8 }, |r| r as usize),
            scenarios,
            conditions,
            sizes,
            main_count: self.main_count,
            layouts: self.layouts,
        })
    }
}

/// `given`, or all of `all` (in quick mode, those that `in_quick` keeps).
fn pick<T: Clone>(given: Vec<T>, all: &[T], quick: bool, in_quick: impl Fn(&T) -> bool) -> Vec<T> {
    if !given.is_empty() {
        return given;
    }
    all.iter()
        .filter(|t| !quick || in_quick(t))
        .cloned()
        .collect()
}

impl Plan {
    /// The generated bundle of `count` releases.
    pub fn bundle(&self, count: usize) -> Result<PathBuf> {
        let path = self.bundles.join(format!("gen-{count}.json"));
        if !path.is_file() {
            bail!(
                "{} is missing: generate it with `cargo xtask gen-bundle --count {count} --output {}` (cargo xtask bench does)",
                path.display(),
                path.display()
            );
        }
        Ok(path)
    }

    /// Whether `scenario` runs.
    pub fn runs_scenario(&self, scenario: Scenario) -> bool {
        self.scenarios.contains(&scenario)
    }

    /// Where the baseline's npm install goes.
    pub fn npm_dir(&self) -> PathBuf {
        self.work.join("baseline-npm")
    }

    /// The sizes whose sites are needed (the data sizes, and 100k for the scale check).
    pub fn needed_sizes(&self) -> Vec<usize> {
        let mut sizes = if self.runs_scenario(Scenario::Data) {
            self.sizes.clone()
        } else {
            Vec::new()
        };
        if self.runs_scenario(Scenario::Scale) && !sizes.contains(&100_000) {
            sizes.push(100_000);
        }
        sizes
    }

    /// The folder of a layout for `count`, relative paths taken from the current folder.
    pub fn layout_dir(layout: &Layout, count: usize) -> Result<PathBuf> {
        let dir = layout.dir(count);
        ensure!(
            Path::new(&dir).join("index.html").is_file() || dir.join("404.html").is_file(),
            "layout {}: {} holds no site",
            layout.name,
            dir.display()
        );
        Ok(dir)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn layouts_parse_and_expand() {
        let layout = Layout::parse("sharded=target/bench/sharded-{count}").unwrap();
        assert_eq!(layout.name, "sharded");
        assert_eq!(layout.dir(1000), PathBuf::from("target/bench/sharded-1000"));
        assert!(Layout::parse("nodir=").is_err());
        assert!(Layout::parse("plain").is_err());
    }

    #[test]
    fn quick_keeps_a_subset_and_explicit_choices_win() {
        assert_eq!(pick(Vec::new(), &[1, 2, 3], true, |x| *x < 3), [1, 2]);
        assert_eq!(pick(Vec::new(), &[1, 2, 3], false, |x| *x < 3), [1, 2, 3]);
        assert_eq!(pick(vec![3], &[1, 2, 3], true, |x| *x < 3), [3]);
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Options::command().debug_assert();
    }
}
