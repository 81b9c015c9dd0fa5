//! A tiny hand-written HTTP/1.1 (and HTTPS) server on 127.0.0.1 for the transport tests.

#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Self-signed certificate for `localhost` and `127.0.0.1` (EC P-256, CA:FALSE, valid from 2000
/// to 2100), as an Exchange server's self-issued certificate would be.
pub const CERT_PEM: &str = "\
-----BEGIN CERTIFICATE-----
MIIBiTCCAS+gAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGyrmpZnopzI3EV5
Iq+5b8reOQYH1efqu5FOgVeP2jknFIkBquCrkcjVTJC8USs/RVtVqYzIXiXoJtaH
adh+AXGjcDBuMBoGA1UdEQQTMBGCCWxvY2FsaG9zdIcEfwAAATAMBgNVHRMBAf8E
AjAAMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDATAdBgNVHQ4E
FgQUy9ZRp9s8bL6gS3Zi0NfVJLTk83UwCgYIKoZIzj0EAwIDSAAwRQIhALiNpK52
Cuh6PevPQikv3eWIkJiND/M4Ray/UKaqdmzjAiAI0/q8fJjaTnEHxz/YGhhJovky
xrLklI1YbUi1BSMi7A==
-----END CERTIFICATE-----
";

/// The certificate's private key (PKCS#8).
pub const KEY_PEM: &str = "\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNwQiiw+G/MT+i7NN
Yg1s19SslKosqU8u7fn4h+Ec0+WhRANCAARsq5qWZ6KcyNxFeSKvuW/K3jkGB9Xn
6ruRToFXj9o5JxSJAargq5HI1UyQvFErP0VbVamMyF4l6CbWh2nYfgFx
-----END PRIVATE KEY-----
";

/// The certificate in DER.
pub fn cert_der() -> Vec<u8> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    CertificateDer::from_pem_slice(CERT_PEM.as_bytes())
        .unwrap()
        .to_vec()
}

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub version: String,
    /// In order, names lowercased, repeated ones kept.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// All values of header `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == &name.to_ascii_lowercase())
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single value of header `name`.
    pub fn one(&self, name: &str) -> Option<&str> {
        let all = self.all(name);
        assert!(all.len() <= 1, "header {name} repeated: {all:?}");
        all.first().copied()
    }
}

/// Reads one request (head and `Content-Length` body) from `stream`.
pub fn read_request<S: Read>(stream: S) -> io::Result<Recorded> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.trim_end().splitn(3, ' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let version = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "eof in head"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let (n, v) = l.split_once(':').unwrap();
        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    let len = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse::<usize>().unwrap())
        .unwrap_or(0);
    assert!(
        !headers.iter().any(|(n, _)| n == "transfer-encoding"),
        "chunked request bodies are not expected"
    );
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(Recorded {
        method,
        target,
        version,
        headers,
        body,
    })
}

/// A server for one connection: reads one request, reports it on the channel, then lets
/// `script` write the response; `script`'s result is the thread's result.
pub struct Server<T> {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub requests: Receiver<Recorded>,
    pub handle: JoinHandle<T>,
}

impl<T: Send + 'static> Server<T> {
    pub fn start(script: impl FnOnce(&Recorded, &mut TcpStream) -> T + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, requests) = mpsc::channel();
        let handle = thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let req = read_request(&mut stream).unwrap();
            let _ = tx.send(req.clone());
            script(&req, &mut stream)
        });
        Server {
            base,
            requests,
            handle,
        }
    }

    /// The one request the server read.
    pub fn request(&self) -> Recorded {
        self.requests
            .recv_timeout(Duration::from_secs(10))
            .expect("the server got no request")
    }

    pub fn join(self) -> T {
        self.handle.join().unwrap()
    }
}

/// A server that answers one request with the fixed bytes `response`.
pub fn respond_with(response: impl Into<Vec<u8>>) -> Server<()> {
    let response = response.into();
    Server::start(move |_, stream| {
        let _ = stream.write_all(&response);
        let _ = stream.flush();
    })
}

/// A server that accepts, reads the request, and then says nothing for `silence`.
pub fn silent(silence: Duration) -> Server<()> {
    Server::start(move |_, _stream| thread::sleep(silence))
}

/// Writes a response head with `Transfer-Encoding: chunked`, then `total` bytes in chunks of
/// `chunk` bytes, pausing `pause` between chunks. Returns how many body bytes were written
/// before the client went away.
pub fn stream_chunked(
    stream: &mut TcpStream,
    total: usize,
    chunk: usize,
    pause: Duration,
) -> usize {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return 0;
    }
    let data = vec![b'x'; chunk];
    let mut written = 0;
    while written < total {
        let n = chunk.min(total - written);
        let mut piece = format!("{n:x}\r\n").into_bytes();
        piece.extend_from_slice(&data[..n]);
        piece.extend_from_slice(b"\r\n");
        if stream
            .write_all(&piece)
            .and_then(|()| stream.flush())
            .is_err()
        {
            return written;
        }
        written += n;
        thread::sleep(pause);
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    written
}

/// An address where nothing listens.
pub fn refused_base() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// An HTTPS server (the self-signed certificate above) for one connection: answers one
/// request with `200 OK` and body `secure`. The thread's result is whether the handshake
/// and exchange succeeded.
pub fn https_ok() -> (String, JoinHandle<bool>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(CERT_PEM.as_bytes()).unwrap()],
            PrivateKeyDer::from_pem_slice(KEY_PEM.as_bytes()).unwrap(),
        )
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let handle = thread::spawn(move || {
        let (tcp, _) = listener.accept().unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let conn = rustls::ServerConnection::new(Arc::new(config)).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        if read_request(&mut tls).is_err() {
            return false;
        }
        let response = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure";
        let ok = tls.write_all(response).and_then(|()| tls.flush()).is_ok();
        tls.conn.send_close_notify();
        let _ = tls.flush();
        ok
    });
    (base, handle)
}
