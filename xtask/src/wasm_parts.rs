//! What a part of the app's code adds to the release wasm, in gzip bytes (issue 11's
//! budget for the search and shard-reading code).
//!
//! The functions whose names fall in the part get a body of `unreachable` in
//! wasm-bindgen's output of the release build (which still has the function names);
//! that module and the untouched one both go through `wasm-opt -Oz`, which also drops
//! whatever only those functions used; the part's share is the difference of the two
//! gzip sizes. Code that rustc inlined into a function outside the part is not counted,
//! and code of other crates inlined into the part's functions is.

use crate::paths;
use crate::setup::Tools;
use crate::wasm_bytes::{leb, push_leb, push_section, sections};
use anyhow::{bail, ensure, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A part of the code: a name and what its functions' names contain.
pub struct Part {
    /// Shown in the report.
    pub name: &'static str,
    /// A function belongs to the part when its name contains one of these.
    pub markers: &'static [&'static str],
    /// The budget, gzip bytes, if the part has one.
    pub budget: Option<u64>,
}

impl Part {
    /// The functions whose names contain one of the comma-separated texts of `list` (a
    /// part asked for on the command line; its name and markers live as long as the
    /// process).
    pub fn containing(list: &str) -> Part {
        let name: &'static str = Box::leak(list.to_owned().into_boxed_str());
        let markers: Vec<&'static str> = name.split(',').filter(|m| !m.is_empty()).collect();
        Part {
            name,
            markers: Box::leak(markers.into_boxed_slice()),
            budget: None,
        }
    }
}

/// The search engine, the archive model and reader, and the store's use of them.
pub const SEARCH_AND_ARCHIVE: Part = Part {
    name: "search and sharded-archive reading",
    markers: &["::search::", "::archive::"],
    // 40 KB, read as 40,000 bytes (the stricter reading of the goal).
    budget: Some(40_000),
};

/// The search engine alone (what a search loaded on demand would take out).
pub const SEARCH: Part = Part {
    name: "  of which search",
    markers: &["::search::"],
    budget: None,
};

/// The archive model and reader alone.
pub const ARCHIVE: Part = Part {
    name: "  of which sharded-archive reading",
    markers: &["::archive::"],
    budget: None,
};

/// The parts `cargo xtask bench --browser` reports.
pub const PARTS: [&Part; 3] = [&SEARCH_AND_ARCHIVE, &SEARCH, &ARCHIVE];

/// The parts with a budget, which `cargo xtask test` enforces.
pub const BUDGETED: [&Part; 1] = [&SEARCH_AND_ARCHIVE];

/// wasm-bindgen's output of the release build (before wasm-opt), as trunk leaves it.
fn unoptimised_wasm(root: &Path) -> PathBuf {
    paths::wasm_target_dir(root)
        .join("wasm-bindgen")
        .join("release")
        .join("pressroom-app_bg.wasm")
}

/// The release build's wasm before wasm-opt, the folder for the measurements' files,
/// and the wasm's gzip size after wasm-opt with nothing stubbed (the baseline).
fn release_wasm(tools: &Tools) -> Result<(Vec<u8>, PathBuf, u64)> {
    let input = unoptimised_wasm(&tools.root);
    let wasm = std::fs::read(&input).with_context(|| format!("reading {}", input.display()))?;
    let dir = paths::target_dir(&tools.root)
        .join("bench")
        .join("wasm-parts");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let whole = whole_gzip_len(tools, &dir, &wasm)?;
    Ok((wasm, dir, whole))
}

/// Prints what each of `parts` adds to the release wasm; the lines of those over their
/// budget.
pub fn report(tools: &Tools, parts: &[&Part]) -> Result<Vec<String>> {
    let (wasm, dir, whole) = release_wasm(tools)?;
    let mut over = Vec::new();
    for part in parts {
        let stubbed = stub(&wasm, |name| part.markers.iter().any(|m| name.contains(m)))?;
        let without = optimised_gzip_len(tools, &dir, "without", &stubbed.wasm)?;
        let adds = whole.saturating_sub(without);
        let is_over = part.budget.is_some_and(|budget| adds > budget);
        let budget = match part.budget {
            Some(budget) if is_over => format!("; budget {budget} B: OVER"),
            Some(budget) => format!("; budget {budget} B"),
            None => String::new(),
        };
        let line = format!(
            "{}: {} functions, adds {adds} B gzip to the wasm ({whole} B optimised with it, {without} B without){budget}",
            part.name.trim(), stubbed.functions,
        );
        println!("{line}");
        if is_over {
            over.push(line);
        }
    }
    Ok(over)
}

/// Measures the parts with a budget ([`BUDGETED`]) on the release build; the lines of
/// those over it (`cargo xtask test` fails on any).
pub fn over_budget(tools: &Tools) -> Result<Vec<String>> {
    report(tools, &BUDGETED)
}

/// Prints what each crate's functions add to the release wasm (gzip), the largest
/// first: the `crates` crates with the most code, and the rest together.
pub fn report_crates(tools: &Tools, crates: usize) -> Result<()> {
    let (wasm, dir, whole) = release_wasm(tools)?;
    let sizes = code_by_crate(&wasm)?;
    println!("release wasm: {whole} B gzip after wasm-opt -Oz (without its name section)");
    println!("{:<24} {:>10} {:>14}", "crate", "code, raw", "adds, gzip");
    for (k, (name, raw)) in sizes.iter().enumerate() {
        if k >= crates {
            println!("{name:<24} {raw:>10}");
            continue;
        }
        let stubbed = stub(&wasm, |f| crate_of(f) == name.as_str())?;
        let without = optimised_gzip_len(tools, &dir, "without", &stubbed.wasm)?;
        println!("{name:<24} {raw:>10} {:>14}", whole.saturating_sub(without));
    }
    println!(
        "(\"adds\" is the gzip saved when the crate's function bodies are stubbed out, with all\n \
         that only they reach: large for crates everything calls, such as core and alloc)"
    );
    Ok(())
}

/// The crate a function belongs to, from its demangled name: the first path segment,
/// after the `<` and `&` of a trait or reference prefix
/// (`<alloc::vec::Vec<T> as Drop>::drop` is `alloc`'s).
pub fn crate_of(name: &str) -> &str {
    let mut trimmed = name.trim_start_matches(['<', '&', '*', ' ']);
    for prefix in ["mut ", "const ", "dyn "] {
        trimmed = trimmed.strip_prefix(prefix).unwrap_or(trimmed);
    }
    // `<u8 as core::fmt::Debug>` and `<(u32, String) as serde::Deserialize>`: the
    // trait's crate; otherwise the first segment of the path.
    let mut depth = 0usize;
    for (at, ch) in trimmed.char_indices() {
        match ch {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ' ' if depth == 0 && trimmed[at..].starts_with(" as ") => {
                return crate_of(&trimmed[at + 4..]);
            }
            ':' if depth == 0 && trimmed[at..].starts_with("::") => {
                let path = &trimmed[..at];
                // v0 symbols name the crate with its hash: `core[1b80778acbf7b3a4]`.
                return path.split_once('[').map_or(path, |(krate, _)| krate);
            }
            _ => {}
        }
    }
    "(other)"
}

/// Raw code bytes per crate (function bodies before wasm-opt), the largest first.
fn code_by_crate(wasm: &[u8]) -> Result<Vec<(String, usize)>> {
    let sections = sections(wasm)?;
    let imported = imported_functions(&sections)?;
    let names = function_names(&sections)?;
    let code = sections
        .iter()
        .find(|(id, _)| *id == 10)
        .context("no code section")?
        .1;
    let (count, mut at) = leb(code, 0)?;
    let mut sizes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for k in 0..count {
        let (size, start) = leb(code, at)?;
        let name = names
            .get(&(imported + k))
            .map_or("(unnamed)", |n| crate_of(n));
        *sizes.entry(name.to_owned()).or_default() += size;
        at = start + size;
    }
    let mut sizes: Vec<(String, usize)> = sizes.into_iter().collect();
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(sizes)
}

/// The gzip size of the whole module after `wasm-opt -Oz`, passed through [`stub`] with
/// nothing stubbed: custom sections go, as in every stubbed module it is compared with.
fn whole_gzip_len(tools: &Tools, dir: &Path, wasm: &[u8]) -> Result<u64> {
    let untouched = stub(wasm, |_| false)?;
    optimised_gzip_len(tools, dir, "whole", &untouched.wasm)
}

/// The gzip size of `wasm` after `wasm-opt -Oz` (files `label.wasm`, `label.opt.wasm`
/// in `dir`), remembered in `dir/memo/` by the module's and wasm-opt's fingerprint: the
/// same release build is measured by `cargo xtask test`, `cargo xtask size` and the
/// benchmark, and each wasm-opt run takes tens of seconds on 2 cores.
fn optimised_gzip_len(tools: &Tools, dir: &Path, label: &str, wasm: &[u8]) -> Result<u64> {
    let version = tools.cmd("wasm-opt").arg("--version").probe();
    let memo = dir.join("memo").join(memo_key(wasm, version.as_deref()));
    if let Some(len) = std::fs::read_to_string(&memo)
        .ok()
        .and_then(|text| text.trim().parse().ok())
    {
        return Ok(len);
    }
    let len = optimise_and_measure(tools, dir, label, wasm)?;
    // Only a version wasm-opt told gets remembered: without it, the key is not safe.
    if version.is_some() {
        let written = std::fs::create_dir_all(dir.join("memo"))
            .and_then(|()| std::fs::write(&memo, format!("{len}\n")));
        if let Err(e) = written {
            println!("  (not remembered in {}: {e})", memo.display());
        }
    }
    Ok(len)
}

/// The memo file name of `wasm` measured with the wasm-opt that printed `version`.
fn memo_key(wasm: &[u8], version: Option<&str>) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(b"wasm-opt -Oz --all-features, gzip best\n");
    hash.update(version.unwrap_or_default().as_bytes());
    hash.update(b"\n");
    hash.update(wasm);
    let digest = hash.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{hex}.gz-len")
}

/// Runs `wasm-opt -Oz` on `wasm` and measures the result's gzip size.
fn optimise_and_measure(tools: &Tools, dir: &Path, label: &str, wasm: &[u8]) -> Result<u64> {
    let before = dir.join(format!("{label}.wasm"));
    let after = dir.join(format!("{label}.opt.wasm"));
    std::fs::write(&before, wasm).with_context(|| format!("writing {}", before.display()))?;
    tools
        .cmd("wasm-opt")
        .args(["-Oz", "--all-features", "-o"])
        .arg(&after)
        .arg(&before)
        .run()
        .context("wasm-opt")?;
    gzip_len(&std::fs::read(&after)?)
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

/// A module with some function bodies replaced.
pub struct Stubbed {
    /// The module.
    pub wasm: Vec<u8>,
    /// How many functions were stubbed.
    pub functions: usize,
}

/// `wasm` with the body of every function whose name (from the `name` section) passes
/// `part` replaced by `unreachable`; custom sections are left out.
pub fn stub(wasm: &[u8], part: impl Fn(&str) -> bool) -> Result<Stubbed> {
    ensure!(wasm.get(..4) == Some(b"\0asm"), "not a wasm module");
    let sections = sections(wasm)?;
    let imported = imported_functions(&sections)?;
    let names = function_names(&sections)?;
    let mut out = wasm.get(..8).context("no header")?.to_vec();
    let mut functions = 0;
    for &(id, body) in &sections {
        match id {
            0 => {}
            10 => {
                let (code, stubbed) = stub_code(body, imported, &names, &part)?;
                functions = stubbed;
                push_section(&mut out, 10, &code);
            }
            _ => push_section(&mut out, id, body),
        }
    }
    Ok(Stubbed {
        wasm: out,
        functions,
    })
}

/// How many functions the import section imports (they come first in the index space).
fn imported_functions(sections: &[(u8, &[u8])]) -> Result<usize> {
    let Some(&(_, body)) = sections.iter().find(|(id, _)| *id == 2) else {
        return Ok(0);
    };
    let (count, mut at) = leb(body, 0)?;
    let mut functions = 0;
    for _ in 0..count {
        for _ in 0..2 {
            let (len, start) = leb(body, at)?;
            at = start + len;
        }
        let kind = *body.get(at).context("an import past the end")?;
        at += 1;
        at = match kind {
            0 => {
                functions += 1;
                leb(body, at)?.1
            }
            1 => limits(body, at + 1)?,
            2 => limits(body, at)?,
            3 => at + 2,
            4 => leb(body, at + 1)?.1,
            _ => bail!("an import of unknown kind {kind}"),
        };
    }
    Ok(functions)
}

/// The end of a table's or memory's limits at `at`.
fn limits(body: &[u8], at: usize) -> Result<usize> {
    let flags = *body.get(at).context("limits past the end")?;
    let after_min = leb(body, at + 1)?.1;
    Ok(if flags & 1 == 1 {
        leb(body, after_min)?.1
    } else {
        after_min
    })
}

/// Function names by index, from the `name` custom section.
fn function_names(sections: &[(u8, &[u8])]) -> Result<std::collections::HashMap<usize, String>> {
    let mut names = std::collections::HashMap::new();
    for &(_, body) in sections.iter().filter(|(id, _)| *id == 0) {
        let (len, start) = leb(body, 0)?;
        if body.get(start..start + len) != Some(b"name") {
            continue;
        }
        let mut at = start + len;
        while at < body.len() {
            let kind = body[at];
            let (size, content) = leb(body, at + 1)?;
            if kind == 1 {
                let (count, mut p) = leb(body, content)?;
                for _ in 0..count {
                    let (index, q) = leb(body, p)?;
                    let (len, s) = leb(body, q)?;
                    let name = body.get(s..s + len).context("a name past the end")?;
                    names.insert(index, String::from_utf8_lossy(name).into_owned());
                    p = s + len;
                }
            }
            at = content + size;
        }
    }
    ensure!(!names.is_empty(), "the module has no function names");
    Ok(names)
}

/// The code section with the bodies of the part's functions replaced; and their count.
fn stub_code(
    body: &[u8],
    imported: usize,
    names: &std::collections::HashMap<usize, String>,
    part: &impl Fn(&str) -> bool,
) -> Result<(Vec<u8>, usize)> {
    /// No locals, `unreachable`, `end`: valid for any signature.
    const UNREACHABLE: [u8; 3] = [0x00, 0x00, 0x0b];
    let (count, mut at) = leb(body, 0)?;
    let mut out = Vec::new();
    push_leb(&mut out, count);
    let mut stubbed = 0;
    for k in 0..count {
        let (size, start) = leb(body, at)?;
        let mut function = body
            .get(start..start + size)
            .context("a body past the end")?;
        if names.get(&(imported + k)).is_some_and(|n| part(n)) {
            function = &UNREACHABLE;
            stubbed += 1;
        }
        push_leb(&mut out, function.len());
        out.extend_from_slice(function);
        at = start + size;
    }
    Ok((out, stubbed))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing one function and defining two, `keep` and `search::drop`, each
    /// returning a constant, with a `name` section.
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        push_section(&mut wasm, 1, &[1, 0x60, 0, 1, 0x7f]); // type 0: () -> i32
        push_section(&mut wasm, 2, b"\x01\x01m\x01f\x00\x00"); // import m.f: type 0
        push_section(&mut wasm, 3, &[2, 0, 0]); // two functions of type 0
        let body = [0x00, 0x41, 0x2a, 0x0b]; // i32.const 42
        let mut code = vec![2];
        for _ in 0..2 {
            code.push(body.len() as u8);
            code.extend_from_slice(&body);
        }
        push_section(&mut wasm, 10, &code);
        let mut names = vec![4];
        names.extend_from_slice(b"name");
        let mut map = vec![3];
        for (index, name) in [(0u8, "m::f"), (1, "keep"), (2, "x::search::drop")] {
            map.push(index);
            map.push(name.len() as u8);
            map.extend_from_slice(name.as_bytes());
        }
        names.push(1);
        push_leb(&mut names, map.len());
        names.extend_from_slice(&map);
        push_section(&mut wasm, 0, &names);
        wasm
    }

    #[test]
    fn only_the_parts_functions_are_stubbed() {
        let wasm = module();
        let stubbed = stub(&wasm, |n| n.contains("::search::")).expect("stubs");
        assert_eq!(stubbed.functions, 1);
        let sections = sections(&stubbed.wasm).expect("reads");
        assert!(
            sections.iter().all(|(id, _)| *id != 0),
            "custom sections left out"
        );
        let code = sections.iter().find(|(id, _)| *id == 10).expect("code").1;
        // The count, `keep` untouched (index 1 after the import), then the stub.
        assert_eq!(code, [2, 4, 0x00, 0x41, 0x2a, 0x0b, 3, 0x00, 0x00, 0x0b]);
        assert_eq!(stub(&wasm, |_| false).expect("stubs").functions, 0);
    }

    #[test]
    fn broken_modules_are_errors() {
        assert!(stub(b"not wasm", |_| true).is_err());
        let mut wasm = module();
        wasm.truncate(wasm.len() - 3);
        assert!(stub(&wasm, |_| true).is_err());
    }

    #[test]
    fn functions_belong_to_the_crate_of_their_path() {
        for (name, krate) in [
            (
                "pressroom_core::search::eval::evaluate::h0123",
                "pressroom_core",
            ),
            (
                "<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop::h1",
                "alloc",
            ),
            (
                "<&mut serde_json::de::Deserializer<R>>::parse::h2",
                "serde_json",
            ),
            ("core::ptr::drop_in_place<tachys::view::Any>::h3", "core"),
            (
                "<_ as tachys[61a8494f43cf0314]::view::Render>::build",
                "tachys",
            ),
            (
                "<(u32, alloc::string::String) as core::fmt::Debug>::fmt",
                "core",
            ),
            (
                "hashbrown[eb1f0d087f97d4f5]::raw::RawTable<T>::reserve",
                "hashbrown",
            ),
            ("__wbindgen_malloc", "(other)"),
        ] {
            assert_eq!(crate_of(name), krate, "{name}");
        }
        let sizes = code_by_crate(&module()).expect("reads");
        assert_eq!(sizes, [("(other)".to_owned(), 4), ("x".to_owned(), 4)]);
    }

    #[test]
    fn the_memo_key_follows_the_module_and_the_tool() {
        let key = memo_key(b"\0asm", Some("wasm-opt version 132"));
        assert_eq!(key.len(), 32 + ".gz-len".len());
        assert_eq!(key, memo_key(b"\0asm", Some("wasm-opt version 132")));
        assert_ne!(key, memo_key(b"\0asm\x01", Some("wasm-opt version 132")));
        assert_ne!(key, memo_key(b"\0asm", Some("wasm-opt version 133")));
    }

    #[test]
    fn numbers_round_trip() {
        for value in [0, 1, 127, 128, 300, 1 << 20, usize::MAX >> 1] {
            let mut out = Vec::new();
            push_leb(&mut out, value);
            assert_eq!(leb(&out, 0).expect("reads"), (value, out.len()));
        }
    }
}
