//! One sort for every list the app orders, so the wasm carries one copy of the standard
//! library's sort instead of one per call site.
//!
//! Each `sort_by` with its own closure or element type is a new copy of the standard
//! sort, 2 to 8 KB of wasm each: fifteen call sites cost about 60 KB before this. Here the
//! standard sort runs once, on positions (`usize`), with the comparison behind a `dyn`
//! reference; the generic part only moves the items into that order. Ties keep their
//! original order, so [`sort_by`] is stable.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = items;
        order_of(items.len(), &|a, b| compare(&items[a], &items[b]))
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots.get_mut(i)?.take()));
}

/// Sorts `items` by the key `key` gives, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in the order `compare` gives them, ties by position: the only
/// place the standard sort is instantiated.
fn order_of(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_a_comparison_or_a_key() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "date", "plum"];
        sort_by_key(&mut words, |w| w.len());
        // Written by hand: by length, and in the original order within a length.
        assert_eq!(words, ["fig", "pear", "kiwi", "date", "plum", "apple"]);
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["plum", "pear", "kiwi", "fig", "date", "apple"]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, |a, b| a.cmp(b));
        assert!(empty.is_empty());
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut seed = 7u32;
        let mut values: Vec<(u8, u32)> = (0..500)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((seed >> 24) as u8 % 10, i)
            })
            .collect();
        let mut expected = values.clone();
        expected.sort_by_key(|v| v.0);
        sort_by_key(&mut values, |v| v.0);
        assert_eq!(values, expected);
    }
}
