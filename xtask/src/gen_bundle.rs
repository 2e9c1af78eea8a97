//! `cargo xtask gen-bundle`: a large, valid, synthetic bundle for load and UI testing.
//!
//! The same `--count` and `--seed` always give the same bytes (a tiny inline splitmix64
//! generator, no dependency). Releases get unique ids and slugs, varied titles (some with
//! non-ASCII text), dates spread over ten years (dates, UTC and offset date-times),
//! agencies, tags, and Markdown bodies with a heading, paragraphs, a list and a link.
//!
//! It writes the core's own bundle model (`pressroom_core::Bundle`), so the generator
//! can never drift from the format.

use anyhow::{Context, Result};
use pressroom_core::{Bundle, Release, Site, Source};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// splitmix64: a tiny, good-enough deterministic generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// One element of a non-empty slice.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const AGENCIES: [(&str, &str); 12] = [
    ("Ministry of Coastal Affairs", "coastal.example.gov"),
    ("Department of Rural Broadband", "broadband.example.gov"),
    ("National Weather Office", "weather.example.gov"),
    ("Office of the Harbour Master", "harbour.example.org"),
    ("Agency for Clean Rivers", "rivers.example.gov"),
    ("Bureau of Public Libraries", "libraries.example.gov"),
    ("City of Northbridge", "northbridge.example.org"),
    ("Ministry of Transport and Roads", "transport.example.gov"),
    ("Statistics Authority", "stats.example.gov"),
    ("Cyber Resilience Centre", "cyber.example.gov"),
    ("Office for Food Safety", "food.example.gov"),
    ("Regional Health Board", "health.example.org"),
];

const SUBJECTS: [&str; 12] = [
    "Minister",
    "Agency",
    "Government",
    "Council",
    "Director",
    "Board",
    "Office",
    "Department",
    "Mayor",
    "Commission",
    "Secretary",
    "Task force",
];

const VERBS: [&str; 10] = [
    "announces",
    "launches",
    "publishes",
    "expands",
    "reviews",
    "welcomes",
    "confirms",
    "opens",
    "extends",
    "updates",
];

const OBJECTS: [&str; 16] = [
    "funding for rural broadband",
    "new flood defences",
    "annual report on river quality",
    "winter road maintenance plan",
    "library opening hours",
    "guidance on phishing & fraud",
    "harbour dredging programme",
    "consultation on bus fares",
    "food inspection results",
    "heat-wave preparedness measures",
    "cooperation with regional partners",
    "data on household energy use",
    "school meal standards",
    "coastal erosion survey",
    "grants for community projects",
    "cyber security working group",
];

const PLACES: [&str; 10] = [
    "in Northbridge",
    "for 2026",
    "across the region",
    "in Zürich talks",
    "at Café Rénové",
    "with Seoul (서울) partners",
    "after storm Ana",
    "for small businesses",
    "in the eastern districts",
    "ahead of winter",
];

const TAGS: [&str; 14] = [
    "broadband",
    "climate",
    "transport",
    "health",
    "libraries",
    "cyber",
    "statistics",
    "funding",
    "consultation",
    "water",
    "food",
    "harbour",
    "international",
    "energy",
];

const SENTENCES: [&str; 12] = [
    "The programme runs for three years and is reviewed every spring.",
    "Residents can comment online or at any public library until the end of the month.",
    "Officials said the measures follow last year's independent evaluation.",
    "Funding is shared between national and local budgets.",
    "The first results will be published in the autumn.",
    "Partners from neighbouring regions took part in the preparation.",
    "A public meeting will take place at the town hall.",
    "The figures cover all districts and are broken down by age group.",
    "Businesses do not need to take any action at this stage.",
    "The agency thanked volunteers for their contribution.",
    "Further details, including a timetable, are available on request.",
    "The decision takes effect on the first day of next month.",
];

const HEADINGS: [&str; 6] = [
    "Background",
    "What changes",
    "Next steps",
    "Key figures",
    "Who is affected",
    "Quotes",
];

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// An ASCII slug of `text`: lower-case letters and digits, single hyphens.
fn ascii_slug(text: &str) -> String {
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    slug
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Two to four distinct sentences.
fn paragraph(rng: &mut SplitMix64) -> String {
    let count = 2 + rng.below(3) as usize;
    let mut chosen: Vec<&str> = Vec::with_capacity(count);
    while chosen.len() < count {
        let sentence = *rng.pick(&SENTENCES);
        if !chosen.contains(&sentence) {
            chosen.push(sentence);
        }
    }
    chosen.join(" ")
}

fn release(rng: &mut SplitMix64, index: usize) -> Release {
    let (agency, domain) = *rng.pick(&AGENCIES);
    let subject = *rng.pick(&SUBJECTS);
    let verb = *rng.pick(&VERBS);
    let object = *rng.pick(&OBJECTS);
    let title = if rng.chance(40) {
        format!("{subject} {verb} {object} {}", rng.pick(&PLACES))
    } else {
        format!("{subject} {verb} {object}")
    };
    let number = index + 1;
    let id = format!("syn-{number:06}");
    // The index keeps slugs unique; they stay well within the format's 200 bytes.
    let mut slug = ascii_slug(&title);
    slug.truncate(180);
    let slug = format!("{}-{number}", slug.trim_end_matches('-'));

    // 2016-01-01 (16 801 days after the epoch) plus up to ten years.
    let days = 16_801 + rng.below(3_652) as i64;
    let (year, month, day) = civil_from_days(days);
    let (hour, minute) = (7 + rng.below(12), rng.below(60));
    let published = match rng.below(3) {
        0 => format!("{year:04}-{month:02}-{day:02}"),
        1 => format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00Z"),
        _ => format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00+09:00"),
    };
    let updated = rng.chance(15).then(|| {
        let (y, m, d) = civil_from_days(days + 1 + rng.below(30) as i64);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z",
            8 + rng.below(10),
            rng.below(60)
        )
    });

    let mut tags = BTreeSet::new();
    for _ in 0..1 + rng.below(4) {
        tags.insert((*rng.pick(&TAGS)).to_owned());
    }

    let heading = *rng.pick(&HEADINGS);
    let items: Vec<String> = (0..2 + rng.below(3))
        .map(|_| {
            let object: &&str = rng.pick(&OBJECTS);
            format!("- {}", capitalise(object))
        })
        .collect();
    let mut body = format!("{}\n\n## {heading}\n\n", paragraph(rng));
    body.push_str(&items.join("\n"));
    body.push_str(&format!(
        "\n\n{} See [the announcement](https://{domain}/news/{id}) for **details**.\n",
        paragraph(rng)
    ));
    if rng.chance(50) {
        body.push_str(&format!("\n{}\n", paragraph(rng)));
    }

    let summary = rng.chance(60).then(|| (*rng.pick(&SENTENCES)).to_owned());

    Release {
        id: id.clone(),
        slug: Some(slug),
        title,
        published,
        updated,
        source: Source {
            name: agency.to_owned(),
            url: format!("https://{domain}/news/{id}"),
        },
        summary,
        body,
        tags: tags.into_iter().collect(),
        ..Release::default()
    }
}

/// The bundle for `count` releases and `seed`.
pub fn generate(count: usize, seed: u64) -> Bundle {
    let mut rng = SplitMix64(seed);
    Bundle {
        version: 1,
        site: Site {
            title: "Synthetic Pressroom".to_owned(),
            description: Some(format!("{count} generated press releases (seed {seed}).")),
            language: Some("en".to_owned()),
            base_url: None,
        },
        releases: (0..count).map(|i| release(&mut rng, i)).collect(),
    }
}

/// `cargo xtask gen-bundle`: writes the bundle as JSON to `out`.
pub fn run(count: usize, seed: u64, out: &Path, pretty: bool) -> Result<()> {
    let started = Instant::now();
    let bundle = generate(count, seed);
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let json = if pretty {
        serde_json::to_vec_pretty(&bundle)?
    } else {
        serde_json::to_vec(&bundle)?
    };
    let mut file =
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    file.write_all(&json)
        .and_then(|()| file.write_all(b"\n"))
        .with_context(|| format!("writing {}", out.display()))?;
    println!(
        "wrote {count} releases (seed {seed}, {}) to {} in {:.1?}",
        crate::sizes::human(json.len() as u64 + 1),
        out.display(),
        started.elapsed()
    );
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn same_seed_same_bundle() {
        let a = serde_json::to_string(&generate(200, 7)).unwrap();
        let b = serde_json::to_string(&generate(200, 7)).unwrap();
        let c = serde_json::to_string(&generate(200, 8)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        // A prefix of a bigger bundle is the smaller bundle.
        assert_eq!(
            generate(300, 7).releases[..200],
            generate(200, 7).releases[..]
        );
    }

    #[test]
    fn ids_and_slugs_are_unique_and_valid() {
        let bundle = generate(3_000, 1);
        let ids: HashSet<&str> = bundle.releases.iter().map(|r| r.id.as_str()).collect();
        let slugs: HashSet<&str> = bundle
            .releases
            .iter()
            .filter_map(|r| r.slug.as_deref())
            .collect();
        assert_eq!(ids.len(), 3_000);
        assert_eq!(slugs.len(), 3_000);
        for slug in slugs {
            assert!(!slug.is_empty() && slug.len() <= 200, "{slug}");
            assert!(
                !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
                "{slug}"
            );
            assert!(
                slug.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{slug}"
            );
        }
    }

    #[test]
    fn content_is_varied_and_well_formed() {
        let bundle = generate(1_000, 3);
        let titles: HashSet<&str> = bundle.releases.iter().map(|r| r.title.as_str()).collect();
        assert!(titles.len() > 500, "only {} distinct titles", titles.len());
        assert!(bundle.releases.iter().any(|r| !r.title.is_ascii()));
        let years: HashSet<&str> = bundle.releases.iter().map(|r| &r.published[..4]).collect();
        assert!(years.len() >= 9, "years {years:?}");
        for r in &bundle.releases {
            let date = &r.published[..10];
            let parts: Vec<&str> = date.split('-').collect();
            assert_eq!(parts.len(), 3, "{}", r.published);
            let (m, d): (u32, u32) = (parts[1].parse().unwrap(), parts[2].parse().unwrap());
            assert!(
                (1..=12).contains(&m) && (1..=31).contains(&d),
                "{}",
                r.published
            );
            assert!(
                r.body.contains("\n## ")
                    && r.body.contains("\n- ")
                    && r.body.contains("](https://")
            );
            assert!(!r.tags.is_empty());
            assert!(r.source.url.starts_with("https://"));
        }
    }

    #[test]
    fn calendar_conversion() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(16_801), (2016, 1, 1));
        assert_eq!(civil_from_days(16_801 + 59), (2016, 2, 29));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }

    /// The output is valid: the core reads every release without a problem.
    #[test]
    fn output_is_a_valid_bundle() {
        let json = serde_json::to_string(&generate(300, 1)).unwrap();
        let catalog = pressroom_core::Catalog::from_json(&json).unwrap();
        assert_eq!(catalog.len(), 300);
        assert!(
            catalog.problems().is_empty(),
            "{:?}",
            catalog.problems().first()
        );
    }
}
