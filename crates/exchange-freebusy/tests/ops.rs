//! The WebDAV request values: fetch, search-then-update, publish, create on 404.

use exchange_freebusy::FreeBusyMessage;
use exchange_freebusy::address::{LegacyDn, MessageAddress};
use exchange_freebusy::ops::{
    FetchMessage, FindMessage, Publish, PublishOutcome, SearchHits, Target, search_sql,
};
use url::Url;
use webdav::{Multistatus, Operation};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../../shared/fixtures/exchange/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

fn base() -> Url {
    Url::parse("http://localhost/").unwrap()
}

fn phoney() -> (LegacyDn, MessageAddress) {
    let dn =
        LegacyDn::parse("/o=GooLab/ou=First Administrative Group/cn=Recipients/cn=phoney").unwrap();
    let address = MessageAddress::new(&base(), &dn).unwrap();
    (dn, address)
}

fn resp(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("Content-Type", "text/xml")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn computed_url_is_the_captured_href() {
    let (_, address) = phoney();
    let ms = fixture("public-folder-propfind-207.xml");
    assert!(ms.contains(&format!("<a:href>{}</a:href>", address.url(&base()))));
}

#[test]
fn fetch_one_message() {
    let (_, address) = phoney();
    let op = FetchMessage::new(address.item().clone());
    let req = op.request(&base()).unwrap();
    assert_eq!(req.method().as_str(), "PROPFIND");
    assert_eq!(req.headers()["Depth"], "0");
    assert_eq!(req.headers()["Translate"], "f");
    assert_eq!(req.uri().to_string(), address.url(&base()).to_string());
    let body = String::from_utf8(req.body().clone()).unwrap();
    for name in [
        "x68501102",
        "x684f1003",
        "x68470003",
        "x68480003",
        "x68680040",
        "x6849001f",
        "d:subject",
    ] {
        assert!(body.contains(name), "{name} missing from {body}");
    }
    let found = op
        .response(
            &base(),
            resp(207, &fixture("public-folder-propfind-207.xml")),
        )
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(found.href, *address.item());
    assert_eq!(found.message.timeline().len(), 13);
    assert!(
        op.response(&base(), resp(404, ""))
            .unwrap()
            .unwrap()
            .is_none()
    );
    assert!(op.response(&base(), resp(500, "boom")).is_err());
}

#[test]
fn search_request_is_gcc_load_free_busy() {
    let (dn, address) = phoney();
    let folder_url = address.folder_url(&base());
    let expected_sql = fixture("search-request.xml");
    let start = expected_sql.find("SELECT").unwrap();
    let end = expected_sql.find("</D:sql>").unwrap();
    let expected = squash(
        &expected_sql[start..end]
            .replace("{0}", folder_url.as_str())
            .replace("{1}", &dn.subject())
            .replace(",\n", ", "),
    );
    assert_eq!(squash(&search_sql(&folder_url, &dn.subject())), expected);

    let op = FindMessage::new(&base(), &address);
    let req = op.request(&base()).unwrap();
    assert_eq!(req.method().as_str(), "SEARCH");
    assert_eq!(req.uri().to_string(), folder_url.to_string());
    let body = String::from_utf8(req.body().clone()).unwrap();
    assert!(body.starts_with(r#"<?xml version="1.0" encoding="utf-8"?><D:searchrequest xmlns:D="DAV:"><D:sql>SELECT "#), "{body}");
    // A quote in the subject is doubled.
    assert!(search_sql(&folder_url, "USER-/CN=O'NEIL").ends_with("= 'USER-/CN=O''NEIL'"));
}

#[test]
fn search_then_update_the_href_found() {
    let (dn, address) = phoney();
    let op = FindMessage::new(&base(), &address);
    // The capture's message sits at a differently cased URL than computed (cn=phoney vs
    // a computed cn=PHONEY, say): update it there.
    let upper =
        LegacyDn::parse("/o=GooLab/ou=First Administrative Group/cn=RECIPIENTS/cn=PHONEY").unwrap();
    let upper_address = MessageAddress::new(&base(), &upper).unwrap();
    let hits = op
        .response(
            &base(),
            resp(207, &fixture("public-folder-propfind-207.xml")),
        )
        .unwrap();
    assert_eq!(hits.messages().unwrap().len(), 1);
    let target = Target::choose(&upper_address, &hits);
    assert_eq!(target, Target::Existing(address.item().clone()));
    assert_ne!(upper_address.item(), address.item());
    let publish = Publish::new(&target, &FreeBusyMessage::new(&dn));
    let req = publish.request(&base()).unwrap();
    assert_eq!(req.uri().to_string(), address.url(&base()).to_string());
    assert_eq!(req.headers()["Brief"], "t");
    assert_eq!(req.headers()["Translate"], "f");

    // An Outlook duplicate (-2.EML) next to the computed one: the computed one wins.
    let ms = fixture("public-folder-propfind-207.xml");
    let dup = ms.replace("phoney.EML", "phoney-2.EML");
    let i = ms.find("<a:response>").unwrap();
    let j = ms.find("</a:multistatus>").unwrap();
    let jd = dup.find("</a:multistatus>").unwrap();
    let both = format!("{}{}{}", &dup[..jd], &ms[i..j], "</a:multistatus>");
    let parsed = Multistatus::parse(both.as_bytes(), &base(), &Default::default(), "t").unwrap();
    assert_eq!(parsed.responses.len(), 2);
    let hits = SearchHits {
        multistatus: Some(parsed),
    };
    assert_eq!(
        Target::choose(&address, &hits),
        Target::Existing(address.item().clone())
    );

    // Nothing found: create at the computed URL, without Brief.
    let empty = op
        .response(&base(), resp(207, r#"<D:multistatus xmlns:D="DAV:"/>"#))
        .unwrap();
    let target = Target::choose(&address, &empty);
    assert_eq!(target, Target::New(address.item().clone()));
    let req = Publish::new(&target, &FreeBusyMessage::new(&dn))
        .request(&base())
        .unwrap();
    assert!(req.headers().get("Brief").is_none());

    // A hit with another subject is not ours.
    let other = fixture("public-folder-propfind-207.xml")
        .replace("CN=PHONEY</d:subject>", "CN=SOMEONE</d:subject>");
    let hits = op.response(&base(), resp(207, &other)).unwrap();
    assert_eq!(
        Target::choose(&address, &hits),
        Target::New(address.item().clone())
    );
}

#[test]
fn publish_outcomes() {
    let (dn, address) = phoney();
    let target = Target::New(address.item().clone());
    let msg = FreeBusyMessage::new(&dn);
    let ok = r#"<a:multistatus xmlns:a="DAV:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/"><a:response><a:href>/x</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop><e:x68470003/></a:prop></a:propstat></a:response></a:multistatus>"#;
    assert!(matches!(
        Publish::new(&target, &msg)
            .response(&base(), resp(207, ok))
            .unwrap(),
        PublishOutcome::Published(_)
    ));
    // A per-property failure inside the 207 is a failure, never success.
    let partial = ok.replace("200 OK", "403 Forbidden");
    assert!(matches!(
        Publish::new(&target, &msg).response(&base(), resp(207, &partial)),
        Err(webdav::Error::PartialFailure { .. })
    ));
    // 404: an error on Exchange; "create it" for other servers when asked.
    assert!(matches!(
        Publish::new(&target, &msg).response(&base(), resp(404, "")),
        Err(webdav::Error::UnexpectedStatus { .. })
    ));
    let p = Publish::new(&target, &msg).create_on_missing();
    assert_eq!(
        p.response(&base(), resp(404, "")).unwrap(),
        PublishOutcome::Missing
    );
    let put = p.create().request(&base()).unwrap();
    assert_eq!(put.method(), http::Method::PUT);
    assert_eq!(put.uri().to_string(), address.url(&base()).to_string());
    assert!(put.body().is_empty());
}
