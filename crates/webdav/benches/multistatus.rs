//! Parse a 1 MiB multistatus (many responses, typed multi-valued properties) and, in the
//! same run, tokenize the same bytes with a bare quick-xml `NsReader` loop (the baseline).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quick_xml::events::Event;
use std::hint::black_box;

fn body(target: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0"?><a:multistatus xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:d="http://schemas.microsoft.com/mapi/" xmlns:c="xml:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:a="DAV:">"#,
    );
    let mut i = 0;
    while s.len() < target {
        s.push_str(&format!(
            r#"<a:response><a:href>http://ex.example/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org_xF8FF_ou=First%20Administrative%20Group/USER-_xF8FF_cn=Recipients_xF8FF_cn=user{i}.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop><d:subject>USER-/CN=RECIPIENTS/CN=USER{i}</d:subject><e:x68501102 b:dt="mv.bin.base64"><c:v>Dj0sPYY9pD36QRhCEkgwSNRY8lgyZFBk5mReZdiQ9pBukYyR2qz4rKytyq0=</c:v><c:v>ugnYCYwKQAs=</c:v><c:v/></e:x68501102><e:x684f1003 b:dt="mv.int"><c:v>32124</c:v><c:v>32129</c:v><c:v>32130</c:v></e:x684f1003><e:x68541102 b:dt="mv.bin.base64"><c:v>Dj0sPYY9pD36QRhCEkgwSNRY8lgyZFBk5mReZdiQ9pBukYyR2qz4rKytyq0=</c:v><c:v>ugnYCYwKQAs=</c:v><c:v/></e:x68541102><e:x68531003 b:dt="mv.int"><c:v>32124</c:v><c:v>32129</c:v><c:v>32130</c:v></e:x68531003><e:x68470003 b:dt="int">214016160</e:x68470003><e:x68480003 b:dt="int">214147200</e:x68480003><e:x68680040 b:dt="dateTime.tz">2007-12-30T05:19:07.423Z</e:x68680040></a:prop></a:propstat></a:response>"#
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
            Ok((_, Event::Eof)) => break,
            Ok((ns, ev)) => {
                black_box((&ns, &ev));
                n += 1;
            }
            Err(_) => break,
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let body = body(1 << 20);
    let bytes = body.as_bytes();
    let base = url::Url::parse("http://ex.example/").unwrap();
    let limits = webdav::Limits::default();
    let parsed = webdav::Multistatus::parse(bytes, &base, &limits, "bench").unwrap();
    assert!(parsed.responses.len() > 500);
    let mut g = c.benchmark_group("multistatus_1MiB");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("bare_quick_xml_nsreader", |b| {
        b.iter(|| bare_tokenize(black_box(bytes)))
    });
    g.bench_function("webdav_multistatus_parse", |b| {
        b.iter(|| webdav::Multistatus::parse(black_box(bytes), &base, &limits, "bench").unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
