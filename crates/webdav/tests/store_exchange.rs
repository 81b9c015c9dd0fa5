//! The store's Exchange mode: PROPPATCH creates, SEARCH by subject, forms-based login and
//! the three shapes of an expired session.

use http::{Method, Request, Response, StatusCode};
use url::Url;
use webdav::ops::{Depth, Operation, PropFind, PropPatch, Search};
use webdav::path::{ResourcePath, escape_chars};
use webdav::prop::{PropName, Property};
use webdav::store::{ExpiryShape, MemoryStore};
use webdav::transport::Transport;

const PROPTAG: &str = "http://schemas.microsoft.com/mapi/proptag/";
const MAPI: &str = "http://schemas.microsoft.com/mapi/";

fn base() -> Url {
    Url::parse("http://exchange.invalid/").unwrap()
}

fn folder() -> ResourcePath {
    ResourcePath::from_segments([
        "public",
        "NON_IPM_SUBTREE",
        "SCHEDULE+ FREE BUSY",
        &escape_chars("EX:/o=Org/ou=First Administrative Group", &[('/', 0xF8FF)]),
    ])
    .unwrap()
    .as_collection()
}

fn subject(s: &str) -> Property {
    Property::text(PropName::new(MAPI, "subject"), s)
}

fn run<O: Operation>(store: &MemoryStore, op: &O) -> Result<O::Output, webdav::Error> {
    let resp = Transport::send(store, op.request(&base())?).unwrap();
    op.response(&base(), resp)
}

fn search_sql(folder_url: &str, subject: &str) -> String {
    format!(
        "SELECT \"DAV:href\", \"http://schemas.microsoft.com/mapi/subject\", \
         \"http://schemas.microsoft.com/mapi/proptag/x68470003\", \
         \"http://schemas.microsoft.com/mapi/proptag/x68480003\"\n\
         FROM SCOPE('SHALLOW TRAVERSAL OF \"{}\"')\n\
         WHERE \"http://schemas.microsoft.com/mapi/subject\" = '{}'",
        folder_url,
        subject.replace('\'', "''")
    )
}

#[test]
fn proppatch_on_a_missing_item_creates_it() {
    let store = MemoryStore::exchange();
    store.create_collection(&folder()).unwrap();
    let item = folder()
        .join("USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML")
        .unwrap();
    let prop = Property::typed(PropName::new(PROPTAG, "x68470003"), "int", "214016160");
    run(
        &store,
        &PropPatch::new(item.clone()).set(prop.clone()).translate_f(),
    )
    .unwrap();
    assert!(store.exists(&item));
    assert_eq!(store.get_props(&item), Some(vec![prop]));
    assert_eq!(store.get_body(&item), Some(Vec::new()));

    // The parent must exist.
    let orphan = folder().join("nowhere").unwrap().join("x.EML").unwrap();
    let op = PropPatch::new(orphan.clone()).set(subject("x"));
    let resp = Transport::send(&store, op.request(&base()).unwrap()).unwrap();
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert!(!store.exists(&orphan));

    // A failed PROPPATCH creates nothing.
    let other = folder().join("other.EML").unwrap();
    let op =
        PropPatch::new(other.clone()).set(Property::text(PropName::new("DAV:", "getetag"), "x"));
    assert!(run(&store, &op).is_err());
    assert!(!store.exists(&other));
}

#[test]
fn urls_match_case_insensitively() {
    let store = MemoryStore::exchange();
    store.create_collection(&folder()).unwrap();
    let item = folder()
        .join("USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML")
        .unwrap();
    run(&store, &PropPatch::new(item.clone()).set(subject("s"))).unwrap();
    let lower = item.to_ascii_lowercase();
    let ms = run(
        &store,
        &PropFind::props(lower, Depth::Zero, [PropName::new(MAPI, "subject")]),
    )
    .unwrap();
    // The href keeps the spelling the item was created with.
    assert_eq!(ms.responses[0].href, item);
}

#[test]
fn search_finds_by_subject_ignoring_case() {
    let store = MemoryStore::exchange();
    store.create_collection(&folder()).unwrap();
    // Outlook created this one, at another URL spelling and with an upper-case subject.
    let outlook = folder()
        .join("user-_xf8ff_cn=recipients_xf8ff_cn=jdoe-2.EML")
        .unwrap();
    let tag = PropName::new(PROPTAG, "x68470003");
    run(
        &store,
        &PropPatch::new(outlook.clone())
            .set(subject("USER-/CN=RECIPIENTS/CN=JDOE"))
            .set(Property::typed(tag.clone(), "int", "7")),
    )
    .unwrap();
    let other = folder()
        .join("USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=O'BRIEN.EML")
        .unwrap();
    run(
        &store,
        &PropPatch::new(other.clone()).set(subject("USER-/CN=RECIPIENTS/CN=O'BRIEN & <Co>")),
    )
    .unwrap();
    // Not in the folder itself: a subfolder's item is out of a shallow traversal.
    let sub = folder().join("sub").unwrap().as_collection();
    store.create_collection(&sub).unwrap();
    run(
        &store,
        &PropPatch::new(sub.join("x.EML").unwrap()).set(subject("USER-/CN=RECIPIENTS/CN=JDOE")),
    )
    .unwrap();

    let url = folder().to_url(&base());
    let ms = run(
        &store,
        &Search::new(
            folder(),
            search_sql(url.as_str(), "user-/cn=Recipients/cn=jdoe"),
        ),
    )
    .unwrap();
    assert_eq!(ms.responses.len(), 1);
    let r = &ms.responses[0];
    assert_eq!(r.href, outlook);
    assert_eq!(r.prop(&tag).map(|p| p.value()).as_deref(), Some("7"));
    assert_eq!(
        r.status_of(&PropName::new(PROPTAG, "x68480003")),
        Some(StatusCode::NOT_FOUND)
    );
    assert_eq!(r.status_of(&PropName::new("DAV:", "href")), None);

    // SQL '' escaping and XML escaping of the literal.
    let ms = run(
        &store,
        &Search::new(
            folder(),
            search_sql(&folder().encoded(), "user-/cn=recipients/cn=o'brien & <co>"),
        ),
    )
    .unwrap();
    assert_eq!(ms.responses.len(), 1);
    assert_eq!(ms.responses[0].href, other);

    // Nothing matches: an empty multistatus.
    let op = Search::new(
        folder(),
        search_sql(url.as_str(), "USER-/CN=RECIPIENTS/CN=NOBODY"),
    );
    let resp = Transport::send(&store, op.request(&base()).unwrap()).unwrap();
    assert_eq!(resp.status(), StatusCode::MULTI_STATUS);
    assert!(op.response(&base(), resp).unwrap().responses.is_empty());
}

#[test]
fn search_accepts_the_fixture_query_shape_and_rejects_bad_sql() {
    let store = MemoryStore::exchange();
    store.create_collection(&folder()).unwrap();
    run(
        &store,
        &PropPatch::new(folder().join("a.EML").unwrap()).set(subject("S")),
    )
    .unwrap();
    let fixture = std::fs::read_to_string("/work/shared/fixtures/exchange/search-request.xml")
        .unwrap_or_else(|_| {
            "<D:searchrequest xmlns:D=\"DAV:\"><D:sql>SELECT \"http://schemas.microsoft.com/mapi/subject\" \
             FROM \"{0}\" WHERE \"http://schemas.microsoft.com/mapi/subject\" = '{1}'</D:sql></D:searchrequest>"
                .to_string()
        });
    let body = fixture
        .replace("{0}", folder().to_url(&base()).as_str())
        .replace("{1}", "s");
    let send = |body: &str| {
        let req = Request::builder()
            .method("SEARCH")
            .uri(folder().to_url(&base()).as_str())
            .header("content-type", "text/xml")
            .body(body.as_bytes().to_vec())
            .unwrap();
        Transport::send(&store, req).unwrap()
    };
    let resp = send(&body);
    assert_eq!(resp.status(), StatusCode::MULTI_STATUS);
    let ms = webdav::Multistatus::parse(resp.body(), &base(), &Default::default(), "t").unwrap();
    assert_eq!(ms.responses.len(), 1);
    for bad in [
        "<D:searchrequest xmlns:D=\"DAV:\"><D:sql>SELECT FROM</D:sql></D:searchrequest>",
        "<D:searchrequest xmlns:D=\"DAV:\"/>",
        "<D:propfind xmlns:D=\"DAV:\"/>",
        "<D:searchrequest xmlns:D=\"DAV:\"><D:sql>SELECT \"DAV:href\" FROM SCOPE('SHALLOW TRAVERSAL OF \"/elsewhere/\"')</D:sql></D:searchrequest>",
    ] {
        let s = send(bad).status();
        assert!(
            s == StatusCode::BAD_REQUEST || s == StatusCode::NOT_FOUND,
            "{bad}: {s}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Forms-based login

const LOGIN: &str = "/exchweb/bin/auth/owaauth.dll";

fn forms_store() -> MemoryStore {
    let store = MemoryStore::builder()
        .forms_auth()
        .user("EXAMPLE\\jdoe", "pa&ss word+1")
        .build();
    store.create_collection(&folder()).unwrap();
    store
}

fn login(store: &MemoryStore, user: &str, password: &str) -> Response<Vec<u8>> {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let body = format!(
        "destination={}&username={}&password={}&flags=0&SubmitCreds=Log+On&trusted=0",
        enc("http://exchange.invalid/public/"),
        enc(user),
        enc(password)
    );
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("http://exchange.invalid{LOGIN}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.into_bytes())
        .unwrap();
    Transport::send(store, req).unwrap()
}

/// `name=value` of each Set-Cookie.
fn cookies(resp: &Response<Vec<u8>>) -> Vec<(String, String)> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| {
            let first = v.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = first.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn cookie_header(resp: &Response<Vec<u8>>) -> String {
    cookies(resp)
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn propfind(store: &MemoryStore, cookie: Option<&str>) -> Response<Vec<u8>> {
    let op = PropFind::props(
        folder(),
        Depth::Zero,
        [PropName::new("DAV:", "displayname")],
    );
    let mut req = op.request(&base()).unwrap();
    if let Some(c) = cookie {
        req.headers_mut().insert("cookie", c.parse().unwrap());
    }
    Transport::send(store, req).unwrap()
}

#[test]
fn a_login_issues_session_cookies_that_serve_many_requests() {
    let store = forms_store();
    assert_eq!(propfind(&store, None).status().as_u16(), 440);
    let resp = login(&store, "EXAMPLE\\jdoe", "pa&ss word+1");
    assert_eq!(resp.status(), StatusCode::FOUND);
    assert_eq!(
        resp.headers()["location"],
        "http://exchange.invalid/public/"
    );
    let names: Vec<String> = cookies(&resp).into_iter().map(|(k, _)| k).collect();
    assert_eq!(names, ["sessionid", "cadata"]);
    let cookie = cookie_header(&resp);
    for _ in 0..5 {
        assert_eq!(
            propfind(&store, Some(&cookie)).status(),
            StatusCode::MULTI_STATUS
        );
    }
    assert_eq!(store.login_count(), 1);
    // A forged cadata is no session.
    let forged = cookie.replace("cadata=", "cadata=X");
    assert_eq!(propfind(&store, Some(&forged)).status().as_u16(), 440);
}

#[test]
fn a_wrong_password_redirects_to_the_logon_page_without_cadata() {
    let store = forms_store();
    let resp = login(&store, "EXAMPLE\\jdoe", "wrong");
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("/exchweb/bin/auth/owalogon.asp?"),
        "{location}"
    );
    assert!(location.contains("reason=2"), "{location}");
    assert!(!cookies(&resp).iter().any(|(k, _)| k == "cadata"));
    assert_eq!(store.login_count(), 0);
    assert_eq!(store.login_attempts(), 1);
    // The logon page itself is served without a session.
    let req = Request::builder()
        .uri("http://exchange.invalid/exchweb/bin/auth/owalogon.asp?url=x&reason=2")
        .body(Vec::new())
        .unwrap();
    let page = Transport::send(&store, req).unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(String::from_utf8_lossy(page.body()).contains("owaauth.dll"));
}

#[test]
fn each_expiry_shape_then_one_new_login() {
    for shape in [
        ExpiryShape::LoginTimeout440,
        ExpiryShape::RedirectToLogon,
        ExpiryShape::HtmlLogonPage,
    ] {
        let store = forms_store();
        let cookie = cookie_header(&login(&store, "EXAMPLE\\jdoe", "pa&ss word+1"));
        assert_eq!(
            propfind(&store, Some(&cookie)).status(),
            StatusCode::MULTI_STATUS
        );
        store.expire_sessions(shape);
        let resp = propfind(&store, Some(&cookie));
        match shape {
            ExpiryShape::LoginTimeout440 => assert_eq!(resp.status().as_u16(), 440),
            ExpiryShape::RedirectToLogon => {
                assert_eq!(resp.status(), StatusCode::FOUND);
                let location = resp.headers()["location"].to_str().unwrap();
                assert!(
                    location.starts_with("/exchweb/bin/auth/owalogon.asp?url="),
                    "{location}"
                );
            }
            ExpiryShape::HtmlLogonPage => {
                assert_eq!(resp.status(), StatusCode::OK);
                assert!(
                    resp.headers()["content-type"]
                        .to_str()
                        .unwrap()
                        .starts_with("text/html")
                );
                // What a client sees: XML was expected.
                let op = PropFind::allprop(folder(), Depth::Zero);
                assert!(matches!(
                    op.response(&base(), resp),
                    Err(webdav::Error::UnexpectedContent { .. })
                ));
            }
        }
        let fresh = cookie_header(&login(&store, "EXAMPLE\\jdoe", "pa&ss word+1"));
        assert_ne!(fresh, cookie);
        assert_eq!(
            propfind(&store, Some(&fresh)).status(),
            StatusCode::MULTI_STATUS
        );
        assert_eq!(store.login_count(), 2, "{shape:?}");
    }
}

#[test]
fn the_login_path_is_configurable() {
    let store = MemoryStore::builder()
        .forms_auth()
        .login_path("/owa/auth/owaauth.dll")
        .user("u", "p")
        .build();
    let req = Request::builder()
        .method(Method::POST)
        .uri("http://h/owa/auth/owaauth.dll")
        .body(b"destination=%2F&username=u&password=p".to_vec())
        .unwrap();
    let resp = Transport::send(&store, req).unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    assert_eq!(store.login_count(), 1);
    assert_eq!(
        login(&store, "u", "p").status().as_u16(),
        440,
        "the 2003 path is not a login any more"
    );
}
