//! The search engine's requests and answers as bytes, for an engine that runs as a wasm
//! module of its own (`crates/pressroom-search-engine`): it has its own memory, so only
//! bytes cross between it and the app. The app encodes [`Request`]s and decodes
//! [`Answer`]s; the engine ([`super::Engine::handle`]) does the opposite.
//!
//! Layout: a request is its kind byte then its fields; an answer is its kind byte then
//! its fields. Numbers are varints (`varint.rs`); strings and byte strings are a varint
//! length then the bytes; a hash is 8 bytes little-endian; a score is its `f32` bits as a
//! varint. Decoding checks every length against what is left, like the index files.

use std::ops::Range;

use super::error::{corrupt, SearchError};
use super::eval::{Hit, Results};
use super::meta::{FileInfo, ShardRef};
use super::varint::{self, Reader};

/// What the app asks the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request<'a> {
    /// The archive's meta file (replaces any index the engine had).
    Meta(&'a [u8]),
    /// The files the query still needs ([`super::Meta::missing_files`]).
    Missing {
        /// The search box's text.
        query: &'a str,
        /// Whether the reader is still typing (the last word is a prefix).
        typing: bool,
    },
    /// A file the app fetched and checked against its hash.
    AddFile {
        /// Which file.
        file: ShardRef,
        /// Its bytes.
        bytes: &'a [u8],
    },
    /// One release of a single-file bundle, for the index the engine builds itself
    /// (replaces any archive the engine had).
    AddDoc {
        /// Its doc id (its chronological position).
        doc: u32,
        /// Title, summary, body (Markdown) and source, in this order.
        texts: [&'a str; 4],
        /// Its tags.
        tags: Vec<&'a str>,
    },
    /// The hits of the query among the doc ids in `runs`.
    Search {
        /// The search box's text.
        query: &'a str,
        /// Whether the reader is still typing.
        typing: bool,
        /// The allowed doc ids, as runs.
        runs: Vec<Range<u32>>,
    },
}

/// What the engine answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Done (a file or document was added).
    Done,
    /// The files still needed, with their size and hash (empty: search now).
    Files(Vec<(ShardRef, FileInfo)>),
    /// What a search found.
    Found(Results),
    /// The request failed: why.
    Failed(String),
}

const META: u8 = 1;
const MISSING: u8 = 2;
const ADD_FILE: u8 = 3;
const ADD_DOC: u8 = 4;
const SEARCH: u8 = 5;

const DONE: u8 = 1;
const FILES: u8 = 2;
const FOUND: u8 = 3;
const FAILED: u8 = 4;

impl<'a> Request<'a> {
    /// The request as bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Request::Meta(bytes) => {
                out.push(META);
                push_bytes(&mut out, bytes);
            }
            Request::Missing { query, typing } => {
                out.push(MISSING);
                push_bytes(&mut out, query.as_bytes());
                out.push(u8::from(*typing));
            }
            Request::AddFile { file, bytes } => {
                out.push(ADD_FILE);
                push_file(&mut out, *file);
                push_bytes(&mut out, bytes);
            }
            Request::AddDoc { doc, texts, tags } => {
                out.push(ADD_DOC);
                varint::push(&mut out, *doc);
                texts
                    .iter()
                    .for_each(|t| push_bytes(&mut out, t.as_bytes()));
                push_len(&mut out, tags.len());
                tags.iter().for_each(|t| push_bytes(&mut out, t.as_bytes()));
            }
            Request::Search {
                query,
                typing,
                runs,
            } => {
                out.push(SEARCH);
                push_bytes(&mut out, query.as_bytes());
                out.push(u8::from(*typing));
                push_len(&mut out, runs.len());
                for run in runs {
                    varint::push(&mut out, run.start);
                    varint::push(&mut out, run.end);
                }
            }
        }
        out
    }

    /// Reads a request.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, SearchError> {
        let mut reader = Reader::new(bytes);
        let request = match reader.byte()? {
            META => Request::Meta(read_bytes(&mut reader)?),
            MISSING => Request::Missing {
                query: read_str(&mut reader)?,
                typing: reader.byte()? != 0,
            },
            ADD_FILE => Request::AddFile {
                file: read_file(&mut reader)?,
                bytes: read_bytes(&mut reader)?,
            },
            ADD_DOC => {
                let doc = reader.varint()?;
                let mut texts = [""; 4];
                for text in &mut texts {
                    *text = read_str(&mut reader)?;
                }
                let count = reader.count(1)?;
                let tags = (0..count)
                    .map(|_| read_str(&mut reader))
                    .collect::<Result<_, _>>()?;
                Request::AddDoc { doc, texts, tags }
            }
            SEARCH => {
                let query = read_str(&mut reader)?;
                let typing = reader.byte()? != 0;
                let count = reader.count(2)?;
                let runs = (0..count)
                    .map(|_| Ok(reader.varint()?..reader.varint()?))
                    .collect::<Result<_, SearchError>>()?;
                Request::Search {
                    query,
                    typing,
                    runs,
                }
            }
            _ => return Err(corrupt("unknown request")),
        };
        finished(&reader)?;
        Ok(request)
    }
}

impl Answer {
    /// The answer as bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Answer::Done => out.push(DONE),
            Answer::Files(files) => {
                out.push(FILES);
                push_len(&mut out, files.len());
                for (file, info) in files {
                    push_file(&mut out, *file);
                    varint::push(&mut out, info.kib);
                    out.extend_from_slice(&info.hash.to_le_bytes());
                }
            }
            Answer::Found(results) => {
                out.push(FOUND);
                push_results(&mut out, results);
            }
            Answer::Failed(why) => {
                out.push(FAILED);
                push_bytes(&mut out, why.as_bytes());
            }
        }
        out
    }

    /// Reads an answer.
    pub fn decode(bytes: &[u8]) -> Result<Self, SearchError> {
        let mut reader = Reader::new(bytes);
        let answer = match reader.byte()? {
            DONE => Answer::Done,
            FILES => {
                // Loops rather than collected iterators here and below: the app's wasm
                // decodes answers, and each `collect::<Result<…>>` is code of its own.
                let count = reader.count(10)?;
                let mut files = Vec::with_capacity(count);
                for _ in 0..count {
                    let file = read_file(&mut reader)?;
                    let kib = reader.varint()?;
                    let hash = reader.u64()?;
                    files.push((file, FileInfo { kib, hash }));
                }
                Answer::Files(files)
            }
            FOUND => Answer::Found(read_results(&mut reader)?),
            FAILED => Answer::Failed(read_str(&mut reader)?.to_owned()),
            _ => return Err(corrupt("unknown answer")),
        };
        finished(&reader)?;
        Ok(answer)
    }
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    varint::push(out, u32::try_from(len).unwrap_or(u32::MAX));
}

fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    push_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

fn push_file(out: &mut Vec<u8>, file: ShardRef) {
    let (kind, n) = match file {
        ShardRef::Vocabulary => (0, 0),
        ShardRef::Postings(n) => (1, n),
        ShardRef::Directory(n) => (2, n),
    };
    out.push(kind);
    varint::push(out, n);
}

fn push_results(out: &mut Vec<u8>, results: &Results) {
    push_len(out, results.total);
    out.push(u8::from(results.phrases_unchecked));
    match &results.suggestion {
        Some(s) => {
            out.push(1);
            push_bytes(out, s.as_bytes());
        }
        None => out.push(0),
    }
    push_len(out, results.dropped.len());
    results
        .dropped
        .iter()
        .for_each(|d| push_bytes(out, d.as_bytes()));
    push_len(out, results.hits.len());
    for hit in &results.hits {
        varint::push(out, hit.doc);
        varint::push(out, hit.score.to_bits());
    }
}

fn read_results(reader: &mut Reader<'_>) -> Result<Results, SearchError> {
    let total = reader.varint()? as usize;
    let phrases_unchecked = reader.byte()? != 0;
    let suggestion = match reader.byte()? {
        0 => None,
        _ => Some(read_str(reader)?.to_owned()),
    };
    let count = reader.count(1)?;
    let mut dropped = Vec::with_capacity(count);
    for _ in 0..count {
        dropped.push(read_str(reader)?.to_owned());
    }
    let count = reader.count(2)?;
    let mut hits = Vec::with_capacity(count);
    for _ in 0..count {
        let doc = reader.varint()?;
        let score = f32::from_bits(reader.varint()?);
        hits.push(Hit { doc, score });
    }
    Ok(Results {
        hits,
        total,
        phrases_unchecked,
        suggestion,
        dropped,
    })
}

fn read_file(reader: &mut Reader<'_>) -> Result<ShardRef, SearchError> {
    let kind = reader.byte()?;
    let n = reader.varint()?;
    match kind {
        0 => Ok(ShardRef::Vocabulary),
        1 => Ok(ShardRef::Postings(n)),
        2 => Ok(ShardRef::Directory(n)),
        _ => Err(corrupt("unknown file kind")),
    }
}

fn read_bytes<'a>(reader: &mut Reader<'a>) -> Result<&'a [u8], SearchError> {
    let len = reader.count(1)?;
    reader.take(len)
}

fn read_str<'a>(reader: &mut Reader<'a>) -> Result<&'a str, SearchError> {
    std::str::from_utf8(read_bytes(reader)?).map_err(|_| corrupt("text that is not UTF-8"))
}

fn finished(reader: &Reader<'_>) -> Result<(), SearchError> {
    if reader.is_empty() {
        Ok(())
    } else {
        Err(corrupt("bytes after the end"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip() {
        let requests = [
            Request::Meta(b"PRSX\x01"),
            Request::Missing {
                query: "사이버 \"flood defences\" -river",
                typing: true,
            },
            Request::AddFile {
                file: ShardRef::Directory(300),
                bytes: &[0, 255, 7],
            },
            Request::AddDoc {
                doc: 70_000,
                texts: ["Title", "", "Body *text*", "Ministry"],
                tags: vec!["climate", "북한"],
            },
            Request::Search {
                query: "flood",
                typing: false,
                runs: vec![0..10, 20..100_000],
            },
        ];
        for request in requests {
            let bytes = request.encode();
            assert_eq!(Request::decode(&bytes), Ok(request));
        }
    }

    #[test]
    fn answers_round_trip() {
        let answers = [
            Answer::Done,
            Answer::Files(vec![
                (ShardRef::Vocabulary, FileInfo { kib: 3, hash: 1 }),
                (
                    ShardRef::Postings(9),
                    FileInfo {
                        kib: 0,
                        hash: u64::MAX,
                    },
                ),
            ]),
            Answer::Found(Results {
                hits: vec![
                    Hit { doc: 5, score: 2.5 },
                    Hit {
                        doc: 1,
                        score: 0.125,
                    },
                ],
                total: 2,
                phrases_unchecked: true,
                suggestion: Some("flood".into()),
                dropped: vec!["the".into()],
            }),
            Answer::Failed("corrupt search file: shard".into()),
        ];
        for answer in answers {
            assert_eq!(Answer::decode(&answer.encode()), Ok(answer));
        }
    }

    #[test]
    fn truncated_or_trailing_bytes_are_errors_never_panics() {
        let bytes = Request::Search {
            query: "a b",
            typing: false,
            runs: std::iter::once(0..3).collect(),
        }
        .encode();
        for cut in 0..bytes.len() {
            assert!(Request::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Request::decode(&longer).is_err());
        assert!(Answer::decode(&[9]).is_err());
        // A hostile count is refused before anything is allocated for it.
        assert_eq!(
            Answer::decode(&[FILES, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
            Err(SearchError::Truncated)
        );
    }
}
