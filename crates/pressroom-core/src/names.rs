//! The names the site writer puts into pages and the app reads back: `<meta name>`s,
//! element ids and `data-` attributes. One definition, so the writer and the reader can
//! never drift apart.

/// `<meta name="pressroom-base" content="/newsroom/">`: the URL path the site is served
/// under, read at run time so one app build serves any base.
pub const META_BASE: &str = "pressroom-base";
/// `<meta name="pressroom-routing" content="hash">`: hash routing for the full page.
pub const META_ROUTING: &str = "pressroom-routing";
/// `<meta name="pressroom-bundle" content="…">`: where the data is (a single-file bundle
/// or a sharded archive's boot file); never read from the page's URL.
pub const META_BUNDLE: &str = "pressroom-bundle";
/// `<meta name="pressroom-embed" content="iframe">`: the iframe embed's page.
pub const META_EMBED: &str = "pressroom-embed";
/// `<meta name="pressroom-parent-origin">`: the origins an iframe embed talks to.
pub const META_PARENT_ORIGIN: &str = "pressroom-parent-origin";
/// `<meta name="pressroom-timeout-ms">`: the idle limit of a request.
pub const META_TIMEOUT_MS: &str = "pressroom-timeout-ms";
/// `<meta name="pressroom-retry-base-ms">`: the first retry's delay.
pub const META_RETRY_BASE_MS: &str = "pressroom-retry-base-ms";
/// `<meta name="pressroom-revalidate-ms">`: how often an open page checks for new data.
pub const META_REVALIDATE_MS: &str = "pressroom-revalidate-ms";
/// `<meta name="pressroom-max-bytes">`: the largest bundle the app reads.
pub const META_MAX_BYTES: &str = "pressroom-max-bytes";

/// The id of the full page's mount point.
pub const MOUNT_ID: &str = "pressroom";
/// On the mount point: it holds pre-rendered markup.
pub const ATTR_PRERENDERED: &str = "data-prerendered";
/// The value [`ATTR_PRERENDERED`] takes when the data could not be loaded and the
/// pre-rendered page stays as served, for good (a host's script or style can see it).
pub const PRERENDERED_KEPT: &str = "kept";
/// On the pre-rendered markup's root: the route it shows, relative to the base.
pub const ATTR_PRERENDERED_ROUTE: &str = "data-prerendered-route";
/// On a pre-rendered release page's markup root: the release's position (0 = the
/// oldest), so that the app opens it from a sharded archive without looking its slug up.
pub const ATTR_POSITION: &str = "data-position";
/// The id of a bundle inlined as `<script type="application/json">` (the single file).
pub const INLINE_BUNDLE_ID: &str = "pressroom-bundle-data";
/// The id of the wasm inlined as base64 (the single file).
pub const INLINE_WASM_ID: &str = "pressroom-wasm-data";
/// The id of the search engine's wasm inlined as base64 (the single file).
pub const INLINE_SEARCH_ENGINE_ID: &str = "pressroom-search-engine-data";
/// The search engine's wasm in an app build and a site, beside the app's own wasm:
/// `pressroom-search-<16 hex digits of its bytes' FNV-1a 64>.wasm`
/// ([`search_engine_file`]), fetched by the app on the first search.
pub const SEARCH_ENGINE_PREFIX: &str = "pressroom-search-";
/// The extension of [`SEARCH_ENGINE_PREFIX`]'s file.
pub const SEARCH_ENGINE_SUFFIX: &str = ".wasm";
/// `globalThis.pressroomEmbed`: set by `embed.js` before it starts the app, so its
/// presence says the app was loaded into another site's page.
pub const EMBED_GLOBAL: &str = "pressroomEmbed";
/// `pressroomEmbed.base`: the URL of the folder of `embed.js` and the app's files.
pub const EMBED_BASE: &str = "base";
/// `pressroomEmbed.css`: the text of the app's stylesheet, fetched by `embed.js` while the
/// wasm downloads; script embeds adopt it into their shadow roots, so the wasm does not
/// carry a copy of it.
pub const EMBED_CSS: &str = "css";
/// The `class` on `<body>` of the iframe embed's page.
pub const EMBED_BODY_CLASS: &str = "pressroom-embed";
/// Marks the start of the head tags the site writer adds (a comment).
pub const HEAD_BLOCK_START: &str = "pressroom-head";
/// Marks their end.
pub const HEAD_BLOCK_END: &str = "/pressroom-head";

/// The public URL an app build is made with (`trunk build --public-url`): the site writer
/// replaces it with the site's base, so one app build serves any base.
pub const APP_BASE_PLACEHOLDER: &str = "/__pressroom_base__/";
/// The app build's manifest: which app it is and which data formats it reads.
pub const APP_MANIFEST: &str = "pressroom-app.json";
/// The data format of a single-file bundle, as an app build's manifest names it.
pub const FORMAT_BUNDLE_V1: &str = "bundle/1";
/// The data format of a sharded archive ([`crate::archive`]), as a manifest names it.
pub const FORMAT_ARCHIVE: &str = "archive/2";
/// The data formats this version's app reads (its build's manifest lists them).
pub const APP_READS: [&str; 2] = [FORMAT_BUNDLE_V1, FORMAT_ARCHIVE];

/// The file name of a search engine wasm with these bytes' hash.
pub fn search_engine_file(hash: u64) -> String {
    format!("{SEARCH_ENGINE_PREFIX}{hash:016x}{SEARCH_ENGINE_SUFFIX}")
}

/// The hash a search engine's file name says its bytes have.
pub fn search_engine_hash(name: &str) -> Option<u64> {
    let hex = name
        .strip_prefix(SEARCH_ENGINE_PREFIX)?
        .strip_suffix(SEARCH_ENGINE_SUFFIX)?;
    (hex.len() == 16)
        .then(|| u64::from_str_radix(hex, 16).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_engine_file_name_carries_its_hash() {
        let name = search_engine_file(0x00ab_cdef_0123_4567);
        assert_eq!(name, "pressroom-search-00abcdef01234567.wasm");
        assert_eq!(search_engine_hash(&name), Some(0x00ab_cdef_0123_4567));
        for other in [
            "pressroom-search-abc.wasm",
            "pressroom-search-00abcdef0123456g.wasm",
            "pressroom-app-00abcdef01234567_bg.wasm",
            "pressroom-search-00abcdef01234567.js",
        ] {
            assert_eq!(search_engine_hash(other), None, "{other}");
        }
    }
}
