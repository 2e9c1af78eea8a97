//! Unique names (derived slugs, heading ids): `base`, then `base-N`, `base-N+1`, …

use std::collections::{HashMap, HashSet};

/// Hands out names not handed out before: `base`, then `base-<first>`, `base-<first+1>`, …
/// Remembers the next suffix per base, so many repeats stay linear.
#[derive(Debug, Default)]
pub struct UniqueNames {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UniqueNames {
    /// Marks a name as taken without handing it out.
    pub fn reserve(&mut self, name: String) {
        self.used.insert(name);
    }

    /// The first free name for `base`.
    pub fn claim(&mut self, base: String, first: usize) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(first);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_get_suffixes_and_reserved_names_are_skipped() {
        let mut names = UniqueNames::default();
        names.reserve("a-2".into());
        assert_eq!(names.claim("a".into(), 2), "a");
        assert_eq!(names.claim("a".into(), 2), "a-3");
        assert_eq!(names.claim("a".into(), 2), "a-4");
        assert_eq!(names.claim("b".into(), 1), "b");
        assert_eq!(names.claim("b".into(), 1), "b-1");
    }

    #[test]
    fn many_repeats_stay_fast() {
        let mut names = UniqueNames::default();
        for _ in 0..50_000 {
            names.claim("same".into(), 2);
        }
        assert_eq!(names.claim("same".into(), 2), "same-50001");
    }
}
