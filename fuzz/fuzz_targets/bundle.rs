//! Bundle bytes → text → parse, validate and order → every release's body rendered and
//! its neighbours read. Never panics; the catalogue stays consistent.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use pressroom_core::markdown::render_default;
use pressroom_core::slug::is_invisible;
use pressroom_core::Catalog;
use pressroom_fuzz::assert_allowlisted;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let catalog = match Catalog::from_json(text) {
        Ok(catalog) => catalog,
        Err(error) => {
            // The message is shown to the user: building it must not panic either.
            let _ = error.to_string();
            return;
        }
    };
    for problem in catalog.problems() {
        let _ = problem.to_string();
    }
    let entries = catalog.chronological();
    let mut slugs = HashSet::new();
    for (index, entry) in entries.iter().enumerate() {
        assert!(!entry.slug.is_empty(), "empty slug");
        assert!(
            slugs.insert(entry.slug.as_str()),
            "duplicate slug {:?}",
            entry.slug
        );
        assert!(
            !entry.slug.chars().any(|c| is_invisible(c) || c == '/'),
            "slug {:?}",
            entry.slug
        );
        let found = catalog.by_slug(&entry.slug).map(|e| e.release.id.as_str());
        assert_eq!(found, Some(entry.release.id.as_str()));
        assert_allowlisted(&render_default(&entry.release.body));
        let neighbours = catalog.neighbours(&entry.slug);
        let previous = index.checked_sub(1).map(|i| entries[i].slug.as_str());
        let next = entries.get(index + 1).map(|e| e.slug.as_str());
        assert_eq!(neighbours.previous.map(|e| e.slug.as_str()), previous);
        assert_eq!(neighbours.next.map(|e| e.slug.as_str()), next);
    }
    assert_eq!(catalog.newest_first().count(), entries.len());
});
