//! SOAP envelopes (1.2 and 1.1), the `urn:zimbra` context header, faults, and the
//! [`Message`] sum of every message this crate knows.

use std::fmt;

use interop_xml::{Element, Writer};
use serde_json::{Map, Value};

use crate::codec::{
    JsonCodec, XmlCodec, expect_element, json_items, json_ns, json_ns_map, json_obj,
    json_opt_string, json_text, parse_json, put_opt, w_opt, xml_attr, xml_opt_string,
};
use crate::error::{DecodeError, EncodeError};
use crate::freebusy::{
    GFB_REQ, GFB_RESP, GWH_REQ, GWH_RESP, GetFreeBusyRequest, GetFreeBusyResponse,
    GetWorkingHoursRequest, GetWorkingHoursResponse,
};
use crate::gal::{
    AC_REQ, AC_RESP, AutoCompleteGalRequest, AutoCompleteGalResponse, SG_REQ, SG_RESP,
    SearchGalRequest, SearchGalResponse,
};
use crate::loc::Loc;
use crate::{freebusy, gal, ns};

/// The SOAP version of an envelope (and so the shape of its fault).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.2 (`http://www.w3.org/2003/05/soap-envelope`), what Zimbra speaks.
    #[default]
    Soap12,
    /// SOAP 1.1 (`http://schemas.xmlsoap.org/soap/envelope/`), which Zimbra also accepts.
    Soap11,
}

impl SoapVersion {
    /// The envelope namespace.
    pub fn namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap12 => ns::SOAP12,
            SoapVersion::Soap11 => ns::SOAP11,
        }
    }

    /// The version whose envelope namespace is `uri`.
    pub fn from_namespace(uri: &str) -> Option<Self> {
        match uri {
            ns::SOAP12 => Some(SoapVersion::Soap12),
            ns::SOAP11 => Some(SoapVersion::Soap11),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Context header.

/// How `<account by="...">` names an account.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AccountBy {
    /// `by="name"` (the default when `by` is absent).
    Name,
    /// `by="id"`.
    Id,
    /// Any other selector (`foreignPrincipal`, ...).
    Other(String),
}

impl AccountBy {
    fn parse(s: &str) -> Self {
        match s {
            "name" => AccountBy::Name,
            "id" => AccountBy::Id,
            other => AccountBy::Other(other.to_owned()),
        }
    }

    /// The attribute value.
    pub fn as_str(&self) -> &str {
        match self {
            AccountBy::Name => "name",
            AccountBy::Id => "id",
            AccountBy::Other(s) => s,
        }
    }
}

/// `<account by="name|id">value</account>`: the account the request acts on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AccountSelector {
    /// How `value` names the account.
    pub by: AccountBy,
    /// The account name or id.
    pub value: String,
}

/// `<userAgent name=".." version=".."/>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UserAgent {
    /// Client name.
    pub name: Option<String>,
    /// Client version.
    pub version: Option<String>,
}

/// `<session [id=".."]/>`: a bare session asks for a new one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Session {
    /// The session id returned by the server.
    pub id: Option<String>,
}

/// The `<context xmlns="urn:zimbra">` header. Other header content (notifications,
/// refresh blocks, change tokens) is skipped when reading.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Context {
    /// `<authToken>`: a credential, redacted in `Debug`.
    pub auth_token: Option<String>,
    /// `<session>`.
    pub session: Option<Session>,
    /// `<account by="..">`.
    pub account: Option<AccountSelector>,
    /// `<userAgent>`.
    pub user_agent: Option<UserAgent>,
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field(
                "auth_token",
                &self.auth_token.as_ref().map(|_| "<redacted>"),
            )
            .field("session", &self.session)
            .field("account", &self.account)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

fn read_context_xml(el: &Element) -> Context {
    let mut c = Context::default();
    for ch in el
        .elements()
        .filter(|e| e.name.ns() == ns::ZIMBRA || e.name.ns().is_empty())
    {
        match ch.name.local() {
            "authToken" => c.auth_token = Some(ch.text()),
            "session" => {
                let id = xml_opt_string(ch, "id").or_else(|| {
                    let t = ch.text();
                    (!t.is_empty()).then_some(t)
                });
                c.session = Some(Session { id });
            }
            "account" => {
                c.account = Some(AccountSelector {
                    by: xml_attr(ch, "by").map_or(AccountBy::Name, AccountBy::parse),
                    value: ch.text(),
                });
            }
            "userAgent" => {
                c.user_agent = Some(UserAgent {
                    name: xml_opt_string(ch, "name"),
                    version: xml_opt_string(ch, "version"),
                });
            }
            _ => {}
        }
    }
    c
}

fn write_context_xml(c: &Context, w: &mut Writer) {
    w.declare("", ns::ZIMBRA);
    w.start(ns::ZIMBRA, "context");
    if let Some(t) = &c.auth_token {
        w.start(ns::ZIMBRA, "authToken").text(t).end();
    }
    if let Some(s) = &c.session {
        w.start(ns::ZIMBRA, "session");
        w_opt(w, "id", s.id.as_deref());
        w.end();
    }
    if let Some(a) = &c.account {
        w.start(ns::ZIMBRA, "account")
            .attr("", "by", a.by.as_str())
            .text(&a.value)
            .end();
    }
    if let Some(u) = &c.user_agent {
        w.start(ns::ZIMBRA, "userAgent");
        w_opt(w, "name", u.name.as_deref());
        w_opt(w, "version", u.version.as_deref());
        w.end();
    }
    w.end();
}

fn read_context_json(v: &Value, loc: &Loc<'_>) -> Result<Context, DecodeError> {
    let m = json_obj(v, loc)?;
    json_ns(m, loc, "context", ns::ZIMBRA)?;
    let mut c = Context::default();
    if let Some(t) = m.get("authToken") {
        c.auth_token = Some(json_text(t, loc, "authToken")?);
    }
    if let Some(s) = m.get("session") {
        let id = match s {
            Value::Object(sm) => match json_opt_string(sm, loc, "id")? {
                Some(id) => Some(id),
                None => sm
                    .get("_content")
                    .map(|v| json_text(v, loc, "session"))
                    .transpose()?,
            },
            Value::Null => None,
            other => Some(json_text(other, loc, "session")?),
        };
        c.session = Some(Session { id });
    }
    if let Some(a) = m.get("account") {
        let (by, value) = match a {
            Value::Object(am) => (
                json_opt_string(am, loc, "by")?,
                am.get("_content")
                    .map(|v| json_text(v, loc, "account"))
                    .transpose()?,
            ),
            other => (None, Some(json_text(other, loc, "account")?)),
        };
        c.account = Some(AccountSelector {
            by: by.as_deref().map_or(AccountBy::Name, AccountBy::parse),
            value: value.unwrap_or_default(),
        });
    }
    if let Some(u) = m.get("userAgent") {
        let um = json_obj(u, loc)?;
        c.user_agent = Some(UserAgent {
            name: json_opt_string(um, loc, "name")?,
            version: json_opt_string(um, loc, "version")?,
        });
    }
    Ok(c)
}

fn write_context_json(c: &Context) -> Value {
    let mut m = json_ns_map(ns::ZIMBRA);
    if let Some(t) = &c.auth_token {
        m.insert("authToken".into(), crate::codec::json_content(t));
    }
    if let Some(s) = &c.session {
        let mut sm = Map::new();
        put_opt(&mut sm, "id", s.id.as_deref());
        m.insert("session".into(), Value::Object(sm));
    }
    if let Some(a) = &c.account {
        let mut am = Map::new();
        am.insert("by".into(), Value::String(a.by.as_str().to_owned()));
        am.insert("_content".into(), Value::String(a.value.clone()));
        m.insert("account".into(), Value::Object(am));
    }
    if let Some(u) = &c.user_agent {
        let mut um = Map::new();
        put_opt(&mut um, "name", u.name.as_deref());
        put_opt(&mut um, "version", u.version.as_deref());
        m.insert("userAgent".into(), Value::Object(um));
    }
    Value::Object(m)
}

// ---------------------------------------------------------------------------------------
// Faults.

/// The SOAP fault code (`Code/Value` in SOAP 1.2, `faultcode` in SOAP 1.1). SOAP 1.1's
/// `Client` reads as [`FaultCode::Sender`] and `Server` as [`FaultCode::Receiver`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FaultCode {
    /// The request was wrong (1.1 `Client`).
    Sender,
    /// The server failed (1.1 `Server`).
    Receiver,
    /// `VersionMismatch`.
    VersionMismatch,
    /// `MustUnderstand`.
    MustUnderstand,
    /// Any other code (its local part).
    Other(String),
}

impl FaultCode {
    /// Reads `soap:Sender`, `Sender`, `soap:Client`, ... (the prefix is dropped).
    pub fn parse(text: &str) -> Self {
        let t = text.trim();
        let local = t.split_once(':').map_or(t, |(_, l)| l.trim());
        match local {
            "Sender" | "Client" => FaultCode::Sender,
            "Receiver" | "Server" => FaultCode::Receiver,
            "VersionMismatch" => FaultCode::VersionMismatch,
            "MustUnderstand" => FaultCode::MustUnderstand,
            other => FaultCode::Other(other.to_owned()),
        }
    }

    /// The local part as SOAP `version` spells it.
    pub fn local(&self, version: SoapVersion) -> &str {
        match (self, version) {
            (FaultCode::Sender, SoapVersion::Soap12) => "Sender",
            (FaultCode::Sender, SoapVersion::Soap11) => "Client",
            (FaultCode::Receiver, SoapVersion::Soap12) => "Receiver",
            (FaultCode::Receiver, SoapVersion::Soap11) => "Server",
            (FaultCode::VersionMismatch, _) => "VersionMismatch",
            (FaultCode::MustUnderstand, _) => "MustUnderstand",
            (FaultCode::Other(s), _) => s,
        }
    }
}

/// Zimbra's error code (`Detail/Error/Code`), with the ones a free/busy client meets
/// named; everything else is [`ErrorCode::Other`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `service.FAILURE`.
    Failure,
    /// `service.INVALID_REQUEST`.
    InvalidRequest,
    /// `service.UNKNOWN_DOCUMENT`.
    UnknownDocument,
    /// `service.PARSE_ERROR`.
    ParseError,
    /// `service.PERM_DENIED`.
    PermDenied,
    /// `service.AUTH_REQUIRED`.
    AuthRequired,
    /// `service.AUTH_EXPIRED`.
    AuthExpired,
    /// `service.TEMPORARILY_UNAVAILABLE`.
    TemporarilyUnavailable,
    /// `account.AUTH_FAILED`.
    AuthFailed,
    /// `account.NO_SUCH_ACCOUNT`.
    NoSuchAccount,
    /// `account.NO_SUCH_DOMAIN`.
    NoSuchDomain,
    /// `mail.NO_SUCH_FOLDER`.
    NoSuchFolder,
    /// Any other code, as written.
    Other(String),
}

const ERROR_CODES: [(&str, ErrorCode); 12] = [
    ("service.FAILURE", ErrorCode::Failure),
    ("service.INVALID_REQUEST", ErrorCode::InvalidRequest),
    ("service.UNKNOWN_DOCUMENT", ErrorCode::UnknownDocument),
    ("service.PARSE_ERROR", ErrorCode::ParseError),
    ("service.PERM_DENIED", ErrorCode::PermDenied),
    ("service.AUTH_REQUIRED", ErrorCode::AuthRequired),
    ("service.AUTH_EXPIRED", ErrorCode::AuthExpired),
    (
        "service.TEMPORARILY_UNAVAILABLE",
        ErrorCode::TemporarilyUnavailable,
    ),
    ("account.AUTH_FAILED", ErrorCode::AuthFailed),
    ("account.NO_SUCH_ACCOUNT", ErrorCode::NoSuchAccount),
    ("account.NO_SUCH_DOMAIN", ErrorCode::NoSuchDomain),
    ("mail.NO_SUCH_FOLDER", ErrorCode::NoSuchFolder),
];

impl ErrorCode {
    /// The code for `text` (exact spelling, e.g. `service.INVALID_REQUEST`).
    pub fn parse(text: &str) -> Self {
        ERROR_CODES
            .iter()
            .find(|(s, _)| *s == text)
            .map_or_else(|| ErrorCode::Other(text.to_owned()), |(_, c)| c.clone())
    }

    /// The code as Zimbra writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Other(s) => s,
            known => ERROR_CODES
                .iter()
                .find(|(_, c)| c == known)
                .map_or("", |(s, _)| s),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `<a n="name" t="type">value</a>` argument of a Zimbra error.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FaultArg {
    /// `n`.
    pub name: String,
    /// `t` (e.g. `IID`, `STR`).
    pub kind: Option<String>,
    /// The text.
    pub value: String,
}

/// `Detail/Error` (namespace `urn:zimbra`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FaultDetail {
    /// `Code`, e.g. `service.INVALID_REQUEST`.
    pub code: ErrorCode,
    /// `Trace`: the server's request trace id.
    pub trace: Option<String>,
    /// `a` arguments.
    pub args: Vec<FaultArg>,
}

/// A SOAP fault: the server refused the request. Match on [`Fault::error_code`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fault {
    /// `Code/Value` (`faultcode`).
    pub code: FaultCode,
    /// `Reason/Text` (`faultstring`).
    pub reason: String,
    /// `Detail/Error`, when present.
    pub detail: Option<FaultDetail>,
}

impl Fault {
    /// A fault with a Zimbra error code.
    pub fn new(code: FaultCode, reason: impl Into<String>, error: ErrorCode) -> Self {
        Fault {
            code,
            reason: reason.into(),
            detail: Some(FaultDetail {
                code: error,
                trace: None,
                args: Vec::new(),
            }),
        }
    }

    /// Zimbra's error code, when the fault has one.
    pub fn error_code(&self) -> Option<&ErrorCode> {
        self.detail.as_ref().map(|d| &d.code)
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.detail {
            Some(d) => write!(f, "{}: {}", d.code, self.reason),
            None => write!(
                f,
                "{}: {}",
                self.code.local(SoapVersion::Soap12),
                self.reason
            ),
        }
    }
}

impl std::error::Error for Fault {}

fn soap_child<'e>(el: &'e Element, ns_uri: &str, local: &str) -> Option<&'e Element> {
    el.elements()
        .find(|e| e.name.local() == local && (e.name.ns() == ns_uri || e.name.ns().is_empty()))
}

fn read_error_detail(detail: &Element) -> Option<FaultDetail> {
    let error = detail.child(ns::ZIMBRA, "Error")?;
    let code = error
        .child(ns::ZIMBRA, "Code")
        .map(|c| ErrorCode::parse(c.text().trim()))
        .unwrap_or(ErrorCode::Other(String::new()));
    let trace = error.child(ns::ZIMBRA, "Trace").map(|t| t.text());
    let args = error
        .children_named(ns::ZIMBRA, "a")
        .map(|a| FaultArg {
            name: xml_attr(a, "n").unwrap_or_default().to_owned(),
            kind: xml_opt_string(a, "t"),
            value: a.text(),
        })
        .collect();
    Some(FaultDetail { code, trace, args })
}

pub(crate) fn read_fault_xml(el: &Element, loc: &Loc<'_>) -> Result<Fault, DecodeError> {
    let Some(version) = SoapVersion::from_namespace(el.name.ns()) else {
        return Err(DecodeError::WrongNamespace {
            at: loc.at(),
            element: "Fault".into(),
            expected: ns::SOAP12,
            found: el.name.ns().to_owned(),
        });
    };
    let uri = version.namespace();
    let text_of = |parent: &Element, local: &str| soap_child(parent, uri, local).map(|e| e.text());
    let (code, reason, detail) = match version {
        SoapVersion::Soap12 => {
            let code = soap_child(el, uri, "Code")
                .and_then(|c| soap_child(c, uri, "Value"))
                .map(|v| v.text());
            let reason = soap_child(el, uri, "Reason").and_then(|r| text_of(r, "Text"));
            (code, reason, soap_child(el, uri, "Detail"))
        }
        SoapVersion::Soap11 => (
            text_of(el, "faultcode"),
            text_of(el, "faultstring"),
            soap_child(el, uri, "detail"),
        ),
    };
    let Some(code) = code else {
        return Err(DecodeError::MissingElement {
            at: loc.at(),
            name: match version {
                SoapVersion::Soap12 => "Code/Value",
                SoapVersion::Soap11 => "faultcode",
            },
        });
    };
    Ok(Fault {
        code: FaultCode::parse(&code),
        reason: reason.unwrap_or_default(),
        detail: detail.and_then(read_error_detail),
    })
}

pub(crate) fn write_fault_xml(f: &Fault, version: SoapVersion, declare: bool, w: &mut Writer) {
    let uri = version.namespace();
    if declare {
        w.declare("soap", uri);
    }
    w.start(uri, "Fault");
    let code = format!("soap:{}", f.code.local(version));
    let (detail_ns, detail_name) = match version {
        SoapVersion::Soap12 => {
            w.start(uri, "Code")
                .start(uri, "Value")
                .text(&code)
                .end()
                .end();
            w.start(uri, "Reason")
                .start(uri, "Text")
                .text(&f.reason)
                .end()
                .end();
            (uri, "Detail")
        }
        SoapVersion::Soap11 => {
            w.start("", "faultcode").text(&code).end();
            w.start("", "faultstring").text(&f.reason).end();
            ("", "detail")
        }
    };
    if let Some(d) = &f.detail {
        w.start(detail_ns, detail_name);
        w.declare("", ns::ZIMBRA);
        w.start(ns::ZIMBRA, "Error");
        w.start(ns::ZIMBRA, "Code").text(d.code.as_str()).end();
        if let Some(t) = &d.trace {
            w.start(ns::ZIMBRA, "Trace").text(t).end();
        }
        for a in &d.args {
            w.start(ns::ZIMBRA, "a").attr("", "n", &a.name);
            w_opt(w, "t", a.kind.as_deref());
            w.text(&a.value).end();
        }
        w.end().end();
    }
    w.end();
}

pub(crate) fn read_fault_json(v: &Value, loc: &Loc<'_>) -> Result<Fault, DecodeError> {
    let m = json_obj(v, loc)?;
    let code = match m.get("Code") {
        Some(Value::Object(cm)) => match cm.get("Value") {
            Some(v) => json_text(v, loc, "Code/Value")?,
            None => json_text(&Value::Object(cm.clone()), loc, "Code")?,
        },
        Some(other) => json_text(other, loc, "Code")?,
        None => {
            return Err(DecodeError::MissingElement {
                at: loc.at(),
                name: "Code",
            });
        }
    };
    let reason = match m.get("Reason") {
        Some(Value::Object(rm)) => match rm.get("Text") {
            Some(t) => json_text(t, loc, "Reason/Text")?,
            None => String::new(),
        },
        Some(other) => json_text(other, loc, "Reason")?,
        None => String::new(),
    };
    let detail = match m.get("Detail").map(|d| json_obj(d, loc)).transpose()? {
        Some(dm) => match dm.get("Error") {
            Some(e) => {
                let el = loc.child("Error", None);
                let em = json_obj(e, &el)?;
                json_ns(em, &el, "Error", ns::ZIMBRA)?;
                let code = match em.get("Code") {
                    Some(c) => ErrorCode::parse(json_text(c, &el, "Code")?.trim()),
                    None => ErrorCode::Other(String::new()),
                };
                let trace = em
                    .get("Trace")
                    .map(|t| json_text(t, &el, "Trace"))
                    .transpose()?;
                let mut args = Vec::new();
                if let Some(a) = em.get("a") {
                    for item in json_items(a) {
                        let am = json_obj(item, &el)?;
                        args.push(FaultArg {
                            name: json_opt_string(am, &el, "n")?.unwrap_or_default(),
                            kind: json_opt_string(am, &el, "t")?,
                            value: am
                                .get("_content")
                                .map(|c| json_text(c, &el, "a"))
                                .transpose()?
                                .unwrap_or_default(),
                        });
                    }
                }
                Some(FaultDetail { code, trace, args })
            }
            None => None,
        },
        None => None,
    };
    Ok(Fault {
        code: FaultCode::parse(&code),
        reason,
        detail,
    })
}

pub(crate) fn write_fault_json(f: &Fault) -> Value {
    let mut m = Map::new();
    let mut code = Map::new();
    code.insert(
        "Value".into(),
        Value::String(format!("soap:{}", f.code.local(SoapVersion::Soap12))),
    );
    m.insert("Code".into(), Value::Object(code));
    let mut reason = Map::new();
    reason.insert("Text".into(), Value::String(f.reason.clone()));
    m.insert("Reason".into(), Value::Object(reason));
    if let Some(d) = &f.detail {
        let mut em = json_ns_map(ns::ZIMBRA);
        em.insert("Code".into(), Value::String(d.code.as_str().to_owned()));
        put_opt(&mut em, "Trace", d.trace.as_deref());
        if !d.args.is_empty() {
            let args = d
                .args
                .iter()
                .map(|a| {
                    let mut am = Map::new();
                    am.insert("n".into(), Value::String(a.name.clone()));
                    put_opt(&mut am, "t", a.kind.as_deref());
                    am.insert("_content".into(), Value::String(a.value.clone()));
                    Value::Object(am)
                })
                .collect();
            em.insert("a".into(), Value::Array(args));
        }
        let mut dm = Map::new();
        dm.insert("Error".into(), Value::Object(em));
        m.insert("Detail".into(), Value::Object(dm));
    }
    Value::Object(m)
}

impl XmlCodec for Fault {
    /// Writes the SOAP 1.2 shape, declaring the `soap` prefix on the fault.
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        write_fault_xml(self, SoapVersion::Soap12, true, w);
        Ok(())
    }
    /// Reads the SOAP 1.2 or 1.1 shape (told apart by the element's namespace).
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_fault_xml(el, &Loc::root("Fault", Some(el.offset)))
    }
}

impl JsonCodec for Fault {
    fn to_json(&self) -> Result<Value, EncodeError> {
        Ok(write_fault_json(self))
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_fault_json(value, &Loc::root("Fault", None))
    }
}

// ---------------------------------------------------------------------------------------
// Messages.

/// Every top-level message this crate reads and writes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Message {
    /// `GetFreeBusyRequest`.
    GetFreeBusyRequest(GetFreeBusyRequest),
    /// `GetFreeBusyResponse`.
    GetFreeBusyResponse(GetFreeBusyResponse),
    /// `GetWorkingHoursRequest`.
    GetWorkingHoursRequest(GetWorkingHoursRequest),
    /// `GetWorkingHoursResponse`.
    GetWorkingHoursResponse(GetWorkingHoursResponse),
    /// `AutoCompleteGalRequest`.
    AutoCompleteGalRequest(AutoCompleteGalRequest),
    /// `AutoCompleteGalResponse`.
    AutoCompleteGalResponse(AutoCompleteGalResponse),
    /// `SearchGalRequest`.
    SearchGalRequest(SearchGalRequest),
    /// `SearchGalResponse`.
    SearchGalResponse(SearchGalResponse),
    /// A SOAP fault.
    Fault(Fault),
}

impl Message {
    /// The element name (`GetFreeBusyResponse`, `Fault`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Message::GetFreeBusyRequest(_) => GFB_REQ,
            Message::GetFreeBusyResponse(_) => GFB_RESP,
            Message::GetWorkingHoursRequest(_) => GWH_REQ,
            Message::GetWorkingHoursResponse(_) => GWH_RESP,
            Message::AutoCompleteGalRequest(_) => AC_REQ,
            Message::AutoCompleteGalResponse(_) => AC_RESP,
            Message::SearchGalRequest(_) => SG_REQ,
            Message::SearchGalResponse(_) => SG_RESP,
            Message::Fault(_) => "Fault",
        }
    }

    pub(crate) fn read_xml(el: &Element, loc: &Loc<'_>) -> Result<Message, DecodeError> {
        Ok(match el.name.local() {
            GFB_REQ => Message::GetFreeBusyRequest(freebusy::read_gfb_request_xml(el, loc)?),
            GFB_RESP => Message::GetFreeBusyResponse(freebusy::read_gfb_response_xml(el, loc)?),
            GWH_REQ => Message::GetWorkingHoursRequest(freebusy::read_gwh_request_xml(el, loc)?),
            GWH_RESP => Message::GetWorkingHoursResponse(freebusy::read_gwh_response_xml(el, loc)?),
            AC_REQ => Message::AutoCompleteGalRequest(gal::read_ac_request_xml(el, loc)?),
            AC_RESP => Message::AutoCompleteGalResponse(gal::read_ac_response_xml(el, loc)?),
            SG_REQ => Message::SearchGalRequest(gal::read_sg_request_xml(el, loc)?),
            SG_RESP => Message::SearchGalResponse(gal::read_sg_response_xml(el, loc)?),
            "Fault" => Message::Fault(read_fault_xml(el, loc)?),
            _ => {
                return Err(DecodeError::UnexpectedElement {
                    at: loc.at(),
                    expected: "a free/busy, working hours or GAL message, or a SOAP fault".into(),
                    found: el.name.to_string(),
                });
            }
        })
    }

    pub(crate) fn write_xml_in(
        &self,
        version: SoapVersion,
        in_envelope: bool,
        w: &mut Writer,
    ) -> Result<(), EncodeError> {
        match self {
            Message::GetFreeBusyRequest(m) => m.write_xml(w),
            Message::GetFreeBusyResponse(m) => m.write_xml(w),
            Message::GetWorkingHoursRequest(m) => m.write_xml(w),
            Message::GetWorkingHoursResponse(m) => m.write_xml(w),
            Message::AutoCompleteGalRequest(m) => m.write_xml(w),
            Message::AutoCompleteGalResponse(m) => m.write_xml(w),
            Message::SearchGalRequest(m) => m.write_xml(w),
            Message::SearchGalResponse(m) => m.write_xml(w),
            Message::Fault(f) => {
                write_fault_xml(f, version, !in_envelope, w);
                Ok(())
            }
        }
    }

    pub(crate) fn read_json_named(
        name: &str,
        v: &Value,
        loc: &Loc<'_>,
    ) -> Result<Message, DecodeError> {
        Ok(match name {
            GFB_REQ => Message::GetFreeBusyRequest(freebusy::read_gfb_request_json(v, loc)?),
            GFB_RESP => Message::GetFreeBusyResponse(freebusy::read_gfb_response_json(v, loc)?),
            GWH_REQ => Message::GetWorkingHoursRequest(freebusy::read_gwh_request_json(v, loc)?),
            GWH_RESP => Message::GetWorkingHoursResponse(freebusy::read_gwh_response_json(v, loc)?),
            AC_REQ => Message::AutoCompleteGalRequest(gal::read_ac_request_json(v, loc)?),
            AC_RESP => Message::AutoCompleteGalResponse(gal::read_ac_response_json(v, loc)?),
            SG_REQ => Message::SearchGalRequest(gal::read_sg_request_json(v, loc)?),
            SG_RESP => Message::SearchGalResponse(gal::read_sg_response_json(v, loc)?),
            "Fault" => Message::Fault(read_fault_json(v, loc)?),
            other => {
                return Err(DecodeError::UnexpectedElement {
                    at: loc.at(),
                    expected: "a free/busy, working hours or GAL message, or a SOAP fault".into(),
                    found: other.to_owned(),
                });
            }
        })
    }

    /// The message's own object (what goes under its name).
    pub(crate) fn content_json(&self) -> Result<Value, EncodeError> {
        match self {
            Message::GetFreeBusyRequest(m) => m.to_json(),
            Message::GetFreeBusyResponse(m) => m.to_json(),
            Message::GetWorkingHoursRequest(m) => m.to_json(),
            Message::GetWorkingHoursResponse(m) => m.to_json(),
            Message::AutoCompleteGalRequest(m) => m.to_json(),
            Message::AutoCompleteGalResponse(m) => m.to_json(),
            Message::SearchGalRequest(m) => m.to_json(),
            Message::SearchGalResponse(m) => m.to_json(),
            Message::Fault(f) => f.to_json(),
        }
    }
}

/// The single message key of a JSON `Body` (or of `{"GetFreeBusyResponse": {...}}`).
fn json_message_entry<'v>(
    m: &'v Map<String, Value>,
    loc: &Loc<'_>,
) -> Result<(&'v str, &'v Value), DecodeError> {
    let mut it = m.iter().filter(|(k, _)| !k.starts_with('_'));
    match (it.next(), it.next()) {
        (Some((k, v)), None) => Ok((k, v)),
        (None, _) => Err(DecodeError::MissingElement {
            at: loc.at(),
            name: "message",
        }),
        (Some(_), Some((k2, _))) => Err(DecodeError::UnexpectedElement {
            at: loc.at(),
            expected: "exactly one message".into(),
            found: format!("a second key {k2:?}"),
        }),
    }
}

impl XmlCodec for Message {
    /// Writes the message element alone (a fault in the SOAP 1.2 shape).
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        self.write_xml_in(SoapVersion::Soap12, false, w)
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        Message::read_xml(el, &Loc::root(el.name.local(), Some(el.offset)))
    }
}

impl JsonCodec for Message {
    /// `{"GetFreeBusyResponse": {...}}`.
    fn to_json(&self) -> Result<Value, EncodeError> {
        let mut m = Map::new();
        m.insert(self.name().into(), self.content_json()?);
        Ok(Value::Object(m))
    }
    /// `{"GetFreeBusyResponse": {...}}`, or a whole envelope `{"Body": {...}}`.
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        let loc = Loc::root("", None);
        let m = json_obj(value, &loc)?;
        if m.contains_key("Body") {
            return Ok(Envelope::from_json(value)?.body);
        }
        let (name, v) = json_message_entry(m, &loc)?;
        Message::read_json_named(name, v, &Loc::root(name, None))
    }
}

// ---------------------------------------------------------------------------------------
// Envelope.

/// A SOAP envelope: version, optional `urn:zimbra` context header, one body message.
///
/// In JSON (`{"Header":{"context":{...}},"Body":{...},"_jsns":"urn:zimbraSoap"}`) there is
/// no SOAP version; decoding JSON gives [`SoapVersion::Soap12`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Envelope {
    /// SOAP version (XML only).
    pub version: SoapVersion,
    /// The context header.
    pub context: Option<Context>,
    /// The body's message.
    pub body: Message,
}

impl Envelope {
    /// A SOAP 1.2 envelope around `body`, without header.
    pub fn new(body: Message) -> Self {
        Envelope {
            version: SoapVersion::Soap12,
            context: None,
            body,
        }
    }

    pub(crate) fn read_xml(el: &Element) -> Result<Envelope, DecodeError> {
        let loc = Loc::root("Envelope", Some(el.offset));
        let Some(version) = SoapVersion::from_namespace(el.name.ns()) else {
            expect_element(el, &loc, ns::SOAP12, "Envelope")?;
            return Err(DecodeError::WrongNamespace {
                at: loc.at(),
                element: "Envelope".into(),
                expected: ns::SOAP12,
                found: el.name.ns().to_owned(),
            });
        };
        let uri = version.namespace();
        expect_element(el, &loc, uri, "Envelope")?;
        let context = el
            .child(uri, "Header")
            .and_then(|h| h.child(ns::ZIMBRA, "context"))
            .map(read_context_xml);
        let Some(body) = el.child(uri, "Body") else {
            return Err(DecodeError::MissingElement {
                at: loc.at(),
                name: "Body",
            });
        };
        let bl = loc.child("Body", Some(body.offset));
        let Some(msg) = body.elements().next() else {
            return Err(DecodeError::MissingElement {
                at: bl.at(),
                name: "message",
            });
        };
        let ml = bl.child(msg.name.local(), Some(msg.offset));
        Ok(Envelope {
            version,
            context,
            body: Message::read_xml(msg, &ml)?,
        })
    }
}

impl XmlCodec for Envelope {
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        let uri = self.version.namespace();
        w.declare("soap", uri);
        w.start(uri, "Envelope");
        if let Some(c) = &self.context {
            w.start(uri, "Header");
            write_context_xml(c, w);
            w.end();
        }
        w.start(uri, "Body");
        self.body.write_xml_in(self.version, true, w)?;
        w.end().end();
        Ok(())
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        Envelope::read_xml(el)
    }
}

impl JsonCodec for Envelope {
    fn to_json(&self) -> Result<Value, EncodeError> {
        let mut m = Map::new();
        if let Some(c) = &self.context {
            let mut h = Map::new();
            h.insert("context".into(), write_context_json(c));
            m.insert("Header".into(), Value::Object(h));
        }
        let mut b = Map::new();
        b.insert(self.body.name().into(), self.body.content_json()?);
        m.insert("Body".into(), Value::Object(b));
        m.insert("_jsns".into(), Value::String(ns::SOAP_JSON.into()));
        Ok(Value::Object(m))
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        let loc = Loc::root("Envelope", None);
        let m = json_obj(value, &loc)?;
        let context = match m.get("Header") {
            Some(h) => {
                let hl = loc.child("Header", None);
                let hm = json_obj(h, &hl)?;
                hm.get("context")
                    .map(|c| read_context_json(c, &hl.child("context", None)))
                    .transpose()?
            }
            None => None,
        };
        let Some(body) = m.get("Body") else {
            return Err(DecodeError::MissingElement {
                at: loc.at(),
                name: "Body",
            });
        };
        let bl = loc.child("Body", None);
        let bm = json_obj(body, &bl)?;
        let (name, v) = json_message_entry(bm, &bl)?;
        let body = Message::read_json_named(name, v, &bl.child(name, None))?;
        Ok(Envelope {
            version: SoapVersion::Soap12,
            context,
            body,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Decoding any document.

/// The two encodings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// XML, with or without SOAP envelope.
    Xml,
    /// Zimbra's JSON, with or without `Body`.
    Json,
}

/// Tells XML from JSON by the first byte that is not white space (after a UTF-8 BOM).
pub fn detect_format(bytes: &[u8]) -> Option<Format> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Some(Format::Xml),
        Some(b'{') => Some(Format::Json),
        _ => None,
    }
}

/// Decodes any document: XML or JSON (detected), a SOAP envelope or a bare message. A
/// bare message gives a SOAP 1.2 envelope without context. A fault is returned as the
/// body, not as an error (see [`decode`] for that).
///
/// # Errors
///
/// [`DecodeError`] naming what was wrong.
pub fn decode_envelope(bytes: &[u8]) -> Result<Envelope, DecodeError> {
    match detect_format(bytes) {
        Some(Format::Xml) => {
            let root = interop_xml::parse(bytes, &crate::codec::limits())?;
            if root.name.local() == "Envelope" {
                Envelope::read_xml(&root)
            } else {
                Ok(Envelope::new(Message::from_xml(&root)?))
            }
        }
        Some(Format::Json) => {
            let v = parse_json(bytes)?;
            let loc = Loc::root("", None);
            if json_obj(&v, &loc)?.contains_key("Body") {
                Envelope::from_json(&v)
            } else {
                Ok(Envelope::new(Message::from_json(&v)?))
            }
        }
        None => Err(DecodeError::UnknownFormat),
    }
}

/// A message type that can be the body of a Zimbra SOAP document.
pub trait ZimbraMessage: XmlCodec + JsonCodec {
    /// The element name.
    const NAME: &'static str;
    /// The element namespace.
    const NAMESPACE: &'static str;
    /// Wraps the value in [`Message`].
    fn into_message(self) -> Message;
    /// Takes the value out of [`Message`], or gives the message back.
    fn from_message(m: Message) -> Result<Self, Box<Message>>;

    /// A streaming XML decoder for documents that decode cleanly, if the type has one;
    /// `None` sends the caller to the tree decoder.
    #[doc(hidden)]
    fn decode_xml_fast(_bytes: &[u8]) -> Option<Self> {
        None
    }
}

/// Decodes a document that must hold a `T`: XML or JSON (detected), with or without SOAP
/// envelope; for JSON also the bare message object (`{"_jsns":"urn:zimbraMail","usr":[..]}`).
///
/// # Errors
///
/// [`DecodeError::Fault`] when the document is a SOAP fault, [`DecodeError::UnexpectedElement`]
/// when it is another message, otherwise as the decoders.
pub fn decode<T: ZimbraMessage>(bytes: &[u8]) -> Result<T, DecodeError> {
    let format = detect_format(bytes);
    if format == Some(Format::Xml)
        && let Some(t) = T::decode_xml_fast(bytes)
    {
        return Ok(t);
    }
    if format == Some(Format::Json) {
        let v = parse_json(bytes)?;
        let loc = Loc::root(T::NAME, None);
        let m = json_obj(&v, &loc)?;
        let names_a_message = m.keys().any(|k| {
            k == "Body" || k == "Fault" || k.ends_with("Request") || k.ends_with("Response")
        });
        if !names_a_message {
            return T::from_json(&v);
        }
    }
    let env = decode_envelope(bytes)?;
    match T::from_message(env.body).map_err(|m| *m) {
        Ok(t) => Ok(t),
        Err(Message::Fault(f)) => Err(DecodeError::Fault(Box::new(f))),
        Err(other) => Err(DecodeError::UnexpectedElement {
            at: Box::new(crate::error::At {
                path: "/".into(),
                offset: None,
                user: None,
            }),
            expected: T::NAME.into(),
            found: other.name().into(),
        }),
    }
}

macro_rules! zimbra_message {
    ($t:ident, $ns:expr) => {
        zimbra_message!($t, $ns, |_| None);
    };
    ($t:ident, $ns:expr, $fast:expr) => {
        impl ZimbraMessage for $t {
            const NAME: &'static str = stringify!($t);
            const NAMESPACE: &'static str = $ns;
            fn into_message(self) -> Message {
                Message::$t(self)
            }
            fn from_message(m: Message) -> Result<Self, Box<Message>> {
                match m {
                    Message::$t(x) => Ok(x),
                    other => Err(Box::new(other)),
                }
            }
            fn decode_xml_fast(bytes: &[u8]) -> Option<Self> {
                let fast: fn(&[u8]) -> Option<Self> = $fast;
                fast(bytes)
            }
        }
    };
}

zimbra_message!(GetFreeBusyRequest, ns::MAIL);
zimbra_message!(GetFreeBusyResponse, ns::MAIL, |b| {
    crate::fast::response_users(b, GFB_RESP).map(|users| GetFreeBusyResponse { users })
});
zimbra_message!(GetWorkingHoursRequest, ns::MAIL);
zimbra_message!(GetWorkingHoursResponse, ns::MAIL, |b| {
    crate::fast::response_users(b, GWH_RESP).map(|users| GetWorkingHoursResponse { users })
});
zimbra_message!(AutoCompleteGalRequest, ns::ACCOUNT);
zimbra_message!(AutoCompleteGalResponse, ns::ACCOUNT);
zimbra_message!(SearchGalRequest, ns::ACCOUNT);
zimbra_message!(SearchGalResponse, ns::ACCOUNT);
