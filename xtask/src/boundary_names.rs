//! Short names for the release wasm's boundary with its JavaScript glue (issue 10): what
//! the wasm imports from the glue (here) and what the glue calls in the wasm
//! ([`crate::export_names`]).
//!
//! wasm-bindgen names each function the wasm imports from the glue
//! `__wbg_<name>_<16 hex digits>`, from a module named after the glue
//! (`./pressroom-app_bg.js`): about 210 imports, 7 KB of names in the wasm and again in
//! the glue's import object, and the hex digits do not compress. A release build renames
//! them `a`, `b`, … `aa`, … in the wasm's import section and in the glue, and the module
//! `a`. The exports the glue calls are renamed too, but for those other code reads by
//! name (`memory`, `mount`), which is why this is not binaryen's
//! `--minify-imports-and-exports-and-modules`.
//!
//! The `integrity` attributes for both files in the app's HTML are updated, as for the
//! minified glue ([`crate::glue`]); their names change after the last step of the build
//! ([`crate::final_names`]). If the glue does not have exactly one key for each import,
//! the build fails rather than write an app that cannot start.

use std::path::Path;

use anyhow::{ensure, Context, Result};

use crate::export_names::{rename_exports, rename_in_glue as rename_calls_in_glue};
use crate::glue::{glue_file, integrity, replace_in_html, wasm_of};
use crate::wasm_bytes::{leb, push_leb, rewrite_sections};

/// The suffix of wasm-bindgen's name for the glue's own import module.
const GLUE_MODULE_SUFFIX: &str = "_bg.js";

/// The name the glue's module gets.
const SHORT_MODULE: &str = "a";

/// One renamed import or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub old: String,
    pub new: String,
}

/// What renaming found: the glue's module name as it was, and each import's rename.
#[derive(Debug, Default, PartialEq, Eq)]
struct Renames {
    module: Option<String>,
    imports: Vec<Rename>,
}

/// Renames the imports and exports of the app build in `dir` (the glue and its
/// `_bg.wasm`).
pub fn shorten(dir: &Path) -> Result<()> {
    let glue = glue_file(dir)?;
    let wasm = wasm_of(&glue);
    let bytes = std::fs::read(&wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let text =
        std::fs::read_to_string(&glue).with_context(|| format!("reading {}", glue.display()))?;
    let (short_wasm, renames) = rename_imports(&bytes)
        .with_context(|| format!("renaming the imports of {}", wasm.display()))?;
    let (short_wasm, exports) = rename_exports(&short_wasm, &text)
        .with_context(|| format!("renaming the exports of {}", wasm.display()))?;
    let short_glue = rename_in_glue(&text, &renames)
        .and_then(|glue| rename_calls_in_glue(&glue, &exports))
        .with_context(|| format!("renaming the imports and exports in {}", glue.display()))?;
    std::fs::write(&wasm, &short_wasm).with_context(|| format!("writing {}", wasm.display()))?;
    std::fs::write(&glue, &short_glue).with_context(|| format!("writing {}", glue.display()))?;
    let mut replaced = replace_in_html(dir, &integrity(&bytes), &integrity(&short_wasm))?;
    replaced += replace_in_html(
        dir,
        &integrity(text.as_bytes()),
        &integrity(short_glue.as_bytes()),
    )?;
    println!(
        "shortened {} import and {} export names: wasm {} → {} bytes, glue {} → {} bytes ({replaced} integrity attributes updated)",
        renames.imports.len(),
        exports.len(),
        bytes.len(),
        short_wasm.len(),
        text.len(),
        short_glue.len()
    );
    Ok(())
}

/// The `n`th short name: `a`…`z`, `A`…`Z`, then two and more characters (`aa`, `ba`,
/// …): always a JavaScript identifier.
fn short_name(mut n: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut name = vec![FIRST[n % FIRST.len()]];
    n /= FIRST.len();
    while n > 0 {
        n -= 1;
        name.push(REST[n % REST.len()]);
        n /= REST.len();
    }
    String::from_utf8(name).unwrap_or_default()
}

/// Short names, in order, leaving out the keywords among them (`do`, `if`, `in`; valid as
/// keys, but a reader of the glue need not wonder).
pub fn short_names() -> impl Iterator<Item = String> {
    const KEYWORDS: [&str; 3] = ["do", "if", "in"];
    (0..)
        .map(short_name)
        .filter(|n| !KEYWORDS.contains(&n.as_str()))
}

/// `text` as a wasm name (its length, then its bytes), appended to `out`.
pub fn write_name(out: &mut Vec<u8>, text: &str) {
    push_leb(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// The id of the import section.
const IMPORT_SECTION: u8 = 2;

/// `wasm` with the imports from the glue's module renamed, and the renames.
fn rename_imports(wasm: &[u8]) -> Result<(Vec<u8>, Renames)> {
    let mut renames = Renames::default();
    let out = rewrite_sections(wasm, IMPORT_SECTION, |contents| {
        import_section(contents, &mut renames)
    })?;
    Ok((out, renames))
}

/// The import section `contents` with the glue module's imports renamed, noting the
/// renames in `renames`.
fn import_section(contents: &[u8], renames: &mut Renames) -> Result<Vec<u8>> {
    let reader = wasmparser::ImportSectionReader::new(wasmparser::BinaryReader::new(contents, 0))
        .context("reading the import section")?;
    let mut starts = Vec::new();
    for item in reader.into_iter_with_offsets() {
        let (start, imports) = item.context("reading an import")?;
        ensure!(
            matches!(imports, wasmparser::Imports::Single(..)),
            "compact import groups are not renamed"
        );
        starts.push(start);
    }
    let mut names = short_names();
    let mut out = Vec::new();
    push_leb(&mut out, starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(contents.len());
        let entry = &contents[start..end];
        let (module, name, descriptor) = split_import(entry)?;
        if module.ends_with(GLUE_MODULE_SUFFIX) {
            ensure!(
                renames.module.as_deref().is_none_or(|m| m == module),
                "imports from two glue modules, {module} and {:?}",
                renames.module
            );
            renames.module = Some(module.to_owned());
            let new = names.next().unwrap_or_default();
            write_name(&mut out, SHORT_MODULE);
            write_name(&mut out, &new);
            renames.imports.push(Rename {
                old: name.to_owned(),
                new,
            });
        } else {
            write_name(&mut out, module);
            write_name(&mut out, name);
        }
        out.extend_from_slice(descriptor);
    }
    Ok(out)
}

/// One import's module name, its name, and the bytes of its type that follow them.
fn split_import(entry: &[u8]) -> Result<(&str, &str, &[u8])> {
    let mut at = 0;
    let mut name = || -> Result<&str> {
        let (len, start) = leb(entry, at)?;
        let bytes = entry
            .get(start..start + len)
            .context("a name runs past its import")?;
        at = start + len;
        std::str::from_utf8(bytes).context("a name that is not UTF-8")
    };
    let module = name()?;
    let field = name()?;
    Ok((module, field, &entry[at..]))
}

/// Whether `c` may continue a JavaScript identifier (ASCII is all wasm-bindgen writes).
pub fn identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// The byte offsets in `glue` where the key `name:` of an object literal starts (the name
/// not preceded by an identifier character, and followed by `:`).
fn key_positions(glue: &str, name: &str) -> Vec<usize> {
    let key = format!("{name}:");
    glue.match_indices(&key)
        .map(|(i, _)| i)
        .filter(|&i| !glue[..i].chars().next_back().is_some_and(identifier_char))
        .collect()
}

/// `glue` with the keys of its import object renamed as `renames` says.
fn rename_in_glue(glue: &str, renames: &Renames) -> Result<String> {
    let Some(module) = &renames.module else {
        return Ok(glue.to_owned());
    };
    let quoted = format!("\"{module}\":");
    ensure!(
        glue.matches(&quoted).count() == 1,
        "the glue does not name the module {module} exactly once"
    );
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let at = glue.find(&quoted).unwrap_or_default();
    edits.push((at, quoted.len(), format!("{SHORT_MODULE}:")));
    for rename in &renames.imports {
        let found = key_positions(glue, &rename.old);
        ensure!(
            found.len() == 1,
            "the glue has {} keys {}, not one",
            found.len(),
            rename.old
        );
        edits.push((found[0], rename.old.len() + 1, format!("{}:", rename.new)));
    }
    apply_edits(glue, edits)
}

/// `text` with each edit (where it starts, how many bytes it replaces, and with what)
/// made; overlapping edits are refused.
pub fn apply_edits(text: &str, mut edits: Vec<(usize, usize, String)>) -> Result<String> {
    edits.sort_by_key(|(at, _, _)| *at);
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for (at, len, new) in edits {
        ensure!(at >= done, "two renames overlap at byte {at}");
        out.push_str(&text[done..at]);
        out.push_str(&new);
        done = at + len;
    }
    out.push_str(&text[done..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module of one function type and three imports: two functions from the glue's
    /// module and a memory from another module, written byte by byte.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        push_leb(&mut imports, 3);
        for (module, name) in [
            ("./app_bg.js", "__wbg_alert_0123456789abcdef"),
            ("./app_bg.js", "__wbindgen_init_externref_table"),
        ] {
            write_name(&mut imports, module);
            write_name(&mut imports, name);
            imports.extend_from_slice(&[0x00, 0x00]); // a function of type 0
        }
        write_name(&mut imports, "env");
        write_name(&mut imports, "memory");
        imports.extend_from_slice(&[0x02, 0x00, 0x01]); // a memory of at least one page
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]); // type () -> ()
        wasm.push(IMPORT_SECTION);
        push_leb(&mut wasm, imports.len());
        wasm.extend_from_slice(&imports);
        wasm
    }

    fn imports_of(wasm: &[u8]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::ImportSection(reader) = payload.expect("parses") {
                for imports in reader {
                    if let wasmparser::Imports::Single(_, import) = imports.expect("an import") {
                        found.push((import.module.to_owned(), import.name.to_owned()));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn the_glue_modules_imports_get_short_names_and_the_module_stays_valid() {
        let wasm = module();
        let (short, renames) = rename_imports(&wasm).expect("renames");
        wasmparser::Validator::new()
            .validate_all(&short)
            .expect("still a valid module");
        assert_eq!(
            imports_of(&short),
            [("a", "a"), ("a", "b"), ("env", "memory")].map(|(m, n)| (m.to_owned(), n.to_owned()))
        );
        assert_eq!(renames.module.as_deref(), Some("./app_bg.js"));
        assert_eq!(renames.imports[0].old, "__wbg_alert_0123456789abcdef");
        assert!(short.len() < wasm.len());
    }

    #[test]
    fn the_glues_import_object_is_renamed_to_match() {
        let glue = "const import0 = {\n    __proto__: null,\n    __wbg_alert_0123456789abcdef: function(a) { alert(a); },\n    __wbindgen_init_externref_table: function() { x.__wbindgen_init_externref_table; },\n};\nreturn { __proto__: null, \"./app_bg.js\": import0 };";
        let (_, renames) = rename_imports(&module()).expect("renames");
        let short = rename_in_glue(glue, &renames).expect("renames the glue");
        assert_eq!(
            short,
            "const import0 = {\n    __proto__: null,\n    a: function(a) { alert(a); },\n    b: function() { x.__wbindgen_init_externref_table; },\n};\nreturn { __proto__: null, a: import0 };"
        );
    }

    #[test]
    fn a_glue_without_a_key_for_an_import_is_refused() {
        let (_, renames) = rename_imports(&module()).expect("renames");
        let glue = "{ __wbg_alert_0123456789abcdef: f, \"./app_bg.js\": import0 }";
        let error = rename_in_glue(glue, &renames).expect_err("a key is missing");
        assert!(
            error
                .to_string()
                .contains("__wbindgen_init_externref_table"),
            "{error}"
        );
    }

    #[test]
    fn short_names_are_identifiers_and_never_keywords() {
        let names: Vec<String> = short_names().take(3000).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[26], "A");
        assert_eq!(names[52], "aa");
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        for name in &names {
            assert!(
                name.starts_with(|c: char| c.is_ascii_alphabetic()),
                "{name}"
            );
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
            assert!(!["do", "if", "in"].contains(&name.as_str()));
        }
    }
}
