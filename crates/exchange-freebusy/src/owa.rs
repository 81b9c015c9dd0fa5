//! OWA's `GET /public/?cmd=freebusy` (wire-formats 3): the request URL and the `WM` answer,
//! one digit per `interval` minutes per user.
//!
//! No data stays distinct from free: a requested user without an item in the answer, or a
//! raster shorter than the range, is [`Status::NoData`] for what is missing.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use exchange_freebusy::owa::OwaQuery;
//! use freebusy_types::Status;
//!
//! let start = Utc.with_ymd_and_hms(2008, 5, 1, 10, 7, 0).single().ok_or("invalid date")?;
//! let end = Utc.with_ymd_and_hms(2008, 5, 1, 11, 15, 0).single().ok_or("invalid date")?;
//! let q = OwaQuery::new(start, end, 15, ["a@example.org", "b@example.org"])?;
//! // The start is aligned down to the interval, from 00:00 UTC.
//! assert_eq!(q.start(), Utc.with_ymd_and_hms(2008, 5, 1, 10, 0, 0).single().ok_or("invalid date")?);
//! let base = url::Url::parse("https://mail.example/")?;
//! assert_eq!(
//!     q.url(&base)?.as_str(),
//!     "https://mail.example/public/?cmd=freebusy&start=2008-05-01T10%3A00%3A00Z&end=2008-05-01T11%3A15%3A00Z&interval=15&u=SMTP%3Aa%40example.org&u=SMTP%3Ab%40example.org"
//! );
//!
//! let answer = br#"<a:response xmlns:a="WM"><a:recipients><a:item><a:displayname>A</a:displayname>
//!   <a:email type="SMTP">A@Example.org</a:email><a:type>1</a:type><a:fbdata>0224</a:fbdata></a:item>
//!   </a:recipients></a:response>"#;
//! let fb = q.read(answer)?;
//! let a = &fb.users[0];
//! assert_eq!(a.intervals.iter().map(|i| i.status).collect::<Vec<_>>(),
//!            [Status::Free, Status::Busy, Status::NoData]);
//! // b@example.org has no item: no data for the whole range, never free.
//! assert_eq!(fb.users[1].intervals.len(), 1);
//! assert_eq!(fb.users[1].intervals[0].status, Status::NoData);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use freebusy_types::{Interval, Status, StatusInterval};
use http::{Request, Response, StatusCode};
use interop_xml::{Element, Limits};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use url::Url;
use webdav::Operation;
use webdav::path::ResourcePath;

use crate::error::Error;

/// The answer's namespace.
pub const OWA_NS: &str = "WM";

/// The User-Agent OWA needs to answer XML rather than its HTML logon page (Zimbra's).
pub const IE_USER_AGENT: &str =
    "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1; .NET CLR 1.1.4322)";

/// Query values: everything but RFC 3986 unreserved characters is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The smallest and largest raster interval, in minutes.
pub const INTERVAL_RANGE: std::ops::RangeInclusive<u32> = 5..=1440;

/// The status of an OWA/EWS digit (`0` free, `1` tentative, `2` busy, `3` out of office,
/// `4` no data).
#[must_use]
pub fn digit_status(digit: char) -> Option<Status> {
    Some(match digit {
        '0' => Status::Free,
        '1' => Status::Tentative,
        '2' => Status::Busy,
        '3' => Status::OutOfOffice,
        '4' => Status::NoData,
        _ => return None,
    })
}

/// The OWA/EWS digit of a status, the inverse of [`digit_status`].
#[must_use]
pub fn status_digit(status: Status) -> char {
    match status {
        Status::Free => '0',
        Status::Tentative => '1',
        Status::Busy => '2',
        Status::OutOfOffice => '3',
        Status::NoData => '4',
    }
}

/// An address without `SMTP:` (any case) and surrounding space: how answers are matched to
/// the addresses asked for.
#[must_use]
pub fn bare_address(a: &str) -> &str {
    let t = a.trim();
    match t.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("smtp:") => t.get(5..).unwrap_or_default().trim(),
        _ => t,
    }
}

/// One `Cmd=freebusy` lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwaQuery {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    interval: u32,
    users: Vec<String>,
}

impl OwaQuery {
    /// A lookup of `users` (bare or `SMTP:` addresses) over `[start, end)` in slots of
    /// `interval_minutes`. The start is floored to the minute and, for intervals that
    /// divide a day, aligned down to a multiple of the interval counted from 00:00 UTC.
    ///
    /// # Errors
    ///
    /// [`Error::OwaInterval`] outside 5..=1440; [`Error::OwaRange`] unless `start` is
    /// before `end`.
    pub fn new<I, S>(
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        interval_minutes: u32,
        users: I,
    ) -> Result<OwaQuery, Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        if !INTERVAL_RANGE.contains(&interval_minutes) {
            return Err(Error::OwaInterval {
                minutes: interval_minutes,
            });
        }
        let minute = start
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(start);
        let aligned = if 1440u32.is_multiple_of(interval_minutes) {
            let into_day = minute.hour() * 60 + minute.minute();
            minute - TimeDelta::minutes(i64::from(into_day % interval_minutes))
        } else {
            minute
        };
        if start >= end {
            return Err(Error::OwaRange { start, end });
        }
        Ok(OwaQuery {
            start: aligned,
            end,
            interval: interval_minutes,
            users: users.into_iter().map(Into::into).collect(),
        })
    }

    /// The start actually sent (aligned).
    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The end.
    #[must_use]
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// The slot length in minutes.
    #[must_use]
    pub fn interval(&self) -> u32 {
        self.interval
    }

    /// The users as given.
    #[must_use]
    pub fn users(&self) -> &[String] {
        &self.users
    }

    /// `<base>/public/?cmd=freebusy&start=…&end=…&interval=…&u=SMTP:…` with UTC times and
    /// every value percent-encoded (the base URL's path is kept as a prefix).
    ///
    /// # Errors
    ///
    /// [`Error::Path`] when the base URL's path is unusable.
    pub fn url(&self, base: &Url) -> Result<Url, Error> {
        let path = ResourcePath::from_url(base)?
            .as_item()
            .join("public")?
            .as_collection();
        let mut url = path.to_url(base);
        let enc = |v: &str| utf8_percent_encode(v, QUERY_VALUE).to_string();
        let time = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut q = format!(
            "cmd=freebusy&start={}&end={}&interval={}",
            enc(&time(self.start)),
            enc(&time(self.end)),
            self.interval
        );
        for u in &self.users {
            q.push_str("&u=");
            q.push_str(&enc(&format!("SMTP:{}", bare_address(u))));
        }
        url.set_query(Some(&q));
        Ok(url)
    }

    /// Reads an answer body and matches it to the users asked for.
    ///
    /// # Errors
    ///
    /// As [`OwaAnswer::parse`] and [`OwaAnswer::resolve`].
    pub fn read(&self, body: &[u8]) -> Result<OwaFreeBusy, Error> {
        OwaAnswer::parse(body)?.resolve(self)
    }

    /// What to report when the lookup failed as a whole (non-200, unparsable): no data for
    /// every user (Zimbra's behaviour, kept distinct from free).
    #[must_use]
    pub fn no_data(&self) -> OwaFreeBusy {
        OwaFreeBusy {
            all_attendees: None,
            users: self
                .users
                .iter()
                .map(|u| OwaUser {
                    address: u.clone(),
                    display_name: None,
                    found: false,
                    intervals: self.no_data_intervals(),
                })
                .collect(),
        }
    }

    fn no_data_intervals(&self) -> Vec<StatusInterval> {
        StatusInterval::new(Status::NoData, self.start, self.end)
            .map(|s| vec![s])
            .unwrap_or_default()
    }
}

impl Operation for OwaQuery {
    /// The users' free/busy, or why the answer does not read (then
    /// [`OwaQuery::no_data`] is the conservative answer).
    type Output = Result<OwaFreeBusy, Error>;

    /// `GET` with the IE User-Agent.
    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, webdav::Error> {
        let url = self
            .url(base)
            .map_err(|e| webdav::Error::Build(e.to_string()))?;
        Request::builder()
            .method(http::Method::GET)
            .uri(url.as_str())
            .header(http::header::USER_AGENT, IE_USER_AGENT)
            .header(http::header::ACCEPT, "text/xml")
            .body(Vec::new())
            .map_err(|e| webdav::Error::Build(e.to_string()))
    }

    fn response(
        &self,
        base: &Url,
        response: Response<Vec<u8>>,
    ) -> Result<Self::Output, webdav::Error> {
        let url = self
            .url(base)
            .map_or_else(|_| String::new(), |u| u.to_string());
        if response.status() != StatusCode::OK {
            let body = String::from_utf8_lossy(response.body())
                .chars()
                .take(512)
                .collect();
            return Err(webdav::Error::UnexpectedStatus {
                method: http::Method::GET,
                url,
                status: response.status(),
                body,
            });
        }
        Ok(self.read(response.body()))
    }
}

/// One `item` of an answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwaItem {
    /// `displayname`.
    pub display_name: Option<String>,
    /// `email` (absent for "All Attendees").
    pub email: Option<String>,
    /// `type`.
    pub kind: Option<String>,
    /// `fbdata`, trimmed.
    pub fbdata: String,
}

impl OwaItem {
    /// Whether this is the merged "All Attendees" item (no e-mail address).
    #[must_use]
    pub fn is_all_attendees(&self) -> bool {
        self.email
            .as_deref()
            .is_none_or(|e| bare_address(e).is_empty())
    }

    /// Whether the item is for `address` (case-insensitive, trimmed, with or without `SMTP:`).
    #[must_use]
    pub fn matches(&self, address: &str) -> bool {
        let want = bare_address(address);
        !want.is_empty()
            && self
                .email
                .as_deref()
                .is_some_and(|e| bare_address(e).eq_ignore_ascii_case(want))
    }

    fn label(&self) -> String {
        self.email
            .clone()
            .or_else(|| self.display_name.clone())
            .unwrap_or_else(|| "(unnamed item)".into())
    }

    /// The raster from `start` over its own length, free slots included, same-status runs
    /// merged.
    ///
    /// # Errors
    ///
    /// [`Error::RasterDigit`] naming the user and position of a character other than 0..4.
    pub fn raster(
        &self,
        start: DateTime<Utc>,
        interval_minutes: u32,
    ) -> Result<Vec<StatusInterval>, Error> {
        raster_intervals(&self.fbdata, start, interval_minutes, None, &self.label())
    }
}

/// Turns a raster into intervals from `start`, one slot per `interval_minutes`, same-status
/// runs merged. With `end`, the result covers exactly `[start, end)`: digits past the end
/// are ignored and the part the raster does not reach is [`Status::NoData`]. `user` names
/// the raster in errors.
///
/// # Errors
///
/// [`Error::RasterDigit`] for a character other than 0..4.
pub fn raster_intervals(
    fbdata: &str,
    start: DateTime<Utc>,
    interval_minutes: u32,
    end: Option<DateTime<Utc>>,
    user: &str,
) -> Result<Vec<StatusInterval>, Error> {
    let step = TimeDelta::minutes(i64::from(interval_minutes.max(1)));
    let mut out: Vec<StatusInterval> = Vec::new();
    let mut push = |status: Status, s: DateTime<Utc>, e: DateTime<Utc>| {
        if let Some(last) = out.last_mut()
            && last.status == status
            && last.end() == s
        {
            if let Ok(i) = Interval::new(last.start(), e) {
                last.interval = i;
            }
            return;
        }
        if let Ok(si) = StatusInterval::new(status, s, e) {
            out.push(si);
        }
    };
    let mut t = start;
    for (position, c) in fbdata.trim().chars().enumerate() {
        let status = digit_status(c).ok_or_else(|| Error::RasterDigit {
            user: user.to_string(),
            position,
            found: c,
        })?;
        if end.is_some_and(|e| t >= e) {
            continue; // Validate the rest, ignore it.
        }
        let Some(next) = t.checked_add_signed(step) else {
            break;
        };
        push(status, t, end.map_or(next, |e| next.min(e)));
        t = next;
    }
    if let Some(e) = end
        && t < e
    {
        push(Status::NoData, t, e);
    }
    Ok(out)
}

/// A parsed `Cmd=freebusy` answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwaAnswer {
    /// The items in order ("All Attendees" first, as OWA sends it).
    pub items: Vec<OwaItem>,
}

/// The lookup's result: per requested user, in the order asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwaFreeBusy {
    /// The "All Attendees" raster, if the answer has it (covering the query range).
    pub all_attendees: Option<Vec<StatusInterval>>,
    /// One entry per requested user.
    pub users: Vec<OwaUser>,
}

/// One requested user's free/busy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwaUser {
    /// The address as requested.
    pub address: String,
    /// The display name from the answer.
    pub display_name: Option<String>,
    /// Whether the answer had an item for the user.
    pub found: bool,
    /// Covering the query range exactly: free included, no data where unknown.
    pub intervals: Vec<StatusInterval>,
}

fn child_text(el: &Element, local: &str) -> Option<String> {
    el.child(OWA_NS, local).map(|c| c.text())
}

impl OwaAnswer {
    /// Parses the `{WM}response` document.
    ///
    /// # Errors
    ///
    /// [`Error::OwaXml`] when it is not XML, [`Error::NotOwaAnswer`] for another root (an
    /// HTML logon page that happens to be XML, for instance).
    pub fn parse(body: &[u8]) -> Result<OwaAnswer, Error> {
        let root = interop_xml::parse(body, &Limits::default()).map_err(Error::OwaXml)?;
        if !root.is(OWA_NS, "response") {
            return Err(Error::NotOwaAnswer {
                found: root.name.to_string(),
            });
        }
        let items = root
            .children_named(OWA_NS, "recipients")
            .flat_map(|r| r.children_named(OWA_NS, "item"))
            .map(|item| OwaItem {
                display_name: child_text(item, "displayname"),
                email: child_text(item, "email").map(|e| e.trim().to_string()),
                kind: child_text(item, "type"),
                fbdata: child_text(item, "fbdata")
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            })
            .collect();
        Ok(OwaAnswer { items })
    }

    /// The "All Attendees" item, if any.
    #[must_use]
    pub fn all_attendees(&self) -> Option<&OwaItem> {
        self.items.iter().find(|i| i.is_all_attendees())
    }

    /// The item for `address`, if any.
    #[must_use]
    pub fn item_for(&self, address: &str) -> Option<&OwaItem> {
        self.items.iter().find(|i| i.matches(address))
    }

    /// Matches the items to the query's users and reads each raster from the query's
    /// (aligned) start over its range.
    ///
    /// # Errors
    ///
    /// [`Error::RasterDigit`] naming the user.
    pub fn resolve(&self, query: &OwaQuery) -> Result<OwaFreeBusy, Error> {
        let read = |item: &OwaItem| {
            raster_intervals(
                &item.fbdata,
                query.start,
                query.interval,
                Some(query.end),
                &item.label(),
            )
        };
        let all_attendees = self.all_attendees().map(read).transpose()?;
        let users = query
            .users
            .iter()
            .map(|u| match self.item_for(u) {
                Some(item) => Ok(OwaUser {
                    address: u.clone(),
                    display_name: item.display_name.clone(),
                    found: true,
                    intervals: read(item)?,
                }),
                None => Ok(OwaUser {
                    address: u.clone(),
                    display_name: None,
                    found: false,
                    intervals: query.no_data_intervals(),
                }),
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(OwaFreeBusy {
            all_attendees,
            users,
        })
    }
}
