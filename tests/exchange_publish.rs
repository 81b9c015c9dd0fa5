//! Publishing Exchange free/busy messages to real WebDAV servers (issue 3, "Real server"):
//! publish a message for a user, PROPFIND it back, decode and compare, on the in-memory
//! store, WsgiDAV and Apache mod_dav (which drops the `dt` attribute, so decoding must go by
//! the tag); a read-modify-write keeps an unknown property; a second publish without
//! tentative events leaves no tentative pair behind. On the store's Exchange mode: SEARCH,
//! then update what it found, including a message created earlier at a differently-cased
//! URL.
//!
//! The real servers come from `scripts/dav-servers.sh start` (`FB_WSGIDAV_URL`,
//! `FB_APACHE_URL`, `FB_DAV_USER`, `FB_DAV_PASSWORD`). Without them the real-server tests
//! say on stderr that they skipped; under `CI=true` a missing server is a failure.

use std::io::Write;

use chrono::{DateTime, TimeZone, Utc};
use exchange_freebusy::address::{FREE_BUSY_ROOT, LegacyDn, MessageAddress};
use exchange_freebusy::message::{fetch_property_names, tag_name};
use exchange_freebusy::ops::{FetchMessage, FindMessage, Publish, PublishOutcome, Target};
use exchange_freebusy::{FoundMessage, FreeBusyMessage, Pair, PublishRange};
use freebusy_types::{Status, StatusInterval};
use http::StatusCode;
use webdav::ResourcePath;
use webdav::auth::{Basic, Secret};
use webdav::client::{Client, Session};
use webdav::ops::{Delete, Depth, MkCol, PropFind, PropPatch};
use webdav::prop::{PropName, Property};
use webdav::store::MemoryStore;
use webdav::transport::{Transport, TransportConfig, UreqTransport};

const DN: &str = "/o=Org/ou=First Administrative Group/cn=Recipients/cn=jdoe";

fn note(msg: &str) {
    // Written past the test harness's capture, so a skip is visible in every run.
    let _ = writeln!(std::io::stderr(), "exchange_publish: {msg}");
}

/// The URL and credentials of a real server from the environment, or `None` (skip) outside CI.
fn server(var: &str) -> Option<(url::Url, String, String)> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    match std::env::var(var) {
        Ok(u) => {
            let url = url::Url::parse(&u).unwrap_or_else(|e| panic!("{var}={u}: {e}"));
            let user = std::env::var("FB_DAV_USER").unwrap_or_else(|_| "tester".into());
            let pass = std::env::var("FB_DAV_PASSWORD").unwrap_or_else(|_| "s3cret".into());
            Some((url, user, pass))
        }
        Err(_) if ci => {
            panic!("{var} is not set under CI=true: run scripts/dav-servers.sh start first")
        }
        Err(_) => {
            note(&format!(
                "SKIPPED: {var} not set (run `scripts/dav-servers.sh start && . .dav/env`)"
            ));
            None
        }
    }
}

fn client<T: Transport>(t: T, base: &url::Url, user: &str, pass: &str) -> Client<T> {
    Client::new(
        t,
        Session::new(base.clone()).with_auth(Basic::preemptive(user, Secret::new(pass))),
    )
}

fn ureq_client(base: &url::Url, user: &str, pass: &str) -> Client<UreqTransport> {
    let t = UreqTransport::new(TransportConfig {
        connect_timeout: std::time::Duration::from_secs(5),
        timeout: std::time::Duration::from_secs(30),
        ..TransportConfig::default()
    })
    .unwrap();
    client(t, base, user, pass)
}

fn store(base: &url::Url, exchange: bool) -> Client<MemoryStore> {
    let s = MemoryStore::builder()
        .mount(ResourcePath::from_url(base).unwrap().as_collection())
        .exchange(exchange)
        .user("tester", "s3cret")
        .build();
    client(s, base, "tester", "s3cret")
}

fn at(mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2008, mo, d, h, mi, 0)
        .single()
        .unwrap()
}

fn iv(status: Status, start: DateTime<Utc>, end: DateTime<Utc>) -> StatusInterval {
    StatusInterval::new(status, start, end).unwrap()
}

fn range() -> PublishRange {
    PublishRange::covering(at(1, 1, 0, 0), at(4, 1, 0, 0)).unwrap()
}

/// Busy, tentative and an out-of-office stretch across the January/February boundary.
fn first_intervals() -> Vec<StatusInterval> {
    vec![
        iv(Status::Busy, at(1, 2, 17, 30), at(1, 2, 18, 0)),
        iv(Status::Tentative, at(1, 15, 9, 0), at(1, 15, 10, 15)),
        iv(Status::OutOfOffice, at(1, 31, 12, 0), at(2, 1, 12, 0)),
        iv(Status::Busy, at(3, 3, 8, 0), at(3, 3, 9, 0)),
    ]
}

/// The second publish: no tentative event at all.
fn second_intervals() -> Vec<StatusInterval> {
    vec![
        iv(Status::Busy, at(2, 29, 23, 0), at(3, 1, 1, 0)),
        iv(Status::OutOfOffice, at(3, 10, 0, 0), at(3, 12, 0, 0)),
    ]
}

/// A property free/busy does not know (PidTagMessageLocaleId), kept across a publish.
fn unknown() -> Property {
    Property::typed(
        PropName::new("http://schemas.microsoft.com/mapi/proptag/", "x3ff10003"),
        "int",
        "1033",
    )
}

/// The months with events of a pair (a pair absent and a pair without events are alike).
fn months(m: &FreeBusyMessage, pair: Pair) -> Vec<exchange_freebusy::blocks::MonthBlocks> {
    m.pair(pair)
        .unwrap_or_default()
        .iter()
        .filter(|b| !b.is_empty())
        .cloned()
        .collect()
}

/// The decoded message carries what was published (`searched`: a SEARCH answer, which
/// selects neither the e-mail address nor the message class).
fn assert_same(who: &str, got: &FreeBusyMessage, want: &FreeBusyMessage, searched: bool) {
    assert_eq!(got.subject, want.subject, "{who}: subject");
    if !searched {
        assert_eq!(got.email, want.email, "{who}: e-mail address");
        assert_eq!(
            got.message_class, want.message_class,
            "{who}: message class"
        );
    }
    assert_eq!(got.range, want.range, "{who}: range");
    assert_eq!(
        got.last_modified, want.last_modified,
        "{who}: last modified"
    );
    for pair in Pair::ALL {
        assert_eq!(months(got, pair), months(want, pair), "{who}: {pair:?}");
    }
    assert_eq!(got.timeline(), want.timeline(), "{who}: timeline");
}

fn fetch<T: Transport>(c: &Client<T>, who: &str, item: &ResourcePath) -> FoundMessage {
    c.run(&FetchMessage::new(item.clone()))
        .unwrap()
        .unwrap_or_else(|e| panic!("{who}: decode: {e}"))
        .unwrap_or_else(|| panic!("{who}: no message at {item}"))
}

/// Publishes at `target`, creating the item (empty PUT) when the server answers 404.
fn publish<T: Transport>(c: &Client<T>, who: &str, target: &Target, m: &FreeBusyMessage) {
    let op = Publish::new(target, m).create_on_missing();
    match c.run(&op).unwrap() {
        PublishOutcome::Published(_) => {}
        PublishOutcome::Missing => {
            assert!(
                matches!(target, Target::New(_)),
                "{who}: existing item missing"
            );
            assert_eq!(
                c.run(&op.create()).unwrap(),
                StatusCode::CREATED,
                "{who}: PUT"
            );
            assert!(
                matches!(c.run(&op).unwrap(), PublishOutcome::Published(_)),
                "{who}: publish after PUT"
            );
        }
    }
}

/// Creates the public-folder tree for `address` under `<root>/<run>/`.
fn make_folders<T: Transport>(c: &Client<T>, who: &str, top: &ResourcePath, a: &MessageAddress) {
    let mut dirs = vec![top.clone()];
    for s in FREE_BUSY_ROOT {
        let next = dirs.last().unwrap().join(s).unwrap().as_collection();
        dirs.push(next);
    }
    dirs.push(a.folder().clone());
    for d in dirs {
        assert_eq!(
            c.run(&MkCol::new(d.clone())).unwrap(),
            StatusCode::CREATED,
            "{who}: MKCOL {d}"
        );
    }
}

/// Publish, read back, read-modify-write, second publish; `run` is a folder of its own.
/// `keeps_dt`: whether the server keeps the property element's `dt` attribute (Apache drops
/// it, and the message must decode all the same).
fn publish_round_trip<T: Transport>(
    c: &Client<T>,
    who: &str,
    base: &url::Url,
    run: &str,
    keeps_dt: bool,
) {
    let root = ResourcePath::from_url(base).unwrap().as_collection();
    let top = root.join(run).unwrap().as_collection();
    let _ = c.run(&Delete::new(top.clone()));
    let dn = LegacyDn::parse(DN).unwrap();
    let address = MessageAddress::new(&top.to_url(base), &dn).unwrap();
    let item = address.item().clone();
    assert!(item.starts_with(&top), "{who}: {item} under {top}");
    make_folders(c, who, &top, &address);

    // Publish and read back.
    let first =
        FreeBusyMessage::publish(&dn, range(), at(1, 1, 12, 0), &first_intervals()).unwrap();
    publish(c, who, &Target::New(item.clone()), &first);
    let found = fetch(c, who, &item);
    assert!(
        found.href.same_resource(&item),
        "{who}: href {}",
        found.href
    );
    assert_eq!(found.dn(), Some(dn.clone()), "{who}: DN");
    assert_same(who, &found.message, &first, false);
    assert_eq!(
        found.message.timeline(),
        first_intervals(),
        "{who}: intervals"
    );
    assert!(
        found.message.tentative.is_some(),
        "{who}: tentative pair written"
    );

    // Someone else's property on the message.
    let out = c
        .run(&PropPatch::new(item.clone()).translate_f().set(unknown()))
        .unwrap();
    assert!(out.statuses.iter().all(|(_, s)| s.is_success()), "{who}");

    // Read-modify-write: read the free/busy properties and the unknown one, replace the
    // intervals (no tentative event now), publish as an update.
    let mut names = fetch_property_names();
    names.push(unknown().name().clone());
    let ms = c
        .run(&PropFind::props(item.clone(), Depth::Zero, names.clone()).translate_f())
        .unwrap();
    let mut read = FreeBusyMessage::from_response(&ms.responses[0])
        .unwrap()
        .message;
    assert!(
        read.other.iter().any(|p| p.name() == unknown().name()),
        "{who}: unknown property read into `other`: {:?}",
        read.other
    );
    read.set_intervals(range(), &second_intervals()).unwrap();
    read.last_modified = Some(at(2, 1, 8, 0));
    publish(c, who, &Target::Existing(item.clone()), &read);

    let found = fetch(c, who, &item);
    assert_same(who, &found.message, &read, false);
    assert_eq!(
        found.message.timeline(),
        second_intervals(),
        "{who}: intervals after update"
    );
    assert_eq!(
        found.message.tentative, None,
        "{who}: tentative pair left behind"
    );
    let ms = c
        .run(&PropFind::props(item.clone(), Depth::Zero, names).translate_f())
        .unwrap();
    let r = &ms.responses[0];
    let busy_months = r.prop(&tag_name(Pair::Busy.months_tag())).unwrap();
    assert_eq!(
        busy_months.dt().is_some(),
        keeps_dt,
        "{who}: {busy_months:?}"
    );
    for t in [Pair::Tentative.months_tag(), Pair::Tentative.events_tag()] {
        assert_eq!(
            r.status_of(&tag_name(t)),
            Some(StatusCode::NOT_FOUND),
            "{who}: {t:08x} removed"
        );
    }
    let kept = r
        .prop(unknown().name())
        .unwrap_or_else(|| panic!("{who}: unknown property lost"));
    assert!(kept.eq_ignoring_dt(&unknown()), "{who}: {kept:?}");

    c.run(&Delete::new(top)).unwrap();
    note(&format!("published and read back on {who} ({base})"));
}

#[test]
fn publish_memory_store() {
    let base = url::Url::parse("http://store.invalid/exchange/").unwrap();
    publish_round_trip(
        &store(&base, false),
        "in-memory store",
        &base,
        "publish-store",
        true,
    );
}

#[test]
fn publish_memory_store_exchange_mode() {
    let base = url::Url::parse("http://store.invalid/exchange/").unwrap();
    let c = store(&base, true);
    publish_round_trip(
        &c,
        "in-memory store (Exchange mode)",
        &base,
        "publish-exchange",
        true,
    );
}

#[test]
fn publish_wsgidav() {
    let Some((base, user, pass)) = server("FB_WSGIDAV_URL") else {
        return;
    };
    let c = ureq_client(&base, &user, &pass);
    publish_round_trip(&c, "WsgiDAV", &base, "exchange-publish-wsgidav", true);
}

#[test]
fn publish_apache() {
    let Some((base, user, pass)) = server("FB_APACHE_URL") else {
        return;
    };
    let c = ureq_client(&base, &user, &pass);
    publish_round_trip(
        &c,
        "Apache mod_dav",
        &base,
        "exchange-publish-apache",
        false,
    );
}

#[test]
fn search_then_update_on_exchange_mode() {
    let who = "in-memory store (Exchange mode)";
    let base = url::Url::parse("http://store.invalid/exchange/").unwrap();
    let c = store(&base, true);
    let dn = LegacyDn::parse(DN).unwrap();
    let address = MessageAddress::new(&base, &dn).unwrap();
    let top = ResourcePath::from_url(&base)
        .unwrap()
        .as_collection()
        .join(FREE_BUSY_ROOT[0])
        .unwrap()
        .as_collection();
    let root = ResourcePath::from_url(&base).unwrap().as_collection();
    let mut dirs = vec![top];
    for s in &FREE_BUSY_ROOT[1..] {
        let next = dirs.last().unwrap().join(s).unwrap().as_collection();
        dirs.push(next);
    }
    dirs.push(address.folder().clone());
    for d in dirs {
        assert!(d.starts_with(&root));
        assert_eq!(c.run(&MkCol::new(d.clone())).unwrap(), StatusCode::CREATED);
    }

    // Nothing yet: SEARCH finds nothing, the target is the computed URL; Exchange creates
    // the item on PROPPATCH.
    let find = FindMessage::new(&base, &address);
    let hits = c.run(&find).unwrap();
    assert_eq!(hits.hrefs().count(), 0, "{who}");
    let target = Target::choose(&address, &hits);
    assert_eq!(target, Target::New(address.item().clone()));
    let first =
        FreeBusyMessage::publish(&dn, range(), at(1, 1, 12, 0), &first_intervals()).unwrap();
    assert!(matches!(
        c.run(&Publish::new(&target, &first)).unwrap(),
        PublishOutcome::Published(_)
    ));
    let hits = c.run(&find).unwrap();
    let target = Target::choose(&address, &hits);
    assert_eq!(target, Target::Existing(address.item().clone()), "{who}");
    let found = hits.messages().unwrap();
    assert_eq!(found.len(), 1, "{who}");
    assert_same(who, &found[0].message, &first, true);
    c.run(&Delete::new(address.item().clone())).unwrap();

    // A message created earlier (by Outlook, say) at a differently cased URL, with an
    // upper-case subject: SEARCH finds it, the update goes there.
    let lower = address
        .folder()
        .join(&address.item().last().unwrap().to_ascii_lowercase())
        .unwrap();
    assert_ne!(lower.encoded(), address.item().encoded());
    let mut outlook = first.clone();
    outlook.subject = Some(dn.subject().to_ascii_uppercase());
    assert!(matches!(
        c.run(&Publish::new(&Target::New(lower.clone()), &outlook))
            .unwrap(),
        PublishOutcome::Published(_)
    ));
    let hits = c.run(&find).unwrap();
    let target = Target::choose(&address, &hits);
    match &target {
        Target::Existing(p) => assert_eq!(
            p.encoded(),
            lower.encoded(),
            "{who}: the update goes to the URL the message was created at"
        ),
        other => panic!("{who}: expected the existing message, got {other:?}"),
    }
    let second =
        FreeBusyMessage::publish(&dn, range(), at(2, 1, 8, 0), &second_intervals()).unwrap();
    let out = c.run(&Publish::new(&target, &second)).unwrap();
    assert!(matches!(out, PublishOutcome::Published(_)), "{who}");

    // Still one message, at the old URL, with the new data and no tentative pair.
    let hits = c.run(&find).unwrap();
    let found = hits.messages().unwrap();
    assert_eq!(
        found.len(),
        1,
        "{who}: {:?}",
        hits.hrefs().collect::<Vec<_>>()
    );
    assert_eq!(found[0].href.encoded(), lower.encoded(), "{who}");
    assert_eq!(found[0].message.timeline(), second_intervals(), "{who}");
    assert_eq!(found[0].message.tentative, None, "{who}");
    let fetched = fetch(&c, who, &lower);
    assert_same(who, &fetched.message, &second, false);
    let listing = c
        .run(&PropFind::allprop(address.folder().clone(), Depth::One))
        .unwrap();
    assert_eq!(listing.responses.len(), 2, "{who}: folder and one message");
}
