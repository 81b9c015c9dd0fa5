//! The WebDAV methods of the in-memory store.

use http::header::{self, HeaderName};
use http::{Request, Response, StatusCode};
use interop_xml::{Element, Limits, Writer};

use super::{Fault, Kind, Resource, State, html_error, reason, respond};
use crate::DAV;
use crate::path::ResourcePath;
use crate::prop::{PropName, Property};

/// Live properties, in the order `allprop` lists them. All are protected.
const LIVE: &[&str] = &[
    "resourcetype",
    "creationdate",
    "getcontentlength",
    "getcontenttype",
    "getlastmodified",
    "displayname",
    "getetag",
];

/// DAV: names that are protected besides [`LIVE`] (we do not lock, but clients may try).
const PROTECTED_EXTRA: &[&str] = &["lockdiscovery", "supportedlock"];

pub(super) fn dispatch(
    state: &mut State,
    request: Request<Vec<u8>>,
    path: &ResourcePath,
    rel: Vec<String>,
) -> Response<Vec<u8>> {
    let method = request.method().as_str().to_string();
    match method.as_str() {
        "OPTIONS" => options(state, &rel),
        "PROPFIND" => propfind(state, &request, path, &rel),
        "PROPPATCH" => proppatch(state, &request, path, rel),
        "MKCOL" => mkcol(state, &request, path, rel),
        "PUT" => put(state, request, path, rel),
        "GET" => get(state, path, &rel, true),
        "HEAD" => get(state, path, &rel, false),
        "DELETE" => delete(state, path, &rel),
        "SEARCH" if state.config.exchange => super::exchange::search(state, &request, path, &rel),
        _ => {
            let mut r = html_error(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("{method} is not supported"),
            );
            add_allow(state, &rel, &mut r);
            r
        }
    }
}

fn allow_list(state: &State, rel: &[String]) -> String {
    let key = state.key(rel);
    let ex = state.config.exchange;
    let mut methods: Vec<&str> = vec!["OPTIONS"];
    match state.resources.get(&key) {
        Some(r) if r.is_collection() => {
            methods.extend(["GET", "HEAD", "DELETE", "PROPFIND", "PROPPATCH"]);
            if ex {
                methods.push("SEARCH");
            }
        }
        Some(_) => methods.extend(["GET", "HEAD", "PUT", "DELETE", "PROPFIND", "PROPPATCH"]),
        None => {
            methods.extend(["MKCOL", "PUT"]);
            if ex {
                methods.push("PROPPATCH");
            }
        }
    }
    methods.join(", ")
}

fn add_allow(state: &State, rel: &[String], r: &mut Response<Vec<u8>>) {
    if let Ok(v) = http::HeaderValue::from_str(&allow_list(state, rel)) {
        r.headers_mut().insert(header::ALLOW, v);
    }
}

fn options(state: &State, rel: &[String]) -> Response<Vec<u8>> {
    respond(
        StatusCode::OK,
        &[
            (HeaderName::from_static("dav"), "1, 2".into()),
            (header::ALLOW, allow_list(state, rel)),
            (HeaderName::from_static("ms-author-via"), "DAV".into()),
            (header::CONTENT_LENGTH, "0".into()),
        ],
        Vec::new(),
    )
}

/// Parses an XML request body; the error is the 400 answer.
pub(super) fn parse_body(state: &State, body: &[u8]) -> Result<Element, Box<Response<Vec<u8>>>> {
    let limits = Limits {
        max_bytes: state.config.max_body,
        ..Limits::default()
    };
    interop_xml::parse(body, &limits).map_err(|e| {
        Box::new(html_error(
            StatusCode::BAD_REQUEST,
            &format!("request body: {e}"),
        ))
    })
}

fn not_found(path: &ResourcePath) -> Response<Vec<u8>> {
    html_error(StatusCode::NOT_FOUND, &path.to_string())
}

// ---------------------------------------------------------------------------------------
// PROPFIND

enum Wanted {
    Named(Vec<PropName>),
    All(Vec<PropName>),
    Names,
}

fn propfind(
    state: &State,
    request: &Request<Vec<u8>>,
    path: &ResourcePath,
    rel: &[String],
) -> Response<Vec<u8>> {
    let depth = match request
        .headers()
        .get("depth")
        .map(|v| v.to_str().map(str::trim))
    {
        None => usize::MAX,
        Some(Ok("0")) => 0,
        Some(Ok("1")) => 1,
        Some(Ok(v)) if v.eq_ignore_ascii_case("infinity") => usize::MAX,
        Some(_) => return html_error(StatusCode::BAD_REQUEST, "bad Depth header"),
    };
    let wanted = if request.body().iter().all(u8::is_ascii_whitespace) {
        Wanted::All(Vec::new())
    } else {
        let root = match parse_body(state, request.body()) {
            Ok(r) => r,
            Err(resp) => return *resp,
        };
        if !root.is(DAV, "propfind") {
            return html_error(StatusCode::BAD_REQUEST, "expected {DAV:}propfind");
        }
        if let Some(prop) = root.child(DAV, "prop") {
            Wanted::Named(prop.elements().map(|e| e.name.clone()).collect())
        } else if root.child(DAV, "allprop").is_some() {
            let include = root
                .child(DAV, "include")
                .map(|i| i.elements().map(|e| e.name.clone()).collect())
                .unwrap_or_default();
            Wanted::All(include)
        } else if root.child(DAV, "propname").is_some() {
            Wanted::Names
        } else {
            return html_error(
                StatusCode::BAD_REQUEST,
                "propfind needs prop, allprop or propname",
            );
        }
    };
    let key = state.key(rel);
    if !state.resources.contains_key(&key) {
        return not_found(path);
    }
    let mut out = Vec::new();
    for (k, r) in state.resources.range(key.clone()..) {
        if !k.starts_with(&key) {
            break;
        }
        if k.len() - key.len() > depth {
            continue;
        }
        out.push(OutResponse {
            href: state.full_path(r).encoded(),
            propstats: propstats_for(r, &wanted),
        });
    }
    multistatus(&out, None)
}

fn propstats_for(r: &Resource, wanted: &Wanted) -> Vec<(StatusCode, Vec<Element>)> {
    match wanted {
        Wanted::Named(names) => named_props(r, names),
        Wanted::All(include) => {
            let mut found: Vec<Element> = LIVE.iter().filter_map(|l| live(r, l)).collect();
            found.extend(r.props.iter().map(|p| p.to_element()));
            let mut missing = Vec::new();
            for n in include {
                if found.iter().any(|e| &e.name == n) {
                    continue;
                }
                match lookup(r, n) {
                    Some(e) => found.push(e),
                    None => missing.push(Element::named(n.clone())),
                }
            }
            let mut ps = vec![(StatusCode::OK, found)];
            if !missing.is_empty() {
                ps.push((StatusCode::NOT_FOUND, missing));
            }
            ps
        }
        Wanted::Names => {
            let mut names: Vec<Element> = LIVE
                .iter()
                .filter(|l| live(r, l).is_some())
                .map(|l| Element::new(DAV, l))
                .collect();
            names.extend(r.props.iter().map(|p| Element::named(p.name().clone())));
            vec![(StatusCode::OK, names)]
        }
    }
}

pub(super) fn named_props(r: &Resource, names: &[PropName]) -> Vec<(StatusCode, Vec<Element>)> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for n in names {
        match lookup(r, n) {
            Some(e) => found.push(e),
            None => missing.push(Element::named(n.clone())),
        }
    }
    let mut ps = Vec::new();
    if !found.is_empty() {
        ps.push((StatusCode::OK, found));
    }
    if !missing.is_empty() {
        ps.push((StatusCode::NOT_FOUND, missing));
    }
    ps
}

/// A property's value element: live first, then dead.
pub(super) fn lookup(r: &Resource, name: &PropName) -> Option<Element> {
    if name.ns() == DAV
        && let Some(e) = live(r, name.local())
    {
        return Some(e);
    }
    r.props
        .iter()
        .find(|p| p.name() == name)
        .map(|p| p.to_element())
}

fn live(r: &Resource, local: &str) -> Option<Element> {
    let text = |t: String| Some(Element::new(DAV, local).with_text(t));
    match (local, &r.kind) {
        ("resourcetype", Kind::Collection) => {
            Some(Element::new(DAV, local).with_child(Element::new(DAV, "collection")))
        }
        ("resourcetype", Kind::Item { .. }) => Some(Element::new(DAV, local)),
        ("creationdate", _) => text(iso_date(r.created)),
        ("getlastmodified", _) => text(http_date(r.modified)),
        ("displayname", _) => text(r.segments.last().cloned().unwrap_or_default()),
        ("getcontentlength", Kind::Item { body, .. }) => text(body.len().to_string()),
        ("getcontenttype", Kind::Item { content_type, .. }) => text(content_type.clone()),
        ("getetag", Kind::Item { .. }) => text(r.etag()),
        _ => None,
    }
}

fn is_protected(name: &PropName) -> bool {
    name.ns() == DAV && (LIVE.contains(&name.local()) || PROTECTED_EXTRA.contains(&name.local()))
}

/// Sets a dead property: replaces one of the same name in place, else appends.
pub(super) fn set_dead(props: &mut Vec<Property>, property: Property) {
    match props.iter_mut().find(|p| p.name() == property.name()) {
        Some(p) => *p = property,
        None => props.push(property),
    }
}

// ---------------------------------------------------------------------------------------
// PROPPATCH

enum Instruction {
    Set(Property),
    Remove(PropName),
}

impl Instruction {
    fn name(&self) -> &PropName {
        match self {
            Instruction::Set(p) => p.name(),
            Instruction::Remove(n) => n,
        }
    }
}

fn proppatch(
    state: &mut State,
    request: &Request<Vec<u8>>,
    path: &ResourcePath,
    rel: Vec<String>,
) -> Response<Vec<u8>> {
    let root = match parse_body(state, request.body()) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    if !root.is(DAV, "propertyupdate") {
        return html_error(StatusCode::BAD_REQUEST, "expected {DAV:}propertyupdate");
    }
    let mut instructions = Vec::new();
    for block in root.children.into_iter() {
        let interop_xml::Node::Element(block) = block else {
            continue;
        };
        let is_set = if block.is(DAV, "set") {
            true
        } else if block.is(DAV, "remove") {
            false
        } else {
            continue;
        };
        for prop in block.children.into_iter() {
            let interop_xml::Node::Element(prop) = prop else {
                continue;
            };
            if !prop.is(DAV, "prop") {
                continue;
            }
            for p in prop.children.into_iter() {
                if let interop_xml::Node::Element(mut p) = p {
                    if is_set {
                        p.offset = 0;
                        instructions.push(Instruction::Set(Property::from_element(p)));
                    } else {
                        instructions.push(Instruction::Remove(p.name));
                    }
                }
            }
        }
    }

    let key = state.key(&rel);
    let exists = state.resources.contains_key(&key);
    if !exists {
        if !state.config.exchange {
            return not_found(path);
        }
        // Exchange creates the item; its parent must be an existing collection.
        let parent_ok = rel.split_last().is_some_and(|(_, parent)| {
            state
                .resources
                .get(&state.key(parent))
                .is_some_and(Resource::is_collection)
        });
        if !parent_ok {
            return html_error(StatusCode::CONFLICT, "the parent collection does not exist");
        }
    }

    // Validate every instruction before applying any (atomicity).
    let mut statuses: Vec<Option<StatusCode>> = Vec::with_capacity(instructions.len());
    for ins in &instructions {
        let name = ins.name();
        let status = if is_protected(name) {
            Some(StatusCode::FORBIDDEN)
        } else if let Some(i) = state
            .faults
            .iter()
            .position(|f| matches!(f, Fault::PropPatch { name: n, .. } if n == name))
        {
            match state.faults.remove(i) {
                Fault::PropPatch { status, .. } => Some(status),
                Fault::Status { .. } => None,
            }
        } else {
            None
        };
        statuses.push(status);
    }
    let failed = statuses.iter().flatten().next().copied();
    let href;
    let mut results: Vec<(StatusCode, Element)> = Vec::new();
    if let Some(first) = failed {
        href = match state.resources.get(&key) {
            Some(r) => state.full_path(r).encoded(),
            None => path.as_item().encoded(),
        };
        for (ins, st) in instructions.iter().zip(&statuses) {
            results.push((
                st.unwrap_or(StatusCode::FAILED_DEPENDENCY),
                Element::named(ins.name().clone()),
            ));
        }
        let description = format!("{} {}", first.as_u16(), reason(first));
        let out = OutResponse {
            href,
            propstats: group(results),
        };
        return multistatus(&[out], Some(&description));
    }

    let now = state.tick();
    if !exists {
        let id = state.fresh_id();
        state.resources.insert(
            key.clone(),
            Resource::item(rel, id, now, Vec::new(), "message/rfc822".into()),
        );
    }
    let Some(r) = state.resources.get_mut(&key) else {
        return html_error(StatusCode::INTERNAL_SERVER_ERROR, "resource vanished");
    };
    for ins in instructions {
        results.push((StatusCode::OK, Element::named(ins.name().clone())));
        match ins {
            Instruction::Set(p) => set_dead(&mut r.props, p),
            Instruction::Remove(n) => r.props.retain(|p| p.name() != &n),
        }
    }
    r.modified = now;
    let out = OutResponse {
        href: state
            .resources
            .get(&key)
            .map(|r| state.full_path(r).encoded())
            .unwrap_or_default(),
        propstats: group(results),
    };
    multistatus(&[out], None)
}

/// Groups per-property results into propstats, in order of each status's first appearance.
fn group(results: Vec<(StatusCode, Element)>) -> Vec<(StatusCode, Vec<Element>)> {
    let mut out: Vec<(StatusCode, Vec<Element>)> = Vec::new();
    for (status, el) in results {
        match out.iter_mut().find(|(s, _)| *s == status) {
            Some((_, v)) => v.push(el),
            None => out.push((status, vec![el])),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// MKCOL, PUT, GET, DELETE

fn parent_state(state: &State, rel: &[String]) -> Option<bool> {
    let (_, parent) = rel.split_last()?;
    Some(
        state
            .resources
            .get(&state.key(parent))
            .is_some_and(Resource::is_collection),
    )
}

fn mkcol(
    state: &mut State,
    request: &Request<Vec<u8>>,
    path: &ResourcePath,
    rel: Vec<String>,
) -> Response<Vec<u8>> {
    let key = state.key(&rel);
    if state.resources.contains_key(&key) {
        let mut r = html_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "MKCOL can only be executed on an unmapped URL.",
        );
        add_allow(state, &rel, &mut r);
        return r;
    }
    if !request.body().is_empty() {
        return html_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "MKCOL with a body is not supported",
        );
    }
    if parent_state(state, &rel) != Some(true) {
        return html_error(
            StatusCode::CONFLICT,
            &format!("the parent of {path} does not exist"),
        );
    }
    let id = state.fresh_id();
    let now = state.tick();
    state
        .resources
        .insert(key, Resource::collection(rel, id, now));
    html_error(StatusCode::CREATED, "201 Created")
}

fn put(
    state: &mut State,
    request: Request<Vec<u8>>,
    path: &ResourcePath,
    rel: Vec<String>,
) -> Response<Vec<u8>> {
    let key = state.key(&rel);
    if state
        .resources
        .get(&key)
        .is_some_and(Resource::is_collection)
    {
        let mut r = html_error(StatusCode::METHOD_NOT_ALLOWED, "PUT on a collection");
        add_allow(state, &rel, &mut r);
        return r;
    }
    if parent_state(state, &rel) != Some(true) {
        return html_error(
            StatusCode::CONFLICT,
            &format!("the parent of {path} does not exist"),
        );
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let body = request.into_body();
    let now = state.tick();
    let (status, etag) = match state.resources.get_mut(&key) {
        Some(r) => {
            r.kind = Kind::Item { body, content_type };
            r.version += 1;
            r.modified = now;
            (StatusCode::NO_CONTENT, r.etag())
        }
        None => {
            let id = state.fresh_id();
            let r = Resource::item(rel, id, now, body, content_type);
            let etag = r.etag();
            state.resources.insert(key, r);
            (StatusCode::CREATED, etag)
        }
    };
    let mut r = if status == StatusCode::CREATED {
        html_error(status, "201 Created")
    } else {
        respond(status, &[], Vec::new())
    };
    if let Ok(v) = http::HeaderValue::from_str(&format!("\"{etag}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

fn get(state: &State, path: &ResourcePath, rel: &[String], with_body: bool) -> Response<Vec<u8>> {
    let Some(r) = state.resources.get(&state.key(rel)) else {
        return not_found(path);
    };
    match &r.kind {
        Kind::Collection => html_error(StatusCode::FORBIDDEN, "Directory browsing is not enabled."),
        Kind::Item { body, content_type } => respond(
            StatusCode::OK,
            &[
                (header::CONTENT_TYPE, content_type.clone()),
                (header::ETAG, format!("\"{}\"", r.etag())),
                (header::LAST_MODIFIED, http_date(r.modified)),
                (header::CONTENT_LENGTH, body.len().to_string()),
            ],
            if with_body { body.clone() } else { Vec::new() },
        ),
    }
}

fn delete(state: &mut State, path: &ResourcePath, rel: &[String]) -> Response<Vec<u8>> {
    if rel.is_empty() {
        return html_error(
            StatusCode::FORBIDDEN,
            "the mount collection cannot be deleted",
        );
    }
    let key = state.key(rel);
    if !state.resources.contains_key(&key) {
        return not_found(path);
    }
    state.resources.retain(|k, _| !k.starts_with(&key));
    state.tick();
    respond(StatusCode::NO_CONTENT, &[], Vec::new())
}

// ---------------------------------------------------------------------------------------
// Multistatus writing

pub(super) struct OutResponse {
    pub(super) href: String,
    pub(super) propstats: Vec<(StatusCode, Vec<Element>)>,
}

pub(super) fn status_line(status: StatusCode) -> String {
    format!("HTTP/1.1 {} {}", status.as_u16(), reason(status))
}

/// A 207 with `responses` (possibly none) and an optional top-level description.
pub(super) fn multistatus(
    responses: &[OutResponse],
    description: Option<&str>,
) -> Response<Vec<u8>> {
    let mut w = Writer::with_declaration();
    w.declare("D", DAV);
    w.start(DAV, "multistatus");
    for r in responses {
        w.start(DAV, "response");
        w.start(DAV, "href").text(&r.href).end();
        for (status, props) in &r.propstats {
            w.start(DAV, "propstat").start(DAV, "prop");
            for p in props {
                w.element(p);
            }
            w.end();
            w.start(DAV, "status").text(&status_line(*status)).end();
            w.end();
        }
        w.end();
    }
    if let Some(d) = description {
        w.start(DAV, "responsedescription").text(d).end();
    }
    w.end();
    match w.finish() {
        Ok(body) => respond(
            StatusCode::MULTI_STATUS,
            &[(
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".into(),
            )],
            body.into_bytes(),
        ),
        Err(e) => html_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("cannot write the multistatus: {e}"),
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Dates (from the logical clock; no wall clock)

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn split(unix: i64) -> (i64, u32, u32, i64, i64, i64, i64) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    (y, m, d, secs / 3600, secs / 60 % 60, secs % 60, days)
}

/// RFC 1123 date, e.g. `Wed, 30 Jan 2008 19:42:47 GMT`.
pub(super) fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d, hh, mm, ss, days) = split(unix);
    let wd = DAYS[days.rem_euclid(7) as usize];
    let mon = MONTHS[(m as usize).saturating_sub(1) % 12];
    format!("{wd}, {d:02} {mon} {y:04} {hh:02}:{mm:02}:{ss:02} GMT")
}

/// RFC 3339 UTC date, e.g. `2008-01-30T19:42:47Z`.
pub(super) fn iso_date(unix: i64) -> String {
    let (y, m, d, hh, mm, ss, _) = split(unix);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_201_722_167), "Wed, 30 Jan 2008 19:42:47 GMT");
        assert_eq!(iso_date(1_201_722_167), "2008-01-30T19:42:47Z");
        assert_eq!(iso_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(http_date(1_795_644_466), "Wed, 25 Nov 2026 22:07:46 GMT");
    }
}
