//! Reading test counts out of test output, and the summary `cargo xtask test` ends with.
//!
//! Both libtest and wasm-bindgen-test print
//! `test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; …`;
//! [`parse_counts`] sums every such line (one per test binary and doc-test run).
//! Ignored tests are never counted as passed.

use std::fmt::Write as _;

/// Test counts of one or more test binaries.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests that were ignored (not run).
    pub ignored: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
    }
}

/// Removes ANSI escape sequences (colours) from a line.
pub fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                // CSI: parameters and intermediates, then one final byte in @..~.
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            } else {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The counts of one `test result: …` line, or `None` if the line is not one.
pub fn parse_line(line: &str) -> Option<Counts> {
    let clean = strip_ansi(line);
    let (_, rest) = clean.split_once("test result:")?;
    let mut counts = Counts::default();
    let mut seen = false;
    for part in rest.split(';') {
        let words: Vec<&str> = part
            .split(|c: char| c.is_whitespace() || c == '.')
            .filter(|w| !w.is_empty())
            .collect();
        // `ok. 12 passed` → the last two words are the number and what it counts.
        let [.., number, what] = words.as_slice() else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        match *what {
            "passed" => counts.passed += number,
            "failed" => counts.failed += number,
            "ignored" => counts.ignored += number,
            _ => continue,
        }
        seen = true;
    }
    seen.then_some(counts)
}

/// The sum of every `test result:` line, and how many such lines there were.
pub fn parse_counts<'a>(lines: impl IntoIterator<Item = &'a str>) -> (Counts, usize) {
    let mut total = Counts::default();
    let mut runs = 0;
    for counts in lines.into_iter().filter_map(parse_line) {
        total += counts;
        runs += 1;
    }
    (total, runs)
}

/// How one suite ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `cargo fmt --check` and clippy (a check that could not run counts as failed).
    Lint {
        /// Whether formatting was clean.
        fmt_ok: bool,
        /// Whether clippy was clean.
        clippy_ok: bool,
    },
    /// A test run.
    Tests {
        /// Counts summed over all test binaries.
        counts: Counts,
        /// Why the suite failed beyond failing tests (build error, no tests, not run).
        problem: Option<String>,
    },
}

/// One suite's line in the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiteResult {
    /// `lint`, `native`, `browser`, `end-to-end`.
    pub name: String,
    /// What happened.
    pub outcome: Outcome,
}

impl SuiteResult {
    /// A test suite's result from its process output: counts from `test result:` lines;
    /// a failure without a failing test (e.g. a build error), or no test at all, is a
    /// problem that counts as one failed test.
    pub fn from_run(name: &str, lines: &[String], exit_ok: bool, exit: &str) -> Self {
        let (counts, runs) = parse_counts(lines.iter().map(String::as_str));
        let problem = if !exit_ok && counts.failed == 0 {
            Some(format!(
                "the run failed ({exit}) without reporting a failing test (build error?)"
            ))
        } else if counts.passed + counts.failed == 0 {
            Some(if runs == 0 {
                "no tests ran (no `test result:` line in the output)".to_owned()
            } else {
                "ran 0 tests".to_owned()
            })
        } else {
            None
        };
        Self {
            name: name.to_owned(),
            outcome: Outcome::Tests { counts, problem },
        }
    }

    /// A suite that could not run at all.
    pub fn not_run(name: &str, why: &str) -> Self {
        Self {
            name: name.to_owned(),
            outcome: Outcome::Tests {
                counts: Counts::default(),
                problem: Some(format!("not run: {why}")),
            },
        }
    }

    /// (passed, failed) as they count toward the total.
    pub fn totals(&self) -> (u64, u64) {
        match &self.outcome {
            Outcome::Lint { fmt_ok, clippy_ok } => (0, u64::from(!fmt_ok) + u64::from(!clippy_ok)),
            Outcome::Tests { counts, problem } => {
                (counts.passed, counts.failed + u64::from(problem.is_some()))
            }
        }
    }

    /// Whether the suite passed.
    pub fn ok(&self) -> bool {
        self.totals().1 == 0
    }

    /// The summary line, e.g. `native: 143 passed, 0 failed`.
    pub fn line(&self) -> String {
        let ok = |b: bool| if b { "ok" } else { "FAILED" };
        match &self.outcome {
            Outcome::Lint { fmt_ok, clippy_ok } => {
                format!(
                    "{}: fmt {}, clippy {}",
                    self.name,
                    ok(*fmt_ok),
                    ok(*clippy_ok)
                )
            }
            Outcome::Tests { counts, problem } => {
                let (passed, failed) = self.totals();
                let mut line = format!("{}: {passed} passed, {failed} failed", self.name);
                if counts.ignored > 0 {
                    let _ = write!(line, ", {} ignored", counts.ignored);
                }
                if let Some(problem) = problem {
                    let _ = write!(line, " ({problem})");
                }
                line
            }
        }
    }
}

/// The whole summary: one line per suite, then the total.
pub fn summary(results: &[SuiteResult]) -> String {
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for result in results {
        out.push_str(&result.line());
        out.push('\n');
        let (p, f) = result.totals();
        passed += p;
        failed += f;
    }
    let _ = writeln!(out, "total: {passed} passed, {failed} failed");
    out
}

/// Whether every suite passed.
pub fn all_ok(results: &[SuiteResult]) -> bool {
    results.iter().all(SuiteResult::ok)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn parses_libtest_lines() {
        assert_eq!(
            parse_line("test result: ok. 143 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.12s"),
            Some(Counts { passed: 143, failed: 0, ignored: 0 })
        );
        assert_eq!(
            parse_line("test result: FAILED. 10 passed; 2 failed; 3 ignored; 0 measured; 1 filtered out; finished in 1.00s"),
            Some(Counts { passed: 10, failed: 2, ignored: 3 })
        );
        assert_eq!(parse_line("running 3 tests"), None);
        assert_eq!(parse_line("test foo ... ok"), None);
        assert_eq!(parse_line("test result: something else"), None);
    }

    #[test]
    fn parses_wasm_bindgen_test_and_coloured_lines() {
        assert_eq!(
            parse_line(
                "test result: ok. 9 passed; 0 failed; 0 ignored; 0 filtered out; finished in 2.51s"
            ),
            Some(Counts {
                passed: 9,
                failed: 0,
                ignored: 0
            })
        );
        assert_eq!(
            parse_line("test result: \u{1b}[32mok\u{1b}[0m. 5 passed; 1 failed"),
            Some(Counts {
                passed: 5,
                failed: 1,
                ignored: 0
            })
        );
        assert_eq!(strip_ansi("\u{1b}[1m\u{1b}[31mFAILED\u{1b}[0m"), "FAILED");
    }

    #[test]
    fn sums_every_result_line_and_keeps_ignored_apart() {
        let output = lines(
            "running 2 tests\n\
             test a ... ok\n\
             test b ... ignored\n\
             test result: ok. 1 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out\n\
             \n   Doc-tests pressroom_core\n\
             test result: ok. 4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\
             test result: FAILED. 7 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n",
        );
        let (counts, runs) = parse_counts(output.iter().map(String::as_str));
        assert_eq!(runs, 3);
        assert_eq!(
            counts,
            Counts {
                passed: 12,
                failed: 2,
                ignored: 1
            }
        );
    }

    #[test]
    fn suite_problems_count_as_failures() {
        let build_error = SuiteResult::from_run(
            "browser",
            &lines("error[E0425]: cannot find value\nerror: could not compile"),
            false,
            "exit status: 101",
        );
        assert_eq!(build_error.totals(), (0, 1));
        assert!(build_error
            .line()
            .starts_with("browser: 0 passed, 1 failed (the run failed (exit status: 101)"));

        let empty = SuiteResult::from_run(
            "end-to-end",
            &lines("test result: ok. 0 passed; 0 failed; 0 ignored"),
            true,
            "exit status: 0",
        );
        assert!(!empty.ok());
        assert_eq!(empty.line(), "end-to-end: 0 passed, 1 failed (ran 0 tests)");

        let failing = SuiteResult::from_run(
            "native",
            &lines("test result: FAILED. 3 passed; 2 failed; 1 ignored"),
            false,
            "exit status: 101",
        );
        assert_eq!(failing.line(), "native: 3 passed, 2 failed, 1 ignored");

        let skipped = SuiteResult::not_run("end-to-end", "dist build failed");
        assert_eq!(
            skipped.line(),
            "end-to-end: 0 passed, 1 failed (not run: dist build failed)"
        );
    }

    #[test]
    fn formats_the_summary_exactly() {
        let ok_run = |name: &str, passed: u64| SuiteResult {
            name: name.to_owned(),
            outcome: Outcome::Tests {
                counts: Counts {
                    passed,
                    failed: 0,
                    ignored: 0,
                },
                problem: None,
            },
        };
        let results = vec![
            SuiteResult {
                name: "lint".to_owned(),
                outcome: Outcome::Lint {
                    fmt_ok: true,
                    clippy_ok: true,
                },
            },
            ok_run("native", 143),
            ok_run("browser", 9),
            ok_run("end-to-end", 12),
        ];
        assert_eq!(
            summary(&results),
            "lint: fmt ok, clippy ok\n\
             native: 143 passed, 0 failed\n\
             browser: 9 passed, 0 failed\n\
             end-to-end: 12 passed, 0 failed\n\
             total: 164 passed, 0 failed\n"
        );
        assert!(all_ok(&results));

        let mut failing = results;
        failing[0] = SuiteResult {
            name: "lint".to_owned(),
            outcome: Outcome::Lint {
                fmt_ok: false,
                clippy_ok: true,
            },
        };
        assert_eq!(failing[0].line(), "lint: fmt FAILED, clippy ok");
        assert!(summary(&failing).ends_with("total: 164 passed, 1 failed\n"));
        assert!(!all_ok(&failing));
    }
}
