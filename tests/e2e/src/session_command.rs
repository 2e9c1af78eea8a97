//! chromedriver endpoints that fantoccini has no method for (the browser log, network
//! conditions, DevTools commands), issued as one raw `POST /session/{id}/<path>` command.

use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use http::Method;
use serde_json::Value;

/// `POST /session/{id}/<path>` with a JSON body.
#[derive(Debug, Clone)]
pub struct SessionPost {
    /// The path after `session/{id}/`, e.g. `se/log`.
    pub path: &'static str,
    /// The JSON body.
    pub body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (Method, Option<String>) {
        (Method::POST, Some(self.body.to_string()))
    }
}

/// Issues `POST /session/{id}/<path>` with `body`.
pub async fn post(client: &Client, path: &'static str, body: Value) -> Result<Value, CmdError> {
    client.issue_cmd(SessionPost { path, body }).await
}

/// Runs a Chrome DevTools command through chromedriver's `goog/cdp/execute`.
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Result<Value, CmdError> {
    post(
        client,
        "goog/cdp/execute",
        serde_json::json!({ "cmd": cmd, "params": params }),
    )
    .await
}

/// Runs `source` in every document the session opens from now on, before the page's own
/// scripts (DevTools `Page.addScriptToEvaluateOnNewDocument`).
pub async fn add_script_on_new_document(client: &Client, source: &str) -> Result<Value, CmdError> {
    cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": source }),
    )
    .await
}
