//! Running child processes, always printing the command line first.
//!
//! [`Cmd`] is a small builder over [`std::process::Command`] that
//! - prints `$ ENV=… program args…` before running (so logs show exactly what ran),
//! - prepends tool directories to the child's `PATH` and looks the program up there,
//! - can stream a child's output through while capturing it ([`Cmd::run_tee`]),
//! - can give up on a child after a timeout and kill it ([`Cmd::status_timeout`]),
//! - can quietly probe a tool's version ([`Cmd::probe`]).

use anyhow::{bail, Context, Result};
use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A command to run: program, arguments, extra environment, working directory.
#[derive(Debug, Clone)]
pub struct Cmd {
    program: OsString,
    args: Vec<OsString>,
    envs: Vec<(String, String)>,
    path_prepend: Vec<PathBuf>,
    cwd: Option<PathBuf>,
}

/// What a [`Cmd::run_tee`] child printed, and how it ended.
#[derive(Debug)]
pub struct Captured {
    /// The child's exit status.
    pub status: ExitStatus,
    /// Every line of stdout and stderr, in the order they were read.
    pub lines: Vec<String>,
}

impl Cmd {
    /// A command running `program` (looked up in the child's `PATH` unless it has a `/`).
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        Self {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            envs: Vec::new(),
            path_prepend: Vec::new(),
            cwd: None,
        }
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Appends several arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Sets one environment variable for the child.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// Sets several environment variables for the child.
    pub fn envs(mut self, vars: &[(String, String)]) -> Self {
        self.envs.extend(vars.iter().cloned());
        self
    }

    /// Puts these directories in front of the child's `PATH`.
    pub fn path_prepend(mut self, dirs: &[PathBuf]) -> Self {
        self.path_prepend.extend(dirs.iter().cloned());
        self
    }

    /// Runs the child in `dir`.
    pub fn cwd(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_owned());
        self
    }

    /// The command line as printed before running: explicit environment, program, args.
    pub fn display(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        // The directory is shown only when it is not the one we run in.
        let cwd = self
            .cwd
            .as_ref()
            .filter(|dir| std::env::current_dir().ok().as_ref() != Some(*dir));
        if let Some(dir) = cwd {
            parts.push(format!("(cd {} &&", shell_quote(&dir.to_string_lossy())));
        }
        if !self.path_prepend.is_empty() {
            let dirs: Vec<String> = self
                .path_prepend
                .iter()
                .map(|d| d.to_string_lossy().into_owned())
                .collect();
            parts.push(format!("PATH={}:$PATH", shell_quote(&dirs.join(":"))));
        }
        for (key, value) in &self.envs {
            parts.push(format!("{key}={}", shell_quote(value)));
        }
        parts.push(shell_quote(&self.program.to_string_lossy()));
        parts.extend(self.args.iter().map(|a| shell_quote(&a.to_string_lossy())));
        let mut line = parts.join(" ");
        if cwd.is_some() {
            line.push(')');
        }
        line
    }

    /// The child's `PATH`: the prepended directories, then ours.
    fn child_path(&self) -> Option<OsString> {
        if self.path_prepend.is_empty() {
            return None;
        }
        let mut dirs = self.path_prepend.clone();
        if let Some(current) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&current));
        }
        std::env::join_paths(dirs).ok()
    }

    /// The program resolved against the child's `PATH` (so prepended tools win).
    fn resolved_program(&self) -> OsString {
        let program = Path::new(&self.program);
        if program.components().count() > 1 {
            return self.program.clone();
        }
        let path = self
            .envs
            .iter()
            .rev()
            .find(|(k, _)| k == "PATH")
            .map(|(_, v)| OsString::from(v))
            .or_else(|| self.child_path())
            .or_else(|| std::env::var_os("PATH"));
        match path.and_then(|p| find_in(&p, &self.program)) {
            Some(found) => found.into_os_string(),
            None => self.program.clone(),
        }
    }

    fn command(&self) -> Command {
        let mut command = Command::new(self.resolved_program());
        command.args(&self.args);
        if let Some(path) = self.child_path() {
            command.env("PATH", path);
        }
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        if let Some(dir) = &self.cwd {
            command.current_dir(dir);
        }
        command
    }

    fn announce(&self) {
        eprintln!("$ {}", self.display());
    }

    /// Runs with inherited stdio; fails unless the child exits successfully.
    pub fn run(&self) -> Result<()> {
        let status = self.status()?;
        if !status.success() {
            bail!("`{}` failed ({status})", self.display());
        }
        Ok(())
    }

    /// Runs with inherited stdio and returns the exit status.
    pub fn status(&self) -> Result<ExitStatus> {
        self.announce();
        self.command()
            .status()
            .with_context(|| format!("could not start `{}`", self.display()))
    }

    /// Replaces this process by the child where the platform allows (Unix `exec`), so
    /// signals such as Ctrl-C go straight to it; elsewhere runs it and exits with its code.
    pub fn exec(&self) -> Result<()> {
        self.announce();
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            let error = self.command().exec();
            Err(error).with_context(|| format!("could not start `{}`", self.display()))
        }
        #[cfg(not(unix))]
        {
            let status = self
                .command()
                .status()
                .with_context(|| format!("could not start `{}`", self.display()))?;
            std::process::exit(status.code().unwrap_or(1));
        }
    }

    /// Runs with stdout and stderr streamed through to ours while capturing every line.
    pub fn run_tee(&self) -> Result<Captured> {
        self.announce();
        let mut child = self
            .command()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start `{}`", self.display()))?;
        let lines = Arc::new(Mutex::new(Vec::new()));
        let mut readers = Vec::new();
        if let Some(out) = child.stdout.take() {
            readers.push(tee_thread(out, lines.clone(), false));
        }
        if let Some(err) = child.stderr.take() {
            readers.push(tee_thread(err, lines.clone(), true));
        }
        let status = child
            .wait()
            .with_context(|| format!("waiting for `{}`", self.display()))?;
        for reader in readers {
            // A reader thread only ends badly if writing to our own stdout failed.
            let _ = reader.join();
        }
        let lines = match Arc::try_unwrap(lines) {
            Ok(mutex) => mutex.into_inner().unwrap_or_else(|p| p.into_inner()),
            Err(shared) => shared.lock().map(|l| l.clone()).unwrap_or_default(),
        };
        Ok(Captured { status, lines })
    }

    /// Runs with inherited stdio, killing the child if it has not ended after `timeout`.
    /// Returns `None` on timeout.
    pub fn status_timeout(&self, timeout: Duration) -> Result<Option<ExitStatus>> {
        self.announce();
        let mut command = self.command();
        command.stdin(Stdio::null());
        // Its own process group, so a timeout also ends whatever the child started.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .with_context(|| format!("could not start `{}`", self.display()))?;
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = child.try_wait().context("waiting for a child process")? {
                return Ok(Some(status));
            }
            if Instant::now() >= deadline {
                // The child may have exited in between; these calls then fail harmlessly.
                #[cfg(unix)]
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .stderr(Stdio::null())
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                return Ok(None);
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs quietly and returns stdout followed by stderr if the child could be started
    /// and exited successfully; `None` otherwise. For version probes.
    pub fn probe(&self) -> Option<String> {
        let output = self.command().stdin(Stdio::null()).output().ok()?;
        if !output.status.success() {
            return None;
        }
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        Some(text)
    }

    /// Runs quietly and returns stdout; fails with the child's stderr if it fails.
    pub fn read(&self) -> Result<String> {
        let output = self
            .command()
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("could not start `{}`", self.display()))?;
        if !output.status.success() {
            bail!(
                "`{}` failed ({}): {}",
                self.display(),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        String::from_utf8(output.stdout)
            .with_context(|| format!("`{}` printed non-UTF-8 output", self.display()))
    }
}

/// Copies a child's stream line by line to our stdout or stderr, keeping each line.
fn tee_thread(
    stream: impl Read + Send + 'static,
    lines: Arc<Mutex<Vec<String>>>,
    to_stderr: bool,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            // Pass bytes through untouched; keep a lossy text copy for parsing.
            let written = if to_stderr {
                let mut err = std::io::stderr().lock();
                err.write_all(&buf).and_then(|()| err.flush())
            } else {
                let mut out = std::io::stdout().lock();
                out.write_all(&buf).and_then(|()| out.flush())
            };
            if written.is_err() {
                // Our own output is gone (closed pipe): keep capturing regardless.
            }
            let text = String::from_utf8_lossy(&buf);
            let line = text.trim_end_matches(['\n', '\r']).to_owned();
            if let Ok(mut all) = lines.lock() {
                all.push(line);
            }
        }
    })
}

/// Looks `program` up in a `PATH`-style list of directories.
pub fn find_in(path: &OsStr, program: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

/// Looks `program` up in our own `PATH`.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    find_in(&path, OsStr::new(program))
}

/// Whether `path` is a file we may execute.
pub fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Quotes a word for display in a POSIX shell, only when needed.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '-' | '_' | '.' | '/' | ':' | '=' | ',' | '+' | '@' | '^' | '%'
                )
        });
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(shell_quote("--release"), "--release");
        assert_eq!(shell_quote("^0.21"), "^0.21");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn display_shows_env_and_path() {
        let cmd = Cmd::new("cargo")
            .args(["test", "--locked"])
            .env("RUSTC_BOOTSTRAP", "1")
            .path_prepend(&[PathBuf::from("/opt/tools")]);
        assert_eq!(
            cmd.display(),
            "PATH=/opt/tools:$PATH RUSTC_BOOTSTRAP=1 cargo test --locked"
        );
    }
}
