//! The readers being compared, each served from its own folder by its own
//! [`StaticServer`] that answers unknown paths with `404.html` and gzips text, JSON,
//! JavaScript and wasm, as static hosts and CDNs do.

use std::path::Path;

use anyhow::Result;
use pressroom_e2e::server::{Fallback, StaticServer};
use serde::Serialize;

/// A reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reader {
    /// The app with pre-rendered pages (`pressroom site`).
    Pressroom,
    /// The app without them (`pressroom site --no-prerender`): pages come from `404.html`.
    PressroomShell,
    /// The app with pre-rendered pages and the sharded archive (`--layout archive`).
    Archive,
    /// The app with the sharded archive and no pre-rendered pages.
    ArchiveShell,
    /// The vanilla-JS reader of `benches/baseline/`.
    Baseline,
    /// The pre-rendered pages with nothing that runs.
    Static,
}

impl Reader {
    /// The name used in tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pressroom => "pressroom",
            Self::PressroomShell => "pressroom-noprerender",
            Self::Archive => "pressroom-archive",
            Self::ArchiveShell => "pressroom-archive-noprerender",
            Self::Baseline => "baseline",
            Self::Static => "static",
        }
    }

    /// Whether the app takes over a pre-rendered page when it loads.
    pub fn takes_over(self) -> bool {
        matches!(self, Self::Pressroom | Self::Archive)
    }

    /// Whether it downloads the whole bundle before it shows anything (the sharded
    /// archive downloads only what a page needs).
    pub fn reads_whole_bundle(self) -> bool {
        !matches!(self, Self::Archive | Self::ArchiveShell)
    }
}

/// A reader's prepared folder, being served.
#[derive(Debug)]
pub struct Served {
    /// The reader (or, for another data layout, the reader it behaves as).
    pub reader: Reader,
    /// The name shown (the reader's, or with a layout's name).
    pub label: String,
    server: StaticServer,
}

impl Served {
    /// Serves `dir` as `reader`.
    pub fn start(reader: Reader, label: &str, dir: &Path) -> Result<Self> {
        let server = StaticServer::start_compressing(dir, Fallback::NotFoundPage)?;
        Ok(Self {
            reader,
            label: label.to_owned(),
            server,
        })
    }

    /// The URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }
}
