//! Decode and encode a GetFreeBusyResponse of 1,000 users x 50 intervals in XML and JSON,
//! against the bare baselines on the same bytes in the same run: quick-xml tokenizing
//! (every event, attributes iterated) and `serde_json::from_slice::<serde_json::Value>`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use freebusy_types::Status;
use zimbra_freebusy::{GetFreeBusyResponse, JsonCodec, UserFreeBusy, XmlCodec, ZimbraInterval};

fn response() -> GetFreeBusyResponse {
    let start = 1_199_232_000_000i64;
    let statuses = [
        Status::Free,
        Status::Busy,
        Status::Free,
        Status::Tentative,
        Status::OutOfOffice,
    ];
    let users = (0..1000)
        .map(|u| UserFreeBusy {
            id: format!("user{u}@example.com"),
            intervals: (0..50)
                .map(|i| {
                    let s = start + i * 1_800_000;
                    ZimbraInterval::new(
                        statuses[(i as usize + u) % statuses.len()],
                        s,
                        s + 1_800_000,
                    )
                })
                .collect(),
        })
        .collect();
    GetFreeBusyResponse { users }
}

/// The baseline: tokenize with bare quick-xml, touching every attribute.
fn quick_xml_tokenize(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut n = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                n += e
                    .attributes()
                    .flatten()
                    .map(|a| a.value.len())
                    .sum::<usize>();
            }
            Ok(_) => n += 1,
            Err(_) => break,
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let r = response();
    let xml = r.to_xml().unwrap_or_default();
    let json = r.to_json_string().unwrap_or_default();
    assert_eq!(
        GetFreeBusyResponse::from_xml_bytes(xml.as_bytes())
            .ok()
            .as_ref(),
        Some(&r)
    );
    assert_eq!(
        GetFreeBusyResponse::from_json_bytes(json.as_bytes())
            .ok()
            .as_ref(),
        Some(&r)
    );

    let mut g = c.benchmark_group("xml");
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.sample_size(10);
    g.bench_function("baseline_quick_xml_tokenize", |b| {
        b.iter(|| quick_xml_tokenize(black_box(xml.as_bytes())))
    });
    g.bench_function("interop_xml_pull_reader_only", |b| {
        b.iter(|| {
            let limits = zimbra_freebusy::limits();
            let mut n = 0usize;
            if let Ok(mut reader) = interop_xml::Reader::new(black_box(xml.as_bytes()), &limits) {
                while let Some(Ok(_)) = reader.next() {
                    n += 1;
                }
            }
            n
        })
    });
    g.bench_function("interop_xml_parse_dom_only", |b| {
        b.iter(|| interop_xml::parse(black_box(xml.as_bytes()), &zimbra_freebusy::limits()))
    });
    g.bench_function("decode", |b| {
        b.iter(|| GetFreeBusyResponse::from_xml_bytes(black_box(xml.as_bytes())))
    });
    g.bench_function("encode", |b| b.iter(|| black_box(&r).to_xml()));
    g.finish();

    let mut g = c.benchmark_group("json");
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.sample_size(10);
    g.bench_function("baseline_serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(json.as_bytes())))
    });
    g.bench_function("decode", |b| {
        b.iter(|| GetFreeBusyResponse::from_json_bytes(black_box(json.as_bytes())))
    });
    g.bench_function("encode", |b| b.iter(|| black_box(&r).to_json_string()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
