//! The two encodings as traits, and the small readers both share.

use interop_xml::{Element, Limits, Writer};
use serde_json::{Map, Value};

use crate::error::{DecodeError, EncodeError};
use crate::loc::Loc;

/// The XML encoding of a type (like hickory's `BinEncodable` / `BinDecodable` pair).
///
/// Decoding matches names on namespace URI, never on prefixes; unprefixed child elements
/// of a message are accepted as well as children in the message's namespace.
pub trait XmlCodec: Sized {
    /// Writes the value as one element (with its namespace declarations) into `w`.
    ///
    /// # Errors
    ///
    /// [`EncodeError`] when a value cannot be written (a character XML cannot carry, a
    /// list item holding a comma, ...).
    fn write_xml(&self, w: &mut Writer) -> Result<(), EncodeError>;

    /// Decodes the value from an element of a parsed document.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the element and attribute that was wrong.
    fn from_xml(el: &Element) -> Result<Self, DecodeError>;

    /// The value as an XML document (no XML declaration).
    ///
    /// # Errors
    ///
    /// As [`XmlCodec::write_xml`].
    fn to_xml(&self) -> Result<String, EncodeError> {
        let mut w = Writer::new();
        self.write_xml(&mut w)?;
        Ok(w.finish()?)
    }

    /// Parses `bytes` with the crate's [`limits`] and decodes the root element.
    ///
    /// # Errors
    ///
    /// [`DecodeError::Xml`] for a document the reader refuses, otherwise as
    /// [`XmlCodec::from_xml`].
    fn from_xml_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let root = interop_xml::parse(bytes, &limits())?;
        Self::from_xml(&root)
    }
}

/// Zimbra's JSON encoding of a type: the same tree as the XML, attributes as keys,
/// repeated children as arrays, text as `_content`, namespace as `_jsns`.
///
/// Numbers are accepted as JSON numbers or as strings; text children as `"x"`,
/// `{"_content":"x"}` or a one-element array of either.
pub trait JsonCodec: Sized {
    /// The value as a JSON value (for a message: the message's object, with `_jsns`).
    ///
    /// # Errors
    ///
    /// [`EncodeError`] when a value cannot be written in this form.
    fn to_json(&self) -> Result<Value, EncodeError>;

    /// Decodes the value from a JSON value.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the key that was wrong.
    fn from_json(value: &Value) -> Result<Self, DecodeError>;

    /// The value as compact JSON text.
    ///
    /// # Errors
    ///
    /// As [`JsonCodec::to_json`].
    fn to_json_string(&self) -> Result<String, EncodeError> {
        Ok(self.to_json()?.to_string())
    }

    /// Parses JSON text (at most [`limits`]`().max_bytes`) and decodes it.
    ///
    /// # Errors
    ///
    /// [`DecodeError::Json`] for malformed JSON, otherwise as [`JsonCodec::from_json`].
    fn from_json_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::from_json(&parse_json(bytes)?)
    }
}

/// The reader limits this crate uses: 16 MiB, nesting at most 32 deep (SOAP needs
/// under 10), at most 64 attributes per element.
pub fn limits() -> Limits {
    Limits {
        max_depth: 32,
        ..Limits::default()
    }
}

/// Parses JSON text under the size limit.
pub(crate) fn parse_json(bytes: &[u8]) -> Result<Value, DecodeError> {
    let limit = limits().max_bytes;
    if bytes.len() > limit {
        return Err(DecodeError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| DecodeError::json(&e))
}

// ---------------------------------------------------------------------------------------
// Shared value parsing.

/// Parses milliseconds since the epoch: decimal digits only, not negative, representable.
pub(crate) fn parse_ms(s: &str) -> Result<i64, &'static str> {
    if s.starts_with('-') {
        return Err("negative time (milliseconds since the epoch must be >= 0)");
    }
    let v: i64 = if !s.is_empty() && s.len() <= 18 {
        // At most 18 digits: below 10^18, so no overflow; the same value `parse` gives.
        match decimal(s.as_bytes()) {
            Some(v) => v as i64,
            None => return Err("not a number of milliseconds since the epoch"),
        }
    } else {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err("not a number of milliseconds since the epoch");
        }
        s.parse().map_err(|_| "time out of range")?
    };
    check_ms(v)
}

/// The value of 1 to 18 ASCII digits, `None` when a byte is not a digit. The last eight
/// digits are read at once (SWAR), the ones before them one by one.
fn decimal(b: &[u8]) -> Option<u64> {
    let (head, tail) = b.split_at(b.len().saturating_sub(8));
    let mut v = 0u64;
    let mut ok = true;
    for &c in head {
        let d = c.wrapping_sub(b'0');
        ok &= d <= 9;
        v = v * 10 + u64::from(d);
    }
    if tail.len() < 8 {
        // Fewer than eight digits in all: `head` is empty.
        for &c in tail {
            let d = c.wrapping_sub(b'0');
            ok &= d <= 9;
            v = v * 10 + u64::from(d);
        }
        return ok.then_some(v);
    }
    let mut w = [0u8; 8];
    w.copy_from_slice(tail);
    let w = u64::from_le_bytes(w);
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Every byte in 0x30..=0x39: none below 0x30, none with its high bit set once 0x46 is
    // added (bytes under 0x80 cannot carry; bytes from 0x80 are caught by `w` itself).
    let below = w.wrapping_sub(0x3030_3030_3030_3030) & !w & HIGHS;
    let above = (w | w.wrapping_add(0x4646_4646_4646_4646)) & HIGHS;
    if !ok || below != 0 || above != 0 {
        return None;
    }
    // Digits to value: pairs, then quads, then all eight (first byte most significant).
    let d = w - 0x3030_3030_3030_3030;
    let d = d.wrapping_mul(10).wrapping_add(d >> 8);
    let d = ((d & 0x0000_00FF_0000_00FF)
        .wrapping_mul(100 + (1_000_000 << 32))
        .wrapping_add(((d >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32))))
        >> 32;
    Some(v * 100_000_000 + d)
}

/// Milliseconds up to the end of the year 9999 are always representable (chrono's range is
/// far wider), so the full check is only needed past it.
const SURELY_REPRESENTABLE_MS: i64 = 253_402_300_799_999;

pub(crate) fn check_ms(v: i64) -> Result<i64, &'static str> {
    if v < 0 {
        return Err("negative time (milliseconds since the epoch must be >= 0)");
    }
    if v > SURELY_REPRESENTABLE_MS && freebusy_types::time_from_millis(v).is_err() {
        return Err("time out of range");
    }
    Ok(v)
}

pub(crate) fn parse_u32(s: &str) -> Result<u32, &'static str> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a non-negative integer");
    }
    s.parse().map_err(|_| "integer out of range")
}

/// Zimbra booleans: `1`/`0`, `true`/`false` (any case).
pub(crate) fn parse_bool(s: &str) -> Result<bool, &'static str> {
    match s {
        "1" => Ok(true),
        "0" => Ok(false),
        _ if s.eq_ignore_ascii_case("true") => Ok(true),
        _ if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err("not a boolean (1, 0, true or false)"),
    }
}

pub(crate) fn bool_text(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// Splits a comma-separated list (`uid="a,b"`), trimming items and dropping empty ones.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Joins a list for a comma-separated attribute; `None` for an empty list.
pub(crate) fn join_list(
    items: &[String],
    element: &'static str,
    attribute: &'static str,
) -> Result<Option<String>, EncodeError> {
    if items.is_empty() {
        return Ok(None);
    }
    for item in items {
        let reason = if item.is_empty() {
            Some("an empty list item cannot be written")
        } else if item.contains(',') {
            Some("a list item cannot contain a comma")
        } else if item.trim() != item {
            Some("a list item cannot start or end with white space")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(EncodeError::InvalidValue {
                element,
                attribute,
                value: item.clone(),
                reason,
            });
        }
    }
    Ok(Some(items.join(",")))
}

// ---------------------------------------------------------------------------------------
// XML helpers.

/// Whether `el` is the child `local` of an element in namespace `ns` (same namespace, or
/// unqualified).
pub(crate) fn is_child(el: &Element, ns: &str, local: &str) -> bool {
    el.name.local() == local && (el.name.ns() == ns || el.name.ns().is_empty())
}

/// Checks the element's name and namespace.
pub(crate) fn expect_element(
    el: &Element,
    loc: &Loc<'_>,
    ns: &'static str,
    local: &str,
) -> Result<(), DecodeError> {
    if el.name.local() != local {
        return Err(DecodeError::UnexpectedElement {
            at: loc.at(),
            expected: local.to_owned(),
            found: el.name.to_string(),
        });
    }
    if el.name.ns() != ns {
        return Err(DecodeError::WrongNamespace {
            at: loc.at(),
            element: local.to_owned(),
            expected: ns,
            found: el.name.ns().to_owned(),
        });
    }
    Ok(())
}

pub(crate) fn xml_attr<'e>(el: &'e Element, name: &str) -> Option<&'e str> {
    el.attr("", name)
}

pub(crate) fn xml_req<'e>(
    el: &'e Element,
    loc: &Loc<'_>,
    name: &'static str,
) -> Result<&'e str, DecodeError> {
    xml_attr(el, name).ok_or_else(|| DecodeError::MissingAttribute {
        at: loc.at(),
        attribute: name,
    })
}

pub(crate) fn invalid(
    loc: &Loc<'_>,
    attribute: &str,
    value: &str,
    reason: &'static str,
) -> DecodeError {
    DecodeError::InvalidAttribute {
        at: loc.at(),
        attribute: attribute.to_owned(),
        value: value.to_owned(),
        reason,
    }
}

pub(crate) fn xml_ms(el: &Element, loc: &Loc<'_>, name: &'static str) -> Result<i64, DecodeError> {
    let v = xml_req(el, loc, name)?;
    parse_ms(v).map_err(|r| invalid(loc, name, v, r))
}

pub(crate) fn xml_opt_u32(
    el: &Element,
    loc: &Loc<'_>,
    name: &str,
) -> Result<Option<u32>, DecodeError> {
    xml_attr(el, name)
        .map(|v| parse_u32(v).map_err(|r| invalid(loc, name, v, r)))
        .transpose()
}

pub(crate) fn xml_opt_bool(
    el: &Element,
    loc: &Loc<'_>,
    name: &str,
) -> Result<Option<bool>, DecodeError> {
    xml_attr(el, name)
        .map(|v| parse_bool(v).map_err(|r| invalid(loc, name, v, r)))
        .transpose()
}

pub(crate) fn xml_opt_string(el: &Element, name: &str) -> Option<String> {
    xml_attr(el, name).map(str::to_owned)
}

/// Writes an optional attribute.
pub(crate) fn w_opt(w: &mut Writer, name: &str, v: Option<&str>) {
    if let Some(v) = v {
        w.attr("", name, v);
    }
}

// ---------------------------------------------------------------------------------------
// JSON helpers.

/// The object of a JSON message or element (`{"_content": ...}` elements too).
pub(crate) fn json_obj<'v>(
    v: &'v Value,
    loc: &Loc<'_>,
) -> Result<&'v Map<String, Value>, DecodeError> {
    match v {
        Value::Object(m) => Ok(m),
        Value::Array(a) if a.len() == 1 => json_obj(&a[0], loc),
        other => Err(DecodeError::UnexpectedElement {
            at: loc.at(),
            expected: "a JSON object".into(),
            found: json_kind(other).into(),
        }),
    }
}

pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Checks `_jsns` when present.
pub(crate) fn json_ns(
    m: &Map<String, Value>,
    loc: &Loc<'_>,
    element: &str,
    ns: &'static str,
) -> Result<(), DecodeError> {
    match m.get("_jsns") {
        None => Ok(()),
        Some(Value::String(s)) if s == ns => Ok(()),
        Some(other) => Err(DecodeError::WrongNamespace {
            at: loc.at(),
            element: element.to_owned(),
            expected: ns,
            found: match other {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            },
        }),
    }
}

/// A scalar attribute as text: strings as they are, numbers and booleans as JSON prints them.
pub(crate) fn json_scalar<'v>(
    v: &'v Value,
    loc: &Loc<'_>,
    name: &str,
) -> Result<std::borrow::Cow<'v, str>, DecodeError> {
    match v {
        Value::String(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Value::Number(n) => Ok(std::borrow::Cow::Owned(n.to_string())),
        Value::Bool(b) => Ok(std::borrow::Cow::Borrowed(if *b {
            "true"
        } else {
            "false"
        })),
        other => Err(invalid(
            loc,
            name,
            &other.to_string(),
            "expected a string or a number",
        )),
    }
}

pub(crate) fn json_opt_string(
    m: &Map<String, Value>,
    loc: &Loc<'_>,
    name: &str,
) -> Result<Option<String>, DecodeError> {
    m.get(name)
        .map(|v| json_scalar(v, loc, name).map(|s| s.into_owned()))
        .transpose()
}

pub(crate) fn json_ms_value(v: &Value, loc: &Loc<'_>, name: &str) -> Result<i64, DecodeError> {
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(x) => check_ms(x).map_err(|r| invalid(loc, name, &n.to_string(), r)),
            None if n.as_u64().is_some() => {
                Err(invalid(loc, name, &n.to_string(), "time out of range"))
            }
            None => Err(invalid(
                loc,
                name,
                &n.to_string(),
                "not a whole number of milliseconds",
            )),
        },
        Value::String(s) => parse_ms(s).map_err(|r| invalid(loc, name, s, r)),
        other => Err(invalid(
            loc,
            name,
            &other.to_string(),
            "expected milliseconds as a number or a string",
        )),
    }
}

pub(crate) fn json_ms(
    m: &Map<String, Value>,
    loc: &Loc<'_>,
    name: &'static str,
) -> Result<i64, DecodeError> {
    match m.get(name) {
        Some(v) => json_ms_value(v, loc, name),
        None => Err(DecodeError::MissingAttribute {
            at: loc.at(),
            attribute: name,
        }),
    }
}

pub(crate) fn json_opt_u32(
    m: &Map<String, Value>,
    loc: &Loc<'_>,
    name: &str,
) -> Result<Option<u32>, DecodeError> {
    match m.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|x| u32::try_from(x).ok())
            .map(Some)
            .ok_or_else(|| {
                invalid(
                    loc,
                    name,
                    &n.to_string(),
                    "not a non-negative integer in range",
                )
            }),
        Some(Value::String(s)) => parse_u32(s).map(Some).map_err(|r| invalid(loc, name, s, r)),
        Some(other) => Err(invalid(
            loc,
            name,
            &other.to_string(),
            "expected an integer",
        )),
    }
}

pub(crate) fn json_opt_bool(
    m: &Map<String, Value>,
    loc: &Loc<'_>,
    name: &str,
) -> Result<Option<bool>, DecodeError> {
    match m.get(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(1) => Ok(Some(true)),
            Some(0) => Ok(Some(false)),
            _ => Err(invalid(
                loc,
                name,
                &n.to_string(),
                "not a boolean (1, 0, true or false)",
            )),
        },
        Some(Value::String(s)) => parse_bool(s)
            .map(Some)
            .map_err(|r| invalid(loc, name, s, r)),
        Some(other) => Err(invalid(loc, name, &other.to_string(), "expected a boolean")),
    }
}

/// The items of a repeated child: an array, or a single object.
pub(crate) fn json_items(v: &Value) -> &[Value] {
    match v {
        Value::Array(a) => a,
        other => std::slice::from_ref(other),
    }
}

/// The text of a text-only element: `"x"`, `{"_content":"x"}`, or a one-element array.
pub(crate) fn json_text(v: &Value, loc: &Loc<'_>, name: &str) -> Result<String, DecodeError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Array(a) if a.len() == 1 => json_text(&a[0], loc, name),
        Value::Object(m) => match m.get("_content") {
            Some(c) => json_text(c, loc, name),
            None => Ok(String::new()),
        },
        other => Err(invalid(loc, name, &other.to_string(), "expected text")),
    }
}

/// Puts `"_content": text` elements: `{"_content": text}`.
pub(crate) fn json_content(text: &str) -> Value {
    let mut m = Map::new();
    m.insert("_content".into(), Value::String(text.to_owned()));
    Value::Object(m)
}

pub(crate) fn json_ns_map(ns: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("_jsns".into(), Value::String(ns.to_owned()));
    m
}

pub(crate) fn put_opt(m: &mut Map<String, Value>, name: &str, v: Option<&str>) {
    if let Some(v) = v {
        m.insert(name.to_owned(), Value::String(v.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parsing `parse_ms` replaced: std's parser and chrono's range check for every value.
    fn reference(s: &str) -> Result<i64, &'static str> {
        if s.starts_with('-') {
            return Err("negative time (milliseconds since the epoch must be >= 0)");
        }
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err("not a number of milliseconds since the epoch");
        }
        let v: i64 = s.parse().map_err(|_| "time out of range")?;
        if freebusy_types::time_from_millis(v).is_err() {
            return Err("time out of range");
        }
        Ok(v)
    }

    #[test]
    fn parse_ms_agrees_with_std_parse_and_chrono() {
        let max_ok = (0..64).rev().fold(0i64, |acc, bit| {
            let t = acc | (1 << bit);
            if t > 0 && freebusy_types::time_from_millis(t).is_ok() {
                t
            } else {
                acc
            }
        });
        let mut cases: Vec<String> = [
            "",
            "0",
            "000",
            "-1",
            "+1",
            "1a",
            "1199232000000",
            "0001199232000000",
            "999999999999999999",
            "1000000000000000000",
            "253402300799999",
            "253402300800000",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for d in -2i64..=2 {
            cases.push((max_ok + d).to_string());
            cases.push((SURELY_REPRESENTABLE_MS + d).to_string());
        }
        // Every length, digits and non-digits in every position.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for len in 1..=22 {
            for _ in 0..400 {
                let s: String = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        match x % 23 {
                            0 => (b'/' + (x >> 8) as u8 % 3) as char, // '/', '0', '1'
                            1 => (b'9' + (x >> 8) as u8 % 3) as char, // '9', ':', ';'
                            2 => char::from((x >> 8) as u8),
                            _ => char::from(b'0' + (x >> 8) as u8 % 10),
                        }
                    })
                    .collect();
                cases.push(s);
            }
        }
        for c in &cases {
            assert_eq!(parse_ms(c), reference(c), "{c:?}");
        }
    }
}
