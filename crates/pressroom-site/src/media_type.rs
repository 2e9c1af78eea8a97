//! The `Content-Type` of a site's file, from its extension: what a static host sends, and
//! what `pressroom preview` and the end-to-end tests' server send, and the type of the
//! single file's `data:` URLs.

use std::path::Path;

/// The `Content-Type` of a file, from its extension (case-insensitive);
/// `application/octet-stream` for anything else.
pub fn for_path(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_types_a_browser_checks() {
        // Browsers refuse a module script or streaming wasm compile under any other type.
        assert_eq!(
            for_path(Path::new("app-1.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(for_path(Path::new("a/app_bg.WASM")), "application/wasm");
        assert_eq!(
            for_path(Path::new("releases/한국/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            for_path(Path::new("feed.xml")),
            "application/xml; charset=utf-8"
        );
        assert_eq!(for_path(Path::new("_headers")), "application/octet-stream");
    }
}
