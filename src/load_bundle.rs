//! Fetching the bundle: an `async fn` returning `Result<Store, LoadError>`.

use gloo_net::http::Request;
use pressroom_core::{BundleError, Catalog};
use thiserror::Error;
use web_sys::RequestCache;

use crate::store::Store;

/// Why the bundle could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadError {
    /// The request did not complete (offline, DNS, CORS, blocked).
    #[error("could not fetch the releases from {url}: {message}")]
    Network {
        /// The bundle URL.
        url: String,
        /// The browser's message.
        message: String,
    },
    /// The server answered with an error status.
    #[error("the server answered {status} {status_text} for {url}")]
    Status {
        /// The bundle URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// HTTP status text.
        status_text: String,
    },
    /// The bundle is not readable.
    #[error("{url}: {source}")]
    Bundle {
        /// The bundle URL.
        url: String,
        /// What is wrong with it.
        source: BundleError,
    },
}

/// Fetches and reads the bundle at `url`. Revalidates with the server each time, so
/// Retry sees a fixed bundle.
pub async fn load_bundle(url: String) -> Result<Store, LoadError> {
    let network = |err: gloo_net::Error| LoadError::Network {
        url: url.clone(),
        message: err.to_string(),
    };
    let response = Request::get(&url)
        .cache(RequestCache::NoCache)
        .send()
        .await
        .map_err(network)?;
    if !response.ok() {
        return Err(LoadError::Status {
            url,
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    let text = response.text().await.map_err(network)?;
    bundle_from_text(&url, &text)
}

/// Reads bundle text into a store.
pub fn bundle_from_text(url: &str, text: &str) -> Result<Store, LoadError> {
    Catalog::from_json(text)
        .map(Store::new)
        .map_err(|source| LoadError::Bundle {
            url: url.to_owned(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_errors_name_the_url_and_position() {
        let err = bundle_from_text("/releases.json", "{\"version\": 1,").expect_err("bad");
        let message = err.to_string();
        assert!(message.starts_with("/releases.json: "), "{message}");
        assert!(message.contains("line 1, column"), "{message}");
    }

    #[test]
    fn status_errors_name_the_status_and_url() {
        let err = LoadError::Status {
            url: "/releases.json".into(),
            status: 404,
            status_text: "Not Found".into(),
        };
        assert_eq!(
            err.to_string(),
            "the server answered 404 Not Found for /releases.json"
        );
    }
}
