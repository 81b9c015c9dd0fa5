//! `GetFreeBusyRequest` / `GetFreeBusyResponse` and `GetWorkingHoursRequest` /
//! `GetWorkingHoursResponse` (namespace `urn:zimbraMail`, soap-calendar.txt).

use freebusy_types::{IntervalError, Status, StatusInterval};
use interop_xml::{Element, Writer};
use serde_json::{Map, Value};

use crate::codec::{
    JsonCodec, XmlCodec, bool_text, expect_element, invalid, is_child, join_list, json_items,
    json_kind, json_ms, json_ns, json_ns_map, json_obj, json_opt_bool, json_opt_string, put_opt,
    split_list, w_opt, xml_attr, xml_ms, xml_opt_bool, xml_opt_string,
};
use crate::error::{DecodeError, EncodeError, ValidationError};
use crate::loc::Loc;
use crate::ns;

/// Milliseconds in a day.
pub const MS_PER_DAY: i64 = 86_400_000;

/// The longest range Zimbra answers, in whole days (GetFreeBusy.java `MAX_PERIOD_SIZE_IN_DAYS`).
pub const MAX_RANGE_DAYS: i64 = 200;

/// A requested range `[start, end)` in milliseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeRange {
    start: i64,
    end: i64,
}

impl TimeRange {
    /// A range with `0 <= start < end`.
    ///
    /// # Errors
    ///
    /// [`ValidationError::EmptyRange`] unless `start < end`.
    pub fn new(start: i64, end: i64) -> Result<Self, ValidationError> {
        if end <= start || start < 0 {
            return Err(ValidationError::EmptyRange { start, end });
        }
        Ok(TimeRange { start, end })
    }

    /// Checks the range the way Zimbra's `GetFreeBusy.validateRange` does: `e > s` and at
    /// most [`MAX_RANGE_DAYS`] whole days (`(e - s) / day`, rounded down).
    ///
    /// # Errors
    ///
    /// [`ValidationError::EmptyRange`] or [`ValidationError::RangeTooLong`].
    pub fn zimbra(start: i64, end: i64) -> Result<Self, ValidationError> {
        let r = TimeRange::new(start, end)?;
        let days = (end - start) / MS_PER_DAY;
        if days > MAX_RANGE_DAYS {
            return Err(ValidationError::RangeTooLong {
                start,
                end,
                days,
                max: MAX_RANGE_DAYS,
            });
        }
        Ok(r)
    }

    /// Start, ms since the epoch.
    pub fn start(&self) -> i64 {
        self.start
    }

    /// End (exclusive), ms since the epoch.
    pub fn end(&self) -> i64 {
        self.end
    }
}

/// One user of a `GetFreeBusyRequest`: `<usr id=".." | name=".." [l="folder"]/>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UserSpec {
    /// Zimbra account id.
    pub id: Option<String>,
    /// Email address.
    pub name: Option<String>,
    /// Calendar folder id (`l`); all calendar folders when absent.
    pub folder: Option<String>,
}

impl UserSpec {
    /// A user named by email address.
    pub fn by_name(name: impl Into<String>) -> Self {
        UserSpec {
            name: Some(name.into()),
            ..UserSpec::default()
        }
    }

    /// A user named by Zimbra id.
    pub fn by_id(id: impl Into<String>) -> Self {
        UserSpec {
            id: Some(id.into()),
            ..UserSpec::default()
        }
    }
}

/// `<GetFreeBusyRequest s= e= [uid=] [id=] [name=] [excludeUid=]><usr/>*</GetFreeBusyRequest>`.
///
/// Decoding validates the request as Zimbra does ([`GetFreeBusyRequest::validate`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GetFreeBusyRequest {
    /// Range start, ms since the epoch (`s`).
    pub start: i64,
    /// Range end, ms since the epoch (`e`).
    pub end: i64,
    /// `uid`: ids or email addresses (deprecated by Zimbra, still accepted).
    pub uid: Vec<String>,
    /// `id`: Zimbra account ids.
    pub id: Vec<String>,
    /// `name`: email addresses.
    pub name: Vec<String>,
    /// `excludeUid`: the UID of an appointment to leave out.
    pub exclude_uid: Option<String>,
    /// `usr` children.
    pub users: Vec<UserSpec>,
}

impl GetFreeBusyRequest {
    /// A request for `names` (email addresses) over `[start, end)`.
    pub fn for_names<S: Into<String>>(
        start: i64,
        end: i64,
        names: impl IntoIterator<Item = S>,
    ) -> Self {
        GetFreeBusyRequest {
            start,
            end,
            uid: Vec::new(),
            id: Vec::new(),
            name: names.into_iter().map(Into::into).collect(),
            exclude_uid: None,
            users: Vec::new(),
        }
    }

    /// Zimbra's checks: `e > s`, at most 200 days, at least one user, every `usr` with an
    /// `id` or a `name`.
    ///
    /// # Errors
    ///
    /// The first rule broken.
    pub fn validate(&self) -> Result<TimeRange, ValidationError> {
        let range = TimeRange::zimbra(self.start, self.end)?;
        if self.uid.is_empty()
            && self.id.is_empty()
            && self.name.is_empty()
            && self.users.is_empty()
        {
            return Err(ValidationError::NoUsers);
        }
        if let Some(i) = self
            .users
            .iter()
            .position(|u| u.id.is_none() && u.name.is_none())
        {
            return Err(ValidationError::UserWithoutIdOrName { index: i + 1 });
        }
        Ok(range)
    }
}

/// `<GetWorkingHoursRequest s= e= [id=] [name=]/>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GetWorkingHoursRequest {
    /// Range start, ms since the epoch.
    pub start: i64,
    /// Range end, ms since the epoch.
    pub end: i64,
    /// `id`: Zimbra account ids.
    pub id: Vec<String>,
    /// `name`: email addresses.
    pub name: Vec<String>,
}

impl GetWorkingHoursRequest {
    /// Zimbra's checks: the range as for free/busy, at least one id or name.
    ///
    /// # Errors
    ///
    /// The first rule broken.
    pub fn validate(&self) -> Result<TimeRange, ValidationError> {
        let range = TimeRange::zimbra(self.start, self.end)?;
        if self.id.is_empty() && self.name.is_empty() {
            return Err(ValidationError::NoUsers);
        }
        Ok(range)
    }
}

/// The optional detail attributes newer servers put on an interval when the caller has
/// the rights (`eventId`, `subject`, `location`, `isMeeting`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IntervalDetails {
    /// `eventId`.
    pub event_id: Option<String>,
    /// `subject`.
    pub subject: Option<String>,
    /// `location`.
    pub location: Option<String>,
    /// `isMeeting`.
    pub is_meeting: Option<bool>,
    /// `isRecurring`.
    pub is_recurring: Option<bool>,
    /// `isException`.
    pub is_exception: Option<bool>,
    /// `isReminderSet`.
    pub is_reminder_set: Option<bool>,
    /// `isPrivate`.
    pub is_private: Option<bool>,
    /// `hasPermission`.
    pub has_permission: Option<bool>,
}

impl IntervalDetails {
    /// Whether no detail is present.
    pub fn is_empty(&self) -> bool {
        *self == IntervalDetails::default()
    }

    fn strings(&self) -> [(&'static str, Option<&str>); 3] {
        [
            ("eventId", self.event_id.as_deref()),
            ("subject", self.subject.as_deref()),
            ("location", self.location.as_deref()),
        ]
    }

    fn bools(&self) -> [(&'static str, Option<bool>); 6] {
        [
            ("isMeeting", self.is_meeting),
            ("isRecurring", self.is_recurring),
            ("isException", self.is_exception),
            ("isReminderSet", self.is_reminder_set),
            ("isPrivate", self.is_private),
            ("hasPermission", self.has_permission),
        ]
    }

    fn set_bool(&mut self, name: &str, v: Option<bool>) {
        match name {
            "isMeeting" => self.is_meeting = v,
            "isRecurring" => self.is_recurring = v,
            "isException" => self.is_exception = v,
            "isReminderSet" => self.is_reminder_set = v,
            "isPrivate" => self.is_private = v,
            "hasPermission" => self.has_permission = v,
            _ => {}
        }
    }

    const BOOL_NAMES: [&'static str; 6] = [
        "isMeeting",
        "isRecurring",
        "isException",
        "isReminderSet",
        "isPrivate",
        "hasPermission",
    ];
}

/// One interval of a response, exactly as Zimbra sent it: status and milliseconds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ZimbraInterval {
    /// The status (element name `f`, `b`, `t`, `u` (or `o`), `n`).
    pub status: Status,
    /// Start, ms since the epoch (`s`).
    pub start: i64,
    /// End (exclusive), ms since the epoch (`e`).
    pub end: i64,
    /// Detail attributes, when the server sent any.
    pub details: IntervalDetails,
}

impl ZimbraInterval {
    /// An interval without details.
    pub fn new(status: Status, start: i64, end: i64) -> Self {
        ZimbraInterval {
            status,
            start,
            end,
            details: IntervalDetails::default(),
        }
    }

    /// The interval in the shared vocabulary.
    ///
    /// # Errors
    ///
    /// [`IntervalError`] when `start >= end` or a time is out of range.
    pub fn to_status_interval(&self) -> Result<StatusInterval, IntervalError> {
        StatusInterval::from_millis(self.status, self.start, self.end)
    }
}

/// The SOAP element name of a status (section 1 of the wire formats).
pub fn status_element(status: Status) -> &'static str {
    match status {
        Status::Free => "f",
        Status::NoData => "n",
        Status::Tentative => "t",
        Status::Busy => "b",
        Status::OutOfOffice => "u",
    }
}

/// The status of an interval element name; `o` (the handler's old comment) reads as `u`.
pub fn status_from_element(name: &str) -> Option<Status> {
    Some(match name {
        "f" => Status::Free,
        "n" => Status::NoData,
        "t" => Status::Tentative,
        "b" => Status::Busy,
        "u" | "o" => Status::OutOfOffice,
        _ => return None,
    })
}

/// How a response is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Validation {
    /// Fail on intervals outside the range, out of order or overlapping.
    #[default]
    Strict,
    /// Normalize instead: clip to the range, sort, resolve overlaps (busiest wins).
    Lenient,
}

/// One `usr` of a response with its intervals in document order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserFreeBusy {
    /// The user, as the server names it (Zimbra: the email address).
    pub id: String,
    /// The intervals.
    pub intervals: Vec<ZimbraInterval>,
}

impl UserFreeBusy {
    /// Strict checks: every interval non-empty and inside `range` (when given), ordered by
    /// start, none overlapping the one before (touching is fine).
    ///
    /// # Errors
    ///
    /// The first problem, naming the user and the interval.
    pub fn check(&self, range: Option<TimeRange>) -> Result<(), ValidationError> {
        let mut prev: Option<(usize, &ZimbraInterval)> = None;
        for (i, iv) in self.intervals.iter().enumerate() {
            let element = status_element(iv.status);
            if let Some(r) = range
                && (iv.start < r.start || iv.end > r.end)
            {
                return Err(ValidationError::OutOfRange {
                    user: self.id.clone(),
                    index: i + 1,
                    element,
                    start: iv.start,
                    end: iv.end,
                    range_start: r.start,
                    range_end: r.end,
                });
            }
            if let Some((pi, p)) = prev {
                if iv.start < p.start {
                    return Err(ValidationError::Unordered {
                        user: self.id.clone(),
                        index: i + 1,
                        element,
                        start: iv.start,
                        prev_index: pi + 1,
                        prev_start: p.start,
                    });
                }
                if iv.start < p.end {
                    return Err(ValidationError::Overlap {
                        user: self.id.clone(),
                        index: i + 1,
                        element,
                        start: iv.start,
                        prev_index: pi + 1,
                        prev_end: p.end,
                    });
                }
            }
            prev = Some((i, iv));
        }
        Ok(())
    }

    /// Lenient normalization: drops empty intervals, clips to `range`, and when the result
    /// is out of order or overlapping, overlays it (busiest status wins, same-status
    /// neighbours merge). Intervals that come through unchanged keep their details.
    pub fn normalize(&mut self, range: Option<TimeRange>) {
        let mut v: Vec<ZimbraInterval> = std::mem::take(&mut self.intervals)
            .into_iter()
            .filter_map(|mut iv| {
                if let Some(r) = range {
                    iv.start = iv.start.max(r.start);
                    iv.end = iv.end.min(r.end);
                }
                (iv.start < iv.end).then_some(iv)
            })
            .collect();
        let ok = v
            .windows(2)
            .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].start);
        if !ok {
            let pieces =
                freebusy_types::overlay(v.iter().filter_map(|iv| iv.to_status_interval().ok()));
            v = pieces
                .into_iter()
                .map(|p| {
                    let (s, e) = (p.start_millis(), p.end_millis());
                    let details = v
                        .iter()
                        .find(|iv| iv.status == p.status && iv.start == s && iv.end == e)
                        .map(|iv| iv.details.clone())
                        .unwrap_or_default();
                    ZimbraInterval {
                        status: p.status,
                        start: s,
                        end: e,
                        details,
                    }
                })
                .collect();
        }
        self.intervals = v;
    }

    /// The intervals in the shared vocabulary, as sent.
    ///
    /// # Errors
    ///
    /// [`IntervalError`] for an interval with `start >= end`.
    pub fn status_intervals(&self) -> Result<Vec<StatusInterval>, IntervalError> {
        self.intervals
            .iter()
            .map(ZimbraInterval::to_status_interval)
            .collect()
    }

    /// The non-free time, normalized ([`freebusy_types::overlay_non_free`]).
    ///
    /// # Errors
    ///
    /// [`IntervalError`] for an interval with `start >= end`.
    pub fn non_free(&self) -> Result<Vec<StatusInterval>, IntervalError> {
        Ok(freebusy_types::overlay_non_free(self.status_intervals()?))
    }
}

/// `<GetFreeBusyResponse><usr id=..><f s= e=/>...</usr>*</GetFreeBusyResponse>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct GetFreeBusyResponse {
    /// One entry per `usr`, in document order.
    pub users: Vec<UserFreeBusy>,
}

/// `<GetWorkingHoursResponse>`: the same shape; free = working hours, `u` = outside them,
/// `n` = unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct GetWorkingHoursResponse {
    /// One entry per `usr`, in document order.
    pub users: Vec<UserFreeBusy>,
}

macro_rules! response_checks {
    ($t:ty) => {
        impl $t {
            /// Strict validation of every user ([`UserFreeBusy::check`]).
            ///
            /// # Errors
            ///
            /// The first problem found.
            pub fn check(&self, range: Option<TimeRange>) -> Result<(), ValidationError> {
                self.users.iter().try_for_each(|u| u.check(range))
            }

            /// Lenient normalization of every user ([`UserFreeBusy::normalize`]).
            pub fn normalize(&mut self, range: Option<TimeRange>) {
                for u in &mut self.users {
                    u.normalize(range);
                }
            }

            /// Checks ([`Validation::Strict`]) or normalizes ([`Validation::Lenient`]).
            ///
            /// # Errors
            ///
            /// In strict mode, the first problem found.
            pub fn validated(
                mut self,
                range: Option<TimeRange>,
                mode: Validation,
            ) -> Result<Self, ValidationError> {
                match mode {
                    Validation::Strict => self.check(range)?,
                    Validation::Lenient => self.normalize(range),
                }
                Ok(self)
            }

            /// The user with this id.
            pub fn user(&self, id: &str) -> Option<&UserFreeBusy> {
                self.users.iter().find(|u| u.id == id)
            }
        }
    };
}
response_checks!(GetFreeBusyResponse);
response_checks!(GetWorkingHoursResponse);

// ---------------------------------------------------------------------------------------
// XML.

pub(crate) const GFB_REQ: &str = "GetFreeBusyRequest";
pub(crate) const GFB_RESP: &str = "GetFreeBusyResponse";
pub(crate) const GWH_REQ: &str = "GetWorkingHoursRequest";
pub(crate) const GWH_RESP: &str = "GetWorkingHoursResponse";

fn validated<T>(loc: &Loc<'_>, r: Result<T, ValidationError>) -> Result<T, DecodeError> {
    r.map_err(|error| DecodeError::Invalid {
        at: loc.at(),
        error,
    })
}

pub(crate) fn read_gfb_request_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<GetFreeBusyRequest, DecodeError> {
    expect_element(el, loc, ns::MAIL, GFB_REQ)?;
    let start = xml_ms(el, loc, "s")?;
    let end = xml_ms(el, loc, "e")?;
    let list = |n: &str| xml_attr(el, n).map(split_list).unwrap_or_default();
    let mut users = Vec::new();
    for (i, c) in el
        .elements()
        .filter(|c| is_child(c, ns::MAIL, "usr"))
        .enumerate()
    {
        let l = loc.user(
            i + 1,
            xml_attr(c, "id").or(xml_attr(c, "name")),
            Some(c.offset),
        );
        let u = UserSpec {
            id: xml_opt_string(c, "id"),
            name: xml_opt_string(c, "name"),
            folder: xml_opt_string(c, "l"),
        };
        if u.id.is_none() && u.name.is_none() {
            return Err(DecodeError::Invalid {
                at: l.at(),
                error: ValidationError::UserWithoutIdOrName { index: i + 1 },
            });
        }
        users.push(u);
    }
    let req = GetFreeBusyRequest {
        start,
        end,
        uid: list("uid"),
        id: list("id"),
        name: list("name"),
        exclude_uid: xml_opt_string(el, "excludeUid"),
        users,
    };
    validated(loc, req.validate())?;
    Ok(req)
}

pub(crate) fn write_gfb_request_xml(
    r: &GetFreeBusyRequest,
    w: &mut Writer,
) -> Result<(), EncodeError> {
    w.declare("", ns::MAIL);
    w.start(ns::MAIL, GFB_REQ);
    w.attr("", "s", &r.start.to_string());
    w.attr("", "e", &r.end.to_string());
    w_opt(w, "uid", join_list(&r.uid, GFB_REQ, "uid")?.as_deref());
    w_opt(w, "id", join_list(&r.id, GFB_REQ, "id")?.as_deref());
    w_opt(w, "name", join_list(&r.name, GFB_REQ, "name")?.as_deref());
    w_opt(w, "excludeUid", r.exclude_uid.as_deref());
    for u in &r.users {
        w.start(ns::MAIL, "usr");
        w_opt(w, "id", u.id.as_deref());
        w_opt(w, "name", u.name.as_deref());
        w_opt(w, "l", u.folder.as_deref());
        w.end();
    }
    w.end();
    Ok(())
}

pub(crate) fn read_gwh_request_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<GetWorkingHoursRequest, DecodeError> {
    expect_element(el, loc, ns::MAIL, GWH_REQ)?;
    let list = |n: &str| xml_attr(el, n).map(split_list).unwrap_or_default();
    let req = GetWorkingHoursRequest {
        start: xml_ms(el, loc, "s")?,
        end: xml_ms(el, loc, "e")?,
        id: list("id"),
        name: list("name"),
    };
    validated(loc, req.validate())?;
    Ok(req)
}

pub(crate) fn write_gwh_request_xml(
    r: &GetWorkingHoursRequest,
    w: &mut Writer,
) -> Result<(), EncodeError> {
    w.declare("", ns::MAIL);
    w.start(ns::MAIL, GWH_REQ);
    w.attr("", "s", &r.start.to_string());
    w.attr("", "e", &r.end.to_string());
    w_opt(w, "id", join_list(&r.id, GWH_REQ, "id")?.as_deref());
    w_opt(w, "name", join_list(&r.name, GWH_REQ, "name")?.as_deref());
    w.end();
    Ok(())
}

/// Reads the `usr` children of a response element.
pub(crate) fn read_users_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<Vec<UserFreeBusy>, DecodeError> {
    let mut users = Vec::new();
    for (i, c) in el
        .elements()
        .filter(|c| is_child(c, ns::MAIL, "usr"))
        .enumerate()
    {
        let id = xml_attr(c, "id").or(xml_attr(c, "name"));
        let l = loc.user(i + 1, id, Some(c.offset));
        let Some(id) = id else {
            return Err(DecodeError::MissingAttribute {
                at: l.at(),
                attribute: "id",
            });
        };
        let mut intervals = Vec::with_capacity(c.children.len());
        for (j, iv) in c.elements().enumerate() {
            let name = iv.name.local();
            let status = match status_from_element(name) {
                Some(s) if iv.name.ns() == ns::MAIL || iv.name.ns().is_empty() => s,
                _ => {
                    return Err(DecodeError::UnknownElement {
                        at: l.at(),
                        name: iv.name.to_string(),
                    });
                }
            };
            let il = l.indexed(name, j + 1, Some(iv.offset));
            let start = xml_ms(iv, &il, "s")?;
            let end = xml_ms(iv, &il, "e")?;
            if end <= start {
                return Err(invalid(
                    &il,
                    "e",
                    &end.to_string(),
                    "end is not after start s",
                ));
            }
            let mut details = IntervalDetails::default();
            if iv.attrs.len() > 2 {
                details.event_id = xml_opt_string(iv, "eventId");
                details.subject = xml_opt_string(iv, "subject");
                details.location = xml_opt_string(iv, "location");
                for n in IntervalDetails::BOOL_NAMES {
                    details.set_bool(n, xml_opt_bool(iv, &il, n)?);
                }
            }
            intervals.push(ZimbraInterval {
                status,
                start,
                end,
                details,
            });
        }
        users.push(UserFreeBusy {
            id: id.to_owned(),
            intervals,
        });
    }
    Ok(users)
}

pub(crate) fn write_users_xml(users: &[UserFreeBusy], w: &mut Writer) {
    let mut buf = itoa_buf();
    for u in users {
        w.start(ns::MAIL, "usr").attr("", "id", &u.id);
        for iv in &u.intervals {
            w.start(ns::MAIL, status_element(iv.status));
            w.attr("", "s", fmt_i64(&mut buf, iv.start));
            w.attr("", "e", fmt_i64(&mut buf, iv.end));
            if !iv.details.is_empty() {
                for (n, v) in iv.details.strings() {
                    w_opt(w, n, v);
                }
                for (n, v) in iv.details.bools() {
                    w_opt(w, n, v.map(bool_text));
                }
            }
            w.end();
        }
        w.end();
    }
}

fn itoa_buf() -> String {
    String::with_capacity(24)
}

fn fmt_i64(buf: &mut String, v: i64) -> &str {
    use std::fmt::Write;
    buf.clear();
    let _ = write!(buf, "{v}");
    buf
}

pub(crate) fn read_gfb_response_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<GetFreeBusyResponse, DecodeError> {
    expect_element(el, loc, ns::MAIL, GFB_RESP)?;
    Ok(GetFreeBusyResponse {
        users: read_users_xml(el, loc)?,
    })
}

pub(crate) fn read_gwh_response_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<GetWorkingHoursResponse, DecodeError> {
    expect_element(el, loc, ns::MAIL, GWH_RESP)?;
    Ok(GetWorkingHoursResponse {
        users: read_users_xml(el, loc)?,
    })
}

fn write_response_xml(name: &str, users: &[UserFreeBusy], w: &mut Writer) {
    w.declare("", ns::MAIL);
    w.start(ns::MAIL, name);
    write_users_xml(users, w);
    w.end();
}

// ---------------------------------------------------------------------------------------
// JSON.

fn json_list(
    m: &Map<String, Value>,
    loc: &Loc<'_>,
    name: &str,
) -> Result<Vec<String>, DecodeError> {
    Ok(json_opt_string(m, loc, name)?
        .map(|s| split_list(&s))
        .unwrap_or_default())
}

fn put_list(
    m: &mut Map<String, Value>,
    name: &'static str,
    element: &'static str,
    items: &[String],
) -> Result<(), EncodeError> {
    if let Some(v) = join_list(items, element, name)? {
        m.insert(name.into(), Value::String(v));
    }
    Ok(())
}

pub(crate) fn read_gfb_request_json(
    v: &Value,
    loc: &Loc<'_>,
) -> Result<GetFreeBusyRequest, DecodeError> {
    let m = json_obj(v, loc)?;
    json_ns(m, loc, GFB_REQ, ns::MAIL)?;
    let mut users = Vec::new();
    if let Some(us) = m.get("usr") {
        for (i, u) in json_items(us).iter().enumerate() {
            let l0 = loc.user(i + 1, None, None);
            let um = json_obj(u, &l0)?;
            let spec = UserSpec {
                id: json_opt_string(um, &l0, "id")?,
                name: json_opt_string(um, &l0, "name")?,
                folder: json_opt_string(um, &l0, "l")?,
            };
            if spec.id.is_none() && spec.name.is_none() {
                return Err(DecodeError::Invalid {
                    at: l0.at(),
                    error: ValidationError::UserWithoutIdOrName { index: i + 1 },
                });
            }
            users.push(spec);
        }
    }
    let req = GetFreeBusyRequest {
        start: json_ms(m, loc, "s")?,
        end: json_ms(m, loc, "e")?,
        uid: json_list(m, loc, "uid")?,
        id: json_list(m, loc, "id")?,
        name: json_list(m, loc, "name")?,
        exclude_uid: json_opt_string(m, loc, "excludeUid")?,
        users,
    };
    validated(loc, req.validate())?;
    Ok(req)
}

pub(crate) fn write_gfb_request_json(r: &GetFreeBusyRequest) -> Result<Value, EncodeError> {
    let mut m = json_ns_map(ns::MAIL);
    m.insert("s".into(), Value::from(r.start));
    m.insert("e".into(), Value::from(r.end));
    put_list(&mut m, "uid", GFB_REQ, &r.uid)?;
    put_list(&mut m, "id", GFB_REQ, &r.id)?;
    put_list(&mut m, "name", GFB_REQ, &r.name)?;
    put_opt(&mut m, "excludeUid", r.exclude_uid.as_deref());
    if !r.users.is_empty() {
        let us = r
            .users
            .iter()
            .map(|u| {
                let mut um = Map::new();
                put_opt(&mut um, "id", u.id.as_deref());
                put_opt(&mut um, "name", u.name.as_deref());
                put_opt(&mut um, "l", u.folder.as_deref());
                Value::Object(um)
            })
            .collect();
        m.insert("usr".into(), Value::Array(us));
    }
    Ok(Value::Object(m))
}

pub(crate) fn read_gwh_request_json(
    v: &Value,
    loc: &Loc<'_>,
) -> Result<GetWorkingHoursRequest, DecodeError> {
    let m = json_obj(v, loc)?;
    json_ns(m, loc, GWH_REQ, ns::MAIL)?;
    let req = GetWorkingHoursRequest {
        start: json_ms(m, loc, "s")?,
        end: json_ms(m, loc, "e")?,
        id: json_list(m, loc, "id")?,
        name: json_list(m, loc, "name")?,
    };
    validated(loc, req.validate())?;
    Ok(req)
}

pub(crate) fn write_gwh_request_json(r: &GetWorkingHoursRequest) -> Result<Value, EncodeError> {
    let mut m = json_ns_map(ns::MAIL);
    m.insert("s".into(), Value::from(r.start));
    m.insert("e".into(), Value::from(r.end));
    put_list(&mut m, "id", GWH_REQ, &r.id)?;
    put_list(&mut m, "name", GWH_REQ, &r.name)?;
    Ok(Value::Object(m))
}

pub(crate) fn read_users_json(
    m: &Map<String, Value>,
    loc: &Loc<'_>,
) -> Result<Vec<UserFreeBusy>, DecodeError> {
    let Some(us) = m.get("usr") else {
        return Ok(Vec::new());
    };
    let mut users = Vec::new();
    for (i, u) in json_items(us).iter().enumerate() {
        let l0 = loc.user(i + 1, None, None);
        let um = json_obj(u, &l0)?;
        let id = match json_opt_string(um, &l0, "id")? {
            Some(id) => id,
            None => match json_opt_string(um, &l0, "name")? {
                Some(n) => n,
                None => {
                    return Err(DecodeError::MissingAttribute {
                        at: l0.at(),
                        attribute: "id",
                    });
                }
            },
        };
        let l = loc.user(i + 1, Some(&id), None);
        let mut intervals = Vec::new();
        for (key, val) in um {
            if key == "_jsns" {
                continue;
            }
            let Some(status) = status_from_element(key) else {
                if matches!(val, Value::Array(_) | Value::Object(_)) {
                    return Err(DecodeError::UnknownElement {
                        at: l.at(),
                        name: key.clone(),
                    });
                }
                continue;
            };
            for (j, iv) in json_items(val).iter().enumerate() {
                let il = l.indexed(key, j + 1, None);
                let Value::Object(im) = iv else {
                    return Err(DecodeError::UnexpectedElement {
                        at: il.at(),
                        expected: "an interval object {\"s\":..,\"e\":..}".into(),
                        found: json_kind(iv).into(),
                    });
                };
                let start = json_ms(im, &il, "s")?;
                let end = json_ms(im, &il, "e")?;
                if end <= start {
                    return Err(invalid(
                        &il,
                        "e",
                        &end.to_string(),
                        "end is not after start s",
                    ));
                }
                let mut details = IntervalDetails::default();
                if im.len() > 2 {
                    details.event_id = json_opt_string(im, &il, "eventId")?;
                    details.subject = json_opt_string(im, &il, "subject")?;
                    details.location = json_opt_string(im, &il, "location")?;
                    for n in IntervalDetails::BOOL_NAMES {
                        details.set_bool(n, json_opt_bool(im, &il, n)?);
                    }
                }
                intervals.push(ZimbraInterval {
                    status,
                    start,
                    end,
                    details,
                });
            }
        }
        // JSON groups intervals by status; restore time order (stable: ties keep their order).
        intervals.sort_by_key(|iv| (iv.start, iv.end, iv.status));
        users.push(UserFreeBusy { id, intervals });
    }
    Ok(users)
}

pub(crate) fn write_users_json(users: &[UserFreeBusy]) -> Value {
    let us = users
        .iter()
        .map(|u| {
            let mut um = Map::new();
            um.insert("id".into(), Value::String(u.id.clone()));
            for status in Status::ALL {
                let items: Vec<Value> = u
                    .intervals
                    .iter()
                    .filter(|iv| iv.status == status)
                    .map(|iv| {
                        let mut im = Map::new();
                        im.insert("s".into(), Value::from(iv.start));
                        im.insert("e".into(), Value::from(iv.end));
                        for (n, v) in iv.details.strings() {
                            put_opt(&mut im, n, v);
                        }
                        for (n, v) in iv.details.bools() {
                            if let Some(b) = v {
                                im.insert(n.into(), Value::Bool(b));
                            }
                        }
                        Value::Object(im)
                    })
                    .collect();
                if !items.is_empty() {
                    um.insert(status_element(status).into(), Value::Array(items));
                }
            }
            Value::Object(um)
        })
        .collect();
    Value::Array(us)
}

fn read_response_json(
    v: &Value,
    loc: &Loc<'_>,
    name: &str,
) -> Result<Vec<UserFreeBusy>, DecodeError> {
    let m = json_obj(v, loc)?;
    json_ns(m, loc, name, ns::MAIL)?;
    read_users_json(m, loc)
}

fn write_response_json(users: &[UserFreeBusy]) -> Value {
    let mut m = json_ns_map(ns::MAIL);
    if !users.is_empty() {
        m.insert("usr".into(), write_users_json(users));
    }
    Value::Object(m)
}

pub(crate) fn read_gfb_response_json(
    v: &Value,
    loc: &Loc<'_>,
) -> Result<GetFreeBusyResponse, DecodeError> {
    Ok(GetFreeBusyResponse {
        users: read_response_json(v, loc, GFB_RESP)?,
    })
}

pub(crate) fn read_gwh_response_json(
    v: &Value,
    loc: &Loc<'_>,
) -> Result<GetWorkingHoursResponse, DecodeError> {
    Ok(GetWorkingHoursResponse {
        users: read_response_json(v, loc, GWH_RESP)?,
    })
}

// ---------------------------------------------------------------------------------------
// Trait implementations.

impl XmlCodec for GetFreeBusyRequest {
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        write_gfb_request_xml(self, w)
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_gfb_request_xml(el, &Loc::root(GFB_REQ, Some(el.offset)))
    }
}

impl JsonCodec for GetFreeBusyRequest {
    fn to_json(&self) -> Result<Value, EncodeError> {
        write_gfb_request_json(self)
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_gfb_request_json(value, &Loc::root(GFB_REQ, None))
    }
}

impl XmlCodec for GetWorkingHoursRequest {
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        write_gwh_request_xml(self, w)
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_gwh_request_xml(el, &Loc::root(GWH_REQ, Some(el.offset)))
    }
}

impl JsonCodec for GetWorkingHoursRequest {
    fn to_json(&self) -> Result<Value, EncodeError> {
        write_gwh_request_json(self)
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_gwh_request_json(value, &Loc::root(GWH_REQ, None))
    }
}

impl XmlCodec for GetFreeBusyResponse {
    /// Accepts the message alone or in a SOAP envelope (a fault gives
    /// [`DecodeError::Fault`]). Streams the document when it decodes cleanly; otherwise
    /// decodes the tree, which reports the precise error.
    fn from_xml_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        match <Self as crate::ZimbraMessage>::decode_xml_fast(bytes) {
            Some(v) => Ok(v),
            None if crate::detect_format(bytes) == Some(crate::Format::Xml) => crate::decode(bytes),
            None => Self::from_xml(&interop_xml::parse(bytes, &crate::codec::limits())?),
        }
    }
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        write_response_xml(GFB_RESP, &self.users, w);
        Ok(())
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_gfb_response_xml(el, &Loc::root(GFB_RESP, Some(el.offset)))
    }
}

impl JsonCodec for GetFreeBusyResponse {
    fn to_json(&self) -> Result<Value, EncodeError> {
        Ok(write_response_json(&self.users))
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_gfb_response_json(value, &Loc::root(GFB_RESP, None))
    }
}

impl XmlCodec for GetWorkingHoursResponse {
    /// Accepts the message alone or in a SOAP envelope (a fault gives
    /// [`DecodeError::Fault`]). Streams the document when it decodes cleanly; otherwise
    /// decodes the tree, which reports the precise error.
    fn from_xml_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        match <Self as crate::ZimbraMessage>::decode_xml_fast(bytes) {
            Some(v) => Ok(v),
            None if crate::detect_format(bytes) == Some(crate::Format::Xml) => crate::decode(bytes),
            None => Self::from_xml(&interop_xml::parse(bytes, &crate::codec::limits())?),
        }
    }
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        write_response_xml(GWH_RESP, &self.users, w);
        Ok(())
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_gwh_response_xml(el, &Loc::root(GWH_RESP, Some(el.offset)))
    }
}

impl JsonCodec for GetWorkingHoursResponse {
    fn to_json(&self) -> Result<Value, EncodeError> {
        Ok(write_response_json(&self.users))
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_gwh_response_json(value, &Loc::root(GWH_RESP, None))
    }
}
