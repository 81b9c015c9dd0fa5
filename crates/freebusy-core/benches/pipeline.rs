//! The replication pipeline (issue 5, "Speed"): 10,000 Zimbra users, each a 60-day window
//! with 5 events a day, from `GetFreeBusyResponse` SOAP envelopes to the Exchange PROPPATCH
//! bodies that publish them (decode, convert, encode), single thread; in the same run, a bare
//! quick-xml loop tokenizing the same input bytes (the baseline), and each stage alone.
//!
//! The 10,000 users come as 20 responses of 500 users: one response of 10,000 users is
//! about 230 MiB, which `zimbra_freebusy::limits()` (16 MiB) refuses; 500 users (about
//! 11.5 MiB) is the largest round batch under it.
//!
//! Run: `cargo bench -p freebusy-core --bench pipeline -- --warm-up-time 2 --measurement-time 10`.

use std::hint::black_box;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use exchange_freebusy::FreeBusyMessage;
use exchange_freebusy::address::{DEFAULT_RECIPIENTS_CONTAINER, LegacyDn, MessageAddress};
use freebusy_core::{PublishWindow, zimbra_user_as_exchange};
use freebusy_types::{Interval, Status};
use url::Url;
use zimbra_freebusy::{
    Envelope, GetFreeBusyResponse, Message, UserFreeBusy, XmlCodec, ZimbraInterval,
};

const USERS: usize = 10_000;
const USERS_PER_RESPONSE: usize = 500;
const DAYS: i64 = 60;
const EVENTS_PER_DAY: i64 = 5;
const ORG: &str = "/o=Example/ou=First Administrative Group";
const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// A 64-bit LCG (Knuth's MMIX constants): deterministic, no dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// One user as Zimbra answers: every day 5 events (busy, tentative or out-of-office, whole
/// minutes) in 90-minute slots from 08:00Z, free time between, the intervals covering the
/// whole window.
fn user(i: usize, window: Interval, rng: &mut Lcg) -> UserFreeBusy {
    const STATUSES: [Status; 5] = [
        Status::Busy,
        Status::Busy,
        Status::Tentative,
        Status::Busy,
        Status::OutOfOffice,
    ];
    let (start, end) = (window.start_millis(), window.end_millis());
    let mut intervals = Vec::with_capacity((DAYS * (2 * EVENTS_PER_DAY) + 1) as usize);
    let mut at = start;
    for day in 0..DAYS {
        for slot in 0..EVENTS_PER_DAY {
            // Starts 0 or 15 minutes into the slot, lasts 30, 45 or 60 minutes: never
            // reaches the next slot, so free time always separates two events.
            let s = start + day * DAY + (8 * 60 + slot * 90 + 15 * rng.below(2) as i64) * MINUTE;
            let e = s + (30 + 15 * rng.below(3) as i64) * MINUTE;
            let status = STATUSES[rng.below(STATUSES.len() as u64) as usize];
            intervals.push(ZimbraInterval::new(Status::Free, at, s));
            intervals.push(ZimbraInterval::new(status, s, e));
            at = e;
        }
    }
    intervals.push(ZimbraInterval::new(Status::Free, at, end));
    UserFreeBusy {
        id: format!("user{i}@example.com"),
        intervals,
    }
}

/// The input: the SOAP 1.2 envelopes Zimbra sends, 500 users each.
fn input(window: Interval) -> (Vec<GetFreeBusyResponse>, Vec<Vec<u8>>) {
    let mut rng = Lcg(5);
    let users: Vec<UserFreeBusy> = (0..USERS).map(|i| user(i, window, &mut rng)).collect();
    let responses: Vec<GetFreeBusyResponse> = users
        .chunks(USERS_PER_RESPONSE)
        .map(|chunk| GetFreeBusyResponse {
            users: chunk.to_vec(),
        })
        .collect();
    let docs = responses
        .iter()
        .map(|r| {
            Envelope::new(Message::GetFreeBusyResponse(r.clone()))
                .to_xml()
                .unwrap()
                .into_bytes()
        })
        .collect();
    (responses, docs)
}

/// The baseline, as in zimbra-freebusy's `getfreebusy` bench: tokenize with bare quick-xml,
/// touching every event and iterating every attribute.
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

/// Where a user's message lives: the DN from the address's local part (as
/// `zimbraFreebusyExchangeUserOrg` + `cn=Recipients` + the user name), and its WebDAV path.
fn address(base: &Url, id: &str) -> (LegacyDn, MessageAddress) {
    let name = id.split('@').next().unwrap_or(id);
    let dn = LegacyDn::from_parts(ORG, DEFAULT_RECIPIENTS_CONTAINER, name).unwrap();
    let address = MessageAddress::new(base, &dn).unwrap();
    (dn, address)
}

fn decode(docs: &[Vec<u8>]) -> Vec<GetFreeBusyResponse> {
    docs.iter()
        .map(|d| GetFreeBusyResponse::from_xml_bytes(d).unwrap())
        .collect()
}

fn convert(
    user: &UserFreeBusy,
    window: Interval,
    dn: &LegacyDn,
    now: DateTime<Utc>,
) -> FreeBusyMessage {
    let (message, report) = zimbra_user_as_exchange(user, window, dn, now).unwrap();
    debug_assert!(report.is_exact());
    message
}

fn encode(message: &FreeBusyMessage, address: &MessageAddress) -> String {
    message.proppatch(address.item().clone()).body().unwrap()
}

/// The whole pipeline: every document decoded, every user converted and encoded.
fn pipeline(docs: &[Vec<u8>], base: &Url, window: Interval, now: DateTime<Utc>) -> Vec<String> {
    let mut bodies = Vec::with_capacity(USERS);
    for doc in docs {
        let response = GetFreeBusyResponse::from_xml_bytes(doc).unwrap();
        for user in &response.users {
            let (dn, address) = address(base, &user.id);
            bodies.push(encode(&convert(user, window, &dn, now), &address));
        }
    }
    bodies
}

fn bench(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2008, 1, 2, 12, 0, 0).unwrap();
    let window = PublishWindow::zimbra_default().window(now, &Utc).unwrap();
    assert_eq!(window.duration().num_days(), DAYS);
    let base = Url::parse("http://exchange.example.com/").unwrap();

    let (responses, docs) = input(window);
    let input_len: usize = docs.iter().map(Vec::len).sum();
    assert!(
        docs.iter()
            .all(|d| d.len() <= zimbra_freebusy::limits().max_bytes)
    );
    // The stages' inputs, and the checks that the pipeline does what it says.
    let decoded = decode(&docs);
    assert_eq!(decoded, responses);
    let users: Vec<&UserFreeBusy> = decoded.iter().flat_map(|r| &r.users).collect();
    assert_eq!(users.len(), USERS);
    let addresses: Vec<(LegacyDn, MessageAddress)> =
        users.iter().map(|u| address(&base, &u.id)).collect();
    let messages: Vec<FreeBusyMessage> = users
        .iter()
        .zip(&addresses)
        .map(|(u, (dn, _))| {
            let (m, report) = zimbra_user_as_exchange(u, window, dn, now).unwrap();
            assert!(report.is_exact());
            assert_eq!(m.timeline().len(), (DAYS * EVENTS_PER_DAY) as usize);
            m
        })
        .collect();
    let bodies = pipeline(&docs, &base, window, now);
    assert_eq!(bodies.len(), USERS);
    assert_eq!(bodies[0], encode(&messages[0], &addresses[0].1));
    let output_len: usize = bodies.iter().map(String::len).sum();
    let intervals: usize = users.iter().map(|u| u.intervals.len()).sum();
    eprintln!(
        "input: {USERS} users, {intervals} intervals, {} documents, {input_len} bytes ({:.1} MiB); \
         output: {USERS} PROPPATCH bodies, {output_len} bytes ({:.1} MiB)",
        docs.len(),
        input_len as f64 / 1_048_576.0,
        output_len as f64 / 1_048_576.0,
    );
    drop(bodies);

    let mut g = c.benchmark_group("replication_10k_users");
    g.throughput(Throughput::Bytes(input_len as u64));
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("baseline_quick_xml_tokenize", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| quick_xml_tokenize(black_box(d)))
                .sum::<usize>()
        })
    });
    g.bench_function("pipeline", |b| {
        b.iter(|| pipeline(black_box(&docs), &base, window, now))
    });
    g.bench_function("stage_decode", |b| b.iter(|| decode(black_box(&docs))));
    g.bench_function("stage_address", |b| {
        b.iter(|| {
            users
                .iter()
                .map(|u| address(&base, black_box(&u.id)))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("stage_convert", |b| {
        b.iter(|| {
            users
                .iter()
                .zip(&addresses)
                .map(|(u, (dn, _))| convert(black_box(u), window, dn, now))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("stage_encode", |b| {
        b.iter(|| {
            messages
                .iter()
                .zip(&addresses)
                .map(|(m, (_, a))| encode(black_box(m), a))
                .collect::<Vec<_>>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
