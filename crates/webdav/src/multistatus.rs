//! The `207 Multi-Status` body (RFC 4918 §13–14), read leniently.
//!
//! Elements are matched on namespace URI and local name, so a server that redeclares
//! prefixes per response (Apache's `ns0..nsN`) or uses a default namespace reads the same as
//! Exchange's `a:`/`b:`/`c:` prefixes. Hrefs are percent-decoded into [`ResourcePath`]s, so
//! `SCHEDULE+%20FREE%20BUSY` and `SCHEDULE%2B%20FREE%20BUSY` compare equal.

use http::StatusCode;
use interop_xml::{Element, FragmentBatch, Limits, Node, Reader};
use url::Url;

use crate::DAV;
use crate::error::{Error, PropFailure};
use crate::path::{HrefReader, ResourcePath};
use crate::prop::{PropName, Property};

/// A parsed multistatus body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Multistatus {
    /// The `response` elements in document order.
    pub responses: Vec<DavResponse>,
    /// The top-level `responsedescription`, if any.
    pub description: Option<String>,
}

/// One `response` of a multistatus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DavResponse {
    /// The resource, percent-decoded.
    pub href: ResourcePath,
    /// The href exactly as the server wrote it.
    pub raw_href: String,
    /// Further hrefs sharing a response-level status (RFC 4918 `href, (href*, status)`).
    pub other_hrefs: Vec<ResourcePath>,
    /// The response-level status, when the server gave one instead of (or besides) propstats.
    pub status: Option<StatusCode>,
    /// The propstats in order.
    pub propstats: Vec<PropStat>,
    /// The `error` element (precondition/postcondition), kept as XML.
    pub error: Option<Element>,
    /// The `responsedescription`, if any.
    pub description: Option<String>,
    /// The `location` href (for 3xx), if any.
    pub location: Option<String>,
}

/// One `propstat`: properties sharing a status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropStat {
    /// The status of these properties.
    pub status: StatusCode,
    /// The properties, each kept as an exact XML fragment.
    pub props: Vec<Property>,
    /// The `error` element, kept as XML.
    pub error: Option<Element>,
    /// The `responsedescription`, if any.
    pub description: Option<String>,
}

impl DavResponse {
    /// The value of a property reported with a 2xx status.
    pub fn prop(&self, name: &PropName) -> Option<&Property> {
        self.props().find(|p| p.name() == name)
    }

    /// Like [`DavResponse::prop`], matching the local name ASCII-case-insensitively.
    pub fn prop_ignore_case(&self, ns: &str, local: &str) -> Option<&Property> {
        self.props().find(|p| p.name().is_ignore_case(ns, local))
    }

    /// Every property reported with a 2xx status.
    pub fn props(&self) -> impl Iterator<Item = &Property> {
        self.propstats
            .iter()
            .filter(|ps| ps.status.is_success())
            .flat_map(|ps| ps.props.iter())
    }

    /// The status reported for a property, if the response names it.
    pub fn status_of(&self, name: &PropName) -> Option<StatusCode> {
        self.propstats
            .iter()
            .find(|ps| ps.props.iter().any(|p| p.name() == name))
            .map(|ps| ps.status)
    }

    /// Properties whose propstat status is not 2xx, with that status.
    pub fn failures(&self) -> Vec<PropFailure> {
        let mut out = Vec::new();
        for ps in &self.propstats {
            if ps.status.is_success() {
                continue;
            }
            for p in &ps.props {
                out.push(PropFailure {
                    href: self.href.to_string(),
                    name: p.name().clone(),
                    status: ps.status,
                    description: ps.description.clone().or_else(|| self.description.clone()),
                });
            }
        }
        out
    }
}

impl Multistatus {
    /// Parses a multistatus body. Relative hrefs are resolved against `base`; `context`
    /// names the body in errors (e.g. `"PROPFIND /public/x"`).
    ///
    /// The body is read in one pass, keeping only the property values (as XML
    /// fragments) and the `error` elements; a body that is well-formed XML but not a
    /// good multistatus is read again as a tree, which names the problem precisely. The
    /// result is the same as [`Multistatus::from_element`] on the parsed tree.
    pub fn parse(body: &[u8], base: &Url, limits: &Limits, context: &str) -> Result<Self, Error> {
        match stream::multistatus(body, base, limits) {
            Ok(ms) => Ok(ms),
            Err(stream::Stop::Xml(source)) => Err(Error::Xml {
                context: context.to_string(),
                source,
            }),
            Err(stream::Stop::NotClean) => Self::parse_tree(body, base, limits, context),
        }
    }

    /// Parses a multistatus body through the tree: [`interop_xml::parse`], then
    /// [`Multistatus::from_element`]. [`Multistatus::parse`] gives the same result faster;
    /// this is what it is checked against.
    #[doc(hidden)]
    pub fn parse_tree(
        body: &[u8],
        base: &Url,
        limits: &Limits,
        context: &str,
    ) -> Result<Self, Error> {
        let root = interop_xml::parse(body, limits).map_err(|source| Error::Xml {
            context: context.to_string(),
            source,
        })?;
        Self::from_element(root, base, context)
    }

    /// Reads a multistatus from an already parsed root element.
    pub fn from_element(root: Element, base: &Url, context: &str) -> Result<Self, Error> {
        let malformed = |what: &str, path: String| Error::Malformed {
            context: context.to_string(),
            what: what.to_string(),
            path,
        };
        if !root.is(DAV, "multistatus") {
            return Err(malformed(
                &format!("expected {{DAV:}}multistatus, found {}", root.name),
                "/".into(),
            ));
        }
        let mut responses = Vec::new();
        let mut description = None;
        let mut index = 0usize;
        for node in root.children {
            let Node::Element(el) = node else { continue };
            if el.is(DAV, "response") {
                index += 1;
                let path = format!("/multistatus/response[{index}]");
                responses.push(read_response(el, base, context, &path)?);
            } else if el.is(DAV, "responsedescription") {
                description = Some(el.text());
            }
        }
        Ok(Multistatus {
            responses,
            description,
        })
    }

    /// Fails with [`Error::EmptyMultistatus`] when there is no response.
    pub fn non_empty(self, context: &str) -> Result<Self, Error> {
        if self.responses.is_empty() {
            Err(Error::EmptyMultistatus {
                context: context.to_string(),
            })
        } else {
            Ok(self)
        }
    }

    /// The response for `path` (decoded comparison, trailing slash ignored).
    pub fn response_for(&self, path: &ResourcePath) -> Option<&DavResponse> {
        self.responses.iter().find(|r| r.href.same_resource(path))
    }

    /// Every property, in every response, whose propstat is not 2xx.
    pub fn failures(&self) -> Vec<PropFailure> {
        self.responses.iter().flat_map(|r| r.failures()).collect()
    }
}

fn read_response(el: Element, base: &Url, context: &str, path: &str) -> Result<DavResponse, Error> {
    let mut hrefs: Vec<(String, ResourcePath)> = Vec::new();
    let mut status = None;
    let mut propstats = Vec::new();
    let mut error = None;
    let mut description = None;
    let mut location = None;
    let mut ps_index = 0usize;
    for node in el.children {
        let Node::Element(child) = node else { continue };
        if child.is(DAV, "href") {
            let raw = child.text().trim().to_string();
            let p = ResourcePath::from_href(&raw, base).map_err(|source| Error::Href {
                context: context.to_string(),
                href: raw.clone(),
                source,
            })?;
            hrefs.push((raw, p));
        } else if child.is(DAV, "status") {
            status = Some(parse_status_line(
                &child.text(),
                context,
                &format!("{path}/status"),
            )?);
        } else if child.is(DAV, "propstat") {
            ps_index += 1;
            let ps_path = format!("{path}/propstat[{ps_index}]");
            propstats.push(read_propstat(child, context, &ps_path)?);
        } else if child.is(DAV, "error") {
            error = Some(child);
        } else if child.is(DAV, "responsedescription") {
            description = Some(child.text());
        } else if child.is(DAV, "location") {
            location = child
                .child(DAV, "href")
                .map(|h| h.text().trim().to_string());
        }
    }
    let mut hrefs = hrefs.into_iter();
    let Some((raw_href, href)) = hrefs.next() else {
        return Err(Error::Malformed {
            context: context.to_string(),
            what: "response without href".into(),
            path: path.to_string(),
        });
    };
    // A response with neither status nor propstat is accepted as "nothing to report":
    // WsgiDAV 4.4.0 answers `<propname/>` that way.
    Ok(DavResponse {
        href,
        raw_href,
        other_hrefs: hrefs.map(|(_, p)| p).collect(),
        status,
        propstats,
        error,
        description,
        location,
    })
}

fn read_propstat(el: Element, context: &str, path: &str) -> Result<PropStat, Error> {
    let mut status = None;
    let mut props = Vec::new();
    let mut error = None;
    let mut description = None;
    for node in el.children {
        let Node::Element(child) = node else { continue };
        if child.is(DAV, "status") {
            status = Some(parse_status_line(
                &child.text(),
                context,
                &format!("{path}/status"),
            )?);
        } else if child.is(DAV, "prop") {
            for n in child.children {
                if let Node::Element(p) = n {
                    props.push(Property::from_element(p));
                }
            }
        } else if child.is(DAV, "error") {
            error = Some(child);
        } else if child.is(DAV, "responsedescription") {
            description = Some(child.text());
        }
    }
    let Some(status) = status else {
        return Err(Error::Malformed {
            context: context.to_string(),
            what: "propstat without status".into(),
            path: path.to_string(),
        });
    };
    Ok(PropStat {
        status,
        props,
        error,
        description,
    })
}

/// Parses `HTTP/1.1 200 OK` (any HTTP version, reason optional, surrounding space ignored).
pub fn parse_status_line(line: &str, context: &str, path: &str) -> Result<StatusCode, Error> {
    let bad = || Error::BadStatusLine {
        context: context.to_string(),
        line: line.to_string(),
        path: path.to_string(),
    };
    let mut parts = line.split_ascii_whitespace();
    let version = parts.next().ok_or_else(bad)?;
    if !version.starts_with("HTTP/") {
        return Err(bad());
    }
    let code = parts.next().ok_or_else(bad)?;
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    StatusCode::from_bytes(code.as_bytes()).map_err(|_| bad())
}

/// The one-pass reader behind [`Multistatus::parse`]. It stops at the first thing that is
/// not a clean multistatus (and the caller reads the tree for the precise error); XML
/// errors are final, since the tree reader would meet the same one first.
mod stream {
    use super::*;

    pub(super) enum Stop {
        Xml(interop_xml::Error),
        NotClean,
    }

    impl From<interop_xml::Error> for Stop {
        fn from(e: interop_xml::Error) -> Self {
            Stop::Xml(e)
        }
    }

    fn status(reader: &mut Reader<'_>) -> Result<StatusCode, Stop> {
        let text = reader.read_text()?;
        parse_status_line(&text, "", "").map_err(|_| Stop::NotClean)
    }

    pub(super) fn multistatus(
        body: &[u8],
        base: &Url,
        limits: &Limits,
    ) -> Result<Multistatus, Stop> {
        let mut reader = Reader::new(body, limits)?;
        match reader.next_child()? {
            Some(root) if root.name().is(DAV, "multistatus") => {}
            _ => return Err(Stop::NotClean),
        }
        let mut responses = Vec::new();
        let mut description = None;
        // Property text never exceeds the body: sized from it (up to 1 MiB), the buffer
        // does not regrow while the first propstats are read.
        let mut batch =
            FragmentBatch::with_capacity((body.len() / 64).min(1 << 14), body.len().min(1 << 20));
        // Members of one collection share their parent: decoded once.
        let mut hrefs = HrefReader::new(base);
        while let Some(tag) = reader.next_child()? {
            let name = tag.name();
            if name.is(DAV, "response") {
                responses.push(response(&mut reader, &mut hrefs, &mut batch)?);
            } else if name.is(DAV, "responsedescription") {
                description = Some(reader.read_text()?.into_owned());
            } else {
                reader.skip_element()?;
            }
        }
        // Only comments, processing instructions or white space may follow.
        match reader.next() {
            None => {}
            Some(Err(e)) => return Err(Stop::Xml(e)),
            Some(Ok(_)) => return Err(Stop::NotClean),
        }
        Ok(Multistatus {
            responses,
            description,
        })
    }

    fn response(
        reader: &mut Reader<'_>,
        hrefs: &mut HrefReader<'_>,
        batch: &mut FragmentBatch,
    ) -> Result<DavResponse, Stop> {
        let mut first: Option<(String, ResourcePath)> = None;
        let mut other_hrefs = Vec::new();
        let mut status = None;
        let mut propstats = Vec::new();
        let mut error = None;
        let mut description = None;
        let mut location = None;
        while let Some(tag) = reader.next_child()? {
            let name = tag.name();
            if name.is(DAV, "href") {
                let raw = reader.read_text()?.trim().to_string();
                let p = hrefs.read(&raw).map_err(|_| Stop::NotClean)?;
                if first.is_none() {
                    first = Some((raw, p));
                } else {
                    other_hrefs.push(p);
                }
            } else if name.is(DAV, "status") {
                status = Some(self::status(reader)?);
            } else if name.is(DAV, "propstat") {
                propstats.push(propstat(reader, batch)?);
            } else if name.is(DAV, "error") {
                error = Some(reader.read_element()?);
            } else if name.is(DAV, "responsedescription") {
                description = Some(reader.read_text()?.into_owned());
            } else if name.is(DAV, "location") {
                // The text of its first `href` child.
                let mut href = None;
                while let Some(child) = reader.next_child()? {
                    if href.is_none() && child.name().is(DAV, "href") {
                        href = Some(reader.read_text()?.trim().to_string());
                    } else {
                        reader.skip_element()?;
                    }
                }
                location = href;
            } else {
                reader.skip_element()?;
            }
        }
        let Some((raw_href, href)) = first else {
            return Err(Stop::NotClean);
        };
        Ok(DavResponse {
            href,
            raw_href,
            other_hrefs,
            status,
            propstats,
            error,
            description,
            location,
        })
    }

    fn propstat(reader: &mut Reader<'_>, batch: &mut FragmentBatch) -> Result<PropStat, Stop> {
        let mut status = None;
        let mut props: Vec<Property> = Vec::new();
        let mut error = None;
        let mut description = None;
        while let Some(tag) = reader.next_child()? {
            let name = tag.name();
            if name.is(DAV, "status") {
                status = Some(self::status(reader)?);
            } else if name.is(DAV, "prop") {
                // All properties of the propstat share one buffer.
                while reader.next_child()?.is_some() {
                    reader.read_fragment_into(batch)?;
                }
                // The batch's vector becomes the property vector (same layout: no copy).
                let read = batch.finish().into_iter().map(Property::from_fragment);
                if props.is_empty() {
                    props = read.collect();
                } else {
                    props.extend(read);
                }
            } else if name.is(DAV, "error") {
                error = Some(reader.read_element()?);
            } else if name.is(DAV, "responsedescription") {
                description = Some(reader.read_text()?.into_owned());
            } else {
                reader.skip_element()?;
            }
        }
        let Some(status) = status else {
            return Err(Stop::NotClean);
        };
        Ok(PropStat {
            status,
            props,
            error,
            description,
        })
    }
}

/// The entry point of the `multistatus` fuzz target and its corpus replay test: parse any
/// bytes as a multistatus and touch every accessor. Must never panic, and the one-pass
/// parser must give what the tree parser gives (value, or error message).
#[doc(hidden)]
#[allow(clippy::panic)]
pub fn fuzz_entry(data: &[u8]) -> bool {
    let Ok(base) = Url::parse("http://fuzz.example/base/") else {
        return false;
    };
    let fast = Multistatus::parse(data, &base, &Limits::default(), "fuzz");
    let tree = Multistatus::parse_tree(data, &base, &Limits::default(), "fuzz");
    // Compared as debug output: values, element offsets, error variants and messages.
    let (a, b) = (format!("{fast:?}"), format!("{tree:?}"));
    if a != b {
        panic!("one-pass and tree parsers differ:\n{a}\n{b}");
    }
    match fast {
        Ok(ms) => {
            for r in &ms.responses {
                let _ = r.failures();
                let _ = r.href.encoded();
                for p in r.props() {
                    let _ = (p.values(), p.value(), p.dt());
                    let _ = p.to_element().to_xml();
                }
            }
            true
        }
        Err(e) => {
            let _ = e.to_string();
            false
        }
    }
}
