//! `pressroom preview`: the site `pressroom site` would write, served on this machine and
//! written again whenever the content or the app build changes: what a publisher looks at
//! before uploading. Reload the page to see a new build.
//!
//! - The site is written as `site` writes it (the same options), into `--output` or a
//!   temporary folder that is removed at the end.
//! - [`server`] serves it as a static host would, with its `_headers`.
//! - [`watch`] polls the content and the app build. A build that fails prints its
//!   problems and leaves the last good site served; the first build must succeed.
//! - The address is printed on stdout (`Serving http://127.0.0.1:8080/`) once the server
//!   listens, so scripts can read it; `--port 0` takes any free port.

pub mod server;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use pressroom_core::urls::url_path;

use crate::site_command::{write, SiteInputs};

/// How often the content is looked at.
const POLL: Duration = Duration::from_millis(400);

/// `pressroom preview`'s arguments.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    inputs: SiteInputs,
    /// Where the site is written [default: a temporary folder, removed at the end].
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// The port to listen on; 0 takes any free port.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on. Keep the default unless other machines must see the
    /// preview.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    address: IpAddr,
}

/// Runs `pressroom preview` until the process is stopped.
pub fn preview(args: PreviewArgs) -> Result<u8> {
    let (output, _temporary) = match &args.output {
        Some(dir) => (dir.clone(), None),
        None => {
            let dir = tempfile::tempdir().context("creating a folder for the preview")?;
            (dir.path().join("site"), Some(dir))
        }
    };
    let sources = [args.inputs.content.as_path(), args.inputs.app.as_path()];
    let mut last = watch::fingerprint(&sources, &output);
    write(&args.inputs, &output)?;

    let listener = TcpListener::bind(SocketAddr::new(args.address, args.port))
        .with_context(|| format!("listening on {}:{}", args.address, args.port))?;
    let bound = listener.local_addr().context("reading the bound address")?;
    let base = url_path(&args.inputs.base);
    let site = server::Site {
        root: output.clone(),
        base: base.clone(),
    };
    std::thread::spawn(move || server::serve(listener, site));
    println!("Serving http://{bound}{base}");
    println!(
        "Watching {} and {}; reload the page after a change. Ctrl-C stops.",
        args.inputs.content.display(),
        args.inputs.app.display()
    );
    std::io::stdout().flush().context("writing to stdout")?;

    loop {
        std::thread::sleep(POLL);
        let now = watch::fingerprint(&sources, &output);
        if now == last {
            continue;
        }
        // Let a save of several files settle before building.
        std::thread::sleep(POLL);
        last = watch::fingerprint(&sources, &output);
        if let Err(error) = write(&args.inputs, &output) {
            eprintln!("error: {error:#}\n(the last good site is still served)");
        }
    }
}
