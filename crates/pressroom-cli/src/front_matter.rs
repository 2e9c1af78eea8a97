//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a Markdown file.
//!
//! [`split`] finds the block and the body; [`parse`] reads the block into [`Value`]s
//! (one small tree for both syntaxes), and [`locate`] finds where a key is written, so
//! every later error can name the file's line and column. YAML is read with
//! `serde_norway` (maintained fork of serde_yaml; alias expansion is bounded), TOML with
//! `toml`. TOML dates stay as written (`2024-06-01`, `2024-06-01T09:30:00-05:00`).

use std::fmt;

use crate::text_position::Position;

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
}

impl Syntax {
    fn fence(self) -> &'static str {
        match self {
            Syntax::Yaml => "---",
            Syntax::Toml => "+++",
        }
    }
}

/// A front matter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Absent (`key:` with nothing after it in YAML).
    Null,
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A TOML date or date-time, as written.
    Date(String),
    /// A list.
    List(Vec<Value>),
    /// A table / mapping, keys in order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// What kind of value this is, for messages: `a list`, `a number`.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::String(_) => "a string",
            Value::Bool(_) => "true/false",
            Value::Number(_) => "a number",
            Value::Date(_) => "a date",
            Value::List(_) => "a list",
            Value::Map(_) => "a table of keys",
        }
    }

    /// The value as text when it is a scalar (strings, numbers, dates, booleans).
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::String(s) | Value::Number(s) | Value::Date(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// A front matter problem at a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Where in the whole file.
    pub position: Position,
    /// What is wrong and what is expected.
    pub message: String,
}

impl fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position, self.message)
    }
}

/// A file split into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The syntax of the block.
    pub syntax: Syntax,
    /// The text between the fences.
    pub front_matter: &'a str,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Lines before the front matter text (the opening fence): add to positions inside it.
    pub front_matter_offset: usize,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits a file into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_line_end].trim_end();
    let syntax = match first {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => {
            return Err(FrontMatterError {
                position: Position::START,
                message: "expected front matter: the file must start with a line `---` (YAML) \
                          or `+++` (TOML), then `title:`, `date:` and the other fields, then \
                          the same line again"
                    .to_owned(),
            })
        }
    };
    let mut offset = first_line_end;
    for (line, raw_line) in (2..).zip(text[first_line_end..].split_inclusive('\n')) {
        let trimmed = raw_line.trim_end();
        let closes = trimmed == syntax.fence() || (syntax == Syntax::Yaml && trimmed == "...");
        if closes {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                syntax,
                front_matter: &text[first_line_end..offset],
                body: &text[body_start..],
                front_matter_offset: 1,
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(FrontMatterError {
        position: Position::START,
        message: format!(
            "the front matter opened with `{}` on line 1 is never closed; expected a line `{}` \
             after the last field",
            syntax.fence(),
            syntax.fence()
        ),
    })
}

/// Parses the front matter of a [`Split`] into its top-level keys.
pub fn parse(split: &Split<'_>) -> Result<Vec<(String, Value)>, FrontMatterError> {
    match split.syntax {
        Syntax::Yaml => parse_yaml(split.front_matter, split.front_matter_offset),
        Syntax::Toml => parse_toml(split.front_matter, split.front_matter_offset),
    }
}

/// Parses YAML text whose first line is line `offset + 1` of the file.
pub fn parse_yaml(text: &str, offset: usize) -> Result<Vec<(String, Value)>, FrontMatterError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let value: serde_norway::Value = serde_norway::from_str(text).map_err(|error| {
        let position = error
            .location()
            .map_or(Position::START, |l| Position {
                line: l.line(),
                column: l.column(),
            })
            .shifted(offset);
        FrontMatterError {
            position,
            message: yaml_message(&error.to_string()),
        }
    })?;
    match from_yaml(value) {
        Ok(Value::Map(entries)) => Ok(entries),
        Ok(Value::Null) => Ok(Vec::new()),
        Ok(other) => Err(FrontMatterError {
            position: Position::START.shifted(offset),
            message: format!(
                "the front matter is {}; expected `key: value` lines such as `title: …`",
                other.kind()
            ),
        }),
        Err(message) => Err(FrontMatterError {
            position: Position::START.shifted(offset),
            message,
        }),
    }
}

fn from_yaml(value: serde_norway::Value) -> Result<Value, String> {
    use serde_norway::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => Value::Number(n.to_string()),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::List(items.into_iter().map(from_yaml).collect::<Result<_, _>>()?)
        }
        Y::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(format!(
                            "a key is {}; keys must be words such as `title`",
                            from_yaml(other).map_or("not text", |v| v.kind())
                        ))
                    }
                };
                entries.push((key, from_yaml(value)?));
            }
            Value::Map(entries)
        }
        Y::Tagged(tagged) => from_yaml(tagged.value)?,
    })
}

/// Parses TOML text whose first line is line `offset + 1` of the file.
pub fn parse_toml(text: &str, offset: usize) -> Result<Vec<(String, Value)>, FrontMatterError> {
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        let position = error
            .span()
            .map_or(Position::START, |span| {
                Position::of_offset(text, span.start)
            })
            .shifted(offset);
        FrontMatterError {
            position,
            message: format!("the TOML is not valid: {}", error.message().trim()),
        }
    })?;
    Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.to_string()),
        toml::Value::Float(f) => Value::Number(f.to_string()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::Date(d.to_string()),
        toml::Value::Array(items) => Value::List(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => {
            Value::Map(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

/// The message for a YAML error, with a hint for the ones that need one.
fn yaml_message(error: &str) -> String {
    let detail = strip_location(error);
    let hint = if detail.contains("repetition limit") || detail.contains("recursion limit") {
        " (its aliases or nesting expand to too much data; write the values out)"
    } else if detail.contains("duplicate entry") {
        " (each key may appear once)"
    } else if detail.contains("mapping values are not allowed") {
        " (a value with `: ` in it needs quotes, e.g. title: \"Budget: 2025\")"
    } else {
        ""
    };
    format!("the YAML front matter is not valid: {detail}{hint}")
}

/// serde_norway appends " at line L column C"; positions are printed separately.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// Where the value of `path` (e.g. `["source", "url"]`) is written in the front matter
/// text, as a position in the whole file; `None` when the key is not written in a way we
/// can find (the caller then points at the block or the parent key).
pub fn locate(text: &str, syntax: Syntax, path: &[&str], offset: usize) -> Option<Position> {
    let (first, rest) = path.split_first()?;
    let lines: Vec<&str> = text.split('\n').collect();
    match syntax {
        Syntax::Yaml => {
            let index = lines.iter().position(|l| key_at(l, first, ':', false))?;
            match rest.first() {
                None => Some(value_position(lines[index], ':', index, offset)),
                Some(child) => {
                    let found = lines[index + 1..]
                        .iter()
                        .take_while(|l| l.starts_with([' ', '\t']) || l.trim().is_empty())
                        .position(|l| key_at(l, child, ':', true));
                    match found {
                        Some(i) => Some(value_position(
                            lines[index + 1 + i],
                            ':',
                            index + 1 + i,
                            offset,
                        )),
                        None => Some(value_position(lines[index], ':', index, offset)),
                    }
                }
            }
        }
        Syntax::Toml => {
            let header_end = lines
                .iter()
                .position(|l| l.trim_start().starts_with('['))
                .unwrap_or(lines.len());
            if let Some(index) = lines[..header_end]
                .iter()
                .position(|l| key_at(l, first, '=', true))
            {
                return Some(value_position(lines[index], '=', index, offset));
            }
            let header = lines.iter().position(|l| {
                let t = l.trim();
                t.strip_prefix('[')
                    .and_then(|t| t.strip_suffix(']'))
                    .is_some_and(|name| name.trim() == *first)
            })?;
            match rest.first() {
                None => Some(Position {
                    line: header + 1 + offset,
                    column: 1,
                }),
                Some(child) => {
                    let end = lines[header + 1..]
                        .iter()
                        .position(|l| l.trim_start().starts_with('['))
                        .map_or(lines.len(), |i| header + 1 + i);
                    match lines[header + 1..end]
                        .iter()
                        .position(|l| key_at(l, child, '=', true))
                    {
                        Some(i) => Some(value_position(
                            lines[header + 1 + i],
                            '=',
                            header + 1 + i,
                            offset,
                        )),
                        None => Some(Position {
                            line: header + 1 + offset,
                            column: 1,
                        }),
                    }
                }
            }
        }
    }
}

/// Whether `line` writes `key` followed by `separator` (quoted keys too).
fn key_at(line: &str, key: &str, separator: char, indented: bool) -> bool {
    let body = if indented { line.trim_start() } else { line };
    if !indented && body.starts_with([' ', '\t']) {
        return false;
    }
    for quote in ["", "\"", "'"] {
        if let Some(rest) = body
            .strip_prefix(quote)
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix(quote))
        {
            if rest.trim_start().starts_with(separator) {
                return true;
            }
        }
    }
    false
}

fn value_position(line: &str, separator: char, index: usize, offset: usize) -> Position {
    let column = match line.find(separator) {
        Some(at) => {
            let after = &line[at + 1..];
            let skipped = after.len() - after.trim_start().len();
            if after.trim().is_empty() {
                line.len() - line.trim_start().len() + 1
            } else {
                line[..at + 1 + skipped].chars().count() + 1
            }
        }
        None => 1,
    };
    Position {
        line: index + 1 + offset,
        column,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_blocks_are_found() {
        let yaml = split("---\ntitle: A\n---\n\nBody\n").expect("yaml");
        assert_eq!(yaml.syntax, Syntax::Yaml);
        assert_eq!(yaml.front_matter, "title: A\n");
        assert_eq!(yaml.body, "\nBody\n");
        assert_eq!(yaml.body_line, 4);
        let toml = split("\u{FEFF}+++\r\ntitle = 'A'\r\n+++\r\nBody").expect("toml");
        assert_eq!(toml.syntax, Syntax::Toml);
        assert_eq!(toml.body, "Body");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_explained() {
        assert!(split("# Just Markdown\n")
            .expect_err("none")
            .message
            .contains("must start"));
        assert!(split("---\ntitle: A\n")
            .expect_err("open")
            .message
            .contains("never closed"));
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\ntitle: a\ndate: [1,\n---\n";
        let s = split(text).expect("split");
        let error = parse(&s).expect_err("bad yaml");
        // The end of the block: line 4, where the closing fence is.
        assert_eq!(error.position.line, 4);
        assert!(
            error
                .message
                .starts_with("the YAML front matter is not valid"),
            "{error}"
        );
        assert!(!error.message.contains(" at line "), "{error}");
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let s = split("+++\ntitle = 'a'\ndate = \n+++\n").expect("split");
        let error = parse(&s).expect_err("bad toml");
        assert_eq!(error.position.line, 3);
    }

    #[test]
    fn values_are_read_in_both_syntaxes() {
        let yaml =
            parse(&split("---\ntitle: A\ndate: 2024-06-01\ntags: [a, b]\nn: 3\n---\n").expect("s"))
                .expect("p");
        assert_eq!(
            yaml[1],
            ("date".to_owned(), Value::String("2024-06-01".into()))
        );
        assert_eq!(yaml[3].1, Value::Number("3".into()));
        let toml = parse(
            &split("+++\ndate = 2024-06-01T09:30:00-05:00\n[source]\nname = 'X'\n+++\n")
                .expect("s"),
        )
        .expect("p");
        assert_eq!(toml[0].1, Value::Date("2024-06-01T09:30:00-05:00".into()));
        assert_eq!(
            toml[1].1,
            Value::Map(vec![("name".into(), Value::String("X".into()))])
        );
    }

    #[test]
    fn keys_are_located() {
        let yaml = "title: A\ndate:   2024\nsource:\n  name: X\n  url: y\n";
        assert_eq!(
            locate(yaml, Syntax::Yaml, &["date"], 1),
            Some(Position { line: 3, column: 9 })
        );
        assert_eq!(
            locate(yaml, Syntax::Yaml, &["source", "url"], 1),
            Some(Position { line: 6, column: 8 })
        );
        assert_eq!(
            locate(yaml, Syntax::Yaml, &["source", "other"], 1),
            Some(Position { line: 4, column: 1 })
        );
        assert_eq!(locate(yaml, Syntax::Yaml, &["missing"], 1), None);
        let toml = "title = 'A'\n[source]\nurl = 'x'\n";
        assert_eq!(
            locate(toml, Syntax::Toml, &["source", "url"], 1),
            Some(Position { line: 4, column: 7 })
        );
        assert_eq!(
            locate(toml, Syntax::Toml, &["title"], 1),
            Some(Position { line: 2, column: 9 })
        );
    }
}
