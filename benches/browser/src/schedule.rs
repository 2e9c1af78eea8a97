//! The order of measurements: readers alternate (A B C A B C …), so a slow spell of the
//! machine (another process, a thermal dip) is spread over every reader instead of
//! falling on one.

/// One measurement slot: which repetition, of which reader (an index into the readers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The repetition, from 0.
    pub run: usize,
    /// The reader's index.
    pub reader: usize,
}

/// `runs` repetitions of `readers` readers, alternating: run 0 of every reader, then run
/// 1 of every reader, and so on.
pub fn alternate(readers: usize, runs: usize) -> Vec<Slot> {
    (0..runs)
        .flat_map(|run| (0..readers).map(move |reader| Slot { run, reader }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_alternate_run_by_run() {
        let order: Vec<(usize, usize)> = alternate(3, 2)
            .into_iter()
            .map(|s| (s.run, s.reader))
            .collect();
        assert_eq!(order, [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]);
    }

    #[test]
    fn nothing_to_do() {
        assert!(alternate(0, 5).is_empty());
        assert!(alternate(3, 0).is_empty());
    }
}
