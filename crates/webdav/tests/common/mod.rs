//! Shared test helpers: reading recorded `.http` captures.
#![allow(dead_code)]

use std::path::PathBuf;

/// Path of a file under `tests/data/`.
pub fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

/// Reads a `curl -i` capture into an `http::Response`.
pub fn capture(rel: &str) -> http::Response<Vec<u8>> {
    let raw = std::fs::read(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| raw.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)))
        .expect("header/body separator");
    let head = String::from_utf8_lossy(&raw[..split.0]).to_string();
    let body = raw[split.0 + split.1..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut b = http::Response::builder().status(status);
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            b = b.header(k.trim(), v.trim());
        }
    }
    b.body(body).unwrap()
}

/// The Exchange fixtures shipped beside the repository.
pub fn shared_fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/exchange")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}
