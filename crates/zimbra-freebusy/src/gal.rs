//! Global address list (namespace `urn:zimbraAccount`, soap.txt): `AutoCompleteGalRequest`,
//! `SearchGalRequest` and their responses.

use std::collections::BTreeMap;

use interop_xml::{Element, Writer};
use serde_json::{Map, Value};

use crate::codec::{
    JsonCodec, XmlCodec, bool_text, expect_element, invalid, is_child, json_items, json_ns,
    json_ns_map, json_obj, json_opt_bool, json_opt_string, json_opt_u32, json_scalar, json_text,
    put_opt, w_opt, xml_attr, xml_opt_bool, xml_opt_string, xml_opt_u32,
};
use crate::error::{DecodeError, EncodeError};
use crate::loc::Loc;
use crate::ns;

pub(crate) const AC_REQ: &str = "AutoCompleteGalRequest";
pub(crate) const AC_RESP: &str = "AutoCompleteGalResponse";
pub(crate) const SG_REQ: &str = "SearchGalRequest";
pub(crate) const SG_RESP: &str = "SearchGalResponse";

/// What kind of GAL entries to search (`type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GalSearchType {
    /// `account`: user accounts, aliases and distribution lists.
    Account,
    /// `resource`: calendar resources (rooms, equipment).
    Resource,
    /// `group`: contact groups.
    Group,
    /// `all`.
    All,
}

impl GalSearchType {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            GalSearchType::Account => "account",
            GalSearchType::Resource => "resource",
            GalSearchType::Group => "group",
            GalSearchType::All => "all",
        }
    }

    /// Parses the attribute value.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "account" => GalSearchType::Account,
            "resource" => GalSearchType::Resource,
            "group" => GalSearchType::Group,
            "all" => GalSearchType::All,
            _ => return None,
        })
    }
}

/// `<AutoCompleteGalRequest name="jo" [type=] [limit=] [needExp=]/>` (soap.txt writes the
/// name as a `<name>` child; both are read, the attribute is written).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AutoCompleteGalRequest {
    /// The prefix to complete.
    pub name: String,
    /// `type` (Zimbra's default: account).
    pub search_type: Option<GalSearchType>,
    /// `limit`.
    pub limit: Option<u32>,
    /// `needExp`.
    pub need_exp: Option<bool>,
}

/// `<SearchGalRequest [name=] [type=] [limit=] [offset=] [sortBy=]/>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SearchGalRequest {
    /// The search key.
    pub name: Option<String>,
    /// `type` (Zimbra's default: all).
    pub search_type: Option<GalSearchType>,
    /// `limit`.
    pub limit: Option<u32>,
    /// `offset`.
    pub offset: Option<u32>,
    /// `sortBy`.
    pub sort_by: Option<String>,
    /// `needExp`.
    pub need_exp: Option<bool>,
}

/// A contact's attributes (`<a n="email">..</a>`), grouped by name, values in document
/// order. Unknown attributes are kept like the known ones.
///
/// Zimbra maps directory attributes onto these names with `zimbraGalLdapAttrMap`
/// (mail → `email`, displayName/cn → `fullName`, givenName → `firstName`, sn → `lastName`,
/// telephoneNumber → `workPhone`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct GalAttrs {
    map: BTreeMap<String, Vec<String>>,
}

impl GalAttrs {
    /// No attributes.
    pub fn new() -> Self {
        GalAttrs::default()
    }

    /// Adds a value of attribute `name` (after the ones it has).
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.map.entry(name.into()).or_default().push(value.into());
    }

    /// Builder form of [`GalAttrs::push`].
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push(name, value);
        self
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.map
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// All values of `name`.
    pub fn get_all(&self, name: &str) -> &[String] {
        self.map.get(name).map_or(&[], Vec::as_slice)
    }

    /// Every `(name, value)` pair, names sorted, values in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map
            .iter()
            .flat_map(|(k, vs)| vs.iter().map(move |v| (k.as_str(), v.as_str())))
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.map.values().map(Vec::len).sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// One GAL entry: `<cn id=.. ref=.. [exp=]><a n="..">..</a>*</cn>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct GalContact {
    /// `id`.
    pub id: Option<String>,
    /// `ref`: the entry's GAL reference (a DN for LDAP GALs).
    pub reference: Option<String>,
    /// `exp`: whether the caller may expand the group.
    pub exp: Option<bool>,
    /// The attributes.
    pub attrs: GalAttrs,
}

impl GalContact {
    /// `email`.
    pub fn email(&self) -> Option<&str> {
        self.attrs.get("email")
    }

    /// Every address: `email`, then `email2`, `email3`, ... while present.
    pub fn emails(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .attrs
            .get_all("email")
            .iter()
            .map(String::as_str)
            .collect();
        for i in 2.. {
            let vs = self.attrs.get_all(&format!("email{i}"));
            if vs.is_empty() {
                break;
            }
            out.extend(vs.iter().map(String::as_str));
        }
        out
    }

    /// `fullName`.
    pub fn full_name(&self) -> Option<&str> {
        self.attrs.get("fullName")
    }

    /// `firstName`.
    pub fn first_name(&self) -> Option<&str> {
        self.attrs.get("firstName")
    }

    /// `lastName`.
    pub fn last_name(&self) -> Option<&str> {
        self.attrs.get("lastName")
    }

    /// `workPhone`.
    pub fn work_phone(&self) -> Option<&str> {
        self.attrs.get("workPhone")
    }

    /// `company`.
    pub fn company(&self) -> Option<&str> {
        self.attrs.get("company")
    }

    /// `zimbraCalResType` (`Location` or `Equipment` for calendar resources).
    pub fn cal_res_type(&self) -> Option<&str> {
        self.attrs.get("zimbraCalResType")
    }
}

/// `<AutoCompleteGalResponse more= [tokenizeKey=] [paginationSupported=]><cn/>*</..>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AutoCompleteGalResponse {
    /// `more`: the results were truncated.
    pub more: Option<bool>,
    /// `tokenizeKey`: `and` or `or` when the key was tokenized.
    pub tokenize_key: Option<String>,
    /// `paginationSupported`.
    pub pagination_supported: Option<bool>,
    /// The entries.
    pub contacts: Vec<GalContact>,
}

/// `<SearchGalResponse more= [sortBy=] [offset=] [tokenizeKey=] [paginationSupported=]>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SearchGalResponse {
    /// `more`: the results were truncated.
    pub more: Option<bool>,
    /// `sortBy`.
    pub sort_by: Option<String>,
    /// `offset`.
    pub offset: Option<u32>,
    /// `tokenizeKey`.
    pub tokenize_key: Option<String>,
    /// `paginationSupported`.
    pub pagination_supported: Option<bool>,
    /// The entries.
    pub contacts: Vec<GalContact>,
}

// ---------------------------------------------------------------------------------------
// XML.

fn xml_type(el: &Element, loc: &Loc<'_>) -> Result<Option<GalSearchType>, DecodeError> {
    xml_attr(el, "type")
        .map(|v| {
            GalSearchType::parse(v)
                .ok_or_else(|| invalid(loc, "type", v, "not one of account, resource, group, all"))
        })
        .transpose()
}

/// `name` as an attribute, or as a `<name>` child (soap.txt's form).
fn xml_name(el: &Element) -> Option<String> {
    xml_opt_string(el, "name").or_else(|| {
        el.elements()
            .find(|c| is_child(c, ns::ACCOUNT, "name"))
            .map(Element::text)
    })
}

pub(crate) fn read_ac_request_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<AutoCompleteGalRequest, DecodeError> {
    expect_element(el, loc, ns::ACCOUNT, AC_REQ)?;
    Ok(AutoCompleteGalRequest {
        name: xml_name(el).ok_or_else(|| DecodeError::MissingAttribute {
            at: loc.at(),
            attribute: "name",
        })?,
        search_type: xml_type(el, loc)?,
        limit: xml_opt_u32(el, loc, "limit")?,
        need_exp: xml_opt_bool(el, loc, "needExp")?,
    })
}

pub(crate) fn read_sg_request_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<SearchGalRequest, DecodeError> {
    expect_element(el, loc, ns::ACCOUNT, SG_REQ)?;
    Ok(SearchGalRequest {
        name: xml_name(el),
        search_type: xml_type(el, loc)?,
        limit: xml_opt_u32(el, loc, "limit")?,
        offset: xml_opt_u32(el, loc, "offset")?,
        sort_by: xml_opt_string(el, "sortBy"),
        need_exp: xml_opt_bool(el, loc, "needExp")?,
    })
}

fn read_contacts_xml(el: &Element, loc: &Loc<'_>) -> Result<Vec<GalContact>, DecodeError> {
    let mut out = Vec::new();
    for (i, c) in el
        .elements()
        .filter(|c| is_child(c, ns::ACCOUNT, "cn"))
        .enumerate()
    {
        let cl = loc.indexed("cn", i + 1, Some(c.offset));
        let mut attrs = GalAttrs::new();
        for a in c.elements().filter(|a| is_child(a, ns::ACCOUNT, "a")) {
            let al = cl.child("a", Some(a.offset));
            let Some(n) = xml_attr(a, "n") else {
                return Err(DecodeError::MissingAttribute {
                    at: al.at(),
                    attribute: "n",
                });
            };
            attrs.push(n, a.text());
        }
        out.push(GalContact {
            id: xml_opt_string(c, "id"),
            reference: xml_opt_string(c, "ref"),
            exp: xml_opt_bool(c, &cl, "exp")?,
            attrs,
        });
    }
    Ok(out)
}

fn write_contacts_xml(contacts: &[GalContact], w: &mut Writer) {
    for c in contacts {
        w.start(ns::ACCOUNT, "cn");
        w_opt(w, "id", c.id.as_deref());
        w_opt(w, "ref", c.reference.as_deref());
        w_opt(w, "exp", c.exp.map(bool_text));
        for (n, v) in c.attrs.iter() {
            w.start(ns::ACCOUNT, "a").attr("", "n", n).text(v).end();
        }
        w.end();
    }
}

pub(crate) fn read_ac_response_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<AutoCompleteGalResponse, DecodeError> {
    expect_element(el, loc, ns::ACCOUNT, AC_RESP)?;
    Ok(AutoCompleteGalResponse {
        more: xml_opt_bool(el, loc, "more")?,
        tokenize_key: xml_opt_string(el, "tokenizeKey"),
        pagination_supported: xml_opt_bool(el, loc, "paginationSupported")?,
        contacts: read_contacts_xml(el, loc)?,
    })
}

pub(crate) fn read_sg_response_xml(
    el: &Element,
    loc: &Loc<'_>,
) -> Result<SearchGalResponse, DecodeError> {
    expect_element(el, loc, ns::ACCOUNT, SG_RESP)?;
    Ok(SearchGalResponse {
        more: xml_opt_bool(el, loc, "more")?,
        sort_by: xml_opt_string(el, "sortBy"),
        offset: xml_opt_u32(el, loc, "offset")?,
        tokenize_key: xml_opt_string(el, "tokenizeKey"),
        pagination_supported: xml_opt_bool(el, loc, "paginationSupported")?,
        contacts: read_contacts_xml(el, loc)?,
    })
}

impl XmlCodec for AutoCompleteGalRequest {
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        w.declare("", ns::ACCOUNT);
        w.start(ns::ACCOUNT, AC_REQ).attr("", "name", &self.name);
        w_opt(w, "type", self.search_type.map(GalSearchType::as_str));
        w_opt(w, "limit", self.limit.map(|l| l.to_string()).as_deref());
        w_opt(w, "needExp", self.need_exp.map(bool_text));
        w.end();
        Ok(())
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_ac_request_xml(el, &Loc::root(AC_REQ, Some(el.offset)))
    }
}

impl XmlCodec for SearchGalRequest {
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        w.declare("", ns::ACCOUNT);
        w.start(ns::ACCOUNT, SG_REQ);
        w_opt(w, "name", self.name.as_deref());
        w_opt(w, "type", self.search_type.map(GalSearchType::as_str));
        w_opt(w, "limit", self.limit.map(|l| l.to_string()).as_deref());
        w_opt(w, "offset", self.offset.map(|l| l.to_string()).as_deref());
        w_opt(w, "sortBy", self.sort_by.as_deref());
        w_opt(w, "needExp", self.need_exp.map(bool_text));
        w.end();
        Ok(())
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_sg_request_xml(el, &Loc::root(SG_REQ, Some(el.offset)))
    }
}

impl XmlCodec for AutoCompleteGalResponse {
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        w.declare("", ns::ACCOUNT);
        w.start(ns::ACCOUNT, AC_RESP);
        w_opt(w, "more", self.more.map(bool_text));
        w_opt(w, "tokenizeKey", self.tokenize_key.as_deref());
        w_opt(
            w,
            "paginationSupported",
            self.pagination_supported.map(bool_text),
        );
        write_contacts_xml(&self.contacts, w);
        w.end();
        Ok(())
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_ac_response_xml(el, &Loc::root(AC_RESP, Some(el.offset)))
    }
}

impl XmlCodec for SearchGalResponse {
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError> {
        w.declare("", ns::ACCOUNT);
        w.start(ns::ACCOUNT, SG_RESP);
        w_opt(w, "more", self.more.map(bool_text));
        w_opt(w, "sortBy", self.sort_by.as_deref());
        w_opt(w, "offset", self.offset.map(|l| l.to_string()).as_deref());
        w_opt(w, "tokenizeKey", self.tokenize_key.as_deref());
        w_opt(
            w,
            "paginationSupported",
            self.pagination_supported.map(bool_text),
        );
        write_contacts_xml(&self.contacts, w);
        w.end();
        Ok(())
    }
    fn from_xml(el: &Element) -> Result<Self, DecodeError> {
        read_sg_response_xml(el, &Loc::root(SG_RESP, Some(el.offset)))
    }
}

// ---------------------------------------------------------------------------------------
// JSON.

fn json_type(m: &Map<String, Value>, loc: &Loc<'_>) -> Result<Option<GalSearchType>, DecodeError> {
    json_opt_string(m, loc, "type")?
        .map(|v| {
            GalSearchType::parse(&v)
                .ok_or_else(|| invalid(loc, "type", &v, "not one of account, resource, group, all"))
        })
        .transpose()
}

fn json_name(m: &Map<String, Value>, loc: &Loc<'_>) -> Result<Option<String>, DecodeError> {
    m.get("name").map(|v| json_text(v, loc, "name")).transpose()
}

pub(crate) fn read_ac_request_json(
    v: &Value,
    loc: &Loc<'_>,
) -> Result<AutoCompleteGalRequest, DecodeError> {
    let m = json_obj(v, loc)?;
    json_ns(m, loc, AC_REQ, ns::ACCOUNT)?;
    Ok(AutoCompleteGalRequest {
        name: json_name(m, loc)?.ok_or_else(|| DecodeError::MissingAttribute {
            at: loc.at(),
            attribute: "name",
        })?,
        search_type: json_type(m, loc)?,
        limit: json_opt_u32(m, loc, "limit")?,
        need_exp: json_opt_bool(m, loc, "needExp")?,
    })
}

pub(crate) fn read_sg_request_json(
    v: &Value,
    loc: &Loc<'_>,
) -> Result<SearchGalRequest, DecodeError> {
    let m = json_obj(v, loc)?;
    json_ns(m, loc, SG_REQ, ns::ACCOUNT)?;
    Ok(SearchGalRequest {
        name: json_name(m, loc)?,
        search_type: json_type(m, loc)?,
        limit: json_opt_u32(m, loc, "limit")?,
        offset: json_opt_u32(m, loc, "offset")?,
        sort_by: json_opt_string(m, loc, "sortBy")?,
        need_exp: json_opt_bool(m, loc, "needExp")?,
    })
}

fn read_contacts_json(
    m: &Map<String, Value>,
    loc: &Loc<'_>,
) -> Result<Vec<GalContact>, DecodeError> {
    let Some(cns) = m.get("cn") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, c) in json_items(cns).iter().enumerate() {
        let cl = loc.indexed("cn", i + 1, None);
        let cm = json_obj(c, &cl)?;
        let mut attrs = GalAttrs::new();
        if let Some(a) = cm.get("_attrs") {
            let al = cl.child("_attrs", None);
            for (k, v) in json_obj(a, &al)? {
                match v {
                    Value::Array(vs) => {
                        for x in vs {
                            attrs.push(k.clone(), json_scalar(x, &al, k)?.into_owned());
                        }
                    }
                    x => attrs.push(k.clone(), json_scalar(x, &al, k)?.into_owned()),
                }
            }
        }
        if let Some(a) = cm.get("a") {
            for item in json_items(a) {
                let al = cl.child("a", None);
                let am = json_obj(item, &al)?;
                let Some(n) = json_opt_string(am, &al, "n")? else {
                    return Err(DecodeError::MissingAttribute {
                        at: al.at(),
                        attribute: "n",
                    });
                };
                let value = am
                    .get("_content")
                    .map(|c| json_text(c, &al, "a"))
                    .transpose()?;
                attrs.push(n, value.unwrap_or_default());
            }
        }
        out.push(GalContact {
            id: json_opt_string(cm, &cl, "id")?,
            reference: json_opt_string(cm, &cl, "ref")?,
            exp: json_opt_bool(cm, &cl, "exp")?,
            attrs,
        });
    }
    Ok(out)
}

fn write_contacts_json(m: &mut Map<String, Value>, contacts: &[GalContact]) {
    if contacts.is_empty() {
        return;
    }
    let cns = contacts
        .iter()
        .map(|c| {
            let mut cm = Map::new();
            put_opt(&mut cm, "id", c.id.as_deref());
            put_opt(&mut cm, "ref", c.reference.as_deref());
            if let Some(e) = c.exp {
                cm.insert("exp".into(), Value::Bool(e));
            }
            if !c.attrs.is_empty() {
                let mut am = Map::new();
                for (k, vs) in &c.attrs.map {
                    let v = match vs.as_slice() {
                        [one] => Value::String(one.clone()),
                        many => Value::Array(many.iter().cloned().map(Value::String).collect()),
                    };
                    am.insert(k.clone(), v);
                }
                cm.insert("_attrs".into(), Value::Object(am));
            }
            Value::Object(cm)
        })
        .collect();
    m.insert("cn".into(), Value::Array(cns));
}

fn put_bool(m: &mut Map<String, Value>, name: &str, v: Option<bool>) {
    if let Some(b) = v {
        m.insert(name.into(), Value::Bool(b));
    }
}

fn put_u32(m: &mut Map<String, Value>, name: &str, v: Option<u32>) {
    if let Some(x) = v {
        m.insert(name.into(), Value::from(x));
    }
}

pub(crate) fn read_ac_response_json(
    v: &Value,
    loc: &Loc<'_>,
) -> Result<AutoCompleteGalResponse, DecodeError> {
    let m = json_obj(v, loc)?;
    json_ns(m, loc, AC_RESP, ns::ACCOUNT)?;
    Ok(AutoCompleteGalResponse {
        more: json_opt_bool(m, loc, "more")?,
        tokenize_key: json_opt_string(m, loc, "tokenizeKey")?,
        pagination_supported: json_opt_bool(m, loc, "paginationSupported")?,
        contacts: read_contacts_json(m, loc)?,
    })
}

pub(crate) fn read_sg_response_json(
    v: &Value,
    loc: &Loc<'_>,
) -> Result<SearchGalResponse, DecodeError> {
    let m = json_obj(v, loc)?;
    json_ns(m, loc, SG_RESP, ns::ACCOUNT)?;
    Ok(SearchGalResponse {
        more: json_opt_bool(m, loc, "more")?,
        sort_by: json_opt_string(m, loc, "sortBy")?,
        offset: json_opt_u32(m, loc, "offset")?,
        tokenize_key: json_opt_string(m, loc, "tokenizeKey")?,
        pagination_supported: json_opt_bool(m, loc, "paginationSupported")?,
        contacts: read_contacts_json(m, loc)?,
    })
}

impl JsonCodec for AutoCompleteGalRequest {
    fn to_json(&self) -> Result<Value, EncodeError> {
        let mut m = json_ns_map(ns::ACCOUNT);
        m.insert("name".into(), Value::String(self.name.clone()));
        put_opt(&mut m, "type", self.search_type.map(GalSearchType::as_str));
        put_u32(&mut m, "limit", self.limit);
        put_bool(&mut m, "needExp", self.need_exp);
        Ok(Value::Object(m))
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_ac_request_json(value, &Loc::root(AC_REQ, None))
    }
}

impl JsonCodec for SearchGalRequest {
    fn to_json(&self) -> Result<Value, EncodeError> {
        let mut m = json_ns_map(ns::ACCOUNT);
        put_opt(&mut m, "name", self.name.as_deref());
        put_opt(&mut m, "type", self.search_type.map(GalSearchType::as_str));
        put_u32(&mut m, "limit", self.limit);
        put_u32(&mut m, "offset", self.offset);
        put_opt(&mut m, "sortBy", self.sort_by.as_deref());
        put_bool(&mut m, "needExp", self.need_exp);
        Ok(Value::Object(m))
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_sg_request_json(value, &Loc::root(SG_REQ, None))
    }
}

impl JsonCodec for AutoCompleteGalResponse {
    fn to_json(&self) -> Result<Value, EncodeError> {
        let mut m = json_ns_map(ns::ACCOUNT);
        put_bool(&mut m, "more", self.more);
        put_opt(&mut m, "tokenizeKey", self.tokenize_key.as_deref());
        put_bool(&mut m, "paginationSupported", self.pagination_supported);
        write_contacts_json(&mut m, &self.contacts);
        Ok(Value::Object(m))
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_ac_response_json(value, &Loc::root(AC_RESP, None))
    }
}

impl JsonCodec for SearchGalResponse {
    fn to_json(&self) -> Result<Value, EncodeError> {
        let mut m = json_ns_map(ns::ACCOUNT);
        put_bool(&mut m, "more", self.more);
        put_opt(&mut m, "sortBy", self.sort_by.as_deref());
        put_u32(&mut m, "offset", self.offset);
        put_opt(&mut m, "tokenizeKey", self.tokenize_key.as_deref());
        put_bool(&mut m, "paginationSupported", self.pagination_supported);
        write_contacts_json(&mut m, &self.contacts);
        Ok(Value::Object(m))
    }
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        read_sg_response_json(value, &Loc::root(SG_RESP, None))
    }
}
