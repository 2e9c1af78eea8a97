//! `cargo xtask serve`: a development server with rebuild-on-change (`trunk serve`).
//!
//! Trunk watches the repository (minus `[watch] ignore` in `Trunk.toml`), rebuilds and
//! reloads the page on change, and answers unknown paths with `index.html` so deep links
//! such as `/releases/<slug>` work (trunk 0.21's default; `--no-spa` would turn it off).
//! Dev builds are the default because they rebuild much faster; `--release` is optional.
//!
//! With `--content <DIR>` the viewer shows a bundle built from that folder of Markdown
//! files, rebuilt on every change ([`crate::serve_content`]); without it, the sample
//! `public/releases.json`.

use crate::app;
use crate::paths;
use crate::serve_content;
use crate::setup::{self, Needs};
use anyhow::{Context, Result};
use std::net::IpAddr;
use std::path::PathBuf;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// TCP port.
    pub port: u16,
    /// Address to listen on.
    pub address: IpAddr,
    /// Build with `--release` (slower to rebuild).
    pub release: bool,
    /// A folder of Markdown files to build the bundle from, instead of the sample.
    pub content: Option<PathBuf>,
}

/// The URL people open for `address:port`.
pub fn url(address: IpAddr, port: u16) -> String {
    match address {
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
    }
}

/// `cargo xtask serve`: set up, then hand over to `trunk serve`.
pub fn run(options: &ServeOptions) -> Result<()> {
    let root = paths::repo_root();
    println!("== setup");
    let tools = setup::ensure(&root, Needs { browser: false })?;
    // Trunk.toml's `[watch] ignore` lists `target`; trunk needs ignored paths to exist.
    let target = paths::target_dir(&root);
    std::fs::create_dir_all(&target).with_context(|| format!("creating {}", target.display()))?;
    app::fetch(&tools, &[])?;

    let port = options.port.to_string();
    let address = options.address.to_string();
    let mut trunk = tools.wasm_cmd("trunk");
    if let Some(content) = &options.content {
        println!("== content");
        let config = serve_content::prepare(&tools, content)?;
        // `--config` is an option of trunk itself (it also works after `serve` in 0.21).
        trunk = trunk.arg("--config").arg(config);
    }
    let mut trunk = trunk.args(["serve", "--locked", "--port", &port, "--address", &address]);
    if options.release {
        trunk = trunk.arg("--release");
    }
    println!("(trunk rebuilds and reloads on change; Ctrl-C stops it)");
    println!(
        "Pressroom is being served at {}",
        url(options.address, options.port)
    );
    trunk.exec().context("starting trunk serve")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_urls() {
        assert_eq!(
            url(IpAddr::from([127, 0, 0, 1]), 8080),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            url("::1".parse().unwrap_or(IpAddr::from([0, 0, 0, 0])), 80),
            "http://[::1]:80/"
        );
    }
}
