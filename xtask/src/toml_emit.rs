//! Writing TOML: a small emitter for [`toml::Table`], for the trunk configuration that
//! `cargo xtask serve --content` generates.
//!
//! xtask builds the `toml` crate with `parse` only: its `display` feature would add a crate
//! to `Cargo.lock`. Tables are written as `[headers]`, arrays of tables as `[[headers]]`,
//! everything else inline; strings are basic strings with TOML's escapes.

use std::fmt::Write as _;

/// The TOML text of `table`; parsing it gives `table` back.
pub fn to_string(table: &toml::Table) -> String {
    let mut out = String::new();
    write_table(&mut out, &[], table);
    out
}

/// Whether `value` is written as `[[header]]` sections (a non-empty array of tables).
fn is_table_array(value: &toml::Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| !items.is_empty() && items.iter().all(toml::Value::is_table))
}

fn write_table(out: &mut String, path: &[String], table: &toml::Table) {
    for (key, value) in table {
        if !value.is_table() && !is_table_array(value) {
            let _ = writeln!(out, "{} = {}", key_text(key), inline(value));
        }
    }
    for (key, value) in table {
        let mut child = path.to_vec();
        child.push(key.clone());
        let header = child
            .iter()
            .map(|k| key_text(k))
            .collect::<Vec<_>>()
            .join(".");
        if let toml::Value::Table(sub) = value {
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "[{header}]");
            write_table(out, &child, sub);
        } else if let (true, Some(items)) = (is_table_array(value), value.as_array()) {
            for item in items.iter().filter_map(toml::Value::as_table) {
                if !out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(out, "[[{header}]]");
                write_table(out, &child, item);
            }
        }
    }
}

/// A key, bare when TOML allows it, else quoted.
fn key_text(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_owned()
    } else {
        string_text(key)
    }
}

/// A basic string with the escapes TOML requires (quote, backslash, control characters).
fn string_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value written inline (arrays as `[…]`, tables as `{ … }`).
fn inline(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => string_text(text),
        toml::Value::Integer(number) => number.to_string(),
        toml::Value::Float(number) if number.is_nan() => "nan".to_owned(),
        toml::Value::Float(number) if number.is_infinite() => {
            if *number > 0.0 { "inf" } else { "-inf" }.to_owned()
        }
        // `{:?}` always has a `.` or an exponent (`1.0`, `1e100`), as TOML floats need.
        toml::Value::Float(number) => format!("{number:?}"),
        toml::Value::Boolean(flag) => flag.to_string(),
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        toml::Value::Table(table) => {
            let entries: Vec<String> = table
                .iter()
                .map(|(key, value)| format!("{} = {}", key_text(key), inline(value)))
                .collect();
            if entries.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{ {} }}", entries.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) {
        let table: toml::Table = toml::from_str(text).unwrap();
        let written = to_string(&table);
        let again: toml::Table = toml::from_str(&written)
            .unwrap_or_else(|e| panic!("unparsable output:\n{written}\n{e}"));
        assert_eq!(again, table, "{written}");
    }

    #[test]
    fn round_trips_trunk_configurations() {
        round_trip(include_str!("../../Trunk.toml"));
        round_trip(
            r#"
            top = "level"
            [build]
            target = "/a b/index.html"
            public_url = "/"
            offline = true
            [watch]
            watch = ["/repo", "/tmp/content \"quoted\""]
            ignore = []
            [[hooks]]
            stage = "post_build"
            command = "sh"
            command_arguments = ["-c", "exec \"$0\" build \"$1\" -o \"$TRUNK_STAGING_DIR/releases.json\"", "C:\\x"]
            [[hooks]]
            stage = "pre_build"
            command = "true"
            [hooks.linux]
            command = "echo"
            "#,
        );
    }

    #[test]
    fn round_trips_every_kind_of_value() {
        round_trip(
            r#"
            "key with space" = 1
            "" = "empty key"
            float = 1.5
            whole = 2.0
            big = 1e300
            negative = -3
            datetime = 2024-06-01T09:30:00-05:00
            date = 2024-06-01
            text = "tab\tnewline\nbell\u0007del\u007Funicode é ✓"
            nested = [[1, 2], ["a"], []]
            inline = [{ a = 1, b = { c = "d" } }, 3]
            [a.b.c]
            d = true
            [a.e]
            [[x.y]]
            z = 1
            "#,
        );
    }

    #[test]
    fn writes_readable_sections() {
        let table: toml::Table =
            toml::from_str("[build]\ntarget = \"index.html\"\n[[hooks]]\nstage = \"post_build\"\n")
                .unwrap();
        assert_eq!(
            to_string(&table),
            "[build]\ntarget = \"index.html\"\n\n[[hooks]]\nstage = \"post_build\"\n"
        );
    }
}
