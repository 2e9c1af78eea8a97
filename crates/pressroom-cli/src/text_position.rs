//! Byte offsets → 1-based line and column, as editors count them.
//!
//! Columns count characters (Unicode scalar values), not bytes, so a position in a line
//! of Greek or Korean text points at the right character.

use std::fmt;

/// A 1-based line and column in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The start of a text.
    pub const START: Position = Position { line: 1, column: 1 };

    /// The position of byte `offset` in `text`. Offsets past the end (or inside a
    /// character) are clamped to the nearest character boundary before them.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }

    /// The position of byte `offset` in raw bytes that may not be valid UTF-8 (columns
    /// then count bytes).
    pub fn of_byte_offset(bytes: &[u8], offset: usize) -> Position {
        let offset = offset.min(bytes.len());
        let before = &bytes[..offset];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        Position {
            line,
            column: offset - line_start + 1,
        }
    }

    /// This position moved down by `lines` lines (for text embedded in a larger file).
    pub fn shifted(self, lines: usize) -> Position {
        Position {
            line: self.line + lines,
            column: self.column,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let text = "ab\ncd\n해양x";
        assert_eq!(Position::of_offset(text, 0), Position::START);
        assert_eq!(
            Position::of_offset(text, 4),
            Position { line: 2, column: 2 }
        );
        // After two Hangul syllables (3 bytes each).
        assert_eq!(
            Position::of_offset(text, 12),
            Position { line: 3, column: 3 }
        );
        assert_eq!(
            Position::of_offset(text, 7),
            Position { line: 3, column: 1 }
        );
        assert_eq!(Position::of_offset(text, 999).line, 3);
    }

    #[test]
    fn byte_positions() {
        assert_eq!(
            Position::of_byte_offset(b"a\n\xffb", 2),
            Position { line: 2, column: 1 }
        );
    }
}
