//! XML input: bytes → UTF-8 text, and a safety pass before any feed parser sees it.
//!
//! Decoding: a byte-order mark wins; else the encoding named in the XML declaration
//! (`<?xml version="1.0" encoding="gb2312"?>`) is used, through `encoding_rs`; else UTF-8,
//! with a Windows-1252 (Latin-1) fallback when the bytes are not UTF-8. The declaration in
//! the decoded text is rewritten to say UTF-8, so the parsers do not decode it twice.
//!
//! The safety pass ([`check_xml`]) walks the document once with quick-xml and refuses:
//! - a DOCTYPE that declares entities (billion-laughs and external-entity attacks; no
//!   parser here expands them, and refusing says so clearly instead of leaving `&lol9;`
//!   in the text);
//! - nesting deeper than [`MAX_DEPTH`] (no recursive parser downstream can overflow);
//! - an XML declaration anywhere but at the start, or one that still names an encoding
//!   other than UTF-8 after decoding (feed-rs switches its decoder on every declaration,
//!   and quick-xml panics when that happens past the start of the document);
//! - anything not well-formed, with line and column: mismatched or unclosed tags,
//!   truncated files, text with no root element.
//!
//! HTML entities that XML does not define (`&nbsp;`) are allowed and counted: feeds use
//! them in HTML content, and HTML conversion reads them.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::text_position::Position;

/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;

/// Decoded XML text.
#[derive(Debug, Clone)]
pub struct XmlText {
    /// The document as UTF-8, declaration rewritten to UTF-8.
    pub text: String,
    /// The encoding that was used to decode it.
    pub encoding: &'static str,
    /// How it was chosen, when that is worth reporting (fallbacks).
    pub note: Option<String>,
}

/// Why XML input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Where, when known.
    pub position: Option<Position>,
    /// What is wrong and what is expected.
    pub message: String,
}

impl XmlError {
    fn at(position: Position, message: impl Into<String>) -> Self {
        Self {
            position: Some(position),
            message: message.into(),
        }
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "line {}, column {}: {}", p.line, p.column, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for XmlError {}

/// Decodes XML bytes as described in the module docs.
pub fn decode_xml(bytes: &[u8]) -> Result<XmlText, XmlError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = decode_strict(encoding, &bytes[bom_len..], "its byte-order mark")?;
        return Ok(XmlText {
            text: rewrite_declaration(text),
            encoding: encoding.name(),
            note: None,
        });
    }
    // UTF-16 without a byte-order mark: `<` `?` with zero bytes between.
    if bytes.starts_with(&[b'<', 0, b'?', 0]) || bytes.starts_with(&[0, b'<', 0, b'?']) {
        let encoding = if bytes[0] == 0 { UTF_16BE } else { UTF_16LE };
        let text = decode_strict(encoding, bytes, "its first bytes")?;
        return Ok(XmlText {
            text: rewrite_declaration(text),
            encoding: encoding.name(),
            note: None,
        });
    }
    match declared_encoding(bytes) {
        Some(label) => {
            let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                XmlError::at(
                    Position::START,
                    format!(
                        "the XML declaration names the encoding {label:?}, which is not one we \
                         know; expected e.g. UTF-8, ISO-8859-1, windows-1252, gb2312 or Shift_JIS"
                    ),
                )
            })?;
            // A UTF-16 label on bytes we just read as ASCII is a mislabelled UTF-8 file.
            let (encoding, note) = if encoding == UTF_16LE || encoding == UTF_16BE {
                (
                    UTF_8,
                    Some(format!(
                        "the declaration says {label}, but the file is 8-bit; read as UTF-8"
                    )),
                )
            } else {
                (encoding, None)
            };
            let why = format!("its XML declaration (encoding=\"{label}\")");
            let text = decode_strict(encoding, bytes, &why)?;
            Ok(XmlText {
                text: rewrite_declaration(text),
                encoding: encoding.name(),
                note,
            })
        }
        None => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(XmlText {
                text: rewrite_declaration(text.to_owned()),
                encoding: UTF_8.name(),
                note: None,
            }),
            Err(error) => {
                let at = Position::of_byte_offset(bytes, error.valid_up_to());
                let (text, _, _) = WINDOWS_1252.decode(bytes);
                Ok(XmlText {
                    text: rewrite_declaration(text.into_owned()),
                    encoding: WINDOWS_1252.name(),
                    note: Some(format!(
                        "the file is not UTF-8 (first non-UTF-8 byte at line {}, column {}) and \
                         declares no encoding; read as Windows-1252 (Latin-1)",
                        at.line, at.column
                    )),
                })
            }
        },
    }
}

/// Decodes with `encoding`, refusing malformed bytes with their position.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8], why: &str) -> Result<String, XmlError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or_else(|| XmlError {
            position: None,
            message: "the file is too large to decode".to_owned(),
        })?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, after) => {
            let offset = read.saturating_sub(after as usize + bad as usize);
            let at = Position::of_byte_offset(bytes, offset);
            let byte = bytes.get(offset).copied().unwrap_or_default();
            Err(XmlError::at(
                at,
                format!(
                    "byte 0x{byte:02X} is not valid {}, the encoding given by {why}; save the file \
                     in that encoding or correct the declaration",
                    encoding.name()
                ),
            ))
        }
        DecoderResult::OutputFull => Err(XmlError {
            position: None,
            message: "the file could not be decoded (output buffer full)".to_owned(),
        }),
    }
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &bytes[start..];
    if !rest.starts_with(b"<?xml") || !rest.get(5).is_some_and(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let end = rest.windows(2).take(1024).position(|w| w == b"?>")?;
    let declaration = String::from_utf8_lossy(&rest[..end]);
    attribute_value(&declaration, "encoding").map(|(_, value)| value.to_owned())
}

/// Finds `name = "value"` (or single quotes) and returns the value's byte range start
/// and the value.
fn attribute_value<'a>(text: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let mut search = 0;
    while let Some(found) = text[search..].find(name) {
        let after_name = search + found + name.len();
        let rest = &text[after_name..];
        let trimmed = rest.trim_start();
        if let Some(after_eq) = trimmed.strip_prefix('=') {
            let value_part = after_eq.trim_start();
            let quote = value_part.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value_start = text.len() - value_part.len() + 1;
                let end = text[value_start..].find(quote)?;
                return Some((value_start, &text[value_start..value_start + end]));
            }
        }
        search = after_name;
    }
    None
}

/// Rewrites `encoding="…"` in the declaration to UTF-8 and drops a leading BOM.
fn rewrite_declaration(text: String) -> String {
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let trimmed = text.trim_start();
    if !trimmed.starts_with("<?xml") {
        return text;
    }
    let offset = text.len() - trimmed.len();
    let Some(end) = trimmed.find("?>") else {
        return text;
    };
    match attribute_value(&trimmed[..end], "encoding") {
        Some((start, value)) => {
            let start = offset + start;
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..start]);
            out.push_str("UTF-8");
            out.push_str(&text[start + value.len()..]);
            out
        }
        None => text,
    }
}

/// What [`check_xml`] found in a well-formed document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlFacts {
    /// The root element's name as written (`rss`, `feed`, `rdf:RDF`).
    pub root: String,
    /// Namespace URIs declared on the root element.
    pub root_namespaces: Vec<String>,
    /// Named references that XML does not define but HTML does, e.g. `nbsp`.
    pub html_entities: Vec<String>,
}

/// The safety and well-formedness pass described in the module docs.
pub fn check_xml(text: &str) -> Result<XmlFacts, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut walk = Walk::new(text);
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                return Err(not_well_formed(
                    text,
                    reader.error_position() as usize,
                    &error,
                ))
            }
        };
        match event {
            Event::Eof => break,
            event => walk.event(event, before)?,
        }
    }
    walk.finish()
}

/// What [`check_xml`] knows part-way through the document.
struct Walk<'a> {
    /// The whole document, for positions.
    text: &'a str,
    /// What was found so far.
    facts: XmlFacts,
    /// The open elements: name and the offset of their start tag.
    open: Vec<(String, usize)>,
    /// Whether the root element has started.
    seen_root: bool,
}

impl<'a> Walk<'a> {
    /// A walk at the start of `text`.
    fn new(text: &'a str) -> Self {
        Self {
            text,
            facts: XmlFacts::default(),
            open: Vec::new(),
            seen_root: false,
        }
    }

    /// Checks one event (not `Eof`) that starts at byte `before`.
    fn event(&mut self, event: Event<'_>, before: usize) -> Result<(), XmlError> {
        match event {
            Event::Decl(declaration) => check_declaration(self.text, before, &declaration),
            Event::DocType(doctype) => check_doctype(self.text, before, &doctype.into_inner()),
            Event::Start(start) => self.start(&start, before),
            Event::Empty(start) => self.element(start.name().as_ref(), &start, before),
            Event::End(_) => {
                self.open.pop();
                Ok(())
            }
            Event::Text(t)
                if self.open.is_empty() && !t.as_ref().chars().all(|c| c.is_ascii_whitespace()) =>
            {
                Err(self.stray_text(before + leading_space(t.as_ref().as_bytes())))
            }
            Event::GeneralRef(reference) => self.reference(&reference, before),
            _ => Ok(()),
        }
    }

    /// A start tag: an element, then one level deeper.
    fn start(
        &mut self,
        start: &quick_xml::events::BytesStart<'_>,
        before: usize,
    ) -> Result<(), XmlError> {
        let name = start.name().as_ref().to_owned();
        self.element(&name, start, before)?;
        self.open.push((name, before));
        if self.open.len() > MAX_DEPTH {
            return Err(XmlError::at(
                Position::of_offset(self.text, before),
                format!("elements are nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        Ok(())
    }

    /// Any element: the first is the root; another at the top level is refused.
    fn element(
        &mut self,
        name: &str,
        start: &quick_xml::events::BytesStart<'_>,
        before: usize,
    ) -> Result<(), XmlError> {
        if !self.seen_root {
            self.seen_root = true;
            self.facts.root = name.to_owned();
            self.facts.root_namespaces = root_namespaces(start);
        } else if self.open.is_empty() {
            return Err(extra_root(self.text, before, name));
        }
        Ok(())
    }

    /// Non-blank text outside the root element, at byte `offset`.
    fn stray_text(&self, offset: usize) -> XmlError {
        XmlError::at(
            Position::of_offset(self.text, offset),
            if self.seen_root {
                "text after the end of the root element"
            } else {
                "text before the first element; expected an XML document (is this \
                 an HTML page, JSON or plain text?)"
            },
        )
    }

    /// A `&name;` reference: XML's own pass, HTML's are counted, others are refused.
    fn reference(
        &mut self,
        reference: &quick_xml::events::BytesRef<'_>,
        before: usize,
    ) -> Result<(), XmlError> {
        let name: &str = reference;
        let known =
            reference.is_char_ref() || quick_xml::escape::resolve_predefined_entity(name).is_some();
        if known {
            return Ok(());
        }
        if html_entity(name).is_none() {
            return Err(XmlError::at(
                Position::of_offset(self.text, before),
                format!(
                    "&{name}; is not an entity XML or HTML defines; write the character \
                     itself, or &amp; for a literal ampersand"
                ),
            ));
        }
        if !self.facts.html_entities.iter().any(|n| n == name) {
            self.facts.html_entities.push(name.to_owned());
        }
        Ok(())
    }

    /// The end of the document: there must have been a root, and it must be closed.
    fn finish(self) -> Result<XmlFacts, XmlError> {
        if !self.seen_root {
            return Err(XmlError::at(
                Position::of_offset(self.text, self.text.len()),
                "no XML element found; the file is empty or not XML",
            ));
        }
        if !self.open.is_empty() {
            return Err(truncated(self.text, &self.open));
        }
        Ok(self.facts)
    }
}

/// quick-xml's error at byte `offset`, as an [`XmlError`].
fn not_well_formed(text: &str, offset: usize, error: &quick_xml::Error) -> XmlError {
    XmlError::at(
        Position::of_offset(text, offset),
        format!(
            "the XML is not well-formed: {}",
            describe(&error.to_string())
        ),
    )
}

/// A DOCTYPE at `offset` is refused when it declares entities.
fn check_doctype(text: &str, offset: usize, content: &str) -> Result<(), XmlError> {
    if content.contains("<!ENTITY") {
        return Err(XmlError::at(
            Position::of_offset(text, offset),
            "the document type declares XML entities; they are refused, not expanded \
             (nested entities can make a small file expand to gigabytes). Remove the \
             <!DOCTYPE …> block",
        ));
    }
    Ok(())
}

/// The file ended with the `open` elements still open.
fn truncated(text: &str, open: &[(String, usize)]) -> XmlError {
    let chain: Vec<String> = open
        .iter()
        .rev()
        .map(|(n, offset)| format!("<{n}> (line {})", Position::of_offset(text, *offset).line))
        .collect();
    XmlError::at(
        Position::of_offset(text, text.len()),
        format!(
            "the file ends before {} {} closed; it looks truncated",
            chain.join(", "),
            if chain.len() == 1 { "is" } else { "are" }
        ),
    )
}

/// An XML declaration at `offset` is accepted only at the start (after whitespace at
/// most), and only naming UTF-8 or no encoding, since the text is UTF-8 by now.
fn check_declaration(
    text: &str,
    offset: usize,
    declaration: &quick_xml::events::BytesDecl<'_>,
) -> Result<(), XmlError> {
    let at = || Position::of_offset(text, offset);
    if text
        .get(..offset)
        .is_none_or(|head| !head.trim().is_empty())
    {
        return Err(XmlError::at(
            at(),
            "an XML declaration (<?xml …?>) after the start of the document; it is only \
             allowed first (are two files joined together?)",
        ));
    }
    let Some(Ok(label)) = declaration.encoding() else {
        return Ok(());
    };
    match Encoding::for_label(label.as_bytes()) {
        Some(encoding) if encoding != UTF_8 => Err(XmlError::at(
            at(),
            format!(
                "the XML declaration names the encoding {label:?} in a way that could not be \
                 read; write it once, as encoding=\"…\""
            ),
        )),
        _ => Ok(()),
    }
}

fn extra_root(text: &str, offset: usize, name: &str) -> XmlError {
    XmlError::at(
        Position::of_offset(text, offset),
        format!("a second root element <{name}>; an XML document has exactly one"),
    )
}

fn leading_space(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

fn root_namespaces(start: &quick_xml::events::BytesStart<'_>) -> Vec<String> {
    start
        .attributes()
        .flatten()
        .filter(|a| a.key.as_ref().starts_with("xmlns"))
        .map(|a| a.value.to_string())
        .collect()
}

/// quick-xml's messages, made a little more human.
fn describe(message: &str) -> Cow<'_, str> {
    if let Some(rest) = message.strip_prefix("ill-formed document: ") {
        return Cow::Owned(rest.to_owned());
    }
    Cow::Borrowed(message)
}

/// The text of an HTML named character reference (`nbsp` → `\u{a0}`).
pub fn html_entity(name: &str) -> Option<String> {
    let key = format!("{name};");
    html5ever::data::NAMED_ENTITIES
        .get(key.as_str())
        .map(|&(first, second)| {
            [first, second]
                .into_iter()
                .filter(|c| *c != 0)
                .filter_map(char::from_u32)
                .collect()
        })
}

/// Resolves one `&…;` reference as found in XML text: character references, the five
/// XML entities, then HTML's named references; anything else is kept as written.
pub fn resolve_reference(name: &str) -> Cow<'static, str> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        return match code.and_then(char::from_u32) {
            Some(c) => Cow::Owned(c.to_string()),
            None => Cow::Borrowed("\u{FFFD}"),
        };
    }
    if let Some(resolved) = quick_xml::escape::resolve_predefined_entity(name) {
        return Cow::Borrowed(resolved);
    }
    match html_entity(name) {
        Some(text) => Cow::Owned(text),
        None => Cow::Owned(format!("&{name};")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_after_the_start_is_refused() {
        // Found by the import_rss_atom fuzz target: feed-rs hands every declaration's
        // encoding to quick-xml, which panics past the start of the document.
        let text = "<rss version=\"2.0\"><channel>\n<?xml version=\"1.0\" encoding=\"UTF-16\"?>\
                    <title>T</title></channel></rss>";
        let error = check_xml(text).expect_err("refused");
        assert_eq!(error.position, Some(Position { line: 2, column: 1 }));
        assert!(error.message.contains("after the start"), "{error}");
        // First, after whitespace, and saying UTF-8: accepted.
        assert!(check_xml("\n  <?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>").is_ok());
        assert!(check_xml("<?xml version=\"1.0\"?><rss/>").is_ok());
    }

    #[test]
    fn a_declaration_that_still_names_another_encoding_is_refused() {
        // The rewrite to UTF-8 takes the first `encoding` it finds, here inside another
        // attribute's name; the parser reads the real one.
        let bytes = b"<?xml version='1.0' xencoding='UTF-8' encoding='windows-1252'?><rss/>";
        let decoded = decode_xml(bytes).expect("decodes");
        let error = check_xml(&decoded.text).expect_err("refused");
        assert!(error.message.contains("windows-1252"), "{error}");
    }

    #[test]
    fn declared_single_byte_encoding_is_decoded_and_rewritten() {
        let bytes = b"<?xml version='1.0' encoding='ISO-8859-1'?><t>inova\xe7\xe3o</t>";
        let decoded = decode_xml(bytes).expect("decodes");
        assert_eq!(
            decoded.text,
            "<?xml version='1.0' encoding='UTF-8'?><t>inovação</t>"
        );
        assert_eq!(decoded.encoding, "windows-1252");
    }

    #[test]
    fn undeclared_latin1_falls_back_with_a_note() {
        let decoded = decode_xml(b"<t>S\xe3o Paulo</t>").expect("decodes");
        assert_eq!(decoded.text, "<t>São Paulo</t>");
        assert!(decoded
            .note
            .as_deref()
            .is_some_and(|n| n.contains("line 1, column 5")));
    }

    #[test]
    fn declared_utf8_with_latin1_bytes_is_an_error_with_position() {
        let error = decode_xml(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<t>\n S\xe3o</t>")
            .expect_err("refused");
        assert_eq!(error.position, Some(Position { line: 3, column: 3 }));
        assert!(error.message.contains("0xE3"), "{error}");
    }

    #[test]
    fn unknown_encoding_is_named() {
        let error =
            decode_xml(b"<?xml version=\"1.0\" encoding=\"klingon-8\"?><t/>").expect_err("refused");
        assert!(error.message.contains("klingon-8"));
    }

    #[test]
    fn boms_win() {
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><t>é</t>".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let decoded = decode_xml(&utf16).expect("decodes");
        assert_eq!(
            decoded.text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>é</t>"
        );
    }

    #[test]
    fn entity_declarations_are_refused() {
        let lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n \
                   <!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">\n]>\n<rss>&lol2;</rss>";
        let error = check_xml(lol).expect_err("refused");
        assert_eq!(error.position.map(|p| p.line), Some(2));
        assert!(error.message.contains("refused, not expanded"), "{error}");
    }

    #[test]
    fn truncation_and_mismatch_have_positions() {
        let error = check_xml("<rss>\n<channel>\n<title>x</title>").expect_err("truncated");
        assert!(
            error
                .message
                .contains("<channel> (line 2), <rss> (line 1) are closed"),
            "{error}"
        );
        let error = check_xml("<rss>\n  <a></b></rss>").expect_err("mismatch");
        assert_eq!(error.position.map(|p| p.line), Some(2));
        assert!(check_xml("").is_err());
        assert!(check_xml("{\"json\": true}").is_err());
        assert!(check_xml("<a/><b/>").is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(check_xml(&deep)
            .expect_err("deep")
            .message
            .contains("nested"));
    }

    #[test]
    fn html_entities_are_allowed_and_counted() {
        let facts = check_xml("<rss><d>a&nbsp;b&amp;c&#38;</d></rss>").expect("ok");
        assert_eq!(facts.html_entities, vec!["nbsp".to_owned()]);
        assert!(check_xml("<rss>&bogus;</rss>").is_err());
        assert_eq!(resolve_reference("nbsp"), "\u{a0}");
        assert_eq!(resolve_reference("#x41"), "A");
        assert_eq!(resolve_reference("amp"), "&");
        assert_eq!(resolve_reference("bogus"), "&bogus;");
    }
}
