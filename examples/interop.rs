//! The interop demo: both flows of a Zimbra/Exchange mixed deployment, end to end.
//!
//! 1. **Replication (agent).** A Zimbra `GetFreeBusyResponse` for jdoe (the bytes a Zimbra
//!    server answers) is decoded, converted for Zimbra's publish window and written into
//!    Exchange's `SCHEDULE+ FREE BUSY` public folder with PROPPATCH (found first with
//!    SEARCH where the server has it).
//! 2. **Lookup (proxy).** The message is read back with PROPFIND, converted for the range a
//!    Zimbra user asked, and answered as Zimbra's SOAP `GetFreeBusyResponse`.
//!
//! Then it checks that what the proxy answers is what the agent published.
//!
//! ```sh
//! cargo run --example interop                          # embedded in-memory store (Exchange mode)
//! cargo run --example interop -- --url http://127.0.0.1:18086/exchange/ \
//!     --user tester --password s3cret                  # a real WebDAV server (WsgiDAV, Apache)
//! cargo run --example interop -- --now 2008-01-02T12:00:00Z --trace
//! ```

use std::process::ExitCode;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use freebusy_interop::core::{
    ExchangeAnswer, PublishWindow, Raster, exchange_user_as_zimbra, zimbra, zimbra_user_as_exchange,
};
use freebusy_interop::exchange::address::{FREE_BUSY_ROOT, LegacyDn, MessageAddress};
use freebusy_interop::exchange::ops::{FetchMessage, FindMessage, Publish, PublishOutcome, Target};
use freebusy_interop::types::{Interval, Status, StatusInterval, format_time, parse_time};
use freebusy_interop::webdav::ResourcePath;
use freebusy_interop::webdav::auth::{Basic, Secret};
use freebusy_interop::webdav::client::{Client, Session};
use freebusy_interop::webdav::ops::MkCol;
use freebusy_interop::webdav::store::MemoryStore;
use freebusy_interop::webdav::trace::MemoryTrace;
use freebusy_interop::webdav::transport::{Transport, UreqTransport};
use freebusy_interop::zimbra::{GetFreeBusyResponse, XmlCodec};

const DN: &str = "/o=Example/ou=First Administrative Group/cn=Recipients/cn=jdoe";
const USER: &str = "jdoe@example.org";

struct Args {
    url: Option<String>,
    user: String,
    password: String,
    now: Option<String>,
    trace: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        url: None,
        user: "tester".into(),
        password: "s3cret".into(),
        now: None,
        trace: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--url" => args.url = Some(value("--url")?),
            "--user" => args.user = value("--user")?,
            "--password" => args.password = value("--password")?,
            "--now" => args.now = Some(value("--now")?),
            "--trace" => args.trace = true,
            "-h" | "--help" => {
                return Err("usage: interop [--url BASE --user U --password P] [--now RFC3339] [--trace]\n\
                            Without --url it runs against the embedded in-memory store in Exchange mode."
                    .into());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    Ok(args)
}

/// What jdoe's Zimbra server answers for the window: a stand-up every working day, a long
/// meeting on Wednesdays, a tentative lunch on Fridays, five days out of office three weeks in.
fn zimbra_answer(window: Interval) -> Result<Vec<u8>, String> {
    let mut events = Vec::new();
    let mut day = window.start();
    let mut n = 0;
    while day < window.end() {
        let at = |h: i64, m: i64| day + TimeDelta::hours(h) + TimeDelta::minutes(m);
        let weekday = day.weekday().num_days_from_monday();
        if weekday < 5 {
            events.push((Status::Busy, at(9, 0), at(9, 15)));
        }
        if weekday == 2 {
            events.push((Status::Busy, at(13, 0), at(16, 30)));
        }
        if weekday == 4 {
            events.push((Status::Tentative, at(12, 0), at(13, 0)));
        }
        if (21..26).contains(&n) {
            events.push((Status::OutOfOffice, at(0, 0), at(24, 0)));
        }
        day += TimeDelta::days(1);
        n += 1;
    }
    let list = events
        .into_iter()
        .filter_map(|(s, a, b)| StatusInterval::new(s, a, b).ok());
    let timeline = freebusy_interop::core::Timeline::from_intervals(
        window,
        Status::Free,
        list.collect::<Vec<_>>(),
    );
    let response = GetFreeBusyResponse {
        users: vec![zimbra::from_timeline(USER, &timeline)],
    };
    response
        .to_xml()
        .map(String::into_bytes)
        .map_err(|e| e.to_string())
}

/// Creates the public-folder tree down to the user's folder (already there is fine).
fn make_folders<T: Transport>(
    c: &Client<T>,
    base: &url::Url,
    address: &MessageAddress,
) -> Result<(), String> {
    let mut dir = ResourcePath::from_url(base)
        .map_err(|e| e.to_string())?
        .as_collection();
    let mut dirs = Vec::new();
    for s in FREE_BUSY_ROOT {
        dir = dir.join(s).map_err(|e| e.to_string())?.as_collection();
        dirs.push(dir.clone());
    }
    dirs.push(address.folder().clone());
    for d in dirs {
        let status = c
            .run(&MkCol::new(d.clone()))
            .map_err(|e| format!("MKCOL {d}: {e}"))?;
        if !(status.is_success() || status.as_u16() == 405) {
            return Err(format!("MKCOL {d}: {status}"));
        }
    }
    Ok(())
}

fn picture(tl: &freebusy_interop::core::Timeline, days: i64) -> String {
    let mut out = String::new();
    let Ok(span) = Interval::new(tl.start(), tl.start() + TimeDelta::days(days)) else {
        return out;
    };
    let Some(week) = tl.clip(span) else {
        return out;
    };
    let Ok(raster) = Raster::from_timeline(&week, 60) else {
        return out;
    };
    out.push_str("            0     6     12    18    (UTC hours; . free  t tentative  # busy  O out of office  ? no data)\n");
    for (d, row) in raster.slots().chunks(24).enumerate() {
        let date = week.start() + TimeDelta::days(i64::try_from(d).unwrap_or(0));
        out.push_str(&format!("  {}  ", date.format("%a %m-%d")));
        for s in row {
            out.push(match s {
                Status::Free => '.',
                Status::Tentative => 't',
                Status::Busy => '#',
                Status::OutOfOffice => 'O',
                Status::NoData => '?',
            });
        }
        out.push('\n');
    }
    out
}

fn run<T: Transport>(
    c: &Client<T>,
    base: &url::Url,
    now: DateTime<Utc>,
    exchange_mode: bool,
) -> Result<bool, String> {
    let dn = LegacyDn::parse(DN).map_err(|e| e.to_string())?;
    let window = PublishWindow::zimbra_default()
        .window(now, &Utc)
        .map_err(|e| e.to_string())?;
    println!(
        "now {}; Zimbra's publish window (7 days back, 60 days): {window}",
        format_time(now)
    );

    // 1. Replication.
    let bytes = zimbra_answer(window)?;
    let answer = GetFreeBusyResponse::from_xml_bytes(&bytes).map_err(|e| e.to_string())?;
    let user = answer.user(USER).ok_or("no usr in the answer")?;
    println!(
        "\n1. replication (agent)\n   Zimbra GetFreeBusyResponse for {USER}: {} bytes, {} intervals",
        bytes.len(),
        user.intervals.len()
    );
    let (message, report) =
        zimbra_user_as_exchange(user, window, &dn, now).map_err(|e| e.to_string())?;
    println!(
        "   Exchange message for {DN}: busy in {} months, tentative in {}, out of office in {}; {}",
        message.busy.as_deref().map_or(0, <[_]>::len),
        message.tentative.as_deref().map_or(0, <[_]>::len),
        message.out_of_office.as_deref().map_or(0, <[_]>::len),
        if report.is_exact() {
            "nothing lost".to_string()
        } else {
            format!("{report:?}")
        }
    );
    let address = MessageAddress::new(base, &dn).map_err(|e| e.to_string())?;
    make_folders(c, base, &address)?;
    let target = if exchange_mode {
        match c
            .run(&FindMessage::new(base, &address))
            .map_err(|e| e.to_string())?
            .hrefs()
            .next()
        {
            Some(hit) => Target::Existing(hit.clone()),
            None => Target::New(address.item().clone()),
        }
    } else {
        Target::New(address.item().clone())
    };
    let publish = Publish::new(&target, &message).create_on_missing();
    let outcome = match c.run(&publish).map_err(|e| e.to_string())? {
        PublishOutcome::Missing => {
            // A plain WebDAV server does not create items on PROPPATCH: create, then write.
            c.run(&publish.create()).map_err(|e| e.to_string())?;
            c.run(&publish).map_err(|e| e.to_string())?
        }
        other => other,
    };
    if !matches!(outcome, PublishOutcome::Published(_)) {
        return Err(format!("publish: {outcome:?}"));
    }
    println!("   PROPPATCH {}: every property written", address.url(base));

    // 2. Lookup: a Zimbra user asks for the next two weeks.
    let today =
        freebusy_interop::core::local_midnight(now.date_naive(), &Utc).ok_or("no midnight")?;
    let asked = Interval::new(today - TimeDelta::days(1), today + TimeDelta::days(14))
        .map_err(|e| e.to_string())?;
    let found = c
        .run(&FetchMessage::new(address.item().clone()))
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?
        .ok_or("no message where it was published")?;
    let usr = exchange_user_as_zimbra(USER, ExchangeAnswer::Message(&found.message), asked);
    let soap = GetFreeBusyResponse {
        users: vec![usr.clone()],
    };
    let xml = soap.to_xml().map_err(|e| e.to_string())?;
    println!(
        "\n2. lookup (proxy)\n   PROPFIND {} -> published {}",
        found.href,
        found
            .message
            .range
            .and_then(|r| r.interval())
            .map_or("nothing".into(), |i| i.to_string())
    );
    println!(
        "   GetFreeBusyResponse for {asked}: {} intervals, {} bytes",
        usr.intervals.len(),
        xml.len()
    );
    let shown: String = xml.chars().take(300).collect();
    println!("   {shown}...");

    // 3. What the proxy answers is what the agent published.
    let published = zimbra::to_timeline(user, window, Status::NoData).map_err(|e| e.to_string())?;
    let answered = zimbra::to_timeline(&usr, asked, Status::NoData).map_err(|e| e.to_string())?;
    let same = published.clip(asked) == answered.clip(window);
    println!(
        "\n3. the proxy's answer matches what the agent published: {}",
        if same { "yes" } else { "NO" }
    );
    println!("\n{USER}, first week asked:\n{}", picture(&answered, 7));
    Ok(same)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let now = match args.now.as_deref().map(parse_time) {
        None => Utc::now(),
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            eprintln!("--now: {e}");
            return ExitCode::from(2);
        }
    };
    let trace = std::sync::Arc::new(MemoryTrace::default());
    let session = |base: &url::Url| {
        Session::new(base.clone())
            .with_auth(Basic::preemptive(&args.user, Secret::new(&args.password)))
            .with_trace(trace.clone())
    };
    let result = match &args.url {
        None => {
            let Ok(base) = url::Url::parse("http://exchange.invalid/exchange/") else {
                return ExitCode::FAILURE;
            };
            let Ok(root) = ResourcePath::from_url(&base) else {
                return ExitCode::FAILURE;
            };
            let store = MemoryStore::builder()
                .mount(root.as_collection())
                .exchange(true)
                .user(&args.user, &args.password)
                .build();
            println!(
                "backend: embedded in-memory store, Exchange mode (SEARCH, create on PROPPATCH), at {base}"
            );
            run(&Client::new(store, session(&base)), &base, now, true)
        }
        Some(u) => {
            let base = match url::Url::parse(u) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("--url {u}: {e}");
                    return ExitCode::from(2);
                }
            };
            println!("backend: {base} (ureq)");
            match UreqTransport::new(Default::default()) {
                Ok(t) => run(&Client::new(t, session(&base)), &base, now, false),
                Err(e) => Err(e.to_string()),
            }
        }
    };
    if args.trace {
        println!(
            "\n--- wire trace (credentials scrubbed) ---\n{}",
            trace.to_text(1024)
        );
    }
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
