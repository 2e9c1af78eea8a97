//! The sample bundle in `public/` and the format documentation stay in step with the code:
//! the sample validates against `docs/bundle.schema.json`, loads with no problems, and
//! has what the sample is promised to have.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use pressroom_core::Catalog;

fn repo_file(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sample() -> Catalog {
    Catalog::from_json(&repo_file("public/releases.json")).expect("sample bundle parses")
}

/// The bundle schema, compiled by a JSON Schema validator (draft 2020-12, as it declares).
struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    fn load() -> Self {
        let value: serde_json::Value =
            serde_json::from_str(&repo_file("docs/bundle.schema.json")).unwrap();
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler
            .add_resource("bundle.schema.json", value)
            .expect("schema loads");
        let index = compiler
            .compile("bundle.schema.json", &mut schemas)
            .unwrap_or_else(|e| panic!("schema compiles: {e:#}"));
        Self { schemas, index }
    }

    fn errors(&self, instance: &serde_json::Value) -> Option<String> {
        self.schemas
            .validate(instance, self.index)
            .err()
            .map(|e| format!("{e:#}"))
    }

    fn is_valid(&self, instance: &serde_json::Value) -> bool {
        self.errors(instance).is_none()
    }
}

#[test]
fn sample_bundle_matches_the_json_schema() {
    let instance: serde_json::Value =
        serde_json::from_str(&repo_file("public/releases.json")).unwrap();
    let errors = Schema::load().errors(&instance);
    assert!(errors.is_none(), "{}", errors.unwrap_or_default());
}

#[test]
fn schema_rejects_what_the_code_rejects() {
    let validator = Schema::load();
    let release = |extra: serde_json::Value| {
        let mut r = serde_json::json!({
            "id": "a", "title": "T", "published": "2024-01-01", "body": "b",
            "source": {"name": "S", "url": "https://example.org"}
        });
        for (k, v) in extra.as_object().unwrap() {
            r[k] = v.clone();
        }
        serde_json::json!({"version": 1, "site": {"title": "S"}, "releases": [r]})
    };
    assert!(validator.is_valid(&release(serde_json::json!({}))));
    assert!(validator.is_valid(&release(serde_json::json!({"slug": "해양-발표-2"}))));
    for bad in [
        serde_json::json!({"published": "2024/01/01"}),
        serde_json::json!({"slug": "Upper-Case"}),
        serde_json::json!({"slug": "a b"}),
        serde_json::json!({"source": {"name": "S", "url": "javascript:alert(1)"}}),
    ] {
        assert!(!validator.is_valid(&release(bad.clone())), "{bad}");
    }
    assert!(!validator
        .is_valid(&serde_json::json!({"version": 2, "site": {"title": "S"}, "releases": []})));
}

#[test]
fn sample_bundle_loads_without_problems() {
    let catalog = sample();
    assert!(catalog.problems().is_empty(), "{:#?}", catalog.problems());
    assert!(catalog.len() >= 25, "{} releases", catalog.len());
}

#[test]
fn sample_bundle_has_the_promised_content() {
    let catalog = sample();
    let releases: Vec<_> = catalog.chronological().iter().map(|e| &e.release).collect();
    let seed = releases
        .iter()
        .find(|r| {
            r.title
                .starts_with("Seventh United States-Republic of Korea Working Group")
        })
        .expect("the seed release");
    assert_eq!(seed.source.name, "U.S. Department of State");
    assert!(seed.source.url.starts_with("https://www.state.gov/"));
    assert_eq!(seed.published, "2024-09-06");
    assert_eq!(
        releases.iter().filter(|r| r.source.name == "NASA").count(),
        10
    );
    assert!(
        releases
            .iter()
            .filter(|r| r.language.as_deref() == Some("ko"))
            .count()
            >= 3
    );
    assert!(releases
        .iter()
        .any(|r| r.title.contains('"') && r.title.contains('&')));
    assert!(
        releases
            .iter()
            .any(|r| r.body.split_whitespace().count() > 2000),
        "one very long"
    );
    let invented = releases
        .iter()
        .filter(|r| r.tags.iter().any(|t| t == "sample"));
    for release in invented {
        assert!(
            !release.source.url.contains(".gov/"),
            "{}: samples must not point at real agencies",
            release.id
        );
    }
    let description = catalog.site().description.clone().unwrap_or_default();
    assert!(
        description.contains("sample"),
        "the site says samples are invented"
    );
    let years: std::collections::BTreeSet<i32> = catalog
        .chronological()
        .iter()
        .map(|e| e.published.date().year())
        .collect();
    for year in [2023, 2024, 2025] {
        assert!(
            years.contains(&year),
            "releases spread over 2023–2025: {years:?}"
        );
    }
}
