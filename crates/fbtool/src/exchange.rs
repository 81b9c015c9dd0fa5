//! `fbtool decode exchange`, `decode owa`, `url` and `encode exchange`.

use exchange_freebusy::FreeBusyMessage;
use exchange_freebusy::address::{LegacyDn, MessageAddress};
use exchange_freebusy::owa::{INTERVAL_RANGE, OwaAnswer};
use freebusy_types::{StatusInterval, format_time};
use serde::Serialize;

use crate::CliError;
use crate::convert::{ConvertArgs, Target};
use crate::input::{InputArgs, time_arg};

/// Arguments of `fbtool decode exchange`.
#[derive(clap::Args, Debug)]
pub struct DecodeArgs {
    /// A 207 multistatus (PROPFIND or SEARCH answer) holding free/busy messages (`-` for
    /// standard input).
    pub file: String,
}

/// Arguments of `fbtool decode owa`.
#[derive(clap::Args, Debug)]
pub struct OwaArgs {
    /// An OWA `Cmd=freebusy` answer (`-` for standard input).
    pub file: String,
    /// The start that was sent in the request (RFC 3339).
    #[arg(long)]
    pub start: String,
    /// The interval that was sent, in minutes (5..=1440).
    #[arg(long)]
    pub interval: u32,
}

/// Arguments of `fbtool url`.
#[derive(clap::Args, Debug)]
pub struct UrlArgs {
    /// The Exchange server's base URL (a path is kept as a prefix).
    #[arg(long)]
    pub base: String,
    /// The user's legacyExchangeDN.
    #[arg(long)]
    pub dn: String,
}

/// Arguments of `fbtool encode exchange`.
#[derive(clap::Args, Debug)]
pub struct EncodeArgs {
    /// The user's legacyExchangeDN.
    #[arg(long)]
    pub dn: String,
    /// Start of the published range (RFC 3339; floored to the minute).
    #[arg(long)]
    pub start: String,
    /// End of the published range (RFC 3339; ceiled to the minute).
    #[arg(long)]
    pub end: String,
    /// The publishing time, written as the last-modified stamp (RFC 3339).
    #[arg(long)]
    pub now: String,
    /// `{"intervals":[…]}` (default: standard input).
    pub file: Option<String>,
}

#[derive(Serialize)]
struct Range {
    start: String,
    end: String,
}

#[derive(Serialize)]
struct MessageLine<'a> {
    href: &'a str,
    dn: Option<String>,
    subject: Option<&'a str>,
    range: Option<Range>,
    last_modified: Option<String>,
    intervals: Vec<StatusInterval>,
}

#[derive(Serialize)]
struct OwaLine<'a> {
    email: Option<&'a str>,
    display_name: Option<&'a str>,
    intervals: Vec<StatusInterval>,
}

fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let line =
        serde_json::to_string(value).map_err(|e| CliError::Other(format!("writing JSON: {e}")))?;
    println!("{line}");
    Ok(())
}

/// Runs `fbtool decode exchange`: one JSON object per message. The DN is the message's
/// 0x6849 value, else the one its URL encodes; intervals are the timeline inside the
/// range (busiest status wins, free left out).
pub fn decode(args: &DecodeArgs) -> Result<(), CliError> {
    let bytes = CliError::read_input(&args.file)?;
    let base = url::Url::parse("http://localhost/").map_err(|e| CliError::Other(e.to_string()))?;
    let found = FreeBusyMessage::decode_multistatus(&bytes, &base)
        .map_err(|e| CliError::bad_input(&args.file, e))?;
    for f in &found {
        let m = &f.message;
        print_json(&MessageLine {
            href: &f.raw_href,
            dn: f.dn().map(|d| d.as_str().to_string()),
            subject: m.subject.as_deref(),
            range: m.range.map(|r| Range {
                start: format_time(r.start().to_datetime()),
                end: format_time(r.end().to_datetime()),
            }),
            last_modified: m.last_modified.map(format_time),
            intervals: m.timeline(),
        })?;
    }
    Ok(())
}

/// Runs `fbtool decode owa`: one JSON object per item of the answer ("All Attendees" has
/// `"email":null`), each raster from `--start` over its own length, free slots included.
pub fn decode_owa(args: &OwaArgs) -> Result<(), CliError> {
    let start = time_arg("--start", &args.start)?;
    if !INTERVAL_RANGE.contains(&args.interval) {
        return Err(CliError::bad_input(
            "--interval",
            format!("{} minutes is outside 5..=1440", args.interval),
        ));
    }
    let bytes = CliError::read_input(&args.file)?;
    let answer = OwaAnswer::parse(&bytes).map_err(|e| CliError::bad_input(&args.file, e))?;
    for item in &answer.items {
        let intervals = item
            .raster(start, args.interval)
            .map_err(|e| CliError::bad_input(&args.file, e))?;
        print_json(&OwaLine {
            email: if item.is_all_attendees() {
                None
            } else {
                item.email.as_deref()
            },
            display_name: item.display_name.as_deref(),
            intervals,
        })?;
    }
    Ok(())
}

fn dn_arg(text: &str) -> Result<LegacyDn, CliError> {
    LegacyDn::parse(text).map_err(|e| CliError::bad_input("--dn", e))
}

/// Runs `fbtool url`: prints the message URL.
pub fn url(args: &UrlArgs) -> Result<(), CliError> {
    let base = url::Url::parse(&args.base)
        .map_err(|e| CliError::bad_input("--base", format!("{:?}: {e}", args.base)))?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(CliError::bad_input(
            "--base",
            format!("{:?} is not an http(s) URL", args.base),
        ));
    }
    let dn = dn_arg(&args.dn)?;
    let address = MessageAddress::new(&base, &dn).map_err(|e| CliError::bad_input("--base", e))?;
    println!("{}", address.url(&base));
    Ok(())
}

/// Runs `fbtool encode exchange`: an alias of `fbtool convert FILE --to exchange` with the
/// range, DN and stamp required.
pub fn encode(args: &EncodeArgs) -> Result<(), CliError> {
    crate::convert::run(&ConvertArgs {
        input: InputArgs {
            file: args.file.clone().unwrap_or_else(|| "-".into()),
            start: Some(args.start.clone()),
            end: Some(args.end.clone()),
            owa_start: None,
            owa_interval: None,
            user: Vec::new(),
        },
        to: Target::Exchange,
        interval: None,
        dn: Some(args.dn.clone()),
        now: Some(args.now.clone()),
    })
}
