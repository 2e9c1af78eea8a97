//! A minimal WebSocket client for the browser-wide DevTools endpoint.
//!
//! chromedriver's `goog/cdp/execute` speaks to the current page's target only, where the
//! browser-wide commands answer "Not allowed" (`Target.createBrowserContext` among them).
//! The browser started by chromedriver listens for DevTools on a port it writes to
//! `DevToolsActivePort` in its profile; this client opens that endpoint and issues the
//! few `Target.*` commands the benchmark needs (fresh browser contexts and tabs).
//!
//! Text frames only, masked as a client must, fragmented answers joined, pings
//! answered; events (none are subscribed to) are skipped. Blocking, with timeouts: each
//! call takes milliseconds.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};

/// How long one DevTools answer may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// An open DevTools connection to the browser.
#[derive(Debug)]
pub struct DevTools {
    stream: TcpStream,
    next_id: u64,
    mask_state: u64,
}

/// The browser endpoint named by `DevToolsActivePort` in `profile`: (port, path).
pub fn active_port(profile: &Path) -> Result<(u16, String)> {
    let file = profile.join("DevToolsActivePort");
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("reading {} (is the browser running?)", file.display()))?;
    let mut lines = text.lines();
    let port = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .with_context(|| format!("no port in {}", file.display()))?;
    let path = lines
        .next()
        .filter(|p| p.starts_with('/'))
        .with_context(|| format!("no browser path in {}", file.display()))?;
    Ok((port, path.to_owned()))
}

impl DevTools {
    /// Opens `ws://127.0.0.1:<port><path>`.
    pub fn connect(port: u16, path: &str) -> Result<Self> {
        let mut stream = TcpStream::connect(("127.0.0.1", port))
            .with_context(|| format!("connecting to DevTools on 127.0.0.1:{port}"))?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        stream.set_write_timeout(Some(TIMEOUT))?;
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Key: cHJlc3Nyb29tLWJlbmNoLQ==\r\n\
             Sec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(request.as_bytes())?;
        let head = read_head(&mut stream)?;
        ensure!(
            head.starts_with("HTTP/1.1 101"),
            "DevTools refused the WebSocket upgrade: {}",
            head.lines().next().unwrap_or_default()
        );
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9);
        Ok(Self {
            stream,
            next_id: 1,
            mask_state: seed | 1,
        })
    }

    /// Issues `method` with `params` and returns its `result`.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.send(message.as_bytes())
            .with_context(|| format!("sending {method}"))?;
        loop {
            let text = self
                .receive()
                .with_context(|| format!("waiting for the answer to {method}"))?;
            let answer: Value = serde_json::from_str(&text).context("a DevTools message")?;
            if answer["id"] != json!(id) {
                continue;
            }
            if let Some(error) = answer.get("error") {
                bail!("{method}: {error}");
            }
            return Ok(answer["result"].clone());
        }
    }

    fn next_mask(&mut self) -> [u8; 4] {
        // xorshift64: masks need only vary, this is no secret.
        let mut x = self.mask_state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.mask_state = x;
        (x as u32).to_be_bytes()
    }

    fn send(&mut self, payload: &[u8]) -> Result<()> {
        let mask = self.next_mask();
        let mut frame = frame_header(0x1, payload.len());
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame)?;
        Ok(())
    }

    /// The next whole text message (pings answered on the way).
    fn receive(&mut self) -> Result<String> {
        let mut message = Vec::new();
        loop {
            let (fin, opcode, payload) = read_frame(&mut self.stream)?;
            match opcode {
                0x0..=0x2 => message.extend_from_slice(&payload),
                0x8 => bail!("DevTools closed the connection"),
                0x9 => {
                    let mut pong = frame_header(0xA, payload.len());
                    let mask = self.next_mask();
                    pong.extend_from_slice(&mask);
                    pong.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
                    self.stream.write_all(&pong)?;
                    continue;
                }
                _ => continue,
            }
            if fin {
                return String::from_utf8(message).context("a DevTools message is not UTF-8");
            }
        }
    }
}

/// The first bytes of a masked client frame with `opcode` and a payload of `len` bytes
/// (the mask follows).
pub fn frame_header(opcode: u8, len: usize) -> Vec<u8> {
    let mut header = vec![0x80 | opcode];
    match len {
        0..=125 => header.push(0x80 | len as u8),
        126..=0xFFFF => {
            header.push(0x80 | 126);
            header.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            header.push(0x80 | 127);
            header.extend_from_slice(&(len as u64).to_be_bytes());
        }
    }
    header
}

/// One frame: (FIN, opcode, unmasked payload).
pub fn read_frame(stream: &mut impl Read) -> Result<(bool, u8, Vec<u8>)> {
    let mut head = [0u8; 2];
    stream.read_exact(&mut head)?;
    let (fin, opcode, masked) = (head[0] & 0x80 != 0, head[0] & 0x0F, head[1] & 0x80 != 0);
    let len = match head[1] & 0x7F {
        126 => {
            let mut b = [0u8; 2];
            stream.read_exact(&mut b)?;
            u64::from(u16::from_be_bytes(b))
        }
        127 => {
            let mut b = [0u8; 8];
            stream.read_exact(&mut b)?;
            u64::from_be_bytes(b)
        }
        n => u64::from(n),
    };
    ensure!(len < 256 << 20, "a DevTools frame of {len} bytes");
    let mut mask = [0u8; 4];
    if masked {
        stream.read_exact(&mut mask)?;
    }
    let mut payload = vec![0u8; len as usize];
    stream.read_exact(&mut payload)?;
    if masked {
        payload
            .iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b ^= mask[i % 4]);
    }
    Ok((fin, opcode, payload))
}

fn read_head(stream: &mut TcpStream) -> Result<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        ensure!(head.len() < 16 * 1024, "an endless DevTools handshake");
        stream
            .read_exact(&mut byte)
            .context("reading the handshake")?;
        head.push(byte[0]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn frame_lengths_use_the_three_encodings() {
        assert_eq!(frame_header(1, 5), [0x81, 0x85]);
        assert_eq!(frame_header(1, 300), [0x81, 0xFE, 0x01, 0x2C]);
        assert_eq!(frame_header(1, 70_000)[..2], [0x81, 0xFF]);
    }

    #[test]
    fn reads_an_unmasked_server_frame() {
        let bytes = [0x81u8, 0x02, b'h', b'i'];
        let (fin, opcode, payload) = read_frame(&mut &bytes[..]).unwrap();
        assert!(fin);
        assert_eq!(opcode, 1);
        assert_eq!(payload, b"hi");
    }

    #[test]
    fn reads_a_masked_frame() {
        let mask = [1u8, 2, 3, 4];
        let mut bytes = vec![0x81u8, 0x83];
        bytes.extend_from_slice(&mask);
        bytes.extend(b"abc".iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        let (_, _, payload) = read_frame(&mut &bytes[..]).unwrap();
        assert_eq!(payload, b"abc");
    }
}
