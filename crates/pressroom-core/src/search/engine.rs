//! The search engine with its state, behind one byte-level entry point
//! ([`Engine::handle`], see `wire.rs`): the part of search that a separate wasm module
//! can hold (`crates/pressroom-search-engine`), loaded on the first search, so the app's
//! own wasm keeps only the query syntax, highlighting and the fetching of files.
//!
//! It holds either an archive's meta and the files loaded so far, or the index of a
//! single-file bundle, built from its releases on the first search after they were added.

use std::collections::HashMap;

use super::build::{DocFields, IndexBuilder, IndexOptions};
use super::eval::{evaluate, Results};
use super::loaded::LoadedIndex;
use super::meta::{Meta, ShardRef};
use super::query::Query;
use super::shard::Shard;
use super::wire::{Answer, Request};

/// The engine's state.
#[derive(Default)]
pub struct Engine {
    meta: Option<Meta>,
    shards: HashMap<ShardRef, Shard>,
    builder: Option<IndexBuilder>,
    index: Option<LoadedIndex>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("archive", &self.meta.is_some())
            .field("shards", &self.shards.len())
            .field("built", &self.index.is_some())
            .finish()
    }
}

impl Engine {
    /// Answers one encoded [`Request`] with an encoded [`Answer`] (a request that does not
    /// decode is answered with [`Answer::Failed`]).
    pub fn handle(&mut self, request: &[u8]) -> Vec<u8> {
        let answer = match Request::decode(request) {
            Ok(request) => self.answer(request),
            Err(error) => Answer::Failed(format!("unreadable request: {error}")),
        };
        answer.encode()
    }

    /// Answers one request.
    pub fn answer(&mut self, request: Request<'_>) -> Answer {
        match request {
            Request::Meta(bytes) => match Meta::decode(bytes) {
                Ok(meta) => {
                    *self = Self {
                        meta: Some(meta),
                        ..Self::default()
                    };
                    Answer::Done
                }
                Err(error) => Answer::Failed(error.to_string()),
            },
            Request::Missing { query, typing } => self.missing(&Query::parse(query, typing)),
            Request::AddFile { file, bytes } => self.add_file(file, bytes),
            Request::AddDoc { doc, texts, tags } => self.add_doc(doc, texts, &tags),
            Request::Search {
                query,
                typing,
                runs,
            } => {
                let allowed = |doc: u32| runs.iter().any(|r| r.contains(&doc));
                Answer::Found(self.search(&Query::parse(query, typing), &allowed))
            }
        }
    }

    fn missing(&self, query: &Query) -> Answer {
        let Some(meta) = &self.meta else {
            return Answer::Files(Vec::new());
        };
        let mut files = Vec::new();
        for file in meta.missing_files(query, |f| self.shards.get(&f)) {
            match meta.file(file) {
                Some(info) => files.push((file, info)),
                None => return Answer::Failed("a search file the meta does not list".into()),
            }
        }
        Answer::Files(files)
    }

    fn add_file(&mut self, file: ShardRef, bytes: &[u8]) -> Answer {
        let Some(meta) = &self.meta else {
            return Answer::Failed("a search file before the meta".into());
        };
        let added = match file {
            ShardRef::Directory(n) => meta.add_page(n, bytes),
            _ => Shard::decode(bytes).map(|shard| {
                self.shards.insert(file, shard);
            }),
        };
        match added {
            Ok(()) => Answer::Done,
            Err(error) => Answer::Failed(error.to_string()),
        }
    }

    fn add_doc(&mut self, doc: u32, texts: [&str; 4], tags: &[&str]) -> Answer {
        if self.meta.is_some() || self.index.is_some() {
            *self = Self::default();
        }
        let [title, summary, body, source] = texts;
        let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
        let fields = DocFields {
            title,
            summary,
            body,
            tags: &tags,
            source,
        };
        let builder = self
            .builder
            .get_or_insert_with(|| IndexBuilder::new(IndexOptions::default()));
        match builder.add(doc, &fields) {
            Ok(()) => Answer::Done,
            Err(error) => Answer::Failed(error.to_string()),
        }
    }

    /// The hits of `query` that `allowed` lets through (none before a meta or documents).
    pub fn search(&mut self, query: &Query, allowed: &dyn Fn(u32) -> bool) -> Results {
        if let Some(builder) = self.builder.take() {
            self.index = builder.finish().decode_all().ok();
        }
        if let Some(index) = &self.index {
            return index.search(query, Some(allowed));
        }
        match &self.meta {
            Some(meta) => evaluate(query, meta, &|f| self.shards.get(&f), Some(allowed)),
            None => Results::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::meta::file_name;
    use crate::search::IndexBuilder;

    fn docs() -> Vec<(&'static str, &'static str)> {
        vec![
            (
                "Flood defences for the river valley",
                "New walls along the river.",
            ),
            ("Budget plan 2025", "The budget funds flood defences."),
            ("북한 사이버 위협 대응", "사이버 공격에 대한 대응 계획."),
            ("Zürich transport", "Trams and buses."),
        ]
    }

    fn fields<'a>(title: &'a str, body: &'a str) -> DocFields<'a> {
        DocFields {
            title,
            body,
            ..DocFields::default()
        }
    }

    fn ask(engine: &mut Engine, request: Request<'_>) -> Answer {
        Answer::decode(&engine.handle(&request.encode())).expect("an answer that decodes")
    }

    /// Through bytes, a single-file engine finds what the index finds directly.
    #[test]
    fn a_bundle_index_built_in_the_engine_finds_what_the_index_finds() {
        let mut direct = IndexBuilder::new(IndexOptions::default());
        let mut engine = Engine::default();
        for (doc, (title, body)) in (0..).zip(docs()) {
            direct.add(doc, &fields(title, body)).expect("added");
            let request = Request::AddDoc {
                doc,
                texts: [title, "", body, ""],
                tags: Vec::new(),
            };
            assert_eq!(ask(&mut engine, request), Answer::Done);
        }
        let index = direct.finish().decode_all().expect("decodes");
        for query in [
            "flood",
            "river",
            "사이버",
            "zurich",
            "budg",
            "\"flood defences\" -river",
        ] {
            let expected = index.search(&Query::parse(query, true), Some(&|d| d != 3));
            let request = Request::Search {
                query,
                typing: true,
                runs: std::iter::once(0..3).collect(),
            };
            assert_eq!(
                ask(&mut engine, request),
                Answer::Found(expected),
                "{query}"
            );
        }
        // Hand-written facts: "flood" is in the first two, the title match first.
        let Answer::Found(found) = ask(
            &mut engine,
            Request::Search {
                query: "flood",
                typing: false,
                runs: std::iter::once(0..4).collect(),
            },
        ) else {
            panic!("no results");
        };
        let docs: Vec<u32> = found.hits.iter().map(|h| h.doc).collect();
        assert_eq!(docs, [0, 1]);
    }

    /// An archive's files, fetched as the engine lists them, give the same results as the
    /// whole index in memory; a file that is not what it claims is refused.
    #[test]
    fn archive_files_loaded_on_demand_give_the_whole_index_results() {
        let mut builder = IndexBuilder::new(IndexOptions {
            shard_bytes: 64,
            page_shards: 2,
            ..IndexOptions::default()
        });
        for (doc, (title, body)) in (0..).zip(docs()) {
            builder.add(doc, &fields(title, body)).expect("added");
        }
        let files = builder.finish();
        let whole = files.decode_all().expect("decodes");
        let named = files.named_files();
        let fetch = |hash: u64| {
            let name = file_name(hash);
            named.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
        };
        let mut engine = Engine::default();
        assert_eq!(ask(&mut engine, Request::Meta(&files.meta)), Answer::Done);
        for query in ["flood defences", "사이버 대응", "zurich", "trams"] {
            let mut rounds = 0;
            loop {
                let missing = ask(
                    &mut engine,
                    Request::Missing {
                        query,
                        typing: false,
                    },
                );
                let Answer::Files(missing) = missing else {
                    panic!("{query}: {missing:?}");
                };
                if missing.is_empty() {
                    break;
                }
                rounds += 1;
                assert!(rounds <= crate::search::MAX_LOAD_ROUNDS, "{query}");
                for (file, info) in missing {
                    let bytes = fetch(info.hash).expect("a listed file exists");
                    assert_eq!(
                        ask(&mut engine, Request::AddFile { file, bytes }),
                        Answer::Done
                    );
                }
            }
            let expected = whole.search(&Query::parse(query, false), None);
            assert!(!expected.hits.is_empty(), "{query} finds something");
            let request = Request::Search {
                query,
                typing: false,
                runs: std::iter::once(0..u32::MAX).collect(),
            };
            assert_eq!(
                ask(&mut engine, request),
                Answer::Found(expected),
                "{query}"
            );
        }
        let wrong = Request::AddFile {
            file: ShardRef::Postings(0),
            bytes: &files.meta,
        };
        assert!(matches!(ask(&mut engine, wrong), Answer::Failed(_)));
        assert!(matches!(
            Answer::decode(&engine.handle(&[0xFF, 1, 2])),
            Ok(Answer::Failed(_))
        ));
    }
}
