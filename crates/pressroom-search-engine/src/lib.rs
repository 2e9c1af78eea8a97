//! Pressroom's search engine ([`pressroom_core::search::Engine`]) as a wasm module of its
//! own, with no imports and three exports besides its memory, so the app can fetch and
//! instantiate it on the first search instead of carrying it in its own wasm:
//!
//! 1. `pressroom_request(len)` makes room for a request of `len` bytes and returns where
//!    it starts in the module's memory; the app writes the request there
//!    ([`pressroom_core::search::wire::Request`]);
//! 2. `pressroom_handle()` answers it and returns the answer's length;
//! 3. `pressroom_answer()` returns where the answer starts; the app reads it
//!    ([`pressroom_core::search::wire::Answer`]) before its next request.
//!
//! No `unsafe` block: the module only hands out pointers into its own buffers, and the
//! app writes and reads them through the module's memory.

use std::cell::RefCell;

use pressroom_core::search::Engine;

/// The engine and the request and answer buffers.
#[derive(Default)]
struct State {
    engine: Engine,
    request: Vec<u8>,
    answer: Vec<u8>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Makes room for a request of `len` bytes; where to write it.
#[allow(unsafe_code)] // exported by its name: see the crate's lints
#[no_mangle]
pub extern "C" fn pressroom_request(len: usize) -> *mut u8 {
    STATE.with_borrow_mut(|state| {
        state.request.clear();
        state.request.resize(len, 0);
        state.request.as_mut_ptr()
    })
}

/// Answers the request written at [`pressroom_request`]'s pointer; the answer's length.
#[allow(unsafe_code)] // exported by its name: see the crate's lints
#[no_mangle]
pub extern "C" fn pressroom_handle() -> usize {
    STATE.with_borrow_mut(|state| {
        let State {
            engine,
            request,
            answer,
        } = state;
        *answer = engine.handle(request);
        answer.len()
    })
}

/// Where the last answer starts.
#[allow(unsafe_code)] // exported by its name: see the crate's lints
#[no_mangle]
pub extern "C" fn pressroom_answer() -> *const u8 {
    STATE.with_borrow(|state| state.answer.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pressroom_core::search::wire::{Answer, Request};

    /// The exports as the app uses them, natively: write the request where the module
    /// says, handle it, read the answer where the module says.
    fn call(request: &Request<'_>) -> Answer {
        let bytes = request.encode();
        let at = pressroom_request(bytes.len());
        STATE.with_borrow(|state| assert_eq!(state.request.as_ptr(), at.cast_const()));
        STATE.with_borrow_mut(|state| state.request.copy_from_slice(&bytes));
        let len = pressroom_handle();
        let at = pressroom_answer();
        let answer = STATE.with_borrow(|state| {
            assert_eq!((state.answer.as_ptr(), state.answer.len()), (at, len));
            state.answer.clone()
        });
        Answer::decode(&answer).unwrap_or_else(|e| Answer::Failed(format!("undecodable: {e}")))
    }

    #[test]
    fn the_exports_answer_requests_and_keep_the_engine_between_them() {
        let add = Request::AddDoc {
            doc: 0,
            texts: ["국방부 사이버 훈련", "", "Cyber exercise.", "Ministry"],
            tags: vec!["cyber"],
        };
        assert_eq!(call(&add), Answer::Done);
        let search = Request::Search {
            query: "사이버",
            typing: false,
            runs: std::iter::once(0..1).collect(),
        };
        let Answer::Found(found) = call(&search) else {
            panic!("no results");
        };
        assert_eq!(found.hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [0]);
        assert!(matches!(
            call(&Request::Meta(b"not a meta")),
            Answer::Failed(_)
        ));
    }
}
