//! What a run did: counts, and notes on what was skipped, changed or wrong.
//!
//! `build` and `import` both end with a [`Report`]. It is printed on stderr for people
//! (notes with the same message are grouped, so 70 skipped menu items take one line) and
//! can be written as JSON for machines.

use std::fmt::Write as _;

use serde::Serialize;

/// One remark about one input item or place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Where: `item 3 "Title"`, `news/a.md:4:7`, or the file name.
    pub location: String,
    /// What happened or what is wrong, and what is expected.
    pub message: String,
}

impl Note {
    /// A note at a location.
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            message: message.into(),
        }
    }
}

/// The outcome of a `build` or an `import`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Input items or files looked at.
    pub inputs: usize,
    /// Releases written to the bundle.
    pub releases: usize,
    /// Inputs left out, and why.
    pub skipped: Vec<Note>,
    /// Changes made to make a valid release (fallbacks, conversions, merges).
    pub changed: Vec<Note>,
    /// Things worth knowing that changed nothing.
    pub warnings: Vec<Note>,
    /// Problems that make the input invalid; a run with errors writes no bundle.
    pub errors: Vec<Note>,
}

impl Report {
    /// Whether there are no errors.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Adds a skipped input.
    pub fn skip(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.skipped.push(Note::new(location, message));
    }

    /// Adds a change.
    pub fn change(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.changed.push(Note::new(location, message));
    }

    /// Adds a warning.
    pub fn warn(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Note::new(location, message));
    }

    /// Adds an error.
    pub fn error(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.errors.push(Note::new(location, message));
    }

    /// The closing summary line, e.g. `imported 48 releases from 180 items; skipped
    /// 132, changed 5, 1 warning`.
    pub fn summary(&self, verb: &str, unit: &str) -> String {
        let mut line = format!(
            "{verb} {} from {} {unit}; skipped {}, changed {}",
            plural(self.releases, "release"),
            self.inputs,
            self.skipped.len(),
            self.changed.len(),
        );
        if !self.warnings.is_empty() {
            let _ = write!(line, ", {}", plural(self.warnings.len(), "warning"));
        }
        if !self.errors.is_empty() {
            let _ = write!(line, ", {}", plural(self.errors.len(), "error"));
        }
        line
    }

    /// Every note for people: errors one per line (each must be fixed), the rest grouped
    /// by message. `verbose` lists every location of a group instead of the first few.
    pub fn details(&self, verbose: bool) -> String {
        let mut out = String::new();
        for note in &self.errors {
            let _ = writeln!(out, "error: {}: {}", note.location, note.message);
        }
        for (title, notes) in [
            ("skipped", &self.skipped),
            ("changed", &self.changed),
            ("warning", &self.warnings),
        ] {
            for (message, locations) in group(notes) {
                let _ = writeln!(
                    out,
                    "{title}: {message} ({})",
                    list_locations(&locations, verbose)
                );
            }
        }
        out
    }
}

/// `1 release`, `2 releases`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn group(notes: &[Note]) -> Vec<(&str, Vec<&str>)> {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for note in notes {
        match groups.iter_mut().find(|(m, _)| *m == note.message) {
            Some((_, locations)) => locations.push(&note.location),
            None => groups.push((&note.message, vec![&note.location])),
        }
    }
    groups
}

fn list_locations(locations: &[&str], verbose: bool) -> String {
    const SHOWN: usize = 4;
    if verbose || locations.len() <= SHOWN + 1 {
        return locations.join("; ");
    }
    format!(
        "{}; and {} more",
        locations[..SHOWN].join("; "),
        locations.len() - SHOWN
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn notes_with_one_message_are_grouped() {
        let mut report = Report {
            inputs: 9,
            releases: 1,
            ..Report::default()
        };
        for n in 1..=7 {
            report.skip(format!("item {n}"), "menu items are not releases");
        }
        report.change("item 8", "no title; used the start of the text");
        report.error("a.md:2:8", "bad date");
        assert_eq!(
            report.summary("imported", "items"),
            "imported 1 release from 9 items; skipped 7, changed 1, 1 error"
        );
        assert_eq!(
            report.details(false),
            "error: a.md:2:8: bad date\n\
             skipped: menu items are not releases (item 1; item 2; item 3; item 4; and 3 more)\n\
             changed: no title; used the start of the text (item 8)\n"
        );
        assert!(report.details(true).contains("item 7"));
    }
}
