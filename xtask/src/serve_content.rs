//! `cargo xtask serve --content <DIR>`: serving the viewer with a bundle built from a folder
//! of Markdown files (`pressroom build`), rebuilt whenever a file in the folder changes.
//!
//! xtask generates `target/xtask/Trunk.serve.toml` from the repository's `Trunk.toml` and
//! runs `trunk --config <it> serve`. What it adds (checked against trunk 0.21.14):
//! - **Absolute paths.** Trunk resolves the paths of a config file against the folder the
//!   file is in (its "working directory"; hooks also run there), so `[build] target` and
//!   `dist`, and `[watch] watch` and `ignore` are made absolute in the repository. Cargo is
//!   still found from `index.html`'s folder.
//! - **A `post_build` hook** running the natively built CLI,
//!   `pressroom build <DIR> -o "$TRUNK_STAGING_DIR/releases.json"`. Post-build hooks run
//!   after the assets (including the copied sample `public/releases.json`) are in the
//!   staging folder `dist/.stage` and before it replaces `dist/`, so the built bundle
//!   replaces the sample. If the folder has errors, the CLI prints them (file, line,
//!   column), the hook fails, trunk reports a failed build and keeps serving the previous
//!   `dist/` (the first build failing leaves whatever `dist/` held).
//! - **The content folder in `[watch] watch`.** Without a watch list trunk watches
//!   `index.html`'s folder (the repository); a list replaces that default, so it holds the
//!   repository itself (as before: the app's crates, styles, `index.html`, …, minus the
//!   ignored paths) and the content folder, unless the folder is already inside it.
//!
//! The CLI is built once, natively (`cargo build -p pressroom-cli --bin pressroom`), before
//! trunk starts: the hook runs inside trunk's wasm build environment, where building it
//! would be wrong, and a prebuilt binary keeps rebuilds fast.

use crate::paths;
use crate::setup::Tools;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The shell script of the hook: `$0` is the CLI, `$1` the content folder (passed as
/// arguments, so no path needs quoting). Trunk sets `TRUNK_STAGING_DIR`.
pub const HOOK_SCRIPT: &str = r#""$0" build "$1" -o "$TRUNK_STAGING_DIR/releases.json" || { echo "error: pressroom build failed: fix the errors above (the last good build is still served)" >&2; exit 1; }"#;

/// The generated configuration's file name (in `target/xtask`).
pub const CONFIG_FILE: &str = "Trunk.serve.toml";

/// `path` as UTF-8 text, for the configuration file.
fn text(path: &Path) -> Result<String> {
    path.to_str()
        .map(str::to_owned)
        .with_context(|| format!("{} is not valid UTF-8", path.display()))
}

/// A configured path made absolute against `root`.
fn absolute(root: &Path, value: &toml::Value, what: &str) -> Result<String> {
    let path = value
        .as_str()
        .with_context(|| format!("{what} is not a string but a {}", value.type_str()))?;
    text(&root.join(path))
}

/// A table inside `table`, created if missing.
fn table_mut<'a>(table: &'a mut toml::Table, key: &str) -> Result<&'a mut toml::Table> {
    table
        .entry(key)
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
        .with_context(|| format!("`{key}` is not a table"))
}

/// The serve configuration: `trunk_toml` (the repository's `Trunk.toml`, whose relative
/// paths are relative to `root`) with absolute paths, the content folder watched, and the
/// hook that builds `content` with the `pressroom` binary into the staging folder.
/// `root`, `content` and `pressroom` must be absolute (and canonical, as trunk compares
/// canonical paths).
pub fn serve_config(
    trunk_toml: &str,
    root: &Path,
    content: &Path,
    pressroom: &Path,
) -> Result<toml::Table> {
    let mut config: toml::Table = toml::from_str(trunk_toml).context("parsing Trunk.toml")?;

    // A top-level `dist` (trunk's newer spelling) is relative to the file too.
    if let Some(dist) = config.get("dist") {
        let dist = absolute(root, dist, "`dist`")?;
        config.insert("dist".into(), dist.into());
    }
    let build = table_mut(&mut config, "build")?;
    for (key, default) in [("target", "index.html"), ("dist", "dist")] {
        let value = build.get(key).cloned().unwrap_or_else(|| default.into());
        let path = absolute(root, &value, &format!("[build] {key}"))?;
        build.insert(key.into(), path.into());
    }
    let dist = build
        .get("dist")
        .and_then(toml::Value::as_str)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("dist"));

    let watch = table_mut(&mut config, "watch")?;
    let list = |watch: &toml::Table, key: &str| -> Result<Vec<String>> {
        match watch.get(key) {
            None => Ok(Vec::new()),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|item| absolute(root, item, &format!("[watch] {key}")))
                .collect(),
            Some(other) => bail!("[watch] {key} is not a list but a {}", other.type_str()),
        }
    };
    let ignore = list(watch, "ignore")?;
    let mut watched = list(watch, "watch")?;
    if watched.is_empty() {
        // Trunk's default when the list is empty: the folder of `index.html`.
        watched.push(text(root)?);
    }
    if let Some(ignored) = ignore
        .iter()
        .map(PathBuf::from)
        .chain([dist])
        .find(|ignored| content.starts_with(ignored))
    {
        bail!(
            "the content folder {} is inside {}, which trunk does not watch; use a folder elsewhere",
            content.display(),
            ignored.display()
        );
    }
    if !watched.iter().any(|w| content.starts_with(w)) {
        watched.push(text(content)?);
    }
    let strings = |items: Vec<String>| {
        toml::Value::Array(items.into_iter().map(toml::Value::String).collect())
    };
    watch.insert("watch".into(), strings(watched));
    watch.insert("ignore".into(), strings(ignore));

    let mut hook = toml::Table::new();
    hook.insert("stage".into(), "post_build".into());
    hook.insert("command".into(), "sh".into());
    hook.insert(
        "command_arguments".into(),
        strings(vec![
            "-c".into(),
            HOOK_SCRIPT.into(),
            text(pressroom)?,
            text(content)?,
        ]),
    );
    let hooks = config
        .entry("hooks")
        .or_insert_with(|| toml::Value::Array(Vec::new()))
        .as_array_mut()
        .context("`hooks` in Trunk.toml is not a list")?;
    hooks.push(toml::Value::Table(hook));
    Ok(config)
}

/// Builds the CLI, writes `target/xtask/Trunk.serve.toml` for `content` and returns its
/// path (for `trunk --config`).
pub fn prepare(tools: &Tools, content: &Path) -> Result<PathBuf> {
    let root = std::fs::canonicalize(&tools.root)
        .with_context(|| format!("finding {}", tools.root.display()))?;
    let content = std::fs::canonicalize(content)
        .with_context(|| format!("the content folder {} does not exist", content.display()))?;
    if !content.is_dir() {
        bail!("{} is not a folder", content.display());
    }
    if !content.join("pressroom.toml").is_file() {
        println!(
            "note: {} has no pressroom.toml (the site settings); `pressroom build` will say what it needs",
            content.display()
        );
    }

    tools
        .cmd("cargo")
        .args([
            "build",
            "--locked",
            "-p",
            "pressroom-cli",
            "--bin",
            "pressroom",
        ])
        .run()
        .context("building the `pressroom` command-line tool")?;
    let pressroom = paths::target_dir(&root).join("debug").join("pressroom");
    if !pressroom.is_file() {
        bail!("cargo built the CLI but {} is missing", pressroom.display());
    }

    let trunk_toml_path = root.join("Trunk.toml");
    let trunk_toml = std::fs::read_to_string(&trunk_toml_path)
        .with_context(|| format!("reading {}", trunk_toml_path.display()))?;
    let config = serve_config(&trunk_toml, &root, &content, &pressroom).with_context(|| {
        format!(
            "deriving the serve configuration from {}",
            trunk_toml_path.display()
        )
    })?;
    let dir = paths::xtask_state_dir(&root);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(CONFIG_FILE);
    let header = "# Generated by `cargo xtask serve --content` from Trunk.toml; do not edit.\n\n";
    std::fs::write(
        &path,
        format!(
            "{header}{}",
            toml::to_string(&config).context("writing the serve configuration as TOML")?
        ),
    )
    .with_context(|| format!("writing {}", path.display()))?;
    println!(
        "wrote {} (bundle built from {} after every build)",
        path.display(),
        content.display()
    );
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_TOML: &str = r#"
[build]
target = "index.html"
dist = "dist"
public_url = "/"
offline = true

[tools]
wasm_bindgen = "0.2.130"
wasm_opt = "version_132"

[watch]
ignore = ["target", "tests", "xtask"]
"#;

    fn strings(value: Option<&toml::Value>) -> Vec<&str> {
        value
            .and_then(toml::Value::as_array)
            .map(|items| items.iter().filter_map(toml::Value::as_str).collect())
            .unwrap_or_default()
    }

    fn config(trunk_toml: &str, content: &str) -> Result<toml::Table> {
        serve_config(
            trunk_toml,
            Path::new("/repo"),
            Path::new(content),
            Path::new("/repo/target/debug/pressroom"),
        )
    }

    #[test]
    fn adds_the_hook_the_watch_list_and_absolute_paths() {
        let config = config(TRUNK_TOML, "/tmp/my content").unwrap();
        let build = &config["build"];
        assert_eq!(build["target"].as_str(), Some("/repo/index.html"));
        assert_eq!(build["dist"].as_str(), Some("/repo/dist"));
        assert_eq!(build["public_url"].as_str(), Some("/"));
        assert_eq!(build["offline"].as_bool(), Some(true));
        assert_eq!(config["tools"]["wasm_bindgen"].as_str(), Some("0.2.130"));
        assert_eq!(
            strings(config["watch"].get("watch")),
            ["/repo", "/tmp/my content"]
        );
        assert_eq!(
            strings(config["watch"].get("ignore")),
            ["/repo/target", "/repo/tests", "/repo/xtask"]
        );
        let hooks = config["hooks"].as_array().unwrap();
        assert_eq!(hooks.len(), 1);
        assert_eq!(hooks[0]["stage"].as_str(), Some("post_build"));
        assert_eq!(hooks[0]["command"].as_str(), Some("sh"));
        assert_eq!(
            strings(hooks[0].get("command_arguments")),
            [
                "-c",
                HOOK_SCRIPT,
                "/repo/target/debug/pressroom",
                "/tmp/my content"
            ]
        );
        assert!(HOOK_SCRIPT.contains(r#""$TRUNK_STAGING_DIR/releases.json""#));

        // The written file says the same.
        let written = toml::to_string(&config).unwrap();
        assert_eq!(toml::from_str::<toml::Table>(&written).unwrap(), config);
        assert!(written.contains("[[hooks]]\n"), "{written}");
        assert!(written.contains("stage = \"post_build\""), "{written}");
    }

    #[test]
    fn the_hook_builds_into_the_staging_folder() {
        // Run the hook's script the way trunk does, with a stand-in for the CLI.
        let dir = std::env::temp_dir().join(format!("xtask-hook-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fake = dir.join("fake pressroom");
        std::fs::write(&fake, "#!/bin/sh\necho \"$1|$2|$3|$4\" > \"$4\"\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let status = std::process::Command::new("sh")
            .args(["-c", HOOK_SCRIPT])
            .arg(&fake)
            .arg("/tmp/it's content")
            .env("TRUNK_STAGING_DIR", &dir)
            .status()
            .unwrap();
        assert!(status.success());
        let written = std::fs::read_to_string(dir.join("releases.json")).unwrap();
        assert_eq!(
            written.trim(),
            format!("build|/tmp/it's content|-o|{}/releases.json", dir.display())
        );
        // A failing build fails the hook.
        std::fs::write(&fake, "#!/bin/sh\nexit 1\n").unwrap();
        let status = std::process::Command::new("sh")
            .args(["-c", HOOK_SCRIPT])
            .arg(&fake)
            .arg("/tmp/c")
            .env("TRUNK_STAGING_DIR", &dir)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(!status.success());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn keeps_existing_watch_paths_and_hooks() {
        let toml = r#"
dist = "out"
[build]
target = "web/index.html"
[watch]
watch = ["src", "/abs/assets"]
[[hooks]]
stage = "pre_build"
command = "true"
"#;
        let config = config(toml, "/repo/src/content").unwrap();
        assert_eq!(config["dist"].as_str(), Some("/repo/out"));
        assert_eq!(
            config["build"]["target"].as_str(),
            Some("/repo/web/index.html")
        );
        assert_eq!(config["build"]["dist"].as_str(), Some("/repo/dist"));
        // Already inside a watched folder: not added twice.
        assert_eq!(
            strings(config["watch"].get("watch")),
            ["/repo/src", "/abs/assets"]
        );
        assert!(strings(config["watch"].get("ignore")).is_empty());
        let hooks = config["hooks"].as_array().unwrap();
        assert_eq!(hooks.len(), 2);
        assert_eq!(hooks[0]["stage"].as_str(), Some("pre_build"));
        assert_eq!(hooks[1]["stage"].as_str(), Some("post_build"));
    }

    #[test]
    fn refuses_content_trunk_ignores() {
        let error = config(TRUNK_TOML, "/repo/target/content").unwrap_err();
        assert!(
            format!("{error:#}").contains("inside /repo/target"),
            "{error:#}"
        );
        assert!(config(TRUNK_TOML, "/repo/dist/x").is_err());
        assert!(config("[watch]\nignore = \"target\"\n", "/c").is_err());
        assert!(config("build = 1\n", "/c").is_err());
        // Inside the repository but not ignored: watched with the repository.
        let config = config(TRUNK_TOML, "/repo/content").unwrap();
        assert_eq!(strings(config["watch"].get("watch")), ["/repo"]);
    }

    #[test]
    fn works_with_the_repository_trunk_toml() {
        let config = config(include_str!("../../Trunk.toml"), "/elsewhere").unwrap();
        assert_eq!(config["build"]["target"].as_str(), Some("/repo/index.html"));
        assert!(strings(config["watch"].get("watch")).contains(&"/elsewhere"));
        assert_eq!(
            config["hooks"]
                .as_array()
                .and_then(|h| h.last())
                .and_then(|h| h.get("stage"))
                .and_then(toml::Value::as_str),
            Some("post_build")
        );
    }
}
