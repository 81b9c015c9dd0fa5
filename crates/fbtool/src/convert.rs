//! `fbtool convert`: any free/busy document (detected) to any other format, through
//! `freebusy-core`'s [`Timeline`](freebusy_core::Timeline).

use std::convert::Infallible;
use std::io::Write;

use chrono::{DateTime, Utc};
use exchange_freebusy::address::{LegacyDn, MessageAddress};
use exchange_freebusy::message::PublishRange;
use freebusy_core::{ExchangeReport, Raster};
use freebusy_types::{StatusInterval, format_time};
use serde::Serialize;
use zimbra_freebusy::{Envelope, GetFreeBusyResponse, JsonCodec, Message, XmlCodec};

use crate::CliError;
use crate::input::{InputArgs, interval_arg, time_arg};

/// The output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// One Zimbra GetFreeBusyResponse for every user, in a SOAP 1.2 envelope.
    ZimbraXml,
    /// The same in Zimbra's JSON form (`{"Body":{"GetFreeBusyResponse":…}}`).
    ZimbraJson,
    /// The PROPPATCH body publishing one user's Exchange free/busy message (needs `--dn`
    /// and `--now`).
    Exchange,
    /// One line per user: id, raster start, minutes per slot, OWA digits, tab-separated
    /// (needs `--interval`).
    Raster,
    /// One `{"id":…,"range":{…},"intervals":[…]}` object per user per line, non-free
    /// intervals only (the form `fbtool decode` prints, plus the range).
    Json,
}

/// Arguments of `fbtool convert`.
#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// The input and the range to convert.
    #[command(flatten)]
    pub input: InputArgs,
    /// The output format.
    #[arg(long, value_enum)]
    pub to: Target,
    /// Minutes per raster slot, 5..=1440 (`--to raster`).
    #[arg(long)]
    pub interval: Option<u32>,
    /// The legacyExchangeDN to publish for (`--to exchange`).
    #[arg(long)]
    pub dn: Option<String>,
    /// The publishing time written as the last-modified stamp (RFC 3339; `--to exchange`).
    #[arg(long)]
    pub now: Option<String>,
}

#[derive(Serialize)]
struct JsonRange {
    start: String,
    end: String,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    id: &'a str,
    range: JsonRange,
    intervals: Vec<StatusInterval>,
}

/// No raster longer than this: the library's own cap, checked first for a clearer message.
const MAX_RASTER_SLOTS: i64 = freebusy_core::raster::MAX_SLOTS as i64;

fn out_err(e: std::io::Error) -> CliError {
    CliError::Other(format!("writing output: {e}"))
}

/// What `--to exchange` needs, checked before the input is read.
struct ExchangeTarget {
    dn: LegacyDn,
    address: MessageAddress,
    now: DateTime<Utc>,
}

fn exchange_target(args: &ConvertArgs) -> Result<ExchangeTarget, CliError> {
    let Some(dn) = &args.dn else {
        return Err(CliError::bad_input(
            "--dn",
            "required with --to exchange (the legacyExchangeDN to publish for)",
        ));
    };
    let dn = LegacyDn::parse(dn).map_err(|e| CliError::bad_input("--dn", e))?;
    let base = url::Url::parse("http://localhost/").map_err(|e| CliError::Other(e.to_string()))?;
    let address = MessageAddress::new(&base, &dn).map_err(|e| CliError::bad_input("--dn", e))?;
    let Some(now) = &args.now else {
        return Err(CliError::bad_input(
            "--now",
            "required with --to exchange (the last-modified stamp, RFC 3339)",
        ));
    };
    let now = time_arg("--now", now)?;
    Ok(ExchangeTarget { dn, address, now })
}

/// Runs `fbtool convert`.
pub fn run(args: &ConvertArgs) -> Result<(), CliError> {
    let to = args.to;
    // Every flag is checked before the input is read.
    let exchange = if to == Target::Exchange {
        Some(exchange_target(args)?)
    } else {
        None
    };
    let (start, end) = args.input.range()?;
    if let (Some(s), Some(e)) = (start, end)
        && exchange.is_some()
    {
        PublishRange::covering(s, e).map_err(|e| CliError::bad_input("--start/--end", e))?;
    }
    let interval = args
        .interval
        .map(|m| interval_arg("--interval", m))
        .transpose()?;
    if to == Target::Raster && interval.is_none() {
        return Err(CliError::bad_input(
            "--interval",
            "required with --to raster (minutes per slot, 5..=1440)",
        ));
    }

    let file = args.input.file.as_str();
    let doc = args.input.document()?;
    if exchange.is_some() && doc.len() != 1 {
        let what = if doc.len() == 0 {
            "holds no user".to_string()
        } else {
            format!(
                "holds {} users ({}): pick the one to publish with --user",
                doc.len(),
                doc.ids().join(", ")
            )
        };
        return Err(CliError::bad_input(file, what));
    }
    let timelines = doc.timelines(file, start, end)?;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match to {
        Target::ZimbraXml | Target::ZimbraJson => {
            let response = match timelines.range {
                Some(range) => freebusy_core::zimbra::response(
                    range,
                    timelines
                        .users
                        .into_iter()
                        .map(|(id, tl)| (id, Ok::<_, Infallible>(tl))),
                ),
                None => GetFreeBusyResponse { users: Vec::new() },
            };
            let envelope = Envelope::new(Message::GetFreeBusyResponse(response));
            let text = if to == Target::ZimbraXml {
                envelope.to_xml()
            } else {
                envelope.to_json_string()
            }
            .map_err(|e| CliError::bad_input(file, e))?;
            writeln!(out, "{text}").map_err(out_err)?;
        }
        Target::Exchange => {
            let (Some(target), Some((id, tl))) = (exchange, timelines.users.first()) else {
                return Err(CliError::Other("no user to publish".into()));
            };
            let (message, report) =
                freebusy_core::exchange::from_timeline(tl, &target.dn, target.now)
                    .map_err(|e| CliError::bad_input(file, format!("{id:?} as {e}")))?;
            warn_report(file, &report);
            let body = message
                .proppatch(target.address.item().clone())
                .body()
                .map_err(|e| CliError::bad_input(file, e))?;
            writeln!(out, "{body}").map_err(out_err)?;
        }
        Target::Raster => {
            let minutes = interval.unwrap_or(30);
            if let Some(range) = timelines.range {
                let slots = range.duration().num_minutes() / i64::from(minutes);
                if slots > MAX_RASTER_SLOTS {
                    return Err(CliError::bad_input(
                        "--interval",
                        format!(
                            "the range {range} is more than {MAX_RASTER_SLOTS} slots of \
                             {minutes} minutes: choose a longer --interval or a shorter \
                             --start/--end"
                        ),
                    ));
                }
            }
            for (id, tl) in &timelines.users {
                let raster = Raster::from_timeline_at(tl, tl.start(), minutes)
                    .map_err(|e| CliError::bad_input("--interval", e))?;
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    one_field(id),
                    format_time(raster.start()),
                    raster.interval_minutes(),
                    raster.digits()
                )
                .map_err(out_err)?;
            }
        }
        Target::Json => {
            for (id, tl) in &timelines.users {
                let line = serde_json::to_string(&JsonLine {
                    id,
                    range: JsonRange {
                        start: format_time(tl.start()),
                        end: format_time(tl.end()),
                    },
                    intervals: tl.non_free().collect(),
                })
                .map_err(|e| CliError::Other(format!("encoding output: {e}")))?;
                writeln!(out, "{line}").map_err(out_err)?;
            }
        }
    }
    out.flush().map_err(out_err)
}

/// An id as one tab-separated field: tabs and line breaks (and other controls) as spaces.
fn one_field(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// What Exchange cannot say, on standard error.
fn warn_report(file: &str, report: &ExchangeReport) {
    for i in &report.trimmed {
        eprintln!(
            "fbtool: note: {file}: no data {i} is outside the published range (Exchange shows \"no information\" there)"
        );
    }
    for i in &report.unpublished_no_data {
        eprintln!(
            "fbtool: warning: {file}: no data {i} cannot be published: Exchange will show it as free"
        );
    }
    if report.widened {
        eprintln!(
            "fbtool: warning: {file}: times not on a whole minute were widened outward to whole minutes"
        );
    }
}
