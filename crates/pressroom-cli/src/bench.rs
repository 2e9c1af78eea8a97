//! Generated content for the scale test and the benchmark (`pressroom-bench`): Markdown
//! releases with front matter, and the same files as a Hugo site.
//!
//! The text is made by a small deterministic generator, so every run builds the same
//! files: about 1.5 KB each, with headings, emphasis, lists, links and a table.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Files per subfolder, so no folder gets huge.
const PER_FOLDER: usize = 500;

const WORDS: &[&str] = &[
    "council",
    "budget",
    "library",
    "harbour",
    "transit",
    "water",
    "schools",
    "parks",
    "housing",
    "energy",
    "safety",
    "roads",
    "health",
    "culture",
    "festival",
    "bridge",
    "grant",
    "climate",
    "residents",
    "service",
    "programme",
    "district",
    "station",
    "recycling",
    "youth",
    "museum",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.next() % WORDS.len()]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut out = String::new();
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.word());
        }
        let mut chars = out.chars();
        match chars.next() {
            Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
            None => out,
        }
    }
}

/// The relative path of generated release `index`.
pub fn release_path(index: usize) -> String {
    format!("{:03}/release-{index:05}.md", index / PER_FOLDER)
}

/// The text of generated release `index`: YAML front matter and a Markdown body.
pub fn release_text(index: usize) -> String {
    let mut rng = Lcg(index as u64 + 1);
    let day = index % 28 + 1;
    let month = index / 28 % 12 + 1;
    let year = 2000 + index / (28 * 12) % 25;
    let title = format!(
        "{} {} {} update {index}",
        rng.word(),
        rng.word(),
        rng.word()
    );
    let mut text = String::with_capacity(2048);
    let _ = write!(
        text,
        "---\ntitle: \"{}\"\ndate: {year:04}-{month:02}-{day:02}T{:02}:{:02}:00-05:00\nsource:\n  name: City of Riverton\n  url: https://example.org/riverton/news/{index}\ntags: [{}, {}]\nsummary: \"{}\"\n---\n\n",
        capitalise(&title),
        index % 24,
        index % 60,
        rng.word(),
        rng.word(),
        rng.sentence(12)
    );
    for _ in 0..3 {
        let _ = writeln!(
            text,
            "{} **{}** {}\n",
            rng.sentence(14),
            rng.word(),
            rng.sentence(10)
        );
    }
    let _ = writeln!(text, "## What changes\n");
    for _ in 0..4 {
        let _ = writeln!(
            text,
            "- {} [details](https://example.org/riverton/{})",
            rng.sentence(6),
            rng.word()
        );
    }
    let _ = writeln!(text, "\n| Item | Amount |\n|:--|--:|");
    for _ in 0..3 {
        let _ = writeln!(text, "| {} | {} |", rng.word(), rng.next() % 10_000);
    }
    let _ = writeln!(text, "\n{}", rng.sentence(20));
    text
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Writes `pressroom.toml` and `count` releases into `dir`.
pub fn generate_content(dir: &Path, count: usize) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join("pressroom.toml"),
        "[site]\ntitle = \"Riverton press releases (generated)\"\nbase_url = \"https://example.org/press/\"\nlanguage = \"en\"\n",
    )?;
    for index in 0..count {
        let path = dir.join(release_path(index));
        if let Some(parent) = path.parent() {
            if index % PER_FOLDER == 0 {
                std::fs::create_dir_all(parent)?;
            }
        }
        std::fs::write(path, release_text(index))?;
    }
    Ok(())
}

/// Writes a minimal Hugo site in `dir` whose `content/` holds the same `count` releases,
/// with layouts that render each page's Markdown to HTML (so Hugo does the work a site
/// build needs: parse front matter, render Markdown, write pages).
pub fn generate_hugo_site(dir: &Path, count: usize) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("layouts/_default"))?;
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = 'https://example.org/press/'\nlanguageCode = 'en'\ntitle = 'Riverton press releases (generated)'\n\
         disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n",
    )?;
    let single = "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}\n";
    let list = "<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>\n";
    std::fs::write(dir.join("layouts/_default/single.html"), single)?;
    std::fs::write(dir.join("layouts/_default/list.html"), list)?;
    std::fs::write(dir.join("layouts/index.html"), list)?;
    let content = dir.join("content");
    for index in 0..count {
        let path = content.join(release_path(index));
        if let Some(parent) = path.parent() {
            if index % PER_FOLDER == 0 {
                std::fs::create_dir_all(parent)?;
            }
        }
        std::fs::write(path, release_text(index))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn generated_releases_are_deterministic_and_distinct() {
        assert_eq!(release_text(7), release_text(7));
        assert_ne!(release_text(7), release_text(8));
        assert_eq!(release_path(1234), "002/release-01234.md");
        assert!(release_text(0).len() > 1000);
    }
}
