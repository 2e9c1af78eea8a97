//! Where the search engine runs. The store talks to it in bytes only
//! ([`pressroom_core::search::wire`]), through a [`SearchEngine`] that an
//! [`EngineSource`] gives on the first search, and then gives it its data: an archive's
//! search meta and the files each query needs, or a single-file bundle's releases.
//!
//! So the engine can be [`InProcess`], the core's engine in this program (the default
//! natively), or, in the browser, a wasm module of its own
//! (`crates/pressroom-search-engine`, which answers the same bytes) that the shell fetches
//! only when someone searches.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use pressroom_core::search::wire::{Answer, Request};
use pressroom_core::search::Engine;

use crate::load::LoadError;

/// A search engine, ready: answers one encoded request at a time.
pub trait SearchEngine: Send + Sync {
    /// The encoded answer to an encoded request.
    fn call(&self, request: &[u8]) -> Result<Vec<u8>, LoadError>;
}

/// A future of a loaded engine.
pub type EngineFuture = Pin<Box<dyn Future<Output = Result<Arc<dyn SearchEngine>, LoadError>>>>;

/// Gives a new, empty engine (called on the first search).
pub trait EngineSource: Send + Sync {
    /// Loads an engine.
    fn load(&self) -> EngineFuture;
}

/// The core's engine, in this program.
#[derive(Debug, Default, Clone, Copy)]
pub struct InProcess;

struct InProcessEngine(Mutex<Engine>);

impl SearchEngine for InProcessEngine {
    fn call(&self, request: &[u8]) -> Result<Vec<u8>, LoadError> {
        let mut engine = self.0.lock().map_err(|_| LoadError::Search {
            problem: "an earlier search failed inside the engine".to_owned(),
        })?;
        Ok(engine.handle(request))
    }
}

impl EngineSource for InProcess {
    fn load(&self) -> EngineFuture {
        let engine: Arc<dyn SearchEngine> =
            Arc::new(InProcessEngine(Mutex::new(Engine::default())));
        Box::pin(async move { Ok(engine) })
    }
}

/// No engine: every search fails, saying so (the browser's default, where the shell must
/// give the engine module's source; see [`default_source`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoEngine;

impl EngineSource for NoEngine {
    fn load(&self) -> EngineFuture {
        Box::pin(async {
            Err(LoadError::Search {
                problem: "this build of the app has no search engine".to_owned(),
            })
        })
    }
}

/// The engine a store has until it is given another: [`InProcess`] natively (tests, the
/// site writer); [`NoEngine`] in the browser, so that the core's engine is not linked into
/// the app's wasm: the shell gives the source of the engine module.
pub fn default_source() -> Arc<dyn EngineSource> {
    // A constant condition: the build for the other target links no trace of the branch.
    if cfg!(target_arch = "wasm32") {
        Arc::new(NoEngine)
    } else {
        Arc::new(InProcess)
    }
}

/// The store's engine: where it comes from, and the engine once it has its data.
pub(crate) struct EngineSlot {
    source: Arc<dyn EngineSource>,
    engine: Mutex<Option<Arc<dyn SearchEngine>>>,
}

impl EngineSlot {
    pub(crate) fn new(source: Arc<dyn EngineSource>) -> Self {
        Self {
            source,
            engine: Mutex::new(None),
        }
    }

    /// The engine, if one was kept.
    pub(crate) fn ready(&self) -> Option<Arc<dyn SearchEngine>> {
        self.engine.lock().ok().and_then(|e| e.clone())
    }

    /// The engine kept, or a new one from the source, given its data by `feed` and kept
    /// (unless another search kept one while this one loaded: then that one). An engine
    /// is kept only once fed.
    pub(crate) async fn get_or_load(
        &self,
        feed: impl FnOnce(&dyn SearchEngine) -> Result<(), LoadError>,
    ) -> Result<Arc<dyn SearchEngine>, LoadError> {
        if let Some(engine) = self.ready() {
            return Ok(engine);
        }
        let engine = self.source.load().await?;
        if let Some(kept) = self.ready() {
            return Ok(kept);
        }
        feed(&*engine)?;
        Ok(match self.engine.lock() {
            Ok(mut slot) => Arc::clone(slot.get_or_insert(engine)),
            Err(_) => engine,
        })
    }
}

impl Default for EngineSlot {
    /// A slot for an engine from [`default_source`].
    fn default() -> Self {
        Self::new(default_source())
    }
}

/// Asks `engine`; an answer that says the request failed becomes `Err(why)`.
pub(crate) fn ask(
    engine: &dyn SearchEngine,
    request: &Request<'_>,
) -> Result<Result<Answer, String>, LoadError> {
    let bytes = engine.call(&request.encode())?;
    match Answer::decode(&bytes) {
        Ok(Answer::Failed(why)) => Ok(Err(why)),
        Ok(answer) => Ok(Ok(answer)),
        // Not formatted with the decoder's error: that would link the engine's error
        // messages into the app's wasm for an answer our own engine never gives.
        Err(_) => Err(engine_error("the engine's answer does not read")),
    }
}

/// The error for an answer of the wrong kind, or a failed request that names no file.
pub(crate) fn engine_error(problem: impl Into<String>) -> LoadError {
    LoadError::Search {
        problem: problem.into(),
    }
}
