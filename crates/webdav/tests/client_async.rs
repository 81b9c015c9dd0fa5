//! The async runner on tokio (multi-thread), with the scripted fakes adapted to
//! `AsyncTransport`.

mod client_support;

use std::sync::Arc;

use client_support::*;
use url::Url;
use webdav::auth::{AuthError, Basic, FormsAuth, Secret};
use webdav::client::{AsyncClient, ClientError, Session};
use webdav::ops::{Depth, PropFind};
use webdav::path::ResourcePath;
use webdav::prop::PropName;

fn base() -> Url {
    Url::parse("https://ex.example/").unwrap()
}

fn propfind() -> PropFind {
    PropFind::props(
        ResourcePath::parse("/public/x.EML").unwrap(),
        Depth::Zero,
        [PropName::new("DAV:", "displayname")],
    )
}

fn forms_client(shape: Shape) -> Arc<AsyncClient<Async<FakeExchange>>> {
    let session = Session::new(base()).with_auth(FormsAuth::new(USER, Secret::new(PASSWORD)));
    Arc::new(AsyncClient::new(Async(FakeExchange::new(shape)), session))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_client_shared_by_many_tasks() {
    let client = forms_client(Shape::Timeout440);
    client.run(&propfind()).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let c = Arc::clone(&client);
        tasks.push(tokio::spawn(async move {
            for _ in 0..4 {
                c.run(&propfind()).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(client.transport().0.logins(), 1);
    assert_eq!(client.transport().0.seen().len(), 1 + 1 + 64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_expiry_shape_one_new_login() {
    for shape in [Shape::Timeout440, Shape::Redirect302, Shape::Html200] {
        let client = forms_client(shape);
        client.run(&propfind()).await.unwrap();
        client.transport().0.expire();
        let c = Arc::clone(&client);
        tokio::spawn(async move { c.run(&propfind()).await.unwrap() })
            .await
            .unwrap();
        assert_eq!(client.transport().0.logins(), 2, "{shape:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_expiry_recovers_every_task() {
    let client = forms_client(Shape::Redirect302);
    client.run(&propfind()).await.unwrap();
    client.transport().0.expire();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let c = Arc::clone(&client);
        tasks.push(tokio::spawn(async move { c.run(&propfind()).await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let logins = client.transport().0.logins();
    assert!((2..=9).contains(&logins), "{logins}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_expiry_and_wrong_password_async() {
    let client = forms_client(Shape::Html200);
    client.transport().0.always_expired();
    let err = client.run(&propfind()).await.unwrap_err();
    assert!(
        matches!(err, ClientError::Auth(AuthError::SessionExpired { .. })),
        "{err:?}"
    );
    assert_eq!(client.transport().0.logins(), 2);

    let session = Session::new(base()).with_auth(FormsAuth::new(USER, Secret::new("bad")));
    let client = AsyncClient::new(Async(FakeExchange::new(Shape::Html200)), session);
    let err = client.run(&propfind()).await.unwrap_err();
    assert!(
        matches!(err, ClientError::Auth(AuthError::LoginFailed { .. })),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_challenge_async() {
    let script = Script::new()
        .then(|r| {
            assert!(!r.headers().contains_key("authorization"));
            response(401)
                .header("WWW-Authenticate", "Basic realm=\"x\"")
                .body(Vec::new())
                .unwrap()
        })
        .then(|r| {
            assert!(
                r.headers()["authorization"]
                    .to_str()
                    .unwrap()
                    .starts_with("Basic ")
            );
            multistatus()
        });
    let session =
        Session::new(base()).with_auth(Basic::on_challenge("jdoe", Secret::new(PASSWORD)));
    let client = Arc::new(AsyncClient::new(Async(script), session));
    let c = Arc::clone(&client);
    let ms = tokio::spawn(async move { c.run(&propfind()).await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ms.responses.len(), 1);
    assert_eq!(client.transport().0.seen().len(), 2);
}
