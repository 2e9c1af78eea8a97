//! The `_headers` rules (the format of Netlify and Cloudflare Pages), under the base's
//! path:
//! - `immutable` caching for content-hashed files (trunk's assets; the archive's data
//!   files), listed by name or by folder, with `Access-Control-Allow-Origin: *` so that
//!   other sites' pages can load them through `embed.js`;
//! - `embed.js` (not hashed): a short cache (5 minutes) and `Access-Control-Allow-Origin`;
//! - `releases.json`: `no-cache` and `Access-Control-Allow-Origin` (embeds fetch it);
//! - `pressroom.html` (the single file): `Content-Disposition: attachment`, since it runs
//!   from disk, not under the site's policy;
//! - `no-cache` (revalidate; hosts send ETags) for `/`, `/index.html`, the app's routes
//!   (`/releases/*`, `/page/*`, which also hold the pre-rendered pages) and every other
//!   file. Folders without hashed files get one `/<folder>/*` rule (Cloudflare Pages
//!   allows 100 rules).
//!
//! One policy rule (`/*`) covers every page: a request matching two rules gets both values
//! of a header, which Cloudflare Pages joins into two policies that are both enforced, so
//! `embed.html` cannot get a policy of its own; the embedding origins join the one policy.

use pressroom_core::archive::names::{BOOT, DATA_DIR, HASHED_FOLDERS};
use pressroom_core::paths::{files as site_files, ROUTE_FOLDERS};

use crate::app_build::is_hashed_asset;

/// `Cache-Control` of content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of everything that changes under the same name (revalidated every time).
pub const NO_CACHE: &str = "no-cache";

/// `Cache-Control` of `embed.js`: not content-hashed, but named by other sites' pages, so
/// cached briefly rather than revalidated on every page view.
pub const SHORT_CACHE: &str = "public, max-age=300";

/// The most rules Cloudflare Pages reads from `_headers`.
pub const MAX_RULES: usize = 100;

/// One block of a `_headers` file: a path pattern and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The path pattern, e.g. `/*` or `/index.html`.
    pub path: String,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
}

/// The header rules for a dist with these files (paths relative to `dist/`, `/`-separated),
/// served under `public_path` (see [`url_path`]) with this policy. No two rules set the
/// same header for one path (hosts merge such headers differently).
pub fn rules(policy: &str, public_path: &str, files: &[String]) -> Vec<Rule> {
    let header = |name: &str, value: &str| (name.to_owned(), value.to_owned());
    let rule = |path: String, headers: Vec<(String, String)>| Rule { path, headers };
    let no_cache = |path: String| rule(path, vec![header("Cache-Control", NO_CACHE)]);
    let any_origin = header("Access-Control-Allow-Origin", "*");
    let mut out = vec![rule(
        format!("{public_path}*"),
        vec![
            header("Content-Security-Policy", policy),
            header("X-Content-Type-Options", "nosniff"),
            header("Referrer-Policy", "strict-origin-when-cross-origin"),
        ],
    )];
    let mut files: Vec<&String> = files.iter().filter(|f| !is_headers_file(f)).collect();
    files.sort();
    let data_prefix = format!("{DATA_DIR}/");
    for file in files
        .iter()
        .filter(|f| is_hashed_asset(f) && !f.starts_with(&data_prefix))
    {
        out.push(rule(
            format!("{public_path}{file}"),
            vec![header("Cache-Control", IMMUTABLE), any_origin.clone()],
        ));
    }
    out.push(no_cache(public_path.to_owned()));
    out.push(no_cache(format!("{public_path}index.html")));
    for folder in ROUTE_FOLDERS {
        out.push(no_cache(format!("{public_path}{folder}/*")));
    }
    for file in files
        .iter()
        .filter(|f| !is_hashed_asset(f) && !f.contains('/') && f.as_str() != "index.html")
    {
        let path = format!("{public_path}{file}");
        out.push(match file.as_str() {
            site_files::EMBED_SCRIPT => rule(
                path,
                vec![header("Cache-Control", SHORT_CACHE), any_origin.clone()],
            ),
            site_files::BUNDLE => rule(
                path,
                vec![header("Cache-Control", NO_CACHE), any_origin.clone()],
            ),
            site_files::SINGLE_FILE => rule(
                path,
                vec![
                    header("Cache-Control", NO_CACHE),
                    header(
                        "Content-Disposition",
                        &format!("attachment; filename=\"{}\"", site_files::SINGLE_FILE),
                    ),
                ],
            ),
            _ => no_cache(path),
        });
    }
    out.extend(archive_rules(public_path, &files));
    out.extend(folder_rules(public_path, &files));
    out
}

/// Files in folders other than the app's route folders and the archive (covered by their
/// own rules): a folder with hashed files lists the others one by one, any other folder
/// gets one rule.
fn folder_rules(public_path: &str, files: &[&String]) -> Vec<Rule> {
    let no_cache = |path: String| Rule {
        path,
        headers: vec![("Cache-Control".to_owned(), NO_CACHE.to_owned())],
    };
    let mut out = Vec::new();
    let mut folders_done: Vec<&str> = ROUTE_FOLDERS.to_vec();
    folders_done.push(DATA_DIR);
    for file in files.iter().filter(|f| !is_hashed_asset(f)) {
        let Some((folder, _)) = file.split_once('/') else {
            continue;
        };
        if folders_done.contains(&folder) {
            continue;
        }
        let has_hashed = files
            .iter()
            .any(|f| is_hashed_asset(f) && f.starts_with(&format!("{folder}/")));
        if has_hashed {
            out.push(no_cache(format!("{public_path}{file}")));
        } else {
            folders_done.push(folder);
            out.push(no_cache(format!("{public_path}{folder}/*")));
        }
    }
    out
}

/// The sharded archive's rules, when the site has one: its content-named folders cached
/// forever (one rule per folder, however many files), the boot file revalidated; both
/// readable from other origins (embeds).
fn archive_rules(public_path: &str, files: &[&String]) -> Vec<Rule> {
    let boot = format!("{DATA_DIR}/{BOOT}");
    if !files.iter().any(|f| **f == boot) {
        return Vec::new();
    }
    let any_origin = ("Access-Control-Allow-Origin".to_owned(), "*".to_owned());
    let mut out = vec![Rule {
        path: format!("{public_path}{boot}"),
        headers: vec![
            ("Cache-Control".to_owned(), NO_CACHE.to_owned()),
            any_origin.clone(),
        ],
    }];
    for folder in HASHED_FOLDERS {
        let prefix = format!("{DATA_DIR}/{folder}/");
        if files.iter().any(|f| f.starts_with(&prefix)) {
            out.push(Rule {
                path: format!("{public_path}{prefix}*"),
                headers: vec![
                    ("Cache-Control".to_owned(), IMMUTABLE.to_owned()),
                    any_origin.clone(),
                ],
            });
        }
    }
    out
}

/// Whether a file is a host's configuration file rather than content.
fn is_headers_file(file: &str) -> bool {
    matches!(file, site_files::HEADERS | "_redirects")
}

/// Renders rules in the `_headers` format of Netlify and Cloudflare Pages.
pub fn render(rules: &[Rule]) -> String {
    let mut out = String::from(
        "# Written by `pressroom site` (crates/pressroom-site/src/headers/); see docs/hosting-headers.md.\n\
         # Netlify / Cloudflare Pages apply it from the root of the published directory.\n",
    );
    for rule in rules {
        out.push('\n');
        out.push_str(&rule.path);
        out.push('\n');
        for (name, value) in &rule.headers {
            out.push_str(&format!("  {name}: {value}\n"));
        }
    }
    out
}

/// Reads a `_headers` file back into rules, as Netlify and Cloudflare Pages read it: a line
/// that starts without a space is a path pattern, an indented `Name: value` line a header
/// of the pattern above; `#` lines and blank lines are skipped. A header before any path,
/// or a line that is not `Name: value`, is an error that names its line. `pressroom
/// preview` serves a site with these headers; the end-to-end tests send them too.
pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let mut rules: Vec<Rule> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            rules.push(Rule {
                path: trimmed.to_owned(),
                headers: Vec::new(),
            });
            continue;
        }
        let line = number + 1;
        let rule = rules
            .last_mut()
            .ok_or_else(|| format!("_headers line {line}: a header before any path"))?;
        let (name, value) = trimmed
            .split_once(':')
            .ok_or_else(|| format!("_headers line {line}: not `Name: value`: {trimmed:?}"))?;
        rule.headers
            .push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Ok(rules)
}

impl Rule {
    /// Whether a request path (not percent-decoded, without its query) matches the
    /// pattern: exactly, or by prefix when the pattern ends with `*` (the only wildcard
    /// the site writes).
    pub fn matches(&self, path: &str) -> bool {
        match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == self.path,
        }
    }
}

/// The headers a host sends for a request path: those of every matching rule, in order.
pub fn headers_for<'a>(rules: &'a [Rule], path: &str) -> Vec<&'a (String, String)> {
    rules
        .iter()
        .filter(|rule| rule.matches(path))
        .flat_map(|rule| &rule.headers)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::headers::csp::content_security_policy;

    fn sample_policy(frame_ancestors: &str) -> String {
        content_security_policy(&["sha256-abc=".to_owned()], &[], frame_ancestors)
    }

    #[test]
    fn renders_the_headers_file() {
        let files = [
            "_headers",
            "atom.xml",
            "favicon-e68e626c7081ac24.svg",
            "index.html",
            "pressroom-app-d7a994d47584a86f.js",
            "pressroom-app-d7a994d47584a86f_bg.wasm",
            "releases.json",
        ]
        .map(str::to_owned);
        let policy = sample_policy("'self'");
        let text = render(&rules(&policy, "/", &files));
        let expected = format!(
            "# Written by `pressroom site` (crates/pressroom-site/src/headers/); see docs/hosting-headers.md.
# Netlify / Cloudflare Pages apply it from the root of the published directory.

/*
  Content-Security-Policy: {policy}
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin

/favicon-e68e626c7081ac24.svg
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *

/pressroom-app-d7a994d47584a86f.js
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *

/pressroom-app-d7a994d47584a86f_bg.wasm
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *

/
  Cache-Control: no-cache

/index.html
  Cache-Control: no-cache

/releases/*
  Cache-Control: no-cache

/page/*
  Cache-Control: no-cache

/atom.xml
  Cache-Control: no-cache

/releases.json
  Cache-Control: no-cache
  Access-Control-Allow-Origin: *
"
        );
        assert_eq!(text, expected);

        let under = render(&rules(&policy, "/news/", &files));
        assert!(under.contains("\n/news/*\n  Content-Security-Policy: "));
        assert!(under.contains("\n/news/releases.json\n  Cache-Control: no-cache\n"));
        assert!(under.contains("\n/news/\n  Cache-Control: no-cache\n"));
    }

    #[test]
    fn reads_a_headers_file_back_as_a_host_does() {
        let files = ["index.html", "app-0123456789abcdef.js"].map(str::to_owned);
        let written = rules(&sample_policy("'self'"), "/news/", &files);
        assert_eq!(parse(&render(&written)).unwrap(), written);

        let text =
            "# a comment\n\n/a/*\n\tX-One: 1\n  X-Two:  two: parts \n/a/b.js\n  X-Three: 3\n";
        let read = parse(text).unwrap();
        let names = |path: &str| -> Vec<String> {
            headers_for(&read, path)
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect()
        };
        assert_eq!(
            names("/a/b.js"),
            ["X-One=1", "X-Two=two: parts", "X-Three=3"]
        );
        assert_eq!(names("/a/"), ["X-One=1", "X-Two=two: parts"]);
        assert!(names("/b").is_empty());
        assert!(names("/a").is_empty(), "a prefix pattern needs its slash");
        assert!(parse("  X: y\n")
            .unwrap_err()
            .contains("line 1: a header before any path"));
        assert!(parse("/*\n  no colon\n")
            .unwrap_err()
            .contains("line 2: not `Name: value`"));
    }

    #[test]
    fn an_archive_of_any_size_takes_a_few_rules() {
        let mut files: Vec<String> = vec!["index.html".to_owned(), "data/boot.json".to_owned()];
        files.extend((0..20_000).map(|i| format!("data/packs/{i}-0123456789.json")));
        files.extend((0..300).map(|i| format!("data/search/s-{i:016x}.bin")));
        files.push("data/facets/0123456789.json".to_owned());
        let rules = rules(&sample_policy("'self'"), "/n/", &files);
        assert!(rules.len() < 15, "{} rules", rules.len());
        let find = |path: &str| {
            rules
                .iter()
                .find(|r| r.path == path)
                .map(|r| r.headers[0].1.clone())
        };
        assert_eq!(find("/n/data/boot.json").as_deref(), Some(NO_CACHE));
        assert_eq!(find("/n/data/packs/*").as_deref(), Some(IMMUTABLE));
        assert_eq!(find("/n/data/search/*").as_deref(), Some(IMMUTABLE));
        assert_eq!(find("/n/data/facets/*").as_deref(), Some(IMMUTABLE));
        assert_eq!(find("/n/data/blocks/*"), None, "no such folder here");
        assert!(rules.iter().all(|r| r.path != "/n/data/*"));
    }

    #[test]
    fn covers_a_full_dist_in_few_rules_without_overlaps() {
        let mut files: Vec<String> = [
            "404.html",
            "embed.html",
            "embed.js",
            "favicon-e68e626c7081ac24.svg",
            "feed.xml",
            "index.html",
            "pressroom-56d72085c1a3c9b0.css",
            "pressroom-app-d7a994d47584a86f.js",
            "pressroom-app-d7a994d47584a86f_bg.wasm",
            "pressroom.html",
            "releases.json",
            "robots.txt",
            "sitemap.xml",
            "snippets/x/inline0-0123456789abcdef.js",
            "snippets/x/README.txt",
            "media/a.png",
            "media/b.png",
            "page/2/index.html",
        ]
        .map(str::to_owned)
        .to_vec();
        files.extend((0..1000).map(|i| format!("releases/slug-{i}/index.html")));
        let rules = rules(&sample_policy("'self'"), "/newsroom/", &files);
        assert!(rules.len() < 30, "{} rules", rules.len());
        let get = |path: &str| {
            rules
                .iter()
                .find(|r| r.path == path)
                .unwrap_or_else(|| panic!("no rule for {path}"))
                .headers
                .clone()
        };
        let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        assert_eq!(
            get("/newsroom/embed.js"),
            [
                pair("Cache-Control", "public, max-age=300"),
                pair("Access-Control-Allow-Origin", "*")
            ]
        );
        assert_eq!(
            get("/newsroom/pressroom-app-d7a994d47584a86f_bg.wasm"),
            [
                pair("Cache-Control", IMMUTABLE),
                pair("Access-Control-Allow-Origin", "*")
            ]
        );
        assert_eq!(
            get("/newsroom/pressroom.html"),
            [
                pair("Cache-Control", NO_CACHE),
                pair(
                    "Content-Disposition",
                    "attachment; filename=\"pressroom.html\""
                )
            ]
        );
        for path in [
            "/newsroom/",
            "/newsroom/index.html",
            "/newsroom/404.html",
            "/newsroom/embed.html",
            "/newsroom/releases/*",
            "/newsroom/page/*",
            "/newsroom/robots.txt",
            "/newsroom/media/*",
            "/newsroom/snippets/x/README.txt",
        ] {
            assert_eq!(get(path), [pair("Cache-Control", NO_CACHE)], "{path}");
        }
        assert_eq!(
            get("/newsroom/snippets/x/inline0-0123456789abcdef.js")[0],
            pair("Cache-Control", IMMUTABLE)
        );
        // Only /* sets the policy, and no two rules set Cache-Control for one path: every
        // other rule is one exact file or a folder no other rule reaches into.
        assert_eq!(
            rules
                .iter()
                .filter(|r| r
                    .headers
                    .iter()
                    .any(|(n, _)| n == "Content-Security-Policy"))
                .count(),
            1
        );
        let folders: Vec<&str> = rules
            .iter()
            .filter_map(|r| r.path.strip_suffix('*'))
            .filter(|p| *p != "/newsroom/")
            .collect();
        for rule in &rules {
            let inside = folders
                .iter()
                .filter(|folder| rule.path.starts_with(*folder))
                .count();
            assert!(inside <= 1, "{} is in {inside} folders", rule.path);
        }
        let mut paths: Vec<&str> = rules.iter().map(|r| r.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), rules.len(), "a path has two rules");
    }
}
