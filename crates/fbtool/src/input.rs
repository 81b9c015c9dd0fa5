//! Reading any free/busy document `fbtool convert` and `fbtool show` accept, detected from
//! its content, into users with a [`Timeline`] each.
//!
//! | input | detected by | users | natural range | gaps |
//! |---|---|---|---|---|
//! | WebDAV 207 | root `{DAV:}multistatus` | one per message (id: the DN, else the href) | the publish range | no-data outside the publish range |
//! | OWA answer | root `{WM}response` | one per `item` (id: the e-mail, else the display name) | the raster's span from `--owa-start` | no-data past the raster |
//! | Zimbra XML | root `{urn:zimbraMail}GetFreeBusyResponse`, or a SOAP 1.1/1.2 `Envelope`/`Fault` | one per `usr` | `zimbra::span` | no-data (a server covers its range) |
//! | Zimbra JSON | a JSON object without an `intervals` key | one per `usr` | `zimbra::span` | no-data |
//! | interval JSON | JSON objects with an `intervals` key, one per line | one per object (id: `id`, `dn`, `email`, `display_name` or `href`) | `range` when present, else the hull of the intervals | free (the form lists non-free time) |
//!
//! The range of the whole document is `--start`/`--end` when given (either alone replaces
//! that end), else the hull of every user's natural range; every user's timeline covers it.

use chrono::{DateTime, Utc};
use exchange_freebusy::FreeBusyMessage;
use exchange_freebusy::owa::bare_address;
use exchange_freebusy::owa::{INTERVAL_RANGE, OWA_NS, OwaAnswer};
use freebusy_core::{ConversionError, Raster, Timeline};
use freebusy_types::{Interval, Status, StatusInterval, format_time, parse_time};
use serde::Deserialize;
use zimbra_freebusy::{DecodeError, Fault, GetFreeBusyResponse, SoapVersion, UserFreeBusy};

use crate::CliError;

/// The flags of every command that reads a free/busy document (`convert`, `show`).
#[derive(clap::Args, Debug, Clone)]
pub struct InputArgs {
    /// The input (`-` for standard input): a 207 multistatus, an OWA answer, a Zimbra
    /// GetFreeBusyResponse (XML or JSON, with or without SOAP envelope) or the interval JSON
    /// form (one object per line); detected from the content.
    pub file: String,
    /// Start of the range (RFC 3339; default: where the input's data starts).
    #[arg(long)]
    pub start: Option<String>,
    /// End of the range (RFC 3339, exclusive; default: where the input's data ends).
    #[arg(long)]
    pub end: Option<String>,
    /// The start the OWA request sent (RFC 3339), when the input is an OWA answer.
    #[arg(long)]
    pub owa_start: Option<String>,
    /// The interval the OWA request sent (minutes), when the input is an OWA answer.
    #[arg(long)]
    pub owa_interval: Option<u32>,
    /// Only this user (id as the input names it, case-insensitive); repeatable.
    #[arg(long)]
    pub user: Vec<String>,
}

/// `--start` and `--end` as parsed, each optional.
pub type RangeFlags = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

impl InputArgs {
    /// `--start` and `--end`, each optional; when both are given, start before end.
    pub fn range(&self) -> Result<RangeFlags, CliError> {
        let start = self
            .start
            .as_deref()
            .map(|s| time_arg("--start", s))
            .transpose()?;
        let end = self
            .end
            .as_deref()
            .map(|s| time_arg("--end", s))
            .transpose()?;
        if let (Some(s), Some(e)) = (start, end) {
            range_arg(s, e)?;
        }
        Ok((start, end))
    }

    /// The document, read and detected, with only the `--user`s asked for.
    pub fn document(&self) -> Result<Document, CliError> {
        Document::read(
            &self.file,
            OwaOptions {
                start: self.owa_start.as_deref(),
                interval: self.owa_interval,
            },
        )?
        .select(&self.file, &self.user)
    }
}

/// Where a document's time comes from when it does not say: an OWA answer's rasters start
/// at the request's start and count the request's interval.
#[derive(Clone, Copy, Debug, Default)]
pub struct OwaOptions<'a> {
    /// `--owa-start` as given.
    pub start: Option<&'a str>,
    /// `--owa-interval` as given.
    pub interval: Option<u32>,
}

/// The detected input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A WebDAV 207 multistatus of Exchange free/busy messages.
    Exchange,
    /// An OWA `Cmd=freebusy` answer.
    Owa,
    /// A Zimbra `GetFreeBusyResponse` (XML or JSON, with or without SOAP envelope).
    Zimbra,
    /// The interval JSON form.
    Json,
}

impl Kind {
    /// What the input was, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Exchange => "Exchange free/busy messages",
            Kind::Owa => "OWA free/busy rasters",
            Kind::Zimbra => "Zimbra GetFreeBusyResponse",
            Kind::Json => "free/busy intervals",
        }
    }
}

/// One user's data as read.
#[derive(Clone, Debug)]
enum Data {
    Zimbra(UserFreeBusy),
    Exchange(Box<FreeBusyMessage>),
    Raster(Raster),
    Json {
        range: Option<Interval>,
        intervals: Vec<StatusInterval>,
    },
}

/// One user of the input.
#[derive(Clone, Debug)]
pub struct User {
    /// The id: Zimbra's `usr` id, the Exchange DN, the OWA e-mail, the JSON `id`.
    pub id: String,
    data: Data,
}

impl User {
    /// The range the data itself covers, `None` when it says nothing about time.
    fn natural(&self) -> Option<Interval> {
        match &self.data {
            Data::Zimbra(u) => freebusy_core::zimbra::span(u),
            Data::Exchange(m) => m
                .range
                .and_then(|r| r.interval())
                .or_else(|| hull(m.timeline().iter().map(|s| s.interval))),
            Data::Raster(r) => r.span(),
            Data::Json { range, intervals } => {
                range.or_else(|| hull(intervals.iter().map(|s| s.interval)))
            }
        }
    }

    /// The user's timeline over exactly `range`.
    fn timeline(&self, range: Interval) -> Result<Timeline, ConversionError> {
        Ok(match &self.data {
            Data::Zimbra(u) => freebusy_core::zimbra::to_timeline(u, range, Status::NoData)?,
            Data::Exchange(m) => freebusy_core::exchange::to_timeline(m, range),
            Data::Raster(r) => r.to_timeline_over(range),
            Data::Json {
                range: Some(own),
                intervals,
            } => Timeline::from_intervals(*own, Status::Free, intervals.iter().copied())
                .reframe(range),
            Data::Json {
                range: None,
                intervals,
            } => Timeline::from_intervals(range, Status::Free, intervals.iter().copied()),
        })
    }
}

fn hull(mut it: impl Iterator<Item = Interval>) -> Option<Interval> {
    let first = it.next()?;
    Some(it.fold(first, |a, b| a.hull(&b)))
}

/// A document read.
#[derive(Clone, Debug)]
pub struct Document {
    /// The format it was in.
    pub kind: Kind,
    users: Vec<User>,
}

/// A document's users, each as a timeline over one common range.
#[derive(Clone, Debug)]
pub struct Timelines {
    /// The common range (`None` when there is no user).
    pub range: Option<Interval>,
    /// Id and timeline per user, in the document's order.
    pub users: Vec<(String, Timeline)>,
}

/// The fault as one line: Zimbra's error code (or the SOAP code) and the reason.
pub fn describe_fault(f: &Fault) -> String {
    let soap = format!("soap:{}", f.code.local(SoapVersion::Soap12));
    match f.error_code() {
        Some(code) => format!("SOAP fault {code} ({soap}): {}", f.reason),
        None => format!("SOAP fault {soap}: {}", f.reason),
    }
}

/// Parses an RFC 3339 flag.
pub fn time_arg(flag: &str, text: &str) -> Result<DateTime<Utc>, CliError> {
    parse_time(text).map_err(|e| CliError::bad_input(flag, e))
}

/// Checks a raster interval flag.
pub fn interval_arg(flag: &str, minutes: u32) -> Result<u32, CliError> {
    if INTERVAL_RANGE.contains(&minutes) {
        Ok(minutes)
    } else {
        Err(CliError::bad_input(
            flag,
            format!("{minutes} minutes is outside 5..=1440"),
        ))
    }
}

impl Document {
    /// Reads and detects `file` (`-` for standard input).
    pub fn read(file: &str, owa: OwaOptions<'_>) -> Result<Document, CliError> {
        // Check the flags before reading anything.
        let owa_start = owa.start.map(|s| time_arg("--owa-start", s)).transpose()?;
        let owa_interval = owa
            .interval
            .map(|m| interval_arg("--owa-interval", m))
            .transpose()?;
        let bytes = CliError::read_input(file)?;
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => Document::read_xml(file, &bytes, owa_start, owa_interval),
            Some(b'{') => Document::read_json(file, &bytes),
            Some(_) => Err(CliError::bad_input(
                file,
                "cannot tell the format: expected XML (a 207 multistatus, an OWA answer, a \
                 Zimbra GetFreeBusyResponse) or JSON objects (Zimbra's, or the interval form)",
            )),
            None => Err(CliError::bad_input(
                file,
                "cannot tell the format: the input is empty",
            )),
        }
    }

    fn read_xml(
        file: &str,
        bytes: &[u8],
        owa_start: Option<DateTime<Utc>>,
        owa_interval: Option<u32>,
    ) -> Result<Document, CliError> {
        let root = interop_xml::parse(bytes, &interop_xml::Limits::default())
            .map_err(|e| CliError::bad_input(file, format!("not well-formed XML: {e}")))?;
        let name = &root.name;
        let soap = SoapVersion::from_namespace(name.ns()).is_some()
            && matches!(name.local(), "Envelope" | "Fault");
        if name.is("DAV:", "multistatus") {
            drop(root);
            Document::read_exchange(file, bytes)
        } else if name.is(OWA_NS, "response") {
            drop(root);
            let (Some(start), Some(interval)) = (owa_start, owa_interval) else {
                return Err(CliError::bad_input(
                    file,
                    "an OWA Cmd=freebusy answer: its rasters need the request's start and \
                     interval: pass --owa-start RFC3339 and --owa-interval MINUTES",
                ));
            };
            Document::read_owa(file, bytes, start, interval)
        } else if soap || name.is(zimbra_freebusy::ns::MAIL, "GetFreeBusyResponse") {
            drop(root);
            Document::read_zimbra(file, bytes)
        } else {
            Err(CliError::bad_input(
                file,
                format!(
                    "cannot tell the format: the root element is {{{}}}{}; expected a DAV: \
                     multistatus, an OWA (WM) response, or a Zimbra GetFreeBusyResponse \
                     (urn:zimbraMail) with or without SOAP envelope",
                    name.ns(),
                    name.local()
                ),
            ))
        }
    }

    fn read_exchange(file: &str, bytes: &[u8]) -> Result<Document, CliError> {
        let base =
            url::Url::parse("http://localhost/").map_err(|e| CliError::Other(e.to_string()))?;
        let found = FreeBusyMessage::decode_multistatus(bytes, &base)
            .map_err(|e| CliError::bad_input(file, e))?;
        let users = found
            .into_iter()
            .map(|f| User {
                id: f
                    .dn()
                    .map_or_else(|| f.raw_href.clone(), |d| d.as_str().to_string()),
                data: Data::Exchange(Box::new(f.message)),
            })
            .collect();
        Ok(Document {
            kind: Kind::Exchange,
            users,
        })
    }

    fn read_owa(
        file: &str,
        bytes: &[u8],
        start: DateTime<Utc>,
        interval: u32,
    ) -> Result<Document, CliError> {
        let answer = OwaAnswer::parse(bytes).map_err(|e| CliError::bad_input(file, e))?;
        let mut users = Vec::with_capacity(answer.items.len());
        for (i, item) in answer.items.iter().enumerate() {
            let id = item
                .email
                .clone()
                .filter(|e| !item.is_all_attendees() && !e.is_empty())
                .or_else(|| item.display_name.clone().filter(|n| !n.trim().is_empty()))
                .unwrap_or_else(|| format!("item {}", i + 1));
            let raster = Raster::parse(&item.fbdata, start, interval, &id)
                .map_err(|e| CliError::bad_input(file, e))?;
            users.push(User {
                id,
                data: Data::Raster(raster),
            });
        }
        Ok(Document {
            kind: Kind::Owa,
            users,
        })
    }

    fn read_zimbra(file: &str, bytes: &[u8]) -> Result<Document, CliError> {
        let response = match zimbra_freebusy::decode::<GetFreeBusyResponse>(bytes) {
            Ok(r) => r,
            Err(DecodeError::Fault(f)) => {
                return Err(CliError::bad_input(file, describe_fault(&f)));
            }
            Err(e) => return Err(CliError::bad_input(file, e)),
        };
        Ok(Document {
            kind: Kind::Zimbra,
            users: response
                .users
                .into_iter()
                .map(|u| User {
                    id: u.id.clone(),
                    data: Data::Zimbra(u),
                })
                .collect(),
        })
    }

    fn read_json(file: &str, bytes: &[u8]) -> Result<Document, CliError> {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut values = Vec::new();
        for (i, v) in serde_json::Deserializer::from_slice(body)
            .into_iter::<serde_json::Value>()
            .enumerate()
        {
            let v = v.map_err(|e| {
                CliError::bad_input(file, format!("not JSON (value {}): {e}", i + 1))
            })?;
            values.push(v);
        }
        let is_intervals = |v: &serde_json::Value| v.get("intervals").is_some();
        if values.first().is_some_and(is_intervals) {
            let mut users = Vec::with_capacity(values.len());
            for (i, v) in values.into_iter().enumerate() {
                users.push(json_user(v, i + 1).map_err(|e| CliError::bad_input(file, e))?);
            }
            Ok(Document {
                kind: Kind::Json,
                users,
            })
        } else if values.len() == 1 {
            Document::read_zimbra(file, bytes)
        } else {
            Err(CliError::bad_input(
                file,
                "cannot tell the format: several JSON values, but the first has no \
                 \"intervals\" key (one {\"id\":…,\"intervals\":[…]} object per line is the \
                 interval form)",
            ))
        }
    }

    /// The users, optionally only those whose id is one of `only` (case-insensitive; an
    /// `SMTP:` prefix on either side is ignored, as OWA answers are matched).
    pub fn select(mut self, file: &str, only: &[String]) -> Result<Document, CliError> {
        if only.is_empty() {
            return Ok(self);
        }
        let same = |id: &str, want: &str| bare_address(id).eq_ignore_ascii_case(bare_address(want));
        for want in only {
            if !self.users.iter().any(|u| same(&u.id, want)) {
                return Err(CliError::bad_input(
                    "--user",
                    format!(
                        "{want:?} is not in {file} (users: {})",
                        self.ids().join(", ")
                    ),
                ));
            }
        }
        self.users.retain(|u| only.iter().any(|w| same(&u.id, w)));
        Ok(self)
    }

    /// The ids in order.
    pub fn ids(&self) -> Vec<String> {
        self.users.iter().map(|u| format!("{:?}", u.id)).collect()
    }

    /// The number of users.
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// Every user's timeline over one range: `start`/`end` when given, else the hull of
    /// the users' natural ranges.
    pub fn timelines(
        &self,
        file: &str,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
    ) -> Result<Timelines, CliError> {
        let natural = hull(self.users.iter().filter_map(User::natural));
        let (start, end) = match (start, end, natural) {
            (Some(s), Some(e), _) => (s, e),
            (s, e, Some(n)) => (s.unwrap_or(n.start()), e.unwrap_or(n.end())),
            (_, _, None) if self.users.is_empty() => {
                return Ok(Timelines {
                    range: None,
                    users: Vec::new(),
                });
            }
            (_, _, None) => {
                return Err(CliError::bad_input(
                    file,
                    "says nothing about time (no interval, no range): pass --start and --end",
                ));
            }
        };
        let range = range_arg(start, end)?;
        let mut users = Vec::with_capacity(self.users.len());
        for u in &self.users {
            let tl = u
                .timeline(range)
                .map_err(|e| CliError::bad_input(file, e))?;
            users.push((u.id.clone(), tl));
        }
        Ok(Timelines {
            range: Some(range),
            users,
        })
    }
}

/// The range `[start, end)`, named after the flags when it is empty or reversed.
pub fn range_arg(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Interval, CliError> {
    Interval::new(start, end).map_err(|_| {
        CliError::bad_input(
            "--start/--end",
            format!(
                "the range ends at {} before it starts at {} (or is empty)",
                format_time(end),
                format_time(start)
            ),
        )
    })
}

#[derive(Deserialize)]
struct JsonRange {
    start: String,
    end: String,
}

/// One object of the interval JSON form (what `fbtool decode` and `convert --to json`
/// print); unknown keys are ignored.
#[derive(Deserialize)]
struct JsonUser {
    id: Option<String>,
    dn: Option<String>,
    email: Option<String>,
    display_name: Option<String>,
    href: Option<String>,
    range: Option<JsonRange>,
    intervals: Vec<StatusInterval>,
}

fn json_user(v: serde_json::Value, n: usize) -> Result<User, String> {
    let u: JsonUser = serde_json::from_value(v).map_err(|e| format!("object {n}: {e}"))?;
    let range = match &u.range {
        Some(r) => {
            let s = parse_time(&r.start).map_err(|e| format!("object {n}: range start: {e}"))?;
            let e = parse_time(&r.end).map_err(|e| format!("object {n}: range end: {e}"))?;
            Some(Interval::new(s, e).map_err(|e| format!("object {n}: range: {e}"))?)
        }
        None => None,
    };
    let id =
        u.id.or(u.dn)
            .or(u.email)
            .or(u.display_name)
            .or(u.href)
            .unwrap_or_else(|| format!("user {n}"));
    Ok(User {
        id,
        data: Data::Json {
            range,
            intervals: u.intervals,
        },
    })
}
