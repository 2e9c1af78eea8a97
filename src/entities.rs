//! Named character references in Markdown (`&copy;`, `&frac12;`), resolved by the
//! browser's own HTML parser instead of the 2,125-entry table pulldown-cmark would
//! otherwise compile into the wasm (about 23 KB gzip): the `host-entities` patch in
//! `vendor/pulldown-cmark` leaves the table out and asks [`resolve`] instead. The
//! pre-renderer runs natively and keeps the table; both follow the HTML standard's list,
//! which CommonMark names as its own (`tests/web` checks the browser against every entry).

/// Makes pulldown-cmark resolve named references with the browser (idempotent: the
/// first call sets the resolver, later calls find it set).
#[cfg(target_arch = "wasm32")]
pub fn use_the_browser() {
    // `false` only when a resolver is set already, which is what is wanted.
    let _ = pulldown_cmark::set_entity_resolver(resolve);
}

/// Natively pulldown-cmark keeps its table: nothing to set.
#[cfg(not(target_arch = "wasm32"))]
pub fn use_the_browser() {}

/// The text that `&name;` stands for, or `None` when `name` names no character
/// reference (the reference then stays as written, as CommonMark asks).
pub fn resolve(name: &str) -> Option<String> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let reference = format!("&{name};");
    whole_reference(name, &reference, decode(&reference)?)
}

thread_local! {
    /// The one detached `<textarea>` every reference is decoded in (made on first use).
    static AREA: Option<web_sys::Element> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("textarea").ok());
}

/// What the browser's HTML parser makes of `html` as the text of a `<textarea>` (raw
/// text: character references are decoded, nothing else is parsed).
fn decode(html: &str) -> Option<String> {
    AREA.with(|area| {
        let area = area.as_ref()?;
        area.set_inner_html(html);
        area.text_content()
    })
}

/// `decoded` if the browser decoded the whole `&name;`: not when it left it as written
/// (no such name), nor when it only decoded a legacy name at its start (`&notit;` is
/// "¬it;" to a browser, which accepts `&not` without its semicolon, but is no reference
/// to CommonMark). Only `&semi;` stands for text that ends with the semicolon.
fn whole_reference(name: &str, reference: &str, decoded: String) -> Option<String> {
    let only_a_prefix = decoded.ends_with(';') && name != "semi";
    (decoded != reference && !only_a_prefix).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, decoded: &str) -> Option<String> {
        whole_reference(name, &format!("&{name};"), decoded.to_owned())
    }

    #[test]
    fn a_whole_reference_is_its_text() {
        assert_eq!(check("copy", "©").as_deref(), Some("©"));
        assert_eq!(check("fjlig", "fj").as_deref(), Some("fj"));
        assert_eq!(check("semi", ";").as_deref(), Some(";"));
        assert_eq!(check("amp", "&").as_deref(), Some("&"));
    }

    #[test]
    fn an_unknown_name_or_a_legacy_prefix_is_no_reference() {
        assert_eq!(check("nosuchname", "&nosuchname;"), None);
        assert_eq!(check("notit", "¬it;"), None);
        assert_eq!(check("ampx", "&x;"), None);
    }

    #[test]
    fn names_that_are_not_letters_and_digits_never_reach_the_browser() {
        // `decode` would fail natively (no window): these return before it.
        assert_eq!(resolve(""), None);
        assert_eq!(resolve("a b"), None);
        assert_eq!(resolve("<b>"), None);
    }
}
