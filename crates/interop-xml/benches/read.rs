//! Read a 1 MiB multistatus-shaped document (namespaced elements, typed attributes, short
//! text values) with the pull reader alone and with the tree parser, and, in the same run,
//! tokenize the same bytes with a bare quick-xml `NsReader` loop (the baseline).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quick_xml::events::Event;
use std::hint::black_box;

fn body(target: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0"?><a:multistatus xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:c="xml:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:a="DAV:">"#,
    );
    let mut i = 0;
    while s.len() < target {
        s.push_str(&format!(
            r#"<a:response><a:href>http://ex.example/public/user{i}.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop><e:x68501102 b:dt="mv.bin.base64"><c:v>Dj0sPYY9pD36QRhCEkgwSNRY8lgyZFBk5mReZdiQ9pBukYyR2qz4rKytyq0=</c:v><c:v>ugnYCYwKQAs=</c:v><c:v/></e:x68501102><e:x684f1003 b:dt="mv.int"><c:v>32124</c:v><c:v>32129</c:v></e:x684f1003><e:x68470003 b:dt="int">214016160</e:x68470003><e:x68680040 b:dt="dateTime.tz">2007-12-30T05:19:07.423Z</e:x68680040></a:prop></a:propstat></a:response>"#
        ));
        i += 1;
    }
    s.push_str("</a:multistatus>");
    s
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

fn pull(bytes: &[u8], limits: &interop_xml::Limits) -> usize {
    let mut n = 0usize;
    let mut reader = interop_xml::Reader::new(bytes, limits).unwrap();
    while let Some(ev) = reader.next() {
        black_box(ev.unwrap());
        n += 1;
    }
    n
}

/// The root's children as fragments sharing one buffer (what the WebDAV reader keeps of
/// each propstat's properties), versus the tree.
fn fragments(bytes: &[u8], limits: &interop_xml::Limits) -> Vec<interop_xml::Fragment> {
    let mut reader = interop_xml::Reader::new(bytes, limits).unwrap();
    reader.next_child().unwrap();
    let mut batch = interop_xml::FragmentBatch::new();
    while reader.next_child().unwrap().is_some() {
        reader.read_fragment_into(&mut batch).unwrap();
    }
    batch.finish()
}

fn bench(c: &mut Criterion) {
    let body = body(1 << 20);
    let bytes = body.as_bytes();
    let limits = interop_xml::Limits::default();
    assert!(interop_xml::parse(bytes, &limits).is_ok());
    let mut g = c.benchmark_group("read_1MiB");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("bare_quick_xml_nsreader", |b| {
        b.iter(|| bare_tokenize(black_box(bytes)))
    });
    g.bench_function("pull_reader", |b| {
        b.iter(|| pull(black_box(bytes), &limits))
    });
    g.bench_function("parse_tree", |b| {
        b.iter(|| interop_xml::parse(black_box(bytes), &limits).unwrap())
    });
    g.bench_function("children_as_fragments", |b| {
        b.iter(|| fragments(black_box(bytes), &limits))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
