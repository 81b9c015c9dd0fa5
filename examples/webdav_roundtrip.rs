//! WebDAV round trip: write an Exchange-style free/busy item's typed properties with
//! PROPPATCH, read them back with PROPFIND, and check they survived exactly.
//!
//! ```sh
//! cargo run --example webdav_roundtrip                      # embedded in-memory store
//! cargo run --example webdav_roundtrip -- --url http://127.0.0.1:18086/exchange/ \
//!     --user tester --password s3cret                       # a real WebDAV server
//! ```
//!
//! With `--trace` every HTTP exchange is printed, credentials scrubbed.

use std::process::ExitCode;

use webdav::auth::{Basic, Secret};
use webdav::client::{Client, ClientError, Session};
use webdav::ops::{Delete, Depth, MkCol, PropFind, PropPatch, Put};
use webdav::prop::{PropName, Property};
use webdav::store::MemoryStore;
use webdav::trace::MemoryTrace;
use webdav::transport::Transport;
use webdav::{Error, ResourcePath};

const PROPTAG: &str = "http://schemas.microsoft.com/mapi/proptag/";
const MAPI: &str = "http://schemas.microsoft.com/mapi/";

struct Args {
    url: Option<String>,
    user: String,
    password: String,
    trace: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        url: None,
        user: "tester".into(),
        password: "s3cret".into(),
        trace: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--url" => args.url = Some(value("--url")?),
            "--user" => args.user = value("--user")?,
            "--password" => args.password = value("--password")?,
            "--trace" => args.trace = true,
            "-h" | "--help" => {
                return Err(
                    "usage: webdav_roundtrip [--url BASE --user U --password P] [--trace]\n\
                            Without --url it runs against the embedded in-memory store."
                        .into(),
                );
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    Ok(args)
}

fn properties() -> Vec<Property> {
    let tag = |l: &str| PropName::new(PROPTAG, l);
    vec![
        Property::typed(tag("x68470003"), "int", "214016160"),
        Property::typed(tag("x68480003"), "int", "214147200"),
        Property::multi_valued(tag("x68531003"), "mv.int", ["32124", "32129", "32130"]),
        Property::multi_valued(tag("x68541102"), "mv.bin.base64", ["", "ugnYCYwKQAs=", ""]),
        Property::typed(tag("x68680040"), "dateTime.tz", "2008-01-30T19:42:47.000Z"),
        Property::text(
            PropName::new(MAPI, "subject"),
            "USER-/CN=RECIPIENTS/CN=JDOE",
        ),
    ]
}

fn roundtrip<T: Transport>(client: &Client<T>, base: &url::Url) -> Result<bool, ClientError> {
    let root = ResourcePath::from_url(base)
        .map_err(|e| ClientError::Protocol(Error::Build(e.to_string())))?;
    let seg = |p: &ResourcePath, s: &str| {
        p.join(s)
            .map_err(|e| ClientError::Protocol(Error::Build(e.to_string())))
    };
    let folder = seg(&root, "SCHEDULE+ FREE BUSY")?.as_collection();
    let org = seg(&folder, "EX:_xF8FF_o=Example")?.as_collection();
    let item = seg(&org, "USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML")?;

    let _ = client.run(&Delete::new(folder.clone()));
    for c in [&folder, &org] {
        client.run(&MkCol::new(c.clone()))?;
        println!("MKCOL     {c}");
    }
    client.run(&Put::new(item.clone(), Vec::new(), "message/rfc822"))?;
    println!("PUT       {item}");

    let mut patch = PropPatch::new(item.clone()).translate_f();
    for p in properties() {
        patch = patch.set(p);
    }
    let out = client.run(&patch)?;
    println!(
        "PROPPATCH {} properties, all {}",
        out.statuses.len(),
        out.statuses
            .first()
            .map(|s| s.1.to_string())
            .unwrap_or_default()
    );

    let names: Vec<PropName> = properties().iter().map(|p| p.name().clone()).collect();
    let ms = client.run(&PropFind::props(item.clone(), Depth::Zero, names))?;
    let mut all_equal = true;
    for want in properties() {
        let got = ms.responses.first().and_then(|r| r.prop(want.name()));
        let (mark, shown) = match got {
            Some(g) if *g == want => ("same", g.to_element().to_xml().unwrap_or_default()),
            Some(g) if g.eq_ignoring_dt(&want) => (
                "same (server dropped dt)",
                g.to_element().to_xml().unwrap_or_default(),
            ),
            Some(g) => {
                all_equal = false;
                ("DIFFERENT", g.to_element().to_xml().unwrap_or_default())
            }
            None => {
                all_equal = false;
                ("MISSING", String::new())
            }
        };
        println!("PROPFIND  {:<28} {mark}: {shown}", want.name().local());
    }
    client.run(&Delete::new(folder))?;
    Ok(all_equal)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let trace = std::sync::Arc::new(MemoryTrace::default());
    let result = match &args.url {
        None => {
            let base = url::Url::parse("http://memory.invalid/exchange/").expect("static URL");
            let store = MemoryStore::builder()
                .mount(
                    ResourcePath::from_url(&base)
                        .expect("static path")
                        .as_collection(),
                )
                .user(&args.user, &args.password)
                .build();
            println!("backend: embedded in-memory store at {base}");
            let session = Session::new(base.clone())
                .with_auth(Basic::preemptive(&args.user, Secret::new(&args.password)))
                .with_trace(trace.clone());
            roundtrip(&Client::new(store, session), &base)
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
            let transport = match webdav::transport::UreqTransport::new(Default::default()) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
            let session = Session::new(base.clone())
                .with_auth(Basic::preemptive(&args.user, Secret::new(&args.password)))
                .with_trace(trace.clone());
            roundtrip(&Client::new(transport, session), &base)
        }
    };
    if args.trace {
        println!(
            "\n--- wire trace (credentials scrubbed) ---\n{}",
            trace.to_text(2048)
        );
    }
    match result {
        Ok(true) => {
            println!("round trip: every property came back equal as an XML tree");
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("round trip: some properties changed");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
