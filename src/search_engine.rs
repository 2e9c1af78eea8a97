//! The search engine as a wasm module of its own (`crates/pressroom-search-engine`),
//! fetched and instantiated on the first search, so the app's wasm does not carry it.
//!
//! Its file is named at build time (`cargo xtask app` builds it first and passes its name,
//! `pressroom-search-<hash>.wasm`, in `PRESSROOM_SEARCH_ENGINE`); it sits beside the app's
//! own files: under the page's base, or the base `embed.js` gives. The single file carries
//! it inlined, as base64. Its bytes are checked against the hash in its name before they
//! are compiled. The module has no imports; requests and answers cross as bytes written
//! to and read from its memory (see that crate's docs).

use std::sync::Arc;

use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use pressroom_core::hash::fnv1a64;
use pressroom_core::names::{search_engine_hash, EMBED_BASE, INLINE_SEARCH_ENGINE_ID};
use pressroom_ui::load::LoadError;
use pressroom_ui::store::engine::{EngineFuture, EngineSource, InProcess, SearchEngine};
use pressroom_ui::store::Fetch;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::config::{page_base, NetConfig};
use crate::fetch::BrowserFetch;

/// The engine file this build was made with.
const ENGINE_FILE: Option<&str> = option_env!("PRESSROOM_SEARCH_ENGINE");

/// Where the engine comes from for this page.
#[derive(Debug, Clone, Copy)]
pub struct ModuleSource {
    config: NetConfig,
    /// Its file name (this build's [`ENGINE_FILE`]).
    name: &'static str,
}

/// The engine source of this page, fetching with `config`: the module, in a build made
/// with one (`cargo xtask app`); the core's engine in this wasm in a build without
/// (`cargo xtask serve`, a bare `trunk build`). `ENGINE_FILE` is a constant, so a build
/// with the module links no trace of the in-process engine.
pub fn source(config: NetConfig) -> Arc<dyn EngineSource> {
    match ENGINE_FILE {
        Some(name) => Arc::new(ModuleSource { config, name }),
        None => Arc::new(InProcess),
    }
}

impl EngineSource for ModuleSource {
    fn load(&self) -> EngineFuture {
        let ModuleSource { config, name } = *self;
        Box::pin(async move {
            let bytes = engine_bytes(config, name).await?;
            let engine: Arc<dyn SearchEngine> = Arc::new(instantiate(&bytes).await?);
            Ok(engine)
        })
    }
}

fn problem(text: impl Into<String>) -> LoadError {
    LoadError::Search {
        problem: text.into(),
    }
}

/// The engine's bytes: inlined in the page, or the file `name` fetched and checked
/// against the hash in its name.
async fn engine_bytes(config: NetConfig, name: &str) -> Result<Vec<u8>, LoadError> {
    if let Some(bytes) = inlined() {
        return Ok(bytes);
    }
    let url = format!("{}{name}", engine_base());
    let bytes = BrowserFetch::new(config).get(&url).await?;
    if search_engine_hash(name) != Some(fnv1a64(&bytes)) {
        return Err(LoadError::Data {
            file: url,
            problem: "its content does not match its name: a truncated or stale copy".to_owned(),
        });
    }
    Ok(bytes)
}

/// Where the app's files are: the base `embed.js` gives, else the page's.
fn engine_base() -> String {
    crate::embed::embed_script_says(EMBED_BASE).unwrap_or_else(page_base)
}

/// The engine inlined as base64 in the page (the single file).
fn inlined() -> Option<Vec<u8>> {
    let text = web_sys::window()?
        .document()?
        .get_element_by_id(INLINE_SEARCH_ENGINE_ID)?
        .text_content()?;
    from_base64(&text)
}

/// Standard base64 (whitespace ignored, padding optional); `None` for any other byte.
/// Decoded here rather than with the browser's `atob`, which the glue would have to import.
fn from_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0u32);
    for byte in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    Some(out)
}

/// The module's memory and exports.
struct Module {
    memory: JsValue,
    request: Function,
    handle: Function,
    answer: Function,
}

/// The engine module, instantiated (one browser thread uses it: the wrapper only says so).
struct ModuleEngine(SendWrapper<Module>);

/// A JavaScript error's message (the glue formats no other value).
fn message(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "an error without a message".to_owned())
}

async fn instantiate(bytes: &[u8]) -> Result<ModuleEngine, LoadError> {
    let failed = |e: JsValue| problem(format!("the engine module does not start: {}", message(&e)));
    let promise = WebAssembly::instantiate_buffer(bytes, &Object::new());
    let result = JsFuture::from(promise).await.map_err(failed)?;
    // Properties are read with Reflect rather than typed accessors: each of those would
    // add an import to the glue.
    let exports = Reflect::get(&result, &"instance".into())
        .and_then(|instance| Reflect::get(&instance, &"exports".into()))
        .map_err(failed)?;
    let export = |name: &str| Reflect::get(&exports, &name.into()).map_err(failed);
    let function = |name: &str| -> Result<Function, LoadError> {
        export(name)?
            .dyn_into()
            .map_err(|_| problem(format!("the engine module has no function {name}")))
    };
    let module = Module {
        memory: export("memory")?,
        request: function("pressroom_request")?,
        handle: function("pressroom_handle")?,
        answer: function("pressroom_answer")?,
    };
    Ok(ModuleEngine(SendWrapper::new(module)))
}

/// A wasm32 address or length, as the module's function returned it (an `i32`).
fn address(value: Result<JsValue, JsValue>) -> Result<u32, LoadError> {
    let value = value.map_err(|e| problem(format!("the engine module failed: {}", message(&e))))?;
    let number = value
        .as_f64()
        .ok_or_else(|| problem("the engine module answered with no number"))?;
    // i32 → u32: addresses past 2 GiB come back negative.
    Ok(number as i32 as u32)
}

impl Module {
    /// `len` bytes at `at` in the module's memory as it is now (it may have grown since
    /// the last call), checked to be inside it.
    fn bytes(&self, at: u32, len: u32) -> Result<Uint8Array, LoadError> {
        let unreadable = |_| problem("the engine module's memory is not readable");
        let buffer = Reflect::get(&self.memory, &"buffer".into()).map_err(unreadable)?;
        let size = Reflect::get(&buffer, &"byteLength".into())
            .map_err(unreadable)?
            .as_f64()
            .unwrap_or(0.0);
        if f64::from(at) + f64::from(len) > size {
            return Err(problem("the engine module pointed outside its memory"));
        }
        Ok(Uint8Array::new_with_byte_offset_and_length(
            &buffer, at, len,
        ))
    }

    fn call(&self, request: &[u8]) -> Result<Vec<u8>, LoadError> {
        let len = u32::try_from(request.len()).map_err(|_| problem("a request over 4 GiB"))?;
        let at = address(self.request.call1(&JsValue::NULL, &len.into()))?;
        self.bytes(at, len)?.copy_from(request);
        let answer_len = address(self.handle.call0(&JsValue::NULL))?;
        let answer_at = address(self.answer.call0(&JsValue::NULL))?;
        Ok(self.bytes(answer_at, answer_len)?.to_vec())
    }
}

impl SearchEngine for ModuleEngine {
    fn call(&self, request: &[u8]) -> Result<Vec<u8>, LoadError> {
        if !self.0.valid() {
            return Err(problem("the engine is used from another thread"));
        }
        self.0.call(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_as_written_by_the_single_file() {
        assert_eq!(
            from_base64("AGFzbQEAAAA=").as_deref(),
            Some(&b"\0asm\x01\0\0\0"[..])
        );
        assert_eq!(from_base64(" TWFu\nTWE= ").as_deref(), Some(&b"ManMa"[..]));
        assert_eq!(from_base64("").as_deref(), Some(&b""[..]));
        assert_eq!(from_base64("TW!u"), None);
    }
}
