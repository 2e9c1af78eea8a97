//! The search engine's typed errors.

use thiserror::Error;

/// Why a search file could not be read, or an index not built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SearchError {
    /// The input ends before the data it announces.
    #[error("search file is truncated")]
    Truncated,
    /// The input does not start with the search files' magic bytes.
    #[error("not a Pressroom search file")]
    BadMagic,
    /// The file was written by another format version.
    #[error("search file format version {found} (expected {expected})")]
    Version {
        /// The version in the file.
        found: u8,
        /// The version this code reads.
        expected: u8,
    },
    /// The file is of another kind (a shard where the meta was expected, …).
    #[error("search file of kind {found} where kind {expected} was expected")]
    Kind {
        /// The kind in the file.
        found: u8,
        /// The kind that was expected.
        expected: u8,
    },
    /// The data is inconsistent; `what` names the part.
    #[error("corrupt search file: {what}")]
    Corrupt {
        /// Which part is wrong.
        what: &'static str,
    },
    /// [`IndexBuilder::add`](super::IndexBuilder::add) was given a document id twice.
    #[error("document {0} was added to the search index twice")]
    DuplicateDoc(u32),
}

/// Shorthand for a [`SearchError::Corrupt`].
pub(crate) fn corrupt(what: &'static str) -> SearchError {
    SearchError::Corrupt { what }
}
