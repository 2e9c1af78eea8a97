//! Reading and writing a wasm module's bytes: its sections, and the LEB128 numbers of
//! the binary format. Used where xtask rewrites the release wasm: stubbing a part's
//! functions to measure it ([`crate::wasm_parts`]) and shortening the names of its imports
//! and exports ([`crate::boundary_names`], [`crate::export_names`]).

use anyhow::{ensure, Context, Result};

/// The sections: id and content.
pub fn sections(wasm: &[u8]) -> Result<Vec<(u8, &[u8])>> {
    let mut sections = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, start) = leb(wasm, at + 1)?;
        let body = wasm
            .get(start..start + size)
            .context("a section past the end")?;
        sections.push((id, body));
        at = start + size;
    }
    Ok(sections)
}

/// `wasm` with the content of each section of id `id` replaced by what `rewrite` makes of
/// it, the other sections as they were.
pub fn rewrite_sections(
    wasm: &[u8],
    id: u8,
    mut rewrite: impl FnMut(&[u8]) -> Result<Vec<u8>>,
) -> Result<Vec<u8>> {
    ensure!(
        wasm.starts_with(b"\0asm") && wasm.len() >= 8,
        "not a wasm module"
    );
    let mut out = wasm[..8].to_vec();
    for (section, contents) in sections(wasm)? {
        if section == id {
            push_section(&mut out, section, &rewrite(contents)?);
        } else {
            push_section(&mut out, section, contents);
        }
    }
    Ok(out)
}

/// Appends a section: its id, size and content.
pub fn push_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    push_leb(out, body.len());
    out.extend_from_slice(body);
}

/// An unsigned LEB128 at `at`: its value and where it ends.
pub fn leb(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
    let mut value = 0usize;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(at).context("a number past the end")?;
        ensure!(shift < 64, "a number too long");
        value |= usize::from(byte & 0x7f) << shift;
        at += 1;
        if byte < 0x80 {
            return Ok((value, at));
        }
        shift += 7;
    }
}

/// Appends `value` as an unsigned LEB128.
pub fn push_leb(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}
