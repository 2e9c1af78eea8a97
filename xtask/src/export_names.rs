//! Short names for what the JavaScript glue calls in the release wasm (issue 10).
//!
//! wasm-bindgen exports the wasm's functions for its glue under long names: each closure
//! trampoline is named after its Rust path and types
//! (`wasm_bindgen_<hash>___convert__closures_____invoke___…`, up to 300 characters),
//! once in the wasm's export section and again wherever the glue calls it. A release
//! build renames `a`, `b`, … each export the glue calls, in both, except those that other
//! code reads by name ([`KEPT`]).
//!
//! The glue reaches the exports as properties of its `wasm` object, so a name is renamed
//! where it follows `wasm.`. If the old name is still used as a property or a string
//! anywhere in the glue afterwards (`.name`, `"name"`, `'name'`), the build fails rather
//! than write an app that cannot start. (wasm-bindgen also names its JavaScript wrapper
//! of a trampoline after it: that function name is the glue's own, left to the minifier.)

use anyhow::{ensure, Context, Result};

use crate::boundary_names::{apply_edits, identifier_char, short_names, write_name, Rename};
use crate::wasm_bytes::{leb, push_leb, rewrite_sections};

/// The exports that keep their names: the memory (the benchmark's probe reads it), and
/// the entry points that the embedding page's scripts and the size tests name.
const KEPT: [&str; 3] = ["memory", "main", "mount"];

/// How the glue reaches the wasm's exports.
const EXPORTS_OBJECT: &str = "wasm.";

/// The id of the export section.
const EXPORT_SECTION: u8 = 7;

/// `wasm` with the exports that `glue` calls renamed, and the renames.
pub fn rename_exports(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, Vec<Rename>)> {
    let mut renames = Vec::new();
    let out = rewrite_sections(wasm, EXPORT_SECTION, |contents| {
        export_section(contents, glue, &mut renames)
    })?;
    Ok((out, renames))
}

/// One export: its name and the bytes that follow it (its kind and index).
struct Export<'a> {
    name: &'a str,
    descriptor: &'a [u8],
}

/// The exports of the export section `contents`.
fn exports(contents: &[u8]) -> Result<Vec<Export<'_>>> {
    let (count, mut at) = leb(contents, 0)?;
    let mut found = Vec::with_capacity(count);
    for _ in 0..count {
        let (len, start) = leb(contents, at)?;
        let name = contents
            .get(start..start + len)
            .context("an export's name runs past its section")?;
        let name = std::str::from_utf8(name).context("an export's name that is not UTF-8")?;
        let (_, end) = leb(contents, start + len + 1)?;
        found.push(Export {
            name,
            descriptor: &contents[start + len..end],
        });
        at = end;
    }
    ensure!(at == contents.len(), "bytes after the last export");
    Ok(found)
}

/// The export section `contents` with each export that `glue` calls renamed, noting the
/// renames in `renames`.
fn export_section(contents: &[u8], glue: &str, renames: &mut Vec<Rename>) -> Result<Vec<u8>> {
    let exports = exports(contents)?;
    let mut names =
        short_names().filter(|short| !exports.iter().any(|export| export.name == short));
    let mut out = Vec::new();
    push_leb(&mut out, exports.len());
    for export in &exports {
        if KEPT.contains(&export.name) || calls(glue, export.name).is_empty() {
            write_name(&mut out, export.name);
        } else {
            let new = names.next().unwrap_or_default();
            write_name(&mut out, &new);
            renames.push(Rename {
                old: export.name.to_owned(),
                new,
            });
        }
        out.extend_from_slice(export.descriptor);
    }
    Ok(out)
}

/// The byte offsets in `glue` where `name` follows `wasm.` as a whole identifier.
fn calls(glue: &str, name: &str) -> Vec<usize> {
    let call = format!("{EXPORTS_OBJECT}{name}");
    glue.match_indices(&call)
        .filter(|&(i, _)| {
            let before = glue[..i].chars().next_back();
            let after = glue[i + call.len()..].chars().next();
            !before.is_some_and(|c| identifier_char(c) || c == '.')
                && !after.is_some_and(identifier_char)
        })
        .map(|(i, _)| i + EXPORTS_OBJECT.len())
        .collect()
}

/// `glue` with its calls of the exports renamed as `renames` says.
pub fn rename_in_glue(glue: &str, renames: &[Rename]) -> Result<String> {
    let edits = renames
        .iter()
        .flat_map(|rename| {
            calls(glue, &rename.old)
                .into_iter()
                .map(|at| (at, rename.old.len(), rename.new.clone()))
        })
        .collect();
    let out = apply_edits(glue, edits)?;
    for rename in renames {
        ensure!(
            !named_elsewhere(&out, &rename.old),
            "the glue still reaches the export {} by name",
            rename.old
        );
    }
    Ok(out)
}

/// Whether `glue` uses `name` as a property (`.name`) or a string (`"name"`, `'name'`).
fn named_elsewhere(glue: &str, name: &str) -> bool {
    glue.match_indices(name).any(|(i, _)| {
        let before = glue[..i].chars().next_back();
        let after = glue[i + name.len()..].chars().next();
        matches!(before, Some('.' | '"' | '\'' | '`')) && !after.is_some_and(identifier_char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "wasm_bindgen_0123___convert__closures_____invoke_______true_";

    /// A module of one function exported four times: as the app's entry point, a
    /// trampoline, the allocator and an export the glue never calls.
    fn module() -> Vec<u8> {
        let mut exports = Vec::new();
        push_leb(&mut exports, 4);
        for name in ["mount", LONG, "__wbindgen_malloc", "__instance_terminated"] {
            write_name(&mut exports, name);
            exports.extend_from_slice(&[0x00, 0x00]); // function 0
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]); // type () -> ()
        wasm.extend_from_slice(&[0x03, 0x02, 0x01, 0x00]); // one function of type 0
        wasm.push(EXPORT_SECTION);
        push_leb(&mut wasm, exports.len());
        wasm.extend_from_slice(&exports);
        wasm.extend_from_slice(&[0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b]); // its empty body
        wasm
    }

    const GLUE: &str = "function wasm_bindgen_0123___convert__closures_____invoke_______true_(a) {\n    wasm.wasm_bindgen_0123___convert__closures_____invoke_______true_(a);\n}\nconst p = wasm.__wbindgen_malloc(1, 1) + wasm.__wbindgen_malloc(2, 1);\nexport function mount() { wasm.mount(); }";

    fn exports_of(wasm: &[u8]) -> Vec<String> {
        let mut found = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::ExportSection(reader) = payload.expect("parses") {
                for export in reader {
                    found.push(export.expect("an export").name.to_owned());
                }
            }
        }
        found
    }

    #[test]
    fn the_exports_the_glue_calls_get_short_names_and_the_module_stays_valid() {
        let (short, renames) = rename_exports(&module(), GLUE).expect("renames");
        wasmparser::Validator::new()
            .validate_all(&short)
            .expect("still a valid module");
        // Written by hand: `mount` is kept, the one the glue never calls is left alone.
        assert_eq!(
            exports_of(&short),
            ["mount", "a", "b", "__instance_terminated"]
        );
        assert_eq!(renames[0].old, LONG);
    }

    #[test]
    fn the_glues_calls_are_renamed_to_match_and_its_own_names_are_left() {
        let (_, renames) = rename_exports(&module(), GLUE).expect("renames");
        let short = rename_in_glue(GLUE, &renames).expect("renames the glue");
        assert_eq!(
            short,
            "function wasm_bindgen_0123___convert__closures_____invoke_______true_(a) {\n    wasm.a(a);\n}\nconst p = wasm.b(1, 1) + wasm.b(2, 1);\nexport function mount() { wasm.mount(); }"
        );
    }

    #[test]
    fn a_glue_that_names_an_export_otherwise_is_refused() {
        let (_, renames) = rename_exports(&module(), GLUE).expect("renames");
        for other in [
            "exports.__wbindgen_malloc(1, 1)",
            "wasm[\"__wbindgen_malloc\"](1, 1)",
        ] {
            let glue = format!("{GLUE}\n{other};");
            let error = rename_in_glue(&glue, &renames).expect_err(other);
            assert!(error.to_string().contains("__wbindgen_malloc"), "{error}");
        }
    }
}
