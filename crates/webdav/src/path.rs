//! Resource paths: the path half of a WebDAV URL, kept as decoded segments.
//!
//! Servers spell the same path in different ways. Apache sends
//! `SCHEDULE+%20FREE%20BUSY/EX:_o=...`, WsgiDAV sends
//! `SCHEDULE%2B%20FREE%20BUSY/EX%3A_o%3D...`, and Exchange matches URLs case-insensitively.
//! [`ResourcePath`] stores the percent-decoded segments, so paths that differ only in their
//! percent-encoding compare equal. [`ResourcePath::encoded`] writes them back in one canonical
//! encoding (see [`encode_segment`]).
//!
//! Exchange also has its own escapes for characters that must not appear in a path segment,
//! such as `/` → `_xF8FF_`. [`escape_chars`] and [`unescape_chars`] handle these. The caller
//! supplies the table.
//!
//! ```
//! use url::Url;
//! use webdav::path::ResourcePath;
//!
//! let base = Url::parse("http://example.org/")?;
//! let apache = ResourcePath::from_href("/SCHEDULE+%20FREE%20BUSY/EX:_o=x", &base)?;
//! let wsgidav = ResourcePath::from_href(
//!     "http://example.org/SCHEDULE%2B%20FREE%20BUSY/EX%3A_o%3Dx",
//!     &base,
//! )?;
//! assert_eq!(apache, wsgidav);
//! assert_eq!(apache.segments(), ["SCHEDULE+ FREE BUSY", "EX:_o=x"]);
//! assert_eq!(apache.encoded(), "/SCHEDULE%2B%20FREE%20BUSY/EX:_o=x");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::{self, Write as _};
use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use url::Url;

/// Errors from building, parsing or resolving a [`ResourcePath`].
///
/// Every variant carries the input it rejected. The `Display` text quotes that input with
/// Rust escapes, so control characters show up readably.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathError {
    /// The path does not start with `/`.
    #[error("path {input:?} is not absolute (it must start with '/')")]
    NotAbsolute {
        /// The rejected input.
        input: String,
    },
    /// A segment is empty: `//` inside a path, or `""` given as a segment.
    /// One trailing `/` is allowed; it marks a collection.
    #[error("empty segment at index {index} in path {path:?}")]
    EmptySegment {
        /// The path that was parsed. When segments were passed in one by one, this is the
        /// encoded form of the valid segments that came before the empty one.
        path: String,
        /// Zero-based index of the empty segment.
        index: usize,
    },
    /// A segment is `.` or `..`, before or after decoding (so `%2E` counts too).
    #[error("dot segment {segment:?} is not allowed")]
    DotSegment {
        /// The segment as it was given (still encoded if it came from [`ResourcePath::parse`]).
        segment: String,
    },
    /// A `%` is not followed by two hexadecimal digits.
    #[error("invalid percent escape at byte {position} of segment {segment:?}")]
    BadPercentEscape {
        /// The encoded segment.
        segment: String,
        /// Byte offset of the bad `%` within `segment`.
        position: usize,
    },
    /// The percent-decoded bytes of a segment are not valid UTF-8.
    #[error("segment {segment:?} does not decode to UTF-8")]
    NotUtf8 {
        /// The encoded segment.
        segment: String,
    },
    /// A decoded segment contains `/`. This happens when a segment passed in contains `/`, or
    /// when a parsed segment contains `%2F`. To keep a `/` inside one segment, escape it first,
    /// for example with [`escape_chars`].
    #[error("segment {segment:?} contains '/'")]
    SlashInSegment {
        /// The segment as it was given.
        segment: String,
    },
    /// A decoded segment contains a NUL character.
    #[error("segment {segment:?} contains a NUL character")]
    NulInSegment {
        /// The segment as it was given.
        segment: String,
    },
    /// The path or href has a query part (`?...`). A query names a different resource, so it
    /// is never silently dropped.
    #[error("{input:?} has a query part")]
    Query {
        /// The rejected path or href.
        input: String,
    },
    /// A bare path given to [`ResourcePath::parse`] contains `#`. (Hrefs may have fragments,
    /// and [`ResourcePath::from_href`] ignores them.)
    #[error("path {input:?} contains a fragment ('#')")]
    Fragment {
        /// The rejected path.
        input: String,
    },
    /// The href resolves to a URL whose scheme is not `http` or `https`.
    #[error("unsupported scheme {scheme:?} in {href:?}")]
    UnsupportedScheme {
        /// The rejected href.
        href: String,
        /// Its scheme, lower-cased.
        scheme: String,
    },
    /// The href could not be resolved against the base URL.
    #[error("cannot resolve {href:?}: {reason}")]
    BadUrl {
        /// The rejected href.
        href: String,
        /// What the URL parser reported.
        reason: url::ParseError,
    },
}

/// Bytes kept as they are by [`encode_segment`]: the RFC 3986 unreserved characters
/// (letters, digits, `-` `.` `_` `~`), the sub-delimiters `!` `$` `&` `'` `(` `)` `*` `,` `;` `=`,
/// and `:` and `@`. Every other byte is percent-encoded. `+` is encoded too, because some
/// servers and libraries read it as a space.
const SEGMENT_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes one decoded path segment in the canonical form.
///
/// Kept as is: letters, digits, `-` `.` `_` `~` `!` `$` `&` `'` `(` `)` `*` `,` `;` `=` `:` `@`.
/// Every other character becomes the `%XX` escapes (upper-case hex) of its UTF-8 bytes, for
/// example space → `%20`, `+` → `%2B`, `?` → `%3F`, `#` → `%23`, `%` → `%25`, `/` → `%2F`,
/// `\` → `%5C`, `é` → `%C3%A9`.
///
/// `.` and `..` come out unchanged. [`ResourcePath`] never holds such segments. A leading
/// segment with `:` is safe only after a `/`, which is how [`ResourcePath::encoded`] writes it.
///
/// ```
/// use webdav::path::encode_segment;
///
/// assert_eq!(encode_segment("SCHEDULE+ FREE BUSY"), "SCHEDULE%2B%20FREE%20BUSY");
/// assert_eq!(encode_segment("EX:_xF8FF_o=Org"), "EX:_xF8FF_o=Org");
/// assert_eq!(encode_segment("a/b?c#d%e"), "a%2Fb%3Fc%23d%25e");
/// assert_eq!(encode_segment("é"), "%C3%A9");
/// ```
#[must_use]
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT_ENCODE_SET).to_string()
}

/// Percent-decodes one encoded path segment.
///
/// Each `%XX` (hex in either case) becomes the byte `XX`. Every other character is kept as it
/// is, including `+` (so `+` and `%2B` both decode to `+`) and characters that should have
/// been encoded but were sent raw, such as a space or `é`. The decoded bytes must form UTF-8.
///
/// The result is not checked further: `%2F` decodes to `/`, and `.`, `..` and NUL pass
/// through. [`ResourcePath::parse`] does those checks.
///
/// # Errors
///
/// [`PathError::BadPercentEscape`] if a `%` is not followed by two hex digits, and
/// [`PathError::NotUtf8`] if the decoded bytes are not UTF-8.
///
/// ```
/// use webdav::path::{decode_segment, PathError};
///
/// assert_eq!(decode_segment("SCHEDULE+%20FREE%20BUSY")?, "SCHEDULE+ FREE BUSY");
/// assert_eq!(decode_segment("SCHEDULE%2b%20FREE%20BUSY")?, "SCHEDULE+ FREE BUSY");
/// assert_eq!(
///     decode_segment("a%zz"),
///     Err(PathError::BadPercentEscape { segment: "a%zz".into(), position: 1 })
/// );
/// assert_eq!(decode_segment("%FF"), Err(PathError::NotUtf8 { segment: "%FF".into() }));
/// # Ok::<(), PathError>(())
/// ```
pub fn decode_segment(segment: &str) -> Result<String, PathError> {
    let mut out = String::with_capacity(segment.len());
    decode_segment_into(segment, &mut out)?;
    Ok(out)
}

/// [`decode_segment`], appending to `out` (left as it was on an error).
fn decode_segment_into(segment: &str, out: &mut String) -> Result<(), PathError> {
    let Some(first) = segment.bytes().position(|b| b == b'%') else {
        out.push_str(segment);
        return Ok(());
    };
    // Escapes of ASCII characters (the usual `%20`, `%2B`, `%3A`) go straight into `out`;
    // a path with an escaped non-ASCII byte is assembled as bytes and checked as UTF-8.
    let mark = out.len();
    let bytes = segment.as_bytes();
    out.push_str(segment.get(..first).unwrap_or_default());
    let mut i = first;
    while i < bytes.len() {
        let rest = segment.get(i..).unwrap_or_default();
        if !rest.starts_with('%') {
            let run = rest.find('%').unwrap_or(rest.len());
            out.push_str(rest.get(..run).unwrap_or_default());
            i += run;
            continue;
        }
        let high = bytes.get(i + 1).and_then(|&b| hex_value(b));
        let low = bytes.get(i + 2).and_then(|&b| hex_value(b));
        match (high, low) {
            (Some(high), Some(low)) if (high << 4 | low) < 0x80 => {
                out.push(char::from(high << 4 | low));
            }
            (Some(_), Some(_)) => {
                out.truncate(mark);
                return decode_escapes(segment, first).map(|s| out.push_str(&s));
            }
            _ => {
                out.truncate(mark);
                return Err(PathError::BadPercentEscape {
                    segment: segment.to_owned(),
                    position: i,
                });
            }
        }
        i += 3;
    }
    Ok(())
}

/// `segment` with its escapes decoded as bytes, then checked as UTF-8 (`first` is where
/// the first `%` is).
fn decode_escapes(segment: &str, first: usize) -> Result<String, PathError> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..first).unwrap_or_default());
    let mut i = first;
    while let Some(&byte) = bytes.get(i) {
        if byte != b'%' {
            // Copy the run up to the next escape in one go.
            let rest = bytes.get(i..).unwrap_or_default();
            let run = rest.iter().position(|&b| b == b'%').unwrap_or(rest.len());
            out.extend_from_slice(rest.get(..run).unwrap_or_default());
            i += run;
            continue;
        }
        let high = bytes.get(i + 1).and_then(|&b| hex_value(b));
        let low = bytes.get(i + 2).and_then(|&b| hex_value(b));
        match (high, low) {
            (Some(high), Some(low)) => out.push(high << 4 | low),
            _ => {
                return Err(PathError::BadPercentEscape {
                    segment: segment.to_owned(),
                    position: i,
                });
            }
        }
        i += 3;
    }
    String::from_utf8(out).map_err(|_| PathError::NotUtf8 {
        segment: segment.to_owned(),
    })
}

/// The value of one ASCII hex digit.
const fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Replaces each character found in `table` with `_xHHHH_`, where `HHHH` is the character's
/// code from the table in upper-case hex. Other characters are copied unchanged.
///
/// This is Exchange's way of putting characters such as `/` inside one path segment.
/// Evolution's table is `[('/', 0xF8FF), ('?', 0x003F), ('\\', 0xF8FE), ('~', 0x007E)]`.
/// The table belongs to the caller. Do this escaping before percent-encoding, meaning before
/// the segment goes into a [`ResourcePath`].
///
/// ```
/// use webdav::path::escape_chars;
///
/// let table = [('/', 0xF8FF)];
/// assert_eq!(
///     escape_chars("EX:/o=Microsoft/ou=APPS-ABC", &table),
///     "EX:_xF8FF_o=Microsoft_xF8FF_ou=APPS-ABC"
/// );
/// ```
#[must_use]
pub fn escape_chars(segment: &str, table: &[(char, u16)]) -> String {
    let mut out = String::with_capacity(segment.len());
    for ch in segment.chars() {
        match table.iter().find(|(c, _)| *c == ch) {
            // Writing to a String cannot fail.
            Some((_, code)) => {
                let _ = write!(out, "_x{code:04X}_");
            }
            None => out.push(ch),
        }
    }
    out
}

/// The inverse of [`escape_chars`]: replaces each `_xHHHH_` whose code is in `table` with
/// that code's character.
///
/// The `x` must be lower-case. The four hex digits may be in either case. A sequence whose
/// code is not in the table is left as it is, and so is anything malformed. If a code appears
/// more than once in the table, the first entry is used. The input is read left to right, and
/// escapes do not overlap.
///
/// # Ambiguity
///
/// If the original text already contained something like `_xF8FF_`, the result cannot be told
/// apart from an escaped `/`. Unescaping turns that text into `/`, and Exchange has the same
/// ambiguity. `unescape_chars(&escape_chars(s, t), t) == s` holds whenever `s` does not
/// contain `_x`.
///
/// ```
/// use webdav::path::unescape_chars;
///
/// let table = [('/', 0xF8FF), ('?', 0x003F)];
/// assert_eq!(unescape_chars("EX:_xF8FF_o=Org_xf8ff_ou=A", &table), "EX:/o=Org/ou=A");
/// assert_eq!(unescape_chars("a_x003F_b_x0041_", &table), "a?b_x0041_"); // 0x0041 not in table
/// ```
#[must_use]
pub fn unescape_chars(segment: &str, table: &[(char, u16)]) -> String {
    let mut out = String::with_capacity(segment.len());
    let mut rest = segment;
    while let Some(pos) = rest.find("_x") {
        let Some((before, from)) = rest.split_at_checked(pos) else {
            break;
        };
        out.push_str(before);
        match escaped_char(from, table) {
            Some(ch) => {
                out.push(ch);
                // An escape is 7 ASCII bytes: `_xHHHH_`.
                rest = from.get(7..).unwrap_or_default();
            }
            None => {
                out.push('_');
                rest = from.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// If `text` starts with `_xHHHH_` and `HHHH` is in `table`, the character it stands for.
fn escaped_char(text: &str, table: &[(char, u16)]) -> Option<char> {
    let rest = text.strip_prefix("_x")?;
    let hex = rest.get(..4)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) || rest.get(4..5)? != "_" {
        return None;
    }
    let code = u16::from_str_radix(hex, 16).ok()?;
    table.iter().find(|(_, c)| *c == code).map(|(ch, _)| *ch)
}

/// Why a decoded segment cannot be part of a [`ResourcePath`].
enum Invalid {
    Empty,
    Dot,
    Slash,
    Nul,
}

/// Checks a decoded segment against the rules of [`ResourcePath`].
fn check_segment(decoded: &str) -> Result<(), Invalid> {
    if decoded.is_empty() {
        Err(Invalid::Empty)
    } else if decoded == "." || decoded == ".." {
        Err(Invalid::Dot)
    } else if decoded.contains('/') {
        Err(Invalid::Slash)
    } else if decoded.contains('\0') {
        Err(Invalid::Nul)
    } else {
        Ok(())
    }
}

/// An absolute resource path: its decoded segments and a collection flag, kept as one
/// string (the segments joined with `/`, which no segment holds), so a path is one
/// allocation whatever its depth.
///
/// The collection flag says whether the path ends with `/`, as in `/a/b/`. The root `/` has
/// no segments and is always a collection.
///
/// No segment is ever empty, `.`, `..`, or contains `/` or NUL. Every constructor checks
/// this.
///
/// # Equality
///
/// `==`, [`Hash`] and [`Ord`] compare the decoded segments exactly (case-sensitive) and also
/// the collection flag. So `/a%20b` equals `/a b` and `/a+b` equals `/a%2Bb`, but `/a` does
/// not equal `/a/`. [`same_resource`](Self::same_resource) ignores the collection flag.
/// [`eq_ignore_ascii_case`](Self::eq_ignore_ascii_case) and
/// [`same_resource_ignore_ascii_case`](Self::same_resource_ignore_ascii_case) also ignore
/// ASCII case, because Exchange matches URLs case-insensitively. For hash keys that ignore
/// case, use [`to_ascii_lowercase`](Self::to_ascii_lowercase).
///
/// The ordering is segment by segment, so a collection sorts right before its members.
///
/// ```
/// use webdav::path::ResourcePath;
///
/// let p: ResourcePath = "/public/SCHEDULE+%20FREE%20BUSY/".parse()?;
/// assert!(p.is_collection());
/// assert_eq!(p.segments(), ["public", "SCHEDULE+ FREE BUSY"]);
/// assert_eq!(p.to_string(), "/public/SCHEDULE%2B%20FREE%20BUSY/");
/// assert_eq!(p, "/public/SCHEDULE%2B%20FREE%20BUSY/".parse()?);
/// # Ok::<(), webdav::path::PathError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResourcePath {
    /// The decoded segments joined with `/`; empty for the root.
    joined: String,
    collection: bool,
}

/// Segment by segment, then the collection flag (item form first).
impl Ord for ResourcePath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.segment_iter()
            .cmp(other.segment_iter())
            .then(self.collection.cmp(&other.collection))
    }
}

impl PartialOrd for ResourcePath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl ResourcePath {
    /// The root path `/`. It has no segments and is a collection.
    #[must_use]
    pub const fn root() -> Self {
        Self {
            joined: String::new(),
            collection: true,
        }
    }

    /// Builds a path from decoded segments, in item form (no trailing `/`). Call
    /// [`as_collection`](Self::as_collection) to get the collection form. With no segments,
    /// the result is [`root`](Self::root).
    ///
    /// The segments are used as they are, with no decoding. `%` is an ordinary character here
    /// and will be encoded as `%25`.
    ///
    /// # Errors
    ///
    /// [`PathError::EmptySegment`], [`PathError::DotSegment`],
    /// [`PathError::SlashInSegment`] (escape the `/` first, for example with
    /// [`escape_chars`]) or [`PathError::NulInSegment`].
    ///
    /// ```
    /// use webdav::path::{PathError, ResourcePath};
    ///
    /// let p = ResourcePath::from_segments(["public", "SCHEDULE+ FREE BUSY"])?;
    /// assert_eq!(p.encoded(), "/public/SCHEDULE%2B%20FREE%20BUSY");
    /// assert!(matches!(
    ///     ResourcePath::from_segments(["a/b"]),
    ///     Err(PathError::SlashInSegment { .. })
    /// ));
    /// # Ok::<(), PathError>(())
    /// ```
    pub fn from_segments<I, S>(segments: I) -> Result<Self, PathError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut path = Self::root();
        for segment in segments {
            path.push(segment.into())?;
        }
        Ok(path)
    }

    /// Appends one decoded segment after checking it. Afterwards the path is in item form.
    fn push(&mut self, segment: String) -> Result<(), PathError> {
        match check_segment(&segment) {
            Ok(()) => {
                if !self.joined.is_empty() {
                    self.joined.push('/');
                }
                self.joined.push_str(&segment);
                self.collection = false;
                Ok(())
            }
            Err(Invalid::Empty) => Err(PathError::EmptySegment {
                path: self.as_item().encoded(),
                index: self.segment_count(),
            }),
            Err(Invalid::Dot) => Err(PathError::DotSegment { segment }),
            Err(Invalid::Slash) => Err(PathError::SlashInSegment { segment }),
            Err(Invalid::Nul) => Err(PathError::NulInSegment { segment }),
        }
    }

    /// Parses an absolute, percent-encoded path such as `/a/b%20c/`.
    ///
    /// Each segment is decoded with [`decode_segment`]. Both `+` and `%2B` mean `+`, hex may
    /// be in either case, and characters that should have been encoded but were sent raw are
    /// accepted. One trailing `/` marks a collection. Nothing else is collapsed or dropped:
    /// `//` is an error, and so are `.` and `..`.
    ///
    /// # Errors
    ///
    /// - The input does not start with `/`: [`PathError::NotAbsolute`].
    /// - It contains `?` or `#`: [`PathError::Query`] or [`PathError::Fragment`].
    /// - It contains `//`: [`PathError::EmptySegment`].
    /// - A segment does not decode: [`PathError::BadPercentEscape`] or [`PathError::NotUtf8`].
    /// - A decoded segment is not allowed: [`PathError::DotSegment`],
    ///   [`PathError::SlashInSegment`] (`%2F`) or [`PathError::NulInSegment`] (`%00`).
    ///
    /// ```
    /// use webdav::path::{PathError, ResourcePath};
    ///
    /// let p = ResourcePath::parse("/a/b%20c/")?;
    /// assert_eq!(p.segments(), ["a", "b c"]);
    /// assert!(p.is_collection());
    /// assert!(matches!(ResourcePath::parse("/a//b"), Err(PathError::EmptySegment { .. })));
    /// assert!(matches!(ResourcePath::parse("/a/%zz"), Err(PathError::BadPercentEscape { .. })));
    /// # Ok::<(), PathError>(())
    /// ```
    pub fn parse(encoded: &str) -> Result<Self, PathError> {
        let Some(rest) = encoded.strip_prefix('/') else {
            return Err(PathError::NotAbsolute {
                input: encoded.to_owned(),
            });
        };
        if encoded.contains('?') {
            return Err(PathError::Query {
                input: encoded.to_owned(),
            });
        }
        if encoded.contains('#') {
            return Err(PathError::Fragment {
                input: encoded.to_owned(),
            });
        }
        if rest.is_empty() {
            return Ok(Self::root());
        }
        let (body, collection) = match rest.strip_suffix('/') {
            Some(body) => (body, true),
            None => (rest, false),
        };
        let mut joined = String::with_capacity(body.len());
        for (index, raw) in body.split('/').enumerate() {
            if index > 0 {
                joined.push('/');
            }
            let start = joined.len();
            decode_segment_into(raw, &mut joined)?;
            match check_segment(joined.get(start..).unwrap_or_default()) {
                Ok(()) => {}
                Err(Invalid::Empty) => {
                    return Err(PathError::EmptySegment {
                        path: encoded.to_owned(),
                        index,
                    });
                }
                Err(Invalid::Dot) => {
                    return Err(PathError::DotSegment {
                        segment: raw.to_owned(),
                    });
                }
                Err(Invalid::Slash) => {
                    return Err(PathError::SlashInSegment {
                        segment: raw.to_owned(),
                    });
                }
                Err(Invalid::Nul) => {
                    return Err(PathError::NulInSegment {
                        segment: raw.to_owned(),
                    });
                }
            }
        }
        Ok(Self { joined, collection })
    }

    /// The path named by an `href` from a multistatus response.
    ///
    /// The href can be an absolute URL (`http` or `https`, any host: only its path is used),
    /// an absolute path, or a relative reference. It is resolved against `base`, which should be
    /// the URL the request went to, following RFC 3986 ([`Url::join`]). So `..` and `.` are
    /// resolved here, as RFC 3986 requires, and `%2E` counts as `.`. A relative href whose
    /// first segment contains `:` reads as a URL with a scheme (write `./EX:...`).
    ///
    /// Before resolving, ASCII whitespace around the href (XML formatting) is trimmed. Inside
    /// the href, `\` and control characters are percent-encoded, so the URL parser neither
    /// treats them as `/` nor removes them. A fragment is ignored. A query is an error.
    /// The resulting path is then read by [`parse`](Self::parse).
    ///
    /// # Errors
    ///
    /// [`PathError::BadUrl`] if the href cannot be resolved, [`PathError::UnsupportedScheme`]
    /// if the result is not `http`/`https`, [`PathError::Query`] if it has a query, and any
    /// error of [`parse`](Self::parse) for its path.
    ///
    /// ```
    /// use url::Url;
    /// use webdav::path::ResourcePath;
    ///
    /// let base = Url::parse("http://example.org/public/folder/")?;
    /// let abs = ResourcePath::from_href("http://other.example/public/folder/a%20b.EML", &base)?;
    /// let path = ResourcePath::from_href("/public/folder/a b.EML", &base)?;
    /// let rel = ResourcePath::from_href("a%20b.EML", &base)?;
    /// assert_eq!(abs, path);
    /// assert_eq!(abs, rel);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_href(href: &str, base: &Url) -> Result<Self, PathError> {
        let trimmed = href.trim_matches(|c: char| c.is_ascii_whitespace());
        // A plain href (no backslash or control character among its bytes, see
        // `plain_path`) needs neither escaping nor the URL parser.
        if matches!(base.scheme(), "http" | "https")
            && let Some(path) = plain_path(trimmed)
        {
            return Self::parse_plain(path);
        }
        let needs_escape = |b: u8| b == b'\\' || b.is_ascii_control();
        let protected: std::borrow::Cow<'_, str> = if trimmed.bytes().any(needs_escape) {
            let mut protected = String::with_capacity(trimmed.len());
            for ch in trimmed.chars() {
                if ch == '\\' || ch.is_ascii_control() {
                    // Writing to a String cannot fail.
                    let _ = write!(protected, "%{:02X}", u32::from(ch));
                } else {
                    protected.push(ch);
                }
            }
            protected.into()
        } else {
            trimmed.into()
        };
        Self::from_href_via_url(&protected, href, base)
    }

    /// [`parse`](Self::parse) of a path `plain_path` let through (it starts with `/` and
    /// holds no `?`, `#`, `\\` or control character), skipping the checks that cannot fail;
    /// anything unusual (a bad escape, an empty or dot segment, an escaped `/` or NUL) is
    /// left to `parse`, which names the problem.
    fn parse_plain(path: &str) -> Result<Self, PathError> {
        let rest = path.get(1..).unwrap_or_default();
        if rest.is_empty() {
            return Ok(Self::root());
        }
        let (body, collection) = match rest.strip_suffix('/') {
            Some(body) => (body, true),
            None => (rest, false),
        };
        let mut joined = String::with_capacity(body.len());
        for raw in body.split('/') {
            // An empty first segment leaves `joined` empty: the check below catches it.
            if raw.is_empty() || !push_plain_segment(raw, &mut joined) {
                return Self::parse(path);
            }
        }
        Ok(Self { joined, collection })
    }

    /// [`from_href`](Self::from_href) through `Url::join`, whatever the href.
    #[doc(hidden)]
    pub fn from_href_via_url(protected: &str, href: &str, base: &Url) -> Result<Self, PathError> {
        let url = base.join(protected).map_err(|reason| PathError::BadUrl {
            href: href.to_owned(),
            reason,
        })?;
        Self::from_url_for(&url, href)
    }

    /// The path of a `http` or `https` URL. A fragment is ignored.
    ///
    /// This is useful when the base URL has a path prefix to keep (see
    /// [`concat`](Self::concat)).
    ///
    /// # Errors
    ///
    /// [`PathError::UnsupportedScheme`], [`PathError::Query`] and any error of
    /// [`parse`](Self::parse) for the URL's path.
    ///
    /// ```
    /// use url::Url;
    /// use webdav::path::ResourcePath;
    ///
    /// let p = ResourcePath::from_url(&Url::parse("https://h.example/exchange/")?)?;
    /// assert_eq!(p.segments(), ["exchange"]);
    /// assert!(p.is_collection());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_url(url: &Url) -> Result<Self, PathError> {
        Self::from_url_for(url, url.as_str())
    }

    /// [`from_url`](Self::from_url), naming `original` in errors.
    fn from_url_for(url: &Url, original: &str) -> Result<Self, PathError> {
        match url.scheme() {
            "http" | "https" => {}
            other => {
                return Err(PathError::UnsupportedScheme {
                    href: original.to_owned(),
                    scheme: other.to_owned(),
                });
            }
        }
        if url.query().is_some() {
            return Err(PathError::Query {
                input: original.to_owned(),
            });
        }
        Self::parse(url.path())
    }

    /// The decoded segments. The root has none.
    #[must_use]
    pub fn segments(&self) -> Vec<&str> {
        self.segment_iter().collect()
    }

    /// The decoded segments, in order, without collecting them.
    pub fn segment_iter(&self) -> impl DoubleEndedIterator<Item = &str> + Clone {
        let joined = (!self.joined.is_empty()).then_some(self.joined.as_str());
        joined.into_iter().flat_map(|j| j.split('/'))
    }

    /// The number of segments (0 for the root).
    #[must_use]
    pub fn segment_count(&self) -> usize {
        if self.joined.is_empty() {
            0
        } else {
            self.joined.bytes().filter(|&b| b == b'/').count() + 1
        }
    }

    /// Whether the path is in collection form (ends with `/`). The root always is.
    #[must_use]
    pub const fn is_collection(&self) -> bool {
        self.collection
    }

    /// Whether this is the root `/`.
    #[must_use]
    pub fn is_root(&self) -> bool {
        self.joined.is_empty()
    }

    /// The same path in collection form (with a trailing `/`).
    ///
    /// ```
    /// use webdav::path::ResourcePath;
    ///
    /// let p = ResourcePath::parse("/a/b")?;
    /// assert_eq!(p.as_collection().encoded(), "/a/b/");
    /// assert_eq!(p.as_collection().as_item(), p);
    /// # Ok::<(), webdav::path::PathError>(())
    /// ```
    #[must_use]
    pub fn as_collection(&self) -> Self {
        Self {
            joined: self.joined.clone(),
            collection: true,
        }
    }

    /// The same path in item form (no trailing `/`). The root stays `/`.
    #[must_use]
    pub fn as_item(&self) -> Self {
        Self {
            joined: self.joined.clone(),
            collection: self.joined.is_empty(),
        }
    }

    /// Appends one decoded segment and returns the result in item form. The segment is
    /// checked as in [`from_segments`](Self::from_segments). This works segment by segment, so
    /// `/a` joined with `b` is `/a/b` (unlike RFC 3986 resolution, which would give `/b`).
    ///
    /// # Errors
    ///
    /// As for [`from_segments`](Self::from_segments).
    ///
    /// ```
    /// use webdav::path::{escape_chars, ResourcePath};
    ///
    /// let folder = ResourcePath::from_segments(["public", "SCHEDULE+ FREE BUSY"])?;
    /// let item = folder.join(&escape_chars("EX:/o=Org", &[('/', 0xF8FF)]))?;
    /// assert_eq!(item.encoded(), "/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org");
    /// # Ok::<(), webdav::path::PathError>(())
    /// ```
    pub fn join(&self, segment: &str) -> Result<Self, PathError> {
        let mut path = self.clone();
        path.push(segment.to_owned())?;
        Ok(path)
    }

    /// This path followed by the segments of `tail`, taking `tail`'s collection flag. Use it
    /// to put a path under a base URL's path prefix, for example
    /// `ResourcePath::from_url(&base)?.concat(&path).to_url(&base)`.
    ///
    /// ```
    /// use webdav::path::ResourcePath;
    ///
    /// let prefix = ResourcePath::parse("/exchange/")?;
    /// let tail = ResourcePath::parse("/public/x.EML")?;
    /// assert_eq!(prefix.concat(&tail).encoded(), "/exchange/public/x.EML");
    /// # Ok::<(), webdav::path::PathError>(())
    /// ```
    #[must_use]
    pub fn concat(&self, tail: &ResourcePath) -> Self {
        let mut joined = String::with_capacity(self.joined.len() + 1 + tail.joined.len());
        joined.push_str(&self.joined);
        if !self.joined.is_empty() && !tail.joined.is_empty() {
            joined.push('/');
        }
        joined.push_str(&tail.joined);
        Self {
            collection: tail.collection || joined.is_empty(),
            joined,
        }
    }

    /// The parent collection (in collection form), or `None` for the root.
    ///
    /// ```
    /// use webdav::path::ResourcePath;
    ///
    /// let p = ResourcePath::parse("/a/b.EML")?;
    /// assert_eq!(p.parent(), Some(ResourcePath::parse("/a/")?));
    /// assert_eq!(ResourcePath::root().parent(), None);
    /// # Ok::<(), webdav::path::PathError>(())
    /// ```
    #[must_use]
    pub fn parent(&self) -> Option<Self> {
        if self.joined.is_empty() {
            return None;
        }
        let init = self.joined.rsplit_once('/').map_or("", |(init, _)| init);
        Some(Self {
            joined: init.to_owned(),
            collection: true,
        })
    }

    /// The last decoded segment, or `None` for the root.
    #[must_use]
    pub fn last(&self) -> Option<&str> {
        self.segment_iter().next_back()
    }

    /// Whether `prefix`'s segments are a leading part of this path's segments. The
    /// comparison is exact, segment by segment. Collection flags are ignored. Every path starts
    /// with the root and with itself, and `/ab` does not start with `/a`.
    #[must_use]
    pub fn starts_with(&self, prefix: &ResourcePath) -> bool {
        self.strip_prefix_joined(prefix).is_some()
    }

    /// The segments after `prefix`, if [`starts_with(prefix)`](Self::starts_with) holds.
    ///
    /// ```
    /// use webdav::path::ResourcePath;
    ///
    /// let p = ResourcePath::parse("/public/folder/x.EML")?;
    /// let rest = p.strip_prefix(&ResourcePath::parse("/public/")?);
    /// assert_eq!(rest, Some(vec!["folder", "x.EML"]));
    /// assert_eq!(p.strip_prefix(&ResourcePath::parse("/pub/")?), None);
    /// # Ok::<(), webdav::path::PathError>(())
    /// ```
    #[must_use]
    pub fn strip_prefix(&self, prefix: &ResourcePath) -> Option<Vec<&str>> {
        let rest = self.strip_prefix_joined(prefix)?;
        Some(if rest.is_empty() {
            Vec::new()
        } else {
            rest.split('/').collect()
        })
    }

    /// The joined segments after `prefix`'s, when `prefix`'s segments lead this path's.
    fn strip_prefix_joined(&self, prefix: &ResourcePath) -> Option<&str> {
        if prefix.joined.is_empty() {
            return Some(&self.joined);
        }
        let rest = self.joined.strip_prefix(prefix.joined.as_str())?;
        if rest.is_empty() {
            Some(rest)
        } else {
            rest.strip_prefix('/')
        }
    }

    /// The canonical encoded form: `/`, the segments encoded with [`encode_segment`] and
    /// joined by `/`, and a trailing `/` for a collection. The root is `/`. This is also what
    /// [`Display`](fmt::Display) prints, and [`parse`](Self::parse) reads it back to an equal
    /// path.
    #[must_use]
    pub fn encoded(&self) -> String {
        let mut out = String::with_capacity(self.joined.len() + 8);
        for segment in self.segment_iter() {
            out.push('/');
            out.push_str(&encode_segment(segment));
        }
        if self.collection {
            out.push('/');
        }
        out
    }

    /// `base` with its path replaced by [`encoded`](Self::encoded) and its query and fragment
    /// removed. Scheme, user info, host and port are kept. Any path in `base` is replaced, not
    /// kept as a prefix: use [`concat`](Self::concat) to keep one. `base` should be an
    /// `http`/`https` URL.
    ///
    /// ```
    /// use url::Url;
    /// use webdav::path::ResourcePath;
    ///
    /// let base = Url::parse("https://user@h.example:8443/ignored?q#f")?;
    /// let p = ResourcePath::from_segments(["public", "a b"])?;
    /// assert_eq!(p.to_url(&base).as_str(), "https://user@h.example:8443/public/a%20b");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_url(&self, base: &Url) -> Url {
        let mut url = base.clone();
        url.set_path(&self.encoded());
        url.set_query(None);
        url.set_fragment(None);
        url
    }

    /// Whether both paths have equal segments, ignoring the collection flag. So `/a/b` and
    /// `/a/b/` name the same resource.
    #[must_use]
    pub fn same_resource(&self, other: &Self) -> bool {
        self.joined == other.joined
    }

    /// Like `==` (segments and collection flag), except that segments are compared ignoring
    /// ASCII case. Exchange matches URLs case-insensitively.
    ///
    /// ```
    /// use webdav::path::ResourcePath;
    ///
    /// let ours = ResourcePath::parse("/public/USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML")?;
    /// let theirs = ResourcePath::parse("/PUBLIC/user-_xf8ff_cn=recipients_xf8ff_cn=jdoe.eml")?;
    /// assert_ne!(ours, theirs);
    /// assert!(ours.eq_ignore_ascii_case(&theirs));
    /// # Ok::<(), webdav::path::PathError>(())
    /// ```
    #[must_use]
    pub fn eq_ignore_ascii_case(&self, other: &Self) -> bool {
        self.collection == other.collection && self.same_resource_ignore_ascii_case(other)
    }

    /// Like [`same_resource`](Self::same_resource), except that segments are compared
    /// ignoring ASCII case.
    #[must_use]
    pub fn same_resource_ignore_ascii_case(&self, other: &Self) -> bool {
        // Segment-wise and whole-string comparisons agree: `/` only ever separates.
        self.joined.eq_ignore_ascii_case(&other.joined)
    }

    /// A copy with every segment ASCII-lower-cased. Use it as a hash key that matches
    /// [`eq_ignore_ascii_case`](Self::eq_ignore_ascii_case).
    #[must_use]
    pub fn to_ascii_lowercase(&self) -> Self {
        Self {
            joined: self.joined.to_ascii_lowercase(),
            collection: self.collection,
        }
    }
}

impl Default for ResourcePath {
    /// The root `/`.
    fn default() -> Self {
        Self::root()
    }
}

impl fmt::Debug for ResourcePath {
    /// Prints `ResourcePath("/a/b%20c/")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResourcePath")
            .field(&self.encoded())
            .finish()
    }
}

impl fmt::Display for ResourcePath {
    /// Prints [`encoded`](ResourcePath::encoded).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encoded())
    }
}

impl FromStr for ResourcePath {
    type Err = PathError;

    /// Same as [`ResourcePath::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Reads the hrefs of one multistatus against one base, exactly as
/// [`ResourcePath::from_href`] does, faster when they are members of one collection: the
/// decoded parent of the last plain href is kept, and an href that is that parent plus one
/// plain segment only has that segment decoded.
///
/// ```
/// use url::Url;
/// use webdav::path::{HrefReader, ResourcePath};
///
/// let base = Url::parse("http://h.example/public/")?;
/// let mut hrefs = HrefReader::new(&base);
/// for href in ["/public/f/", "/public/f/a%20b.EML", "/public/f/c.EML", "x.EML"] {
///     assert_eq!(hrefs.read(href)?, ResourcePath::from_href(href, &base)?);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct HrefReader<'b> {
    base: &'b Url,
    /// The last plain href up to its last segment (ending with `/`), and the decoded
    /// segments of that part, joined.
    parent: Option<(String, String)>,
}

impl<'b> HrefReader<'b> {
    /// A reader resolving against `base`.
    #[must_use]
    pub fn new(base: &'b Url) -> Self {
        HrefReader { base, parent: None }
    }

    /// [`ResourcePath::from_href`] of `href`.
    ///
    /// # Errors
    ///
    /// As [`ResourcePath::from_href`].
    pub fn read(&mut self, href: &str) -> Result<ResourcePath, PathError> {
        let trimmed = href.trim_matches(|c: char| c.is_ascii_whitespace());
        if let Some(path) = self.member(trimmed) {
            return Ok(path);
        }
        let path = ResourcePath::from_href(href, self.base)?;
        self.parent = self.parent_of(trimmed, &path);
        Ok(path)
    }

    /// The path of `href` when it is the kept parent plus one plain segment (and `/`).
    fn member(&self, href: &str) -> Option<ResourcePath> {
        let (raw_parent, joined_parent) = self.parent.as_ref()?;
        let last = href.strip_prefix(raw_parent.as_str())?;
        let (segment, collection) = match last.strip_suffix('/') {
            Some(segment) => (segment, true),
            None => (last, false),
        };
        // What `plain_path` and `parse_plain` require of this segment (the parent passed).
        if segment.is_empty() || !plain_segment(segment) {
            return None;
        }
        let mut joined = String::with_capacity(joined_parent.len() + 1 + segment.len());
        joined.push_str(joined_parent);
        push_plain_segment(segment, &mut joined).then_some(ResourcePath { joined, collection })
    }

    /// The parent to keep after `href` read as `path`: only when `href` took the plain
    /// way (so its path is its text, decoded segment by segment).
    fn parent_of(&self, href: &str, path: &ResourcePath) -> Option<(String, String)> {
        if !matches!(self.base.scheme(), "http" | "https") {
            return None;
        }
        let raw_path = plain_path(href)?;
        let path_start = href.len() - raw_path.len();
        let body = href.strip_suffix('/').unwrap_or(href);
        let cut = body.rfind('/')?;
        if cut < path_start || path.is_root() {
            return None;
        }
        let joined_parent = path.joined.rsplit_once('/').map_or("", |(p, _)| p);
        Some((href.get(..=cut)?.to_owned(), joined_parent.to_owned()))
    }
}

/// The bytes a URL parser keeps as written in an `http` path: letters, digits and
/// `-._~!$&'()*+,;=:@/%`.
const URL_KEEPS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0u8;
    loop {
        t[b as usize] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
                    | b'%'
            );
        if b == 255 {
            break;
        }
        b += 1;
    }
    t
};

/// The path `Url::join` would give for `href` (against an `http` or `https` base), when
/// finding it needs no URL machinery: an absolute path, or an `http(s)://host[:port]` URL
/// with a plain host name, whose path holds only characters a URL keeps as written and no
/// dot segment (also not a percent-encoded one). `None` for anything else, which then goes
/// through `Url::join`; most servers' hrefs take this path, and the URL parser's
/// normalization work is skipped for them.
fn plain_path(href: &str) -> Option<&str> {
    let path = if href.starts_with('/') {
        if href.starts_with("//") {
            return None;
        }
        href
    } else {
        let rest = href
            .strip_prefix("http://")
            .or_else(|| href.strip_prefix("https://"))?;
        let slash = rest.find('/')?;
        let (authority, path) = rest.split_at(slash);
        if !plain_authority(authority) {
            return None;
        }
        path
    };
    path.split('/').all(plain_segment).then_some(path)
}

/// Whether a URL parser keeps the raw path segment `raw` as written: only characters it
/// does not re-encode, and not a (possibly percent-encoded) dot segment, which it would
/// resolve away (anything short made of `.`, `%`, `2`, `e`, `E` is left to it). An empty
/// segment is kept.
fn plain_segment(raw: &str) -> bool {
    let maybe_dots = !raw.is_empty()
        && raw.len() <= 6
        && raw
            .bytes()
            .all(|b| matches!(b, b'.' | b'%' | b'2' | b'e' | b'E'));
    !maybe_dots && raw.bytes().all(|b| URL_KEEPS[usize::from(b)] && b != b'/')
}

/// Decodes the plain segment `raw` onto `joined` (after a `/` unless `joined` is empty).
/// `false`, `joined` then undefined, for what only [`ResourcePath::parse`] can word: a bad
/// escape, an empty or dot segment, an escaped `/` or NUL.
fn push_plain_segment(raw: &str, joined: &mut String) -> bool {
    if !joined.is_empty() {
        joined.push('/');
    }
    let start = joined.len();
    if decode_segment_into(raw, joined).is_err() {
        return false;
    }
    let decoded = joined.get(start..).unwrap_or_default();
    // Without escapes a segment is itself, and `split` left no `/` in it.
    let escaped_separator =
        decoded.len() != raw.len() && decoded.bytes().any(|b| b == b'/' || b == 0);
    !(decoded.is_empty() || decoded == "." || decoded == ".." || escaped_separator)
}

/// A host name of letters, digits and hyphens in non-empty labels, the last starting with a
/// letter (so never an IPv4 address), no IDNA label, and an optional decimal port.
fn plain_authority(authority: &str) -> bool {
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if let Some(p) = port
        && !(p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= 65535))
    {
        return false;
    }
    let labels_ok = host.split('.').all(|l| {
        !l.is_empty()
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.get(..4).is_some_and(|x| x.eq_ignore_ascii_case("xn--"))
    });
    let last_is_name = host
        .rsplit('.')
        .next()
        .and_then(|l| l.bytes().next())
        .is_some_and(|b| b.is_ascii_alphabetic());
    labels_ok && last_is_name
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVOLUTION: [(char, u16); 4] =
        [('/', 0xF8FF), ('?', 0x003F), ('\\', 0xF8FE), ('~', 0x007E)];

    #[test]
    fn encode_keeps_pchar_and_encodes_the_rest() {
        assert_eq!(
            encode_segment("AZaz09-._~!$&'()*,;=:@"),
            "AZaz09-._~!$&'()*,;=:@"
        );
        assert_eq!(
            encode_segment(" +?#%/\\\"<>[]^`{|}"),
            "%20%2B%3F%23%25%2F%5C%22%3C%3E%5B%5D%5E%60%7B%7C%7D"
        );
        assert_eq!(encode_segment("\u{7f}\t\0"), "%7F%09%00");
        assert_eq!(encode_segment("日本"), "%E6%97%A5%E6%9C%AC");
        assert_eq!(encode_segment("😀"), "%F0%9F%98%80");
        assert_eq!(encode_segment(""), "");
    }

    #[test]
    fn decode_accepts_mixed_case_hex_and_raw_characters() -> Result<(), PathError> {
        assert_eq!(decode_segment("%c3%A9")?, "é");
        assert_eq!(decode_segment("a b+é")?, "a b+é");
        assert_eq!(decode_segment("%2B+%2b")?, "+++");
        assert_eq!(decode_segment("%2F%00")?, "/\0");
        assert_eq!(decode_segment("")?, "");
        Ok(())
    }

    #[test]
    fn decode_reports_the_position_of_bad_escapes() {
        for (input, position) in [
            ("%", 0),
            ("%4", 0),
            ("ab%4", 2),
            ("%zz", 0),
            ("%%41", 0),
            ("x%4g", 1),
            ("%41%", 3),
            ("é%", 2),
            ("%é", 0),
        ] {
            assert_eq!(
                decode_segment(input),
                Err(PathError::BadPercentEscape {
                    segment: input.to_owned(),
                    position
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn decode_rejects_non_utf8() {
        for input in ["%FF", "%C3", "%C3%28", "%ED%A0%80", "%C3é"] {
            assert_eq!(
                decode_segment(input),
                Err(PathError::NotUtf8 {
                    segment: input.to_owned()
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn escape_and_unescape() {
        assert_eq!(
            escape_chars("a/b?c\\d~e", &EVOLUTION),
            "a_xF8FF_b_x003F_c_xF8FE_d_x007E_e"
        );
        assert_eq!(
            unescape_chars("a_xF8FF_b_x003F_c_xF8FE_d_x007E_e", &EVOLUTION),
            "a/b?c\\d~e"
        );
        assert_eq!(unescape_chars("_xf8ff__xF8fF_", &EVOLUTION), "//");
        assert_eq!(escape_chars("abc", &[]), "abc");
    }

    #[test]
    fn unescape_leaves_unknown_and_malformed_sequences() {
        let table = [('/', 0xF8FF)];
        for input in [
            "_x0041_", "_xF8FF", "_xF8F_", "_xF8FFF_", "_XF8FF_", "_x+8FF_", "_x", "_", "__x",
            "_xF8FÉ_", "x_F8FF_",
        ] {
            assert_eq!(unescape_chars(input, &table), input, "{input}");
        }
        assert_eq!(unescape_chars("__xF8FF_", &table), "_/");
        assert_eq!(unescape_chars("_x_xF8FF_", &table), "_x/");
        assert_eq!(unescape_chars("_xF8FF_xF8FF_", &table), "/xF8FF_");
    }

    #[test]
    fn unescape_uses_the_first_entry_for_a_code() {
        assert_eq!(unescape_chars("_x0001_", &[('a', 1), ('b', 1)]), "a");
    }

    #[test]
    fn root_is_a_collection() -> Result<(), PathError> {
        let root = ResourcePath::root();
        assert!(root.is_root());
        assert!(root.is_collection());
        assert_eq!(root.encoded(), "/");
        assert_eq!(root.as_item(), root);
        assert_eq!(ResourcePath::parse("/")?, root);
        assert_eq!(ResourcePath::from_segments(Vec::<String>::new())?, root);
        assert_eq!(ResourcePath::default(), root);
        assert_eq!(root.last(), None);
        Ok(())
    }

    #[test]
    fn push_errors_name_the_segment() {
        let base = ResourcePath::root();
        assert_eq!(
            base.join("."),
            Err(PathError::DotSegment {
                segment: ".".into()
            })
        );
        assert_eq!(
            base.join("a\0"),
            Err(PathError::NulInSegment {
                segment: "a\0".into()
            })
        );
        assert_eq!(
            ResourcePath::from_segments(["a b", ""]),
            Err(PathError::EmptySegment {
                path: "/a%20b".into(),
                index: 1
            })
        );
    }

    #[test]
    fn parse_reports_raw_segments() {
        assert_eq!(
            ResourcePath::parse("/a/%2e%2E/b"),
            Err(PathError::DotSegment {
                segment: "%2e%2E".into()
            })
        );
        assert_eq!(
            ResourcePath::parse("/a%2Fb"),
            Err(PathError::SlashInSegment {
                segment: "a%2Fb".into()
            })
        );
        assert_eq!(
            ResourcePath::parse("/a%00"),
            Err(PathError::NulInSegment {
                segment: "a%00".into()
            })
        );
        assert_eq!(
            ResourcePath::parse("//"),
            Err(PathError::EmptySegment {
                path: "//".into(),
                index: 0
            })
        );
        assert_eq!(
            ResourcePath::parse("/a//"),
            Err(PathError::EmptySegment {
                path: "/a//".into(),
                index: 1
            })
        );
    }

    #[test]
    fn debug_shows_the_encoded_path() -> Result<(), PathError> {
        let p = ResourcePath::from_segments(["a b"])?.as_collection();
        assert_eq!(format!("{p:?}"), "ResourcePath(\"/a%20b/\")");
        Ok(())
    }

    #[test]
    fn error_messages_quote_input() {
        let e = PathError::NulInSegment {
            segment: "a\0".into(),
        };
        assert_eq!(e.to_string(), "segment \"a\\0\" contains a NUL character");
    }
}
