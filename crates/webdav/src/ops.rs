//! Sans-IO WebDAV operations: each is a value that builds an `http::Request<Vec<u8>>`
//! against a base URL and reads the matching `http::Response<Vec<u8>>`.
//!
//! ```
//! use webdav::ops::{Depth, Operation, PropFind};
//! use webdav::path::ResourcePath;
//! use webdav::prop::PropName;
//!
//! let base = url::Url::parse("http://exchange.example/")?;
//! let path = ResourcePath::parse("/public/x.EML")?;
//! let op = PropFind::props(path, Depth::Zero, [PropName::new("DAV:", "displayname")]);
//! let req = op.request(&base)?;
//! assert_eq!(req.method().as_str(), "PROPFIND");
//! assert_eq!(req.headers()["Depth"], "0");
//!
//! let body = br#"<multistatus xmlns="DAV:"><response><href>/public/x.EML</href>
//!   <propstat><prop><displayname>X</displayname></prop><status>HTTP/1.1 200 OK</status></propstat>
//!   </response></multistatus>"#;
//! let resp = http::Response::builder().status(207).header("Content-Type", "text/xml").body(body.to_vec())?;
//! let ms = op.response(&base, resp)?;
//! assert_eq!(ms.responses[0].prop(&PropName::new("DAV:", "displayname")).map(|p| p.value()).as_deref(), Some("X"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method, Request, Response, StatusCode};
use interop_xml::{Limits, Writer};
use url::Url;

use crate::DAV;
use crate::error::{Error, body_snippet};
use crate::multistatus::Multistatus;
use crate::path::ResourcePath;
use crate::prop::{CONVENTIONAL_PREFIXES, PropName, Property};

/// The content type of every XML body we send.
pub const XML_CONTENT_TYPE: &str = "text/xml; charset=\"utf-8\"";

/// A request value: builds the request, then reads the response to it.
pub trait Operation {
    /// What a successful response yields.
    type Output;

    /// Builds the request against `base` (scheme, host, port and any path prefix).
    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, Error>;

    /// Reads the server's answer. `base` resolves relative hrefs.
    fn response(&self, base: &Url, response: Response<Vec<u8>>) -> Result<Self::Output, Error>;
}

/// The `Depth` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Depth {
    /// The resource only.
    Zero,
    /// The resource and its direct members.
    One,
    /// The whole subtree (servers may refuse it).
    Infinity,
}

impl Depth {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Depth::Zero => "0",
            Depth::One => "1",
            Depth::Infinity => "infinity",
        }
    }
}

/// Headers and limits every operation carries.
#[derive(Clone, Debug, Default)]
pub struct Common {
    /// Extra headers, sent as given (after the operation's own).
    pub headers: HeaderMap,
    /// Bounds on the response body's XML.
    pub limits: Limits,
}

macro_rules! common_builders {
    ($t:ty) => {
        impl $t {
            /// Adds a header (replacing one of the same name).
            pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
                self.common.headers.insert(name, value);
                self
            }

            /// Sends `Translate: f` (Exchange: act on the item, not a rendering of it).
            pub fn translate_f(self) -> Self {
                self.header(
                    HeaderName::from_static("translate"),
                    HeaderValue::from_static("f"),
                )
            }

            /// Sends `Brief: t` (Exchange: minimal response; Evolution sends it on updates).
            pub fn brief(self) -> Self {
                self.header(
                    HeaderName::from_static("brief"),
                    HeaderValue::from_static("t"),
                )
            }

            /// Sends `If-Match: <etag>` (the value is sent as given, quotes included).
            pub fn if_match(self, etag: &str) -> Result<Self, Error> {
                let v = HeaderValue::from_str(etag)
                    .map_err(|_| Error::Build(format!("If-Match value {etag:?}")))?;
                Ok(self.header(http::header::IF_MATCH, v))
            }

            /// Replaces the response limits.
            pub fn limits(mut self, limits: Limits) -> Self {
                self.common.limits = limits;
                self
            }
        }
    };
}

fn build(
    method: Method,
    base: &Url,
    path: &ResourcePath,
    common: &Common,
    own: &[(HeaderName, HeaderValue)],
    body: Vec<u8>,
) -> Result<Request<Vec<u8>>, Error> {
    let url = path.to_url(base);
    let mut builder = Request::builder().method(method).uri(url.as_str());
    for (k, v) in own {
        builder = builder.header(k, v);
    }
    let mut req = builder
        .body(body)
        .map_err(|e| Error::Build(e.to_string()))?;
    for (k, v) in &common.headers {
        req.headers_mut().insert(k, v.clone());
    }
    Ok(req)
}

fn xml_body_headers(depth: Option<Depth>) -> Vec<(HeaderName, HeaderValue)> {
    let mut h = vec![(CONTENT_TYPE, HeaderValue::from_static(XML_CONTENT_TYPE))];
    if let Some(d) = depth {
        h.push((
            HeaderName::from_static("depth"),
            HeaderValue::from_static(d.as_str()),
        ));
    }
    h
}

fn url_for_errors(base: &Url, path: &ResourcePath) -> String {
    let mut u = path.to_url(base);
    let _ = u.set_password(None);
    let _ = u.set_username("");
    u.to_string()
}

fn unexpected(
    method: Method,
    base: &Url,
    path: &ResourcePath,
    response: &Response<Vec<u8>>,
) -> Error {
    Error::UnexpectedStatus {
        method,
        url: url_for_errors(base, path),
        status: response.status(),
        body: body_snippet(response.body()),
    }
}

/// Whether a response's Content-Type is XML (or absent: some servers omit it on 207).
fn is_xml(response: &Response<Vec<u8>>) -> bool {
    match response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(ct) => {
            let ct = ct.to_ascii_lowercase();
            ct.contains("xml")
        }
    }
}

/// Reads a 207 multistatus; anything else is an error (an HTML page is
/// [`Error::UnexpectedContent`]).
fn read_multistatus(
    method: Method,
    base: &Url,
    path: &ResourcePath,
    limits: &Limits,
    response: Response<Vec<u8>>,
) -> Result<Multistatus, Error> {
    let context = format!("{method} {}", path);
    if response.status() != StatusCode::MULTI_STATUS {
        if response.status().is_success() && !is_xml(&response) {
            return Err(Error::UnexpectedContent {
                method,
                url: url_for_errors(base, path),
                content_type: content_type(&response),
            });
        }
        return Err(unexpected(method, base, path, &response));
    }
    if !is_xml(&response) {
        return Err(Error::UnexpectedContent {
            method,
            url: url_for_errors(base, path),
            content_type: content_type(&response),
        });
    }
    Multistatus::parse(response.body(), base, limits, &context)
}

fn content_type(response: &Response<Vec<u8>>) -> String {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// What a PROPFIND asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PropFindKind {
    /// The named properties (`<prop>`).
    Props(Vec<PropName>),
    /// Every dead and most live properties (`<allprop/>`), plus `include`d ones.
    AllProp {
        /// Properties to include beyond allprop's set.
        include: Vec<PropName>,
    },
    /// Only the names of the properties (`<propname/>`).
    PropName,
}

/// `PROPFIND`: read properties of a resource (Depth 0) or of a collection's members (Depth 1).
#[derive(Clone, Debug)]
pub struct PropFind {
    /// The resource.
    pub path: ResourcePath,
    /// Depth header (always sent explicitly: servers default differently).
    pub depth: Depth,
    /// What is asked.
    pub kind: PropFindKind,
    /// Headers and limits.
    pub common: Common,
}

common_builders!(PropFind);

impl PropFind {
    /// Named properties.
    pub fn props<I: IntoIterator<Item = PropName>>(
        path: ResourcePath,
        depth: Depth,
        names: I,
    ) -> Self {
        PropFind {
            path,
            depth,
            kind: PropFindKind::Props(names.into_iter().collect()),
            common: Common::default(),
        }
    }

    /// `allprop`.
    pub fn allprop(path: ResourcePath, depth: Depth) -> Self {
        PropFind {
            path,
            depth,
            kind: PropFindKind::AllProp {
                include: Vec::new(),
            },
            common: Common::default(),
        }
    }

    /// `propname`.
    pub fn propname(path: ResourcePath, depth: Depth) -> Self {
        PropFind {
            path,
            depth,
            kind: PropFindKind::PropName,
            common: Common::default(),
        }
    }

    /// The request body.
    pub fn body(&self) -> Result<String, Error> {
        let mut w = Writer::with_declaration();
        declare_conventional(&mut w, self.kind_names());
        w.start(DAV, "propfind");
        match &self.kind {
            PropFindKind::Props(names) => {
                w.start(DAV, "prop");
                for n in names {
                    w.start(n.ns(), n.local()).end();
                }
                w.end();
            }
            PropFindKind::AllProp { include } => {
                w.start(DAV, "allprop").end();
                if !include.is_empty() {
                    w.start(DAV, "include");
                    for n in include {
                        w.start(n.ns(), n.local()).end();
                    }
                    w.end();
                }
            }
            PropFindKind::PropName => {
                w.start(DAV, "propname").end();
            }
        }
        w.end();
        Ok(w.finish()?)
    }

    fn kind_names(&self) -> Vec<&str> {
        match &self.kind {
            PropFindKind::Props(n) | PropFindKind::AllProp { include: n } => {
                n.iter().map(|n| n.ns()).collect()
            }
            PropFindKind::PropName => Vec::new(),
        }
    }
}

/// Declares `D:` and the conventional prefix of every namespace in `used` on the root.
fn declare_conventional<'a>(w: &mut Writer, used: impl IntoIterator<Item = &'a str>) {
    w.declare("D", DAV);
    let mut done: Vec<&str> = vec![DAV];
    for ns in used {
        if ns.is_empty() || done.contains(&ns) {
            continue;
        }
        done.push(ns);
        if let Some((p, _)) = CONVENTIONAL_PREFIXES.iter().find(|(_, u)| *u == ns) {
            w.declare(p, ns);
        }
    }
}

impl Operation for PropFind {
    type Output = Multistatus;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, Error> {
        let body = self.body()?.into_bytes();
        build(
            Method::from_bytes(b"PROPFIND").map_err(|e| Error::Build(e.to_string()))?,
            base,
            &self.path,
            &self.common,
            &xml_body_headers(Some(self.depth)),
            body,
        )
    }

    /// Reads the 207. A property that is not set comes back with status 404 in its
    /// propstat: see [`crate::multistatus::DavResponse::status_of`].
    fn response(&self, base: &Url, response: Response<Vec<u8>>) -> Result<Multistatus, Error> {
        let method = Method::from_bytes(b"PROPFIND").map_err(|e| Error::Build(e.to_string()))?;
        let context = format!("PROPFIND {}", self.path);
        read_multistatus(method, base, &self.path, &self.common.limits, response)?
            .non_empty(&context)
    }
}

/// One instruction of a PROPPATCH.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatchOp {
    /// Set (create or replace) a property.
    Set(Property),
    /// Remove a property (removing an absent property succeeds).
    Remove(PropName),
}

/// `PROPPATCH`: set and remove properties in one atomic request, in order.
#[derive(Clone, Debug)]
pub struct PropPatch {
    /// The resource.
    pub path: ResourcePath,
    /// Instructions in order; consecutive sets (removes) share one `set` (`remove`) block.
    pub ops: Vec<PatchOp>,
    /// Headers and limits.
    pub common: Common,
}

common_builders!(PropPatch);

/// The outcome of a successful PROPPATCH: every property's status (all 2xx).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropPatchOutcome {
    /// Each property named in the answer with its status.
    pub statuses: Vec<(PropName, StatusCode)>,
}

impl PropPatch {
    /// A PROPPATCH with no instructions yet.
    pub fn new(path: ResourcePath) -> Self {
        PropPatch {
            path,
            ops: Vec::new(),
            common: Common::default(),
        }
    }

    /// Appends a `set`.
    pub fn set(mut self, property: Property) -> Self {
        self.ops.push(PatchOp::Set(property));
        self
    }

    /// Appends a `remove`.
    pub fn remove(mut self, name: PropName) -> Self {
        self.ops.push(PatchOp::Remove(name));
        self
    }

    /// The `propertyupdate` body: prefixes declared once on the root, all text escaped.
    pub fn body(&self) -> Result<String, Error> {
        let mut namespaces: Vec<&str> = Vec::new();
        for op in &self.ops {
            match op {
                PatchOp::Set(p) => namespaces.extend(p.fragment().names().map(|(n, _)| n.ns())),
                PatchOp::Remove(n) => namespaces.push(n.ns()),
            }
        }
        let mut w = Writer::with_declaration();
        declare_conventional(&mut w, namespaces.iter().copied());
        // Namespaces without a conventional prefix get one generated, still on the root.
        w.start(DAV, "propertyupdate");
        let mut i = 0;
        while i < self.ops.len() {
            let is_set = matches!(self.ops[i], PatchOp::Set(_));
            w.start(DAV, if is_set { "set" } else { "remove" });
            w.start(DAV, "prop");
            while i < self.ops.len() {
                match (&self.ops[i], is_set) {
                    (PatchOp::Set(p), true) => {
                        w.fragment(p.fragment());
                    }
                    (PatchOp::Remove(n), false) => {
                        w.start(n.ns(), n.local()).end();
                    }
                    _ => break,
                }
                i += 1;
            }
            w.end().end();
        }
        w.end();
        Ok(w.finish()?)
    }
}

impl Operation for PropPatch {
    type Output = PropPatchOutcome;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, Error> {
        let body = self.body()?.into_bytes();
        build(
            Method::from_bytes(b"PROPPATCH").map_err(|e| Error::Build(e.to_string()))?,
            base,
            &self.path,
            &self.common,
            &xml_body_headers(None),
            body,
        )
    }

    /// A 207 with any non-2xx propstat (or response status) is an error naming each failed
    /// property, never a success. A 200/204 without a body (allowed by some servers)
    /// counts as every property succeeding.
    fn response(&self, base: &Url, response: Response<Vec<u8>>) -> Result<PropPatchOutcome, Error> {
        let method = Method::from_bytes(b"PROPPATCH").map_err(|e| Error::Build(e.to_string()))?;
        if matches!(response.status(), StatusCode::OK | StatusCode::NO_CONTENT)
            && response.body().is_empty()
        {
            let statuses = self
                .ops
                .iter()
                .map(|op| match op {
                    PatchOp::Set(p) => (p.name().clone(), response.status()),
                    PatchOp::Remove(n) => (n.clone(), response.status()),
                })
                .collect();
            return Ok(PropPatchOutcome { statuses });
        }
        let context = format!("PROPPATCH {}", self.path);
        let ms = read_multistatus(
            method.clone(),
            base,
            &self.path,
            &self.common.limits,
            response,
        )?
        .non_empty(&context)?;
        for r in &ms.responses {
            if let Some(s) = r.status
                && !s.is_success()
            {
                return Err(Error::ResourceFailed {
                    method,
                    url: url_for_errors(base, &self.path),
                    href: r.href.to_string(),
                    status: s,
                });
            }
        }
        let failures = ms.failures();
        if !failures.is_empty() {
            return Err(Error::PartialFailure {
                method,
                url: url_for_errors(base, &self.path),
                failures,
            });
        }
        let statuses = ms
            .responses
            .iter()
            .flat_map(|r| r.propstats.iter())
            .flat_map(|ps| ps.props.iter().map(move |p| (p.name().clone(), ps.status)))
            .collect();
        Ok(PropPatchOutcome { statuses })
    }
}

macro_rules! simple_op {
    ($(#[$doc:meta])* $name:ident, $method:expr, [$($ok:expr),*]) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name {
            /// The resource.
            pub path: ResourcePath,
            /// Headers and limits.
            pub common: Common,
        }

        common_builders!($name);

        impl $name {
            /// The operation on `path`.
            pub fn new(path: ResourcePath) -> Self {
                $name { path, common: Common::default() }
            }
        }

        impl Operation for $name {
            type Output = StatusCode;

            fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, Error> {
                build($method, base, &self.path, &self.common, &[], Vec::new())
            }

            fn response(&self, base: &Url, response: Response<Vec<u8>>) -> Result<StatusCode, Error> {
                let ok: &[StatusCode] = &[$($ok),*];
                if ok.contains(&response.status()) {
                    Ok(response.status())
                } else {
                    Err(unexpected($method, base, &self.path, &response))
                }
            }
        }
    };
}

simple_op!(
    /// `MKCOL`: create a collection (201; 405 when it exists, 409 when the parent is missing).
    MkCol,
    Method::from_bytes(b"MKCOL").unwrap_or(Method::POST),
    [StatusCode::CREATED]
);
simple_op!(
    /// `DELETE`: remove a resource (200, 204; or 207 with failures, reported as an error).
    Delete,
    Method::DELETE,
    [StatusCode::OK, StatusCode::NO_CONTENT, StatusCode::ACCEPTED]
);

/// `PUT`: create or replace a resource's body.
#[derive(Clone, Debug)]
pub struct Put {
    /// The resource.
    pub path: ResourcePath,
    /// The body to store.
    pub body: Vec<u8>,
    /// Its media type.
    pub content_type: String,
    /// Headers and limits.
    pub common: Common,
}

common_builders!(Put);

impl Put {
    /// PUT `body` with `content_type` at `path`.
    pub fn new(path: ResourcePath, body: Vec<u8>, content_type: &str) -> Self {
        Put {
            path,
            body,
            content_type: content_type.to_string(),
            common: Common::default(),
        }
    }
}

impl Operation for Put {
    /// 201 (created) or 200/204 (replaced).
    type Output = StatusCode;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, Error> {
        let ct = HeaderValue::from_str(&self.content_type)
            .map_err(|_| Error::Build(format!("Content-Type {:?}", self.content_type)))?;
        build(
            Method::PUT,
            base,
            &self.path,
            &self.common,
            &[(CONTENT_TYPE, ct)],
            self.body.clone(),
        )
    }

    fn response(&self, base: &Url, response: Response<Vec<u8>>) -> Result<StatusCode, Error> {
        match response.status() {
            s @ (StatusCode::CREATED | StatusCode::OK | StatusCode::NO_CONTENT) => Ok(s),
            _ => Err(unexpected(Method::PUT, base, &self.path, &response)),
        }
    }
}

/// `GET`: fetch a resource's body.
#[derive(Clone, Debug)]
pub struct Get {
    /// The resource.
    pub path: ResourcePath,
    /// Headers and limits.
    pub common: Common,
}

common_builders!(Get);

/// A fetched body with its validators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The body.
    pub body: Vec<u8>,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// `ETag`, if sent.
    pub etag: Option<String>,
}

impl Get {
    /// GET `path`.
    pub fn new(path: ResourcePath) -> Self {
        Get {
            path,
            common: Common::default(),
        }
    }
}

impl Operation for Get {
    type Output = Fetched;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, Error> {
        build(Method::GET, base, &self.path, &self.common, &[], Vec::new())
    }

    fn response(&self, base: &Url, response: Response<Vec<u8>>) -> Result<Fetched, Error> {
        if response.status() != StatusCode::OK {
            return Err(unexpected(Method::GET, base, &self.path, &response));
        }
        let header = |n| {
            response
                .headers()
                .get(n)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(CONTENT_TYPE);
        let etag = header(http::header::ETAG);
        Ok(Fetched {
            body: response.into_body(),
            content_type,
            etag,
        })
    }
}

/// `OPTIONS`: what the server supports.
#[derive(Clone, Debug)]
pub struct Options {
    /// The resource.
    pub path: ResourcePath,
    /// Headers and limits.
    pub common: Common,
}

common_builders!(Options);

/// The server's capabilities for a resource.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// Compliance classes from the `DAV` header (`1`, `2`, `3`, …), empty when not WebDAV.
    pub dav: Vec<String>,
    /// Methods from the `Allow` header, upper-cased.
    pub allow: Vec<String>,
    /// The `MS-Author-Via` header (Exchange sends `DAV`).
    pub ms_author_via: Option<String>,
}

impl Capabilities {
    /// Whether `method` is allowed.
    pub fn allows(&self, method: &str) -> bool {
        self.allow.iter().any(|m| m.eq_ignore_ascii_case(method))
    }
}

impl Options {
    /// OPTIONS on `path`.
    pub fn new(path: ResourcePath) -> Self {
        Options {
            path,
            common: Common::default(),
        }
    }
}

impl Operation for Options {
    type Output = Capabilities;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, Error> {
        build(
            Method::OPTIONS,
            base,
            &self.path,
            &self.common,
            &[],
            Vec::new(),
        )
    }

    fn response(&self, base: &Url, response: Response<Vec<u8>>) -> Result<Capabilities, Error> {
        if !response.status().is_success() {
            return Err(unexpected(Method::OPTIONS, base, &self.path, &response));
        }
        let list = |name: &str| -> Vec<String> {
            response
                .headers()
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        Ok(Capabilities {
            dav: list("dav"),
            allow: list("allow")
                .into_iter()
                .map(|m| m.to_ascii_uppercase())
                .collect(),
            ms_author_via: response
                .headers()
                .get("ms-author-via")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        })
    }
}

/// Exchange's `SEARCH` with an SQL body (`<D:searchrequest><D:sql>…</D:sql></D:searchrequest>`).
///
/// The answer is a multistatus, possibly with no response when nothing matched.
#[derive(Clone, Debug)]
pub struct Search {
    /// The folder searched (the request URL).
    pub path: ResourcePath,
    /// The SQL text (escaped when written).
    pub sql: String,
    /// Headers and limits.
    pub common: Common,
}

common_builders!(Search);

impl Search {
    /// SEARCH `path` with `sql`.
    pub fn new(path: ResourcePath, sql: impl Into<String>) -> Self {
        Search {
            path,
            sql: sql.into(),
            common: Common::default(),
        }
    }

    /// The request body.
    pub fn body(&self) -> Result<String, Error> {
        let mut w = Writer::with_declaration();
        w.declare("D", DAV);
        w.start(DAV, "searchrequest")
            .start(DAV, "sql")
            .text(&self.sql)
            .end()
            .end();
        Ok(w.finish()?)
    }
}

impl Operation for Search {
    type Output = Multistatus;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, Error> {
        let body = self.body()?.into_bytes();
        build(
            Method::from_bytes(b"SEARCH").map_err(|e| Error::Build(e.to_string()))?,
            base,
            &self.path,
            &self.common,
            &xml_body_headers(None),
            body,
        )
    }

    fn response(&self, base: &Url, response: Response<Vec<u8>>) -> Result<Multistatus, Error> {
        let method = Method::from_bytes(b"SEARCH").map_err(|e| Error::Build(e.to_string()))?;
        read_multistatus(method, base, &self.path, &self.common.limits, response)
    }
}
