//! The free/busy message against the real Exchange capture and crafted variants of it.

use chrono::{DateTime, TimeZone, Utc};
use exchange_freebusy::address::{LegacyDn, MessageAddress};
use exchange_freebusy::blocks::Block;
use exchange_freebusy::message::{PROPTAG_NS, tag_name};
use exchange_freebusy::time::{Month, SysTime};
use exchange_freebusy::{BlockError, DnProblem, Error, FreeBusyMessage, Pair, PublishRange};
use freebusy_types::{Interval, Status, StatusInterval};
use url::Url;
use webdav::ops::PatchOp;
use webdav::prop::PropName;

fn capture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/exchange/public-folder-propfind-207.xml"
    );
    std::fs::read_to_string(path).unwrap()
}

fn base() -> Url {
    Url::parse("http://localhost/").unwrap()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn busy(a: DateTime<Utc>, b: DateTime<Utc>) -> StatusInterval {
    StatusInterval::new(Status::Busy, a, b).unwrap()
}

fn decode_one(body: &str) -> Result<FreeBusyMessage, Error> {
    let mut found = FreeBusyMessage::decode_multistatus(body.as_bytes(), &base())?;
    assert_eq!(found.len(), 1);
    Ok(found.remove(0).message)
}

/// The capture's December 2007 busy blocks, worked out from its base64.
fn december() -> Vec<StatusInterval> {
    [
        ((11, 20, 30), (11, 21, 0)),
        ((11, 22, 30), (11, 23, 0)),
        ((12, 17, 30), (12, 18, 0)),
        ((13, 19, 30), (13, 20, 0)),
        ((16, 19, 0), (16, 19, 30)),
        ((18, 19, 30), (18, 20, 0)),
        ((18, 22, 30), (19, 0, 30)),
        ((26, 18, 0), (26, 18, 30)),
        ((26, 20, 30), (26, 21, 0)),
        ((31, 17, 30), (31, 18, 0)),
        ((31, 21, 0), (31, 21, 30)),
    ]
    .into_iter()
    .map(|((d1, h1, m1), (d2, h2, m2))| busy(utc(2007, 12, d1, h1, m1), utc(2007, 12, d2, h2, m2)))
    .collect()
}

#[test]
fn real_capture_decodes_to_the_worked_values() {
    let found = FreeBusyMessage::decode_multistatus(capture().as_bytes(), &base()).unwrap();
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(
        f.raw_href,
        "http://localhost/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=GooLab_xF8FF_ou=First%20Administrative%20Group/USER-_xF8FF_cn=Recipients_xF8FF_cn=phoney.EML"
    );
    let m = &f.message;
    assert_eq!(m.subject.as_deref(), Some("USER-/CN=RECIPIENTS/CN=PHONEY"));
    assert_eq!(m.email, None);
    let range = m.range.unwrap();
    assert_eq!(range.start().minutes(), 214_016_160);
    assert_eq!(range.end().minutes(), 214_147_200);
    assert_eq!(range.start().to_datetime(), utc(2007, 12, 1, 8, 0));
    assert_eq!(range.end().to_datetime(), utc(2008, 3, 1, 8, 0));
    assert_eq!(
        m.last_modified,
        Some(utc(2007, 12, 30, 5, 19) + chrono::TimeDelta::milliseconds(7423))
    );

    let busy_pair = m.busy.as_ref().unwrap();
    let months: Vec<i32> = busy_pair.iter().map(|mb| mb.month().value()).collect();
    assert_eq!(months, [32124, 32129, 32130]);
    assert_eq!(
        busy_pair[1].blocks(),
        [
            Block::new(2490, 2520).unwrap(),
            Block::new(2700, 2880).unwrap()
        ]
    );
    assert_eq!(busy_pair[0].blocks().len(), 11);
    assert!(busy_pair[2].is_empty());
    assert_eq!(m.merged, m.busy);
    for pair in [Pair::Tentative, Pair::OutOfOffice] {
        let p = m.pair(pair).unwrap();
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|mb| mb.is_empty()));
    }
    assert!(m.other.is_empty());

    let january = vec![
        busy(utc(2008, 1, 2, 17, 30), utc(2008, 1, 2, 18, 0)),
        busy(utc(2008, 1, 2, 21, 0), utc(2008, 1, 3, 0, 0)),
    ];
    let mut expected = december();
    expected.extend(january);
    assert_eq!(m.timeline(), expected);
    let busy_only: Vec<Interval> = expected.iter().map(|s| s.interval).collect();
    assert_eq!(m.pair_intervals(Pair::Busy), busy_only);
    assert_eq!(m.pair_intervals(Pair::Merged), busy_only);
    assert!(m.pair_intervals(Pair::Tentative).is_empty());

    assert_eq!(
        f.dn().unwrap().as_str(),
        "/o=GooLab/ou=First Administrative Group/cn=Recipients/cn=phoney"
    );
}

#[test]
fn decodes_without_dt_and_with_upper_case_tags() {
    let reference = decode_one(&capture()).unwrap();
    let no_dt = regex_lite_remove_dt(&capture());
    assert!(!no_dt.contains("b:dt"));
    assert_eq!(decode_one(&no_dt).unwrap(), reference);
    let upper = capture()
        .replace("e:x6", "e:X6")
        .replace("X684f1003", "X684F1003");
    assert!(upper.contains("e:X684F1003"));
    assert_eq!(decode_one(&upper).unwrap(), reference);
}

fn regex_lite_remove_dt(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(" b:dt=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 7..];
        let close = after.find('"').unwrap();
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn search_answer_with_several_messages() {
    let one = capture();
    let response_start = one.find("<a:response>").unwrap();
    let response_end = one.find("</a:multistatus>").unwrap();
    let response = &one[response_start..response_end];
    let second = response
        .replace("cn=phoney.EML", "cn=other.EML")
        .replace("CN=PHONEY", "CN=OTHER");
    let two = format!("{}{}{}", &one[..response_end], second, &one[response_end..]);
    let found = FreeBusyMessage::decode_multistatus(two.as_bytes(), &base()).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(
        found[1].message.subject.as_deref(),
        Some("USER-/CN=RECIPIENTS/CN=OTHER")
    );
    assert_eq!(found[0].message.timeline(), found[1].message.timeline());
    // An empty SEARCH answer is no message.
    let empty = r#"<a:multistatus xmlns:a="DAV:"/>"#;
    assert!(
        FreeBusyMessage::decode_multistatus(empty.as_bytes(), &base())
            .unwrap()
            .is_empty()
    );
}

fn props_doc(props: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><a:multistatus xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:d="http://schemas.microsoft.com/mapi/" xmlns:c="xml:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:a="DAV:"><a:response><a:href>/public/x.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop>{props}</a:prop></a:propstat><a:propstat><a:status>HTTP/1.1 404 Not Found</a:status><a:prop><e:x68511003/><e:x68521102/></a:prop></a:propstat></a:response></a:multistatus>"#
    )
}

#[test]
fn missing_pairs_merged_fallback_and_zimbra_hex_range() {
    // Only the merged pair: read as busy. Zimbra-style hex range. 404 propstats ignored.
    let m = decode_one(&props_doc(
        r#"<e:x68470003>0xCC246A0</e:x68470003><e:x68480003>214147200</e:x68480003>
           <e:x684f1003><c:v>32129</c:v></e:x684f1003><e:x68501102><c:v>ugnYCYwKQAs=</c:v></e:x68501102>"#,
    ))
    .unwrap();
    assert_eq!(m.range.unwrap().start().minutes(), 0xCC2_46A0);
    assert_eq!(m.tentative, None);
    assert_eq!(m.busy, None);
    assert_eq!(m.timeline().len(), 2);
    assert!(m.timeline().iter().all(|s| s.status == Status::Busy));
    // Per-status pairs present (even empty): merged is not read.
    let m = decode_one(&props_doc(
        r#"<e:x684f1003><c:v>32129</c:v></e:x684f1003><e:x68501102><c:v>ugnYCYwKQAs=</c:v></e:x68501102>
           <e:x68551003><c:v>32129</c:v></e:x68551003><e:x68561102><c:v>vAf4Bw==</c:v></e:x68561102>"#,
    ))
    .unwrap();
    assert_eq!(
        m.timeline(),
        [StatusInterval::new(
            Status::OutOfOffice,
            utc(2008, 1, 2, 9, 0),
            utc(2008, 1, 2, 10, 0)
        )
        .unwrap()]
    );
    // No range: nothing clipped; months without an events property have no events.
    let m = decode_one(&props_doc(r#"<e:x68531003><c:v>32129</c:v></e:x68531003>"#)).unwrap();
    assert_eq!(m.busy.as_ref().unwrap().len(), 1);
    assert!(m.timeline().is_empty());
    // Events with only empty values and no months: an empty pair.
    let m = decode_one(&props_doc(
        r#"<e:x68541102><c:v/><c:v> </c:v></e:x68541102>"#,
    ))
    .unwrap();
    assert_eq!(m.busy, Some(vec![]));
}

#[test]
fn overlapping_statuses_busiest_wins_and_range_clips() {
    // Tentative 09:00-11:00, busy 10:00-12:00 on 2008-01-02; range ends at 11:30.
    let start = SysTime::from_datetime(utc(2008, 1, 1, 0, 0))
        .unwrap()
        .minutes();
    let end = SysTime::from_datetime(utc(2008, 1, 2, 11, 30))
        .unwrap()
        .minutes();
    let body = props_doc(&format!(
        r#"<e:x68470003>{start}</e:x68470003><e:x68480003>{end}</e:x68480003>
           <e:x68511003><c:v>32129</c:v></e:x68511003><e:x68521102><c:v>{}</c:v></e:x68521102>
           <e:x68531003><c:v>32129</c:v></e:x68531003><e:x68541102><c:v>{}</c:v></e:x68541102>"#,
        b64(&[(1980, 2100)]),
        b64(&[(2040, 2160)])
    ));
    let m = decode_one(&body).unwrap();
    assert_eq!(
        m.timeline(),
        [
            StatusInterval::new(
                Status::Tentative,
                utc(2008, 1, 2, 9, 0),
                utc(2008, 1, 2, 10, 0)
            )
            .unwrap(),
            busy(utc(2008, 1, 2, 10, 0), utc(2008, 1, 2, 11, 30)),
        ]
    );
}

fn b64(blocks: &[(u16, u16)]) -> String {
    use base64::Engine as _;
    let bytes: Vec<u8> = blocks
        .iter()
        .flat_map(|(s, e)| [s.to_le_bytes(), e.to_le_bytes()].concat())
        .collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn decode_err(props: &str) -> Error {
    match FreeBusyMessage::decode_multistatus(props_doc(props).as_bytes(), &base()) {
        Err(Error::Message { href, source }) => {
            assert_eq!(href, "/public/x.EML");
            *source
        }
        other => panic!("expected an error naming the message, got {other:?}"),
    }
}

#[test]
fn bad_input_is_a_specific_error() {
    // Odd-length blob (3 bytes).
    let e = decode_err(
        r#"<e:x68531003><c:v>32129</c:v></e:x68531003><e:x68541102><c:v>AQID</c:v></e:x68541102>"#,
    );
    assert!(
        matches!(&e, Error::Property { property, source } if property == "x68541102"
            && matches!(**source, Error::Blob { source: BlockError::Length { len: 3 }, .. })),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "x68541102: events of 2008-01 (32129): blob length 3 is not a multiple of 4 bytes"
    );
    // Invalid base64.
    let e = decode_err(
        r#"<e:x68531003><c:v>32129</c:v></e:x68531003><e:x68541102><c:v>ug!!</c:v></e:x68541102>"#,
    );
    assert!(
        matches!(&e, Error::Property { source, .. } if matches!(**source, Error::Base64 { index: 0, .. })),
        "{e:?}"
    );
    // Month 13.
    let e = decode_err(
        r#"<e:x68531003><c:v>32125</c:v></e:x68531003><e:x68541102><c:v/></e:x68541102>"#,
    );
    assert!(
        matches!(&e, Error::Property { property, source } if property == "x68531003"
            && matches!(**source, Error::InvalidMonthValue { value: 32125 })),
        "{e:?}"
    );
    // A month value that is not a number.
    let e = decode_err(r#"<e:x68531003><c:v>jan</c:v></e:x68531003>"#);
    assert!(
        matches!(&e, Error::InvalidInt { property, value } if property == "x68531003" && value == "jan"),
        "{e:?}"
    );
    // Block past L (44641 in January).
    let e = decode_err(&format!(
        r#"<e:x68531003><c:v>32129</c:v></e:x68531003><e:x68541102><c:v>{}</c:v></e:x68541102>"#,
        b64(&[(44000, 44641)])
    ));
    assert!(
        matches!(&e, Error::Property { source, .. }
            if matches!(**source, Error::Blob { source: BlockError::PastMonthEnd { end: 44641, limit: 44640, .. }, .. })),
        "{e:?}"
    );
    // Zimbra's u16 wraparound: an unsplit 10000-minute event from minute 60000.
    let e = decode_err(&format!(
        r#"<e:x68531003><c:v>32129</c:v></e:x68531003><e:x68541102><c:v>{}</c:v></e:x68541102>"#,
        b64(&[(60000, 4464)])
    ));
    assert!(
        matches!(&e, Error::Property { source, .. }
            if matches!(**source, Error::Blob { source: BlockError::Reversed { start: 60000, end: 4464, .. }, .. })),
        "{e:?}"
    );
    assert!(e.to_string().contains("u16 wraparound"), "{e}");
    // Months and blobs of different lengths.
    let e = decode_err(
        r#"<e:x68531003><c:v>32129</c:v><c:v>32130</c:v></e:x68531003><e:x68541102><c:v/></e:x68541102>"#,
    );
    assert!(
        matches!(&e, Error::PairLengthMismatch { months: 2, events: 1, months_property, events_property }
            if months_property == "x68531003" && events_property == "x68541102"),
        "{e:?}"
    );
    // Events without months.
    let e = decode_err(r#"<e:x68541102><c:v>ugnYCQ==</c:v></e:x68541102>"#);
    assert!(matches!(&e, Error::MissingMonths { .. }), "{e:?}");
    // Publish range with end before start.
    let e =
        decode_err(r#"<e:x68470003>214147200</e:x68470003><e:x68480003>214016160</e:x68480003>"#);
    assert!(matches!(&e, Error::RangeReversed { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "publish range ends at 2007-12-01T08:00:00Z (214016160) before it starts at 2008-03-01T08:00:00Z (214147200)"
    );
    let e = decode_err(r#"<e:x68470003>-5</e:x68470003><e:x68480003>1</e:x68480003>"#);
    assert!(
        matches!(&e, Error::Property { source, .. } if matches!(**source, Error::SysTimeOutOfRange { minutes: -5 })),
        "{e:?}"
    );
    let e = decode_err(r#"<e:x68470003>99999999999</e:x68470003><e:x68480003>1</e:x68480003>"#);
    assert!(matches!(&e, Error::InvalidInt { .. }), "{e:?}");
    // Same property twice (in any case).
    let e = decode_err(r#"<e:x68470003>1</e:x68470003><e:X68470003>2</e:X68470003>"#);
    assert!(
        matches!(&e, Error::DuplicateProperty { property } if property == "X68470003"),
        "{e:?}"
    );
    let e = decode_err(r#"<e:x68680040>yesterday</e:x68680040>"#);
    assert!(matches!(&e, Error::InvalidTime { .. }), "{e:?}");
    // DN without /cn=.
    assert!(matches!(
        LegacyDn::parse("/o=Org/ou=First Administrative Group"),
        Err(Error::Dn {
            problem: DnProblem::MissingCn,
            ..
        })
    ));
    // Not a multistatus at all.
    assert!(matches!(
        FreeBusyMessage::decode_multistatus(b"<html/>", &base()),
        Err(Error::Dav(_))
    ));
}

#[test]
fn half_a_range_is_no_range_and_is_kept() {
    let m = decode_one(&props_doc(r#"<e:x68470003>214147200</e:x68470003>"#)).unwrap();
    assert_eq!(m.range, None);
    assert_eq!(m.other.len(), 1);
    assert_eq!(m.other[0].value(), "214147200");
}

/// The real Apache mod_dav and WsgiDAV answers captured by the webdav crate: a message with
/// the merged pair, a start without an end, Apache without `dt` and with `ns0..` prefixes.
#[test]
fn real_apache_and_wsgidav_answers() {
    for server in ["apache", "wsgidav"] {
        let path = format!(
            "{}/../../fuzz/corpus/multistatus/{server}-05-propfind-depth0-named.xml",
            env!("CARGO_MANIFEST_DIR")
        );
        let body = std::fs::read(path).unwrap();
        let found = FreeBusyMessage::decode_multistatus(&body, &base()).unwrap();
        assert_eq!(found.len(), 1, "{server}");
        let m = &found[0].message;
        assert_eq!(
            m.subject.as_deref(),
            Some("USER-/CN=RECIPIENTS/CN=JDOE & Co <free/busy>"),
            "{server}"
        );
        assert_eq!(m.range, None, "{server}");
        assert_eq!(
            m.last_modified,
            Some(utc(2008, 1, 30, 19, 42) + chrono::TimeDelta::seconds(47))
        );
        assert_eq!(
            m.timeline(),
            [
                busy(utc(2008, 1, 2, 17, 30), utc(2008, 1, 2, 18, 0)),
                busy(utc(2008, 1, 2, 21, 0), utc(2008, 1, 3, 0, 0)),
            ],
            "{server}"
        );
        assert_eq!(
            found[0].dn().unwrap().as_str(),
            "/o=Org/cn=RECIPIENTS/cn=JDOE",
            "{server}"
        );
    }
}

#[test]
fn last_modified_without_offset_reads_as_utc() {
    let m = decode_one(&props_doc(
        r#"<e:x68680040>2007-12-30T05:19:07.423</e:x68680040>"#,
    ))
    .unwrap();
    assert_eq!(
        m.last_modified,
        Some(utc(2007, 12, 30, 5, 19) + chrono::TimeDelta::milliseconds(7423))
    );
    let m = decode_one(&props_doc(r#"<e:x68680040/>"#)).unwrap();
    assert_eq!(m.last_modified, None);
}

#[test]
fn encoding_is_the_proppatch_of_section_2() {
    let dn = LegacyDn::parse("/o=Org/ou=First Administrative Group/cn=Recipients/cn=jdoe").unwrap();
    let range = PublishRange::covering(utc(2008, 1, 1, 0, 0), utc(2008, 1, 31, 0, 0)).unwrap();
    let intervals = [
        busy(utc(2008, 1, 2, 17, 30), utc(2008, 1, 2, 18, 0)),
        // Free and no-data are not published.
        StatusInterval::new(Status::Free, utc(2008, 1, 3, 0, 0), utc(2008, 1, 4, 0, 0)).unwrap(),
        StatusInterval::new(Status::NoData, utc(2008, 1, 5, 0, 0), utc(2008, 1, 6, 0, 0)).unwrap(),
    ];
    let m = FreeBusyMessage::publish(&dn, range, utc(2008, 1, 1, 12, 0), &intervals).unwrap();
    let base = Url::parse("http://exchange.example/").unwrap();
    let address = MessageAddress::new(&base, &dn).unwrap();
    let body = m.proppatch(address.item().clone()).body().unwrap();
    assert_eq!(
        body,
        concat!(
            r#"<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:d="http://schemas.microsoft.com/mapi/" xmlns:f="http://schemas.microsoft.com/exchange/" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:c="xml:">"#,
            r#"<D:set><D:prop>"#,
            r#"<d:subject>USER-/CN=RECIPIENTS/CN=JDOE</d:subject>"#,
            r#"<f:outlookmessageclass>IPM.Post</f:outlookmessageclass>"#,
            r#"<e:x6849001f b:dt="string">/o=Org/ou=First Administrative Group/cn=Recipients/cn=jdoe</e:x6849001f>"#,
            r#"<e:x68470003 b:dt="int">214060320</e:x68470003>"#,
            r#"<e:x68480003 b:dt="int">214103520</e:x68480003>"#,
            r#"<e:x68680040 b:dt="dateTime.tz">2008-01-01T12:00:00Z</e:x68680040>"#,
            r#"<e:x6846000b b:dt="boolean">1</e:x6846000b>"#,
            r#"<e:x684f1003 b:dt="mv.int"><c:v>32129</c:v></e:x684f1003>"#,
            r#"<e:x68501102 b:dt="mv.bin.base64"><c:v>ugnYCQ==</c:v></e:x68501102>"#,
            r#"<e:x68531003 b:dt="mv.int"><c:v>32129</c:v></e:x68531003>"#,
            r#"<e:x68541102 b:dt="mv.bin.base64"><c:v>ugnYCQ==</c:v></e:x68541102>"#,
            r#"</D:prop></D:set>"#,
            r#"<D:remove><D:prop><e:x68511003/><e:x68521102/><e:x68551003/><e:x68561102/></D:prop></D:remove>"#,
            r#"</D:propertyupdate>"#,
        )
    );
}

#[test]
fn merged_is_busy_union_oof_not_tentative() {
    let dn = LegacyDn::parse("/o=Org/cn=Recipients/cn=x").unwrap();
    let range = PublishRange::covering(utc(2008, 1, 1, 0, 0), utc(2008, 3, 1, 0, 0)).unwrap();
    let intervals = [
        busy(utc(2008, 1, 2, 10, 0), utc(2008, 1, 2, 11, 0)),
        StatusInterval::new(
            Status::OutOfOffice,
            utc(2008, 1, 2, 11, 0),
            utc(2008, 1, 2, 12, 0),
        )
        .unwrap(),
        StatusInterval::new(
            Status::Tentative,
            utc(2008, 1, 2, 14, 0),
            utc(2008, 1, 2, 15, 0),
        )
        .unwrap(),
    ];
    let m = FreeBusyMessage::publish(&dn, range, utc(2008, 1, 1, 0, 0), &intervals).unwrap();
    assert_eq!(
        m.pair_intervals(Pair::Merged),
        [Interval::new(utc(2008, 1, 2, 10, 0), utc(2008, 1, 2, 12, 0)).unwrap()]
    );
    assert_eq!(m.timeline(), intervals);
}

#[test]
fn read_modify_write_keeps_unknown_properties_and_removes_stale_pairs() {
    // The capture plus an unknown MAPI property, a property in another namespace and a DAV:
    // live property; and a tentative pair with an event.
    let doc = capture()
        .replace(
            "<a:status>HTTP/1.1 200 OK</a:status><a:prop>",
            concat!(
                r#"<a:status>HTTP/1.1 200 OK</a:status><a:prop>"#,
                r#"<e:x3ff10003 b:dt="int">1033</e:x3ff10003>"#,
                r#"<z:note xmlns:z="urn:example:z" z:kind="a">kept <z:b>as is</z:b></z:note>"#,
                r#"<a:getlastmodified>Sun, 30 Dec 2007 05:19:07 GMT</a:getlastmodified>"#,
            ),
        )
        .replace(
            r#"<e:x68521102 b:dt="mv.bin.base64"><c:v/><c:v/><c:v/></e:x68521102>"#,
            r#"<e:x68521102 b:dt="mv.bin.base64"><c:v/><c:v>UAqMCg==</c:v><c:v/></e:x68521102>"#,
        );
    let mut m = decode_one(&doc).unwrap();
    assert_eq!(m.other.len(), 3);
    assert!(m.timeline().iter().any(|s| s.status == Status::Tentative));

    // Modify: only one busy meeting left, no tentative.
    let range = m.range.unwrap();
    m.set_intervals(
        range,
        &[busy(utc(2008, 1, 10, 9, 0), utc(2008, 1, 10, 10, 0))],
    )
    .unwrap();
    let ops = m.patch_ops();
    let sets: Vec<&webdav::prop::Property> = ops
        .iter()
        .filter_map(|o| match o {
            PatchOp::Set(p) => Some(p),
            PatchOp::Remove(_) => None,
        })
        .collect();
    let removes: Vec<&PropName> = ops
        .iter()
        .filter_map(|o| match o {
            PatchOp::Remove(n) => Some(n),
            PatchOp::Set(_) => None,
        })
        .collect();
    // Unknown properties re-sent verbatim (DAV: live properties are not).
    assert!(sets.contains(&&m.other[0]));
    assert!(sets.contains(&&m.other[1]));
    assert!(!sets.iter().any(|p| p.name().ns() == "DAV:"));
    assert_eq!(
        m.other[1].to_element().to_xml().unwrap(),
        r#"<ns0:note xmlns:ns0="urn:example:z" ns0:kind="a">kept <ns0:b>as is</ns0:b></ns0:note>"#
    );
    // The stale tentative pair and the empty OOF pair are removed.
    assert_eq!(
        removes,
        [
            &tag_name(0x6851_1003),
            &tag_name(0x6852_1102),
            &tag_name(0x6855_1003),
            &tag_name(0x6856_1102)
        ]
    );
    // Read back what was written: the new timeline, and the unknown properties.
    let written = ops_as_multistatus(&ops);
    let back = decode_one(&written).unwrap();
    assert_eq!(
        back.timeline(),
        [busy(utc(2008, 1, 10, 9, 0), utc(2008, 1, 10, 10, 0))]
    );
    assert_eq!(back.tentative, None);
    // Back come the unknown properties and the refresh flag (not a modelled field).
    let unknown: Vec<_> = back
        .other
        .iter()
        .filter(|p| p.name().local() != "x6846000b")
        .cloned()
        .collect();
    assert_eq!(&unknown[..], &m.other[..2]);
    assert_eq!(
        back.subject.as_deref(),
        Some("USER-/CN=RECIPIENTS/CN=PHONEY")
    );
    assert!(back.other.iter().all(|p| p.name().ns() != PROPTAG_NS
        || p.name().local() == "x3ff10003"
        || p.name().local() == "x6846000b"));
}

/// What a PROPFIND would answer after a store applied `ops` to an empty item.
fn ops_as_multistatus(ops: &[PatchOp]) -> String {
    let mut props = String::new();
    for op in ops {
        if let PatchOp::Set(p) = op {
            props.push_str(&p.to_element().to_xml().unwrap());
        }
    }
    format!(
        r#"<a:multistatus xmlns:a="DAV:"><a:response><a:href>/public/x.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop>{props}</a:prop></a:propstat></a:response></a:multistatus>"#
    )
}

#[test]
fn month_values_of_the_capture() {
    assert_eq!(Month::new(2007, 12).unwrap().start().minutes(), 214_015_680);
    assert_eq!(Month::from_value(32130).unwrap().minutes(), 41760);
}
