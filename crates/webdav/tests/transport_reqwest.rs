//! The async `reqwest` transport, on tokio, against a hand-written loopback server.

#![cfg(feature = "reqwest")]

mod transport_support;

use std::time::{Duration, Instant};

use http::{Request, StatusCode};
use transport_support::{
    CERT_PEM, Server, cert_der, https_ok, refused_base, respond_with, silent, stream_chunked,
};
use webdav::transport::{
    AsyncTransport, ReqwestTransport, TlsOptions, TransportConfig, TransportError,
};

fn transport(config: TransportConfig) -> ReqwestTransport {
    ReqwestTransport::new(config).unwrap()
}

fn default_transport() -> ReqwestTransport {
    transport(TransportConfig {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        ..TransportConfig::default()
    })
}

fn get(url: &str) -> Request<Vec<u8>> {
    Request::get(url).body(Vec::new()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webdav_methods_headers_and_body_arrive_intact() {
    let body = br#"<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>"#;
    let answer = "<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\"/>";
    for method in ["PROPFIND", "PROPPATCH", "MKCOL", "SEARCH", "PUT", "DELETE"] {
        let response = format!(
            "HTTP/1.1 207 Multi-Status\r\nContent-Type: text/xml; charset=\"utf-8\"\r\nContent-Length: {}\r\n\r\n{answer}",
            answer.len()
        );
        let server = respond_with(response);
        let request = Request::builder()
            .method(method)
            .uri(format!(
                "{}/public/SCHEDULE%2B%20FREE%20BUSY/x.EML?a=b",
                server.base
            ))
            .header("Depth", "1")
            .header("Translate", "f")
            .header("Content-Type", "text/xml; charset=\"utf-8\"")
            .header("X-Multi", "one")
            .header("X-Multi", "two")
            .header("Authorization", "Basic dXNlcjpwYXNz")
            .body(body.to_vec())
            .unwrap();
        let response = default_transport().send(request).await.unwrap();
        let seen = server.request();
        assert_eq!(seen.method, method);
        assert_eq!(seen.target, "/public/SCHEDULE%2B%20FREE%20BUSY/x.EML?a=b");
        assert_eq!(seen.version, "HTTP/1.1");
        assert_eq!(seen.one("depth"), Some("1"));
        assert_eq!(seen.one("translate"), Some("f"));
        assert_eq!(
            seen.one("content-type"),
            Some("text/xml; charset=\"utf-8\"")
        );
        assert_eq!(seen.all("x-multi"), ["one", "two"]);
        assert_eq!(seen.one("authorization"), Some("Basic dXNlcjpwYXNz"));
        assert_eq!(
            seen.one("content-length"),
            Some(body.len().to_string().as_str())
        );
        assert_eq!(seen.body, body);
        // Nothing added behind the caller's back.
        assert_eq!(seen.one("user-agent"), None);
        assert_eq!(seen.one("accept"), Some("*/*")); // reqwest's default
        assert_eq!(seen.one("accept-encoding"), None);

        assert_eq!(response.status(), StatusCode::MULTI_STATUS);
        assert_eq!(
            response.headers()["content-type"],
            "text/xml; charset=\"utf-8\""
        );
        assert_eq!(response.body(), answer.as_bytes());
        server.join();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_body_is_sent_as_no_body_except_for_put() {
    let server = respond_with("HTTP/1.1 204 No Content\r\n\r\n");
    let request = Request::builder()
        .method("PROPFIND")
        .uri(format!("{}/x", server.base))
        .body(Vec::new())
        .unwrap();
    let response = default_transport().send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let seen = server.request();
    assert_eq!(seen.one("content-length"), None);
    assert!(seen.body.is_empty());

    let server = respond_with("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
    let request = Request::put(format!("{}/x", server.base))
        .body(Vec::new())
        .unwrap();
    let response = default_transport().send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(server.request().one("content-length"), Some("0"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirect_is_returned_not_followed() {
    let server = respond_with(
        "HTTP/1.1 302 Found\r\nLocation: /exchweb/bin/auth/owalogon.asp?url=x\r\nContent-Length: 5\r\n\r\nmoved",
    );
    let response = default_transport()
        .send(get(&format!("{}/exchange/", server.base)))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()["location"],
        "/exchweb/bin/auth/owalogon.asp?url=x"
    );
    assert_eq!(response.body(), b"moved");
    assert_eq!(server.request().target, "/exchange/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_statuses_are_responses() {
    for (status, code) in [
        ("401 Unauthorized", 401),
        ("404 Not Found", 404),
        ("440 Login Timeout", 440),
        ("500 Internal Server Error", 500),
    ] {
        let server = respond_with(format!(
            "HTTP/1.1 {status}\r\nContent-Length: 4\r\n\r\nnope"
        ));
        let response = default_transport()
            .send(get(&format!("{}/", server.base)))
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), code);
        assert_eq!(response.body(), b"nope");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_set_cookie_headers_are_all_kept() {
    let server = respond_with(
        "HTTP/1.1 200 OK\r\nSet-Cookie: sessionid=abc; path=/\r\nSet-Cookie: cadata=\"1xyz\"; HttpOnly; secure; path=/\r\nX-Other: 1\r\nSet-Cookie: third=3\r\nContent-Length: 0\r\n\r\n",
    );
    let response = default_transport()
        .send(get(&format!("{}/", server.base)))
        .await
        .unwrap();
    let cookies: Vec<_> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(
        cookies,
        [
            "sessionid=abc; path=/",
            "cadata=\"1xyz\"; HttpOnly; secure; path=/",
            "third=3"
        ]
    );
    assert_eq!(response.headers()["x-other"], "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_agent_from_config_unless_the_request_has_one() {
    let config = TransportConfig {
        user_agent: Some("freebusy-interop/0.1".into()),
        ..TransportConfig::default()
    };
    let server = respond_with("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    transport(config.clone())
        .send(get(&format!("{}/", server.base)))
        .await
        .unwrap();
    assert_eq!(
        server.request().one("user-agent"),
        Some("freebusy-interop/0.1")
    );

    let server = respond_with("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    let request = Request::get(format!("{}/", server.base))
        .header("User-Agent", "Microsoft-WebDAV-MiniRedir")
        .body(Vec::new())
        .unwrap();
    transport(config).send(request).await.unwrap();
    assert_eq!(
        server.request().one("user-agent"),
        Some("Microsoft-WebDAV-MiniRedir")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_at_the_cap_is_read() {
    let server = Server::start(|_, stream| stream_chunked(stream, 1000, 100, Duration::ZERO));
    let config = TransportConfig {
        max_body: 1000,
        ..TransportConfig::default()
    };
    let response = transport(config)
        .send(get(&format!("{}/", server.base)))
        .await
        .unwrap();
    assert_eq!(response.body().len(), 1000);
    assert_eq!(server.join(), 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streamed_body_past_the_cap_stops_early() {
    const MIB: usize = 1024 * 1024;
    // 2 MiB in 32 KiB chunks, 10 ms apart (about 640 ms in all): the client must give up
    // once it is past 1 MiB, without waiting for the rest.
    let server = Server::start(|_, stream| {
        stream_chunked(stream, 2 * MIB, 32 * 1024, Duration::from_millis(10))
    });
    let config = TransportConfig {
        max_body: MIB,
        ..TransportConfig::default()
    };
    let err = transport(config)
        .send(get(&format!("{}/big", server.base)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, TransportError::BodyTooLarge { limit, url } if *limit == MIB && url.ends_with("/big")),
        "{err:?}"
    );
    let written = server.join();
    assert!(
        written < 2 * MIB,
        "the server wrote the whole body: {written}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn announced_body_past_the_cap_fails() {
    let server = Server::start(|_, stream| {
        use std::io::Write;
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n");
        let _ = stream.write_all(&vec![b'x'; 2 * 1024 * 1024]);
    });
    let config = TransportConfig {
        max_body: 1024 * 1024,
        ..TransportConfig::default()
    };
    let err = transport(config)
        .send(get(&format!("{}/", server.base)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            TransportError::BodyTooLarge {
                limit: 1_048_576,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_connection_is_connect_without_credentials() {
    let base = refused_base();
    let url = base.replace("http://", "http://alice:s3cr3t@");
    let err = default_transport()
        .send(get(&format!("{url}/x")))
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::Connect { .. }), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("s3cr3t") && !text.contains("alice"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_server_times_out() {
    let server = silent(Duration::from_secs(5));
    let config = TransportConfig {
        timeout: Duration::from_millis(300),
        ..TransportConfig::default()
    };
    let started = Instant::now();
    let err = transport(config)
        .send(get(&format!("{}/", server.base)))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, TransportError::Timeout { .. }), "{err:?}");
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_body_times_out() {
    // Head and part of the body, then silence: the overall timeout covers the body too.
    let server = Server::start(|_, stream| {
        use std::io::Write;
        let _ = stream.write_all(b"HTTP/1.1 207 Multi-Status\r\nContent-Length: 100\r\n\r\n<?xml");
        let _ = stream.flush();
        std::thread::sleep(Duration::from_secs(5));
    });
    let config = TransportConfig {
        timeout: Duration::from_millis(300),
        ..TransportConfig::default()
    };
    let started = Instant::now();
    let err = transport(config)
        .send(get(&format!("{}/", server.base)))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, TransportError::Timeout { .. }), "{err:?}");
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_extra_root_is_rejected() {
    for bad in [
        b"not a certificate".to_vec(),
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".to_vec(),
    ] {
        let config = TransportConfig {
            tls: TlsOptions {
                extra_roots: vec![bad],
                danger_accept_invalid_certs: false,
            },
            ..TransportConfig::default()
        };
        let err = ReqwestTransport::new(config).unwrap_err();
        assert!(matches!(err, TransportError::Tls { .. }), "{err:?}");
    }
}

async fn https_with(tls: TlsOptions) -> (Result<http::Response<Vec<u8>>, TransportError>, bool) {
    let (base, server) = https_ok();
    let config = TransportConfig {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        tls,
        ..TransportConfig::default()
    };
    let result = transport(config).send(get(&format!("{base}/owa/"))).await;
    let ok = tokio::task::spawn_blocking(move || server.join().unwrap())
        .await
        .unwrap();
    (result, ok)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn self_signed_certificate_is_refused_by_default() {
    let (result, _) = https_with(TlsOptions::default()).await;
    let err = result.unwrap_err();
    assert!(matches!(err, TransportError::Tls { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn self_signed_certificate_trusted_as_extra_root_pem_or_der() {
    for root in [CERT_PEM.as_bytes().to_vec(), cert_der()] {
        let (result, ok) = https_with(TlsOptions {
            extra_roots: vec![root],
            danger_accept_invalid_certs: false,
        })
        .await;
        let response = result.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.body(), b"secure");
        assert!(ok);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn danger_accept_invalid_certs_accepts_self_signed() {
    let (result, ok) = https_with(TlsOptions {
        extra_roots: Vec::new(),
        danger_accept_invalid_certs: true,
    })
    .await;
    assert_eq!(result.unwrap().body(), b"secure");
    assert!(ok);
}

#[test]
fn futures_are_send_and_work_from_spawned_tasks() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<ReqwestTransport>();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let t = default_transport();
    let servers: Vec<_> = (0..4)
        .map(|i| respond_with(format!("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{i}")))
        .collect();
    let bodies = runtime.block_on(async {
        let mut tasks = Vec::new();
        for server in &servers {
            let t = t.clone();
            let request = get(&format!("{}/", server.base));
            let future = async move { t.send(request).await };
            assert_send(&future);
            tasks.push(tokio::spawn(future));
        }
        let mut bodies = Vec::new();
        for task in tasks {
            bodies.push(task.await.unwrap().unwrap().into_body());
        }
        bodies
    });
    assert_eq!(bodies, [b"0", b"1", b"2", b"3"]);
}
