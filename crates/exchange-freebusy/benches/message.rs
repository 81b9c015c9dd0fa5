//! Decode a 12-month free/busy message with 200 events a month from its multistatus bytes,
//! and encode it as the PROPPATCH body; in the same run, tokenize the same bytes with a bare
//! quick-xml `NsReader` loop (the baseline).

use std::hint::black_box;

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use exchange_freebusy::address::LegacyDn;
use exchange_freebusy::{FreeBusyMessage, PublishRange};
use freebusy_types::{Status, StatusInterval};
use quick_xml::events::Event;
use webdav::ops::PatchOp;
use webdav::path::ResourcePath;

fn message() -> FreeBusyMessage {
    let start = Utc.with_ymd_and_hms(2008, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2009, 1, 1, 0, 0, 0).unwrap();
    let mut intervals = Vec::new();
    for month in 0..12 {
        let first = Utc.with_ymd_and_hms(2008, month + 1, 1, 0, 0, 0).unwrap();
        for i in 0..200i64 {
            // 200 half-hour events spread over 28 days, statuses mixed.
            let s = first + TimeDelta::minutes(i * 200);
            let status = [
                Status::Busy,
                Status::Busy,
                Status::Tentative,
                Status::OutOfOffice,
            ][i as usize % 4];
            intervals.push(StatusInterval::new(status, s, s + TimeDelta::minutes(30)).unwrap());
        }
    }
    let dn =
        LegacyDn::parse("/o=Org/ou=First Administrative Group/cn=Recipients/cn=bench").unwrap();
    FreeBusyMessage::publish(
        &dn,
        PublishRange::covering(start, end).unwrap(),
        start,
        &intervals,
    )
    .unwrap()
}

/// The multistatus Exchange answers for the message (its `a:`..`e:` prefixes).
fn multistatus(m: &FreeBusyMessage) -> String {
    let mut props = String::new();
    for op in m.patch_ops() {
        if let PatchOp::Set(p) = op {
            props.push_str(&p.to_element().to_xml().unwrap());
        }
    }
    format!(
        r#"<?xml version="1.0"?><a:multistatus xmlns:a="DAV:"><a:response><a:href>http://ex.example/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org_xF8FF_ou=First%20Administrative%20Group/USER-_xF8FF_cn=Recipients_xF8FF_cn=bench.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop>{props}</a:prop></a:propstat></a:response></a:multistatus>"#
    )
}

fn bare_tokenize(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::NsReader::from_reader(bytes);
    let mut n = 0usize;
    loop {
        match reader.read_resolved_event() {
            Ok((_, Event::Eof)) | Err(_) => break,
            Ok((ns, ev)) => {
                black_box((&ns, &ev));
                n += 1;
            }
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let m = message();
    let body = multistatus(&m);
    let bytes = body.as_bytes();
    let base = url::Url::parse("http://ex.example/").unwrap();
    let decoded = FreeBusyMessage::decode_multistatus(bytes, &base).unwrap();
    assert_eq!(decoded[0].message.timeline().len(), 2400);
    let path = ResourcePath::parse("/public/x.EML").unwrap();

    let mut g = c.benchmark_group("exchange_message_12x200");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("bare_quick_xml_nsreader", |b| {
        b.iter(|| bare_tokenize(black_box(bytes)))
    });
    let limits = webdav::Limits::default();
    g.bench_function("multistatus_parse_only", |b| {
        b.iter(|| webdav::Multistatus::parse(black_box(bytes), &base, &limits, "bench").unwrap())
    });
    g.bench_function("decode", |b| {
        b.iter(|| FreeBusyMessage::decode_multistatus(black_box(bytes), &base).unwrap())
    });
    g.bench_function("decode_and_timeline", |b| {
        b.iter(|| {
            FreeBusyMessage::decode_multistatus(black_box(bytes), &base).unwrap()[0]
                .message
                .timeline()
        })
    });
    g.bench_function("encode", |b| {
        b.iter(|| black_box(&m).proppatch(path.clone()).body().unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
