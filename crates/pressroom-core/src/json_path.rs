//! Where a JSON error is, as a path such as `releases[1].tags`.
//!
//! serde_json reports a line and a column. This walks the text up to there, keeping the
//! open objects' current keys and the open arrays' indexes. Parsing a bundle through a
//! path-tracking deserializer (`serde_path_to_error`) would give the same path, but it
//! compiles a second copy of every type's deserializer and doubles the JSON code in the
//! wasm; this costs one small scan, and only when the bundle is wrong.

/// One open object or array.
enum Frame {
    /// An object and the key of the member being read, if any.
    Object(Option<String>),
    /// An array, the index of the element being read, and whether it has started.
    Array(usize, bool),
}

/// The path of the value at serde_json's `line` and `column` (1-based line; the column
/// counts the bytes of the line before the error) in `text`: keys joined with `.`,
/// indexes in brackets, `.` for the root. serde_json stops after a value it could read
/// but not use, and before one whose first byte tells it is wrong; a value that starts
/// at the error is counted as started. `struct_level` drops the last key: a missing
/// field is reported where its object ends, and belongs to the object, not to the member
/// read last.
pub fn path_at(text: &str, line: usize, column: usize, struct_level: bool) -> String {
    let bytes = text.as_bytes();
    let end = offset_of(text, line, column);
    let mut scan = Scan::default();
    for &byte in bytes.get(..end).unwrap_or(bytes) {
        scan.feed(byte);
    }
    if let Some(&next) = bytes.get(end) {
        if scan.expects_value() && starts_value(next) {
            scan.start_value();
        }
    }
    if struct_level {
        if let Some(Frame::Object(key)) = scan.frames.last_mut() {
            *key = None;
        }
    }
    render(&scan.frames)
}

/// The byte offset of a 1-based line and a column of bytes before it.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line.checked_sub(2) {
        None => 0,
        Some(n) => text
            .match_indices('\n')
            .nth(n)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    line_start.saturating_add(column).min(text.len())
}

/// Whether `byte` begins a JSON value.
fn starts_value(byte: u8) -> bool {
    matches!(
        byte,
        b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
    )
}

/// The state of a walk through JSON text.
#[derive(Default)]
struct Scan {
    frames: Vec<Frame>,
    in_string: bool,
    escaped: bool,
    /// The string being read, when it is a key.
    key: Option<Vec<u8>>,
    expect_key: bool,
}

impl Scan {
    fn feed(&mut self, byte: u8) {
        if self.in_string {
            self.feed_string(byte);
            return;
        }
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
            b',' => self.next_member(),
            b'}' | b']' => {
                self.frames.pop();
                self.expect_key = false;
            }
            b'"' if self.expect_key => {
                self.in_string = true;
                self.key = Some(Vec::new());
            }
            _ => {
                self.start_value();
                match byte {
                    b'{' => {
                        self.frames.push(Frame::Object(None));
                        self.expect_key = true;
                    }
                    b'[' => self.frames.push(Frame::Array(0, false)),
                    b'"' => self.in_string = true,
                    _ => {}
                }
            }
        }
    }

    fn feed_string(&mut self, byte: u8) {
        if self.escaped {
            self.escaped = false;
        } else if byte == b'\\' {
            self.escaped = true;
            return;
        } else if byte == b'"' {
            self.in_string = false;
            if let Some(key) = self.key.take() {
                if let Some(Frame::Object(current)) = self.frames.last_mut() {
                    *current = Some(String::from_utf8_lossy(&key).into_owned());
                }
                self.expect_key = false;
            }
            return;
        }
        if let Some(key) = &mut self.key {
            key.push(byte);
        }
    }

    /// After a comma: the next key of an object, the next element of an array.
    fn next_member(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Object(key)) => {
                *key = None;
                self.expect_key = true;
            }
            Some(Frame::Array(index, started)) => {
                *index += 1;
                *started = false;
            }
            None => {}
        }
    }

    /// Whether the next byte would be a value (not a key, not inside a string).
    fn expects_value(&self) -> bool {
        !self.in_string && !self.expect_key
    }

    /// A value starts in the innermost frame: an array's element has begun.
    fn start_value(&mut self) {
        if let Some(Frame::Array(_, started)) = self.frames.last_mut() {
            *started = true;
        }
    }
}

fn render(frames: &[Frame]) -> String {
    let mut path = String::new();
    for frame in frames {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array(index, true) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            _ => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path at the first occurrence of `marker` (which the text must contain).
    fn at(text: &str, marker: &str) -> String {
        let offset = text.find(marker).expect("marker");
        let line = text[..offset].matches('\n').count() + 1;
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        path_at(text, line, offset - line_start, false)
    }

    #[test]
    fn paths_are_written_by_hand() {
        let text = r#"{"site":{"title":"T"},"releases":[{"id":"a"},{"id":"b","tags":["x", 7]}]}"#;
        assert_eq!(at(text, "\"T\""), "site.title");
        assert_eq!(at(text, "7"), "releases[1].tags[1]");
        assert_eq!(at(text, "\"x\""), "releases[1].tags[0]");
        assert_eq!(at(text, "{\"id\":\"a\""), "releases[0]");
        assert_eq!(at(text, "{\"site"), ".");
    }

    #[test]
    fn escaped_quotes_and_brackets_in_strings_are_text() {
        let text = r#"{"a\"[":["],{\"",{"b":1}]}"#;
        assert_eq!(at(text, "1}"), "a\"[[1].b");
    }

    proptest::proptest! {
        /// Any text, line and column give a path, never a panic.
        #[test]
        fn any_input_gives_a_path(text in "[\\[\\]{}\":,\\\\a-z0-9é한 \n]{0,60}", line in 0usize..5, column in 0usize..80, level: bool) {
            proptest::prop_assert!(!path_at(&text, line, column, level).is_empty());
        }
    }

    #[test]
    fn lines_and_columns_outside_the_text_do_not_panic() {
        assert_eq!(path_at("{\"a\":[1", 9, 99, false), "a[0]");
        assert_eq!(path_at("", 0, 0, true), ".");
        assert_eq!(path_at("]]]}}", 1, 5, false), ".");
    }
}
