//! DevTools commands sent to the current tab through chromedriver
//! (`POST /session/{id}/goog/cdp/execute`): the throttling of a condition, the probe
//! script injected before every document, garbage collection and heap size.

use anyhow::{anyhow, Context, Result};
use fantoccini::Client;
use pressroom_e2e::session_command;
use serde_json::{json, Value};

use crate::conditions::Condition;

/// Runs one DevTools command on the current tab.
pub async fn command(client: &Client, cmd: &str, params: Value) -> Result<Value> {
    session_command::cdp(client, cmd, params)
        .await
        .map_err(|e| anyhow!("DevTools {cmd} through chromedriver: {e}"))
}

/// Applies `condition` to the current tab: CPU throttling and the network profile.
pub async fn emulate(client: &Client, condition: Condition) -> Result<()> {
    command(
        client,
        "Emulation.setCPUThrottlingRate",
        json!({ "rate": condition.cpu_rate() }),
    )
    .await?;
    if let Some(net) = condition.network() {
        command(client, "Network.enable", json!({})).await?;
        command(
            client,
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": net.latency_ms,
                "downloadThroughput": net.down_bytes_per_s,
                "uploadThroughput": net.up_bytes_per_s,
            }),
        )
        .await?;
    }
    Ok(())
}

/// Makes `source` run in every document of the current tab before the page's scripts.
pub async fn add_script(client: &Client, source: &str) -> Result<()> {
    command(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await
    .map(drop)
}

/// The JS heap in use after a full garbage collection, in bytes.
pub async fn heap_after_gc(client: &Client) -> Result<f64> {
    command(client, "HeapProfiler.collectGarbage", json!({})).await?;
    let usage = command(client, "Runtime.getHeapUsage", json!({})).await?;
    usage["usedSize"]
        .as_f64()
        .context("Runtime.getHeapUsage gave no usedSize")
}
