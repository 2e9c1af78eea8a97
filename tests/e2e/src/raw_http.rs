//! A bare HTTP/1.1 client for 127.0.0.1 with `std` only: chromedriver's status and
//! shutdown calls, and raw page fetches (pages as a browser without JavaScript gets them).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A bare HTTP/1.1 request to 127.0.0.1 with `std` only, with `headers` added;
/// returns the whole answer (head and body).
pub fn raw_http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    timeout: Duration,
) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("Connection: close\r\nContent-Length: 0\r\n\r\n");
    stream.write_all(request.as_bytes())?;
    // chromedriver may keep the connection open despite `Connection: close`: stop
    // reading once the body announced by Content-Length is complete.
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if answer.is_empty() => return Err(e),
            Err(_) => break,
        };
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
        if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|length| answer.len() >= end + 4 + length) {
                break;
            }
        }
    }
    Ok(String::from_utf8_lossy(&answer).into_owned())
}
