//! An in-memory WebDAV server for demos and fast tests (feature `store`).
//!
//! [`MemoryStore`] implements [`Transport`] and [`AsyncTransport`] by *serving* each
//! `http::Request<Vec<u8>>` it is given, so the same client code runs against it, WsgiDAV and
//! Apache. It keeps a tree of collections and items under a mount path (scheme and host of the
//! request URL are ignored), dead properties as the exact XML elements received, and answers
//! the WebDAV subset the workspace uses the way WsgiDAV does:
//!
//! | request | answers |
//! |---|---|
//! | `PROPFIND` | 207 with per-property 200/404 propstats; Depth `0`, `1`, `infinity` (a missing Depth is infinity, like WsgiDAV; Apache answers 403); named props, `allprop`, `propname`; 404 when missing |
//! | `PROPPATCH` | 207, set/remove in document order, atomic: on any failure nothing is applied, the failing properties carry their status (403 for live properties) and all others 424; 404 when missing |
//! | `MKCOL` | 201; 405 when the URL is mapped; 415 with a body; 409 when the parent is missing |
//! | `PUT` | 201 created, 204 replaced; 405 on a collection; 409 when the parent is missing |
//! | `GET`/`HEAD` | 200 with body, `Content-Type`, `ETag`, `Last-Modified`; 403 on a collection (WsgiDAV without directory browsing); 404 |
//! | `DELETE` | 204, recursive; 404; 403 on the mount itself |
//! | `OPTIONS` | 200, `DAV: 1, 2`, `Allow`, `MS-Author-Via: DAV` |
//! | anything else | 405 with `Allow` |
//!
//! Bodies over the configured limit get 413; XML bodies that do not parse (malformed,
//! `DOCTYPE`, not UTF-8, too deep) get 400. Hrefs are absolute paths encoded with
//! [`ResourcePath::encoded`]. The live properties are `resourcetype`, `creationdate`,
//! `getcontentlength`, `getetag` (unquoted, like WsgiDAV; the `ETag` header is quoted),
//! `getcontenttype`, `displayname` and `getlastmodified`; all are protected. Times come from
//! a logical clock (a start time you choose, advanced one second per change): the store never
//! reads the wall clock.
//!
//! The **Exchange mode** ([`MemoryStore::exchange`], [`StoreBuilder::exchange`]) adds exactly
//! what Exchange does and no third-party server can: PROPPATCH on a missing item creates it
//! (409 when its parent is missing), URLs match case-insensitively, `SEARCH` with an SQL body
//! (`SELECT "…" FROM SCOPE('SHALLOW TRAVERSAL OF "<folder>"') WHERE "<prop>" = '<literal>'`,
//! string comparison ignoring case), and forms-based login ([`StoreBuilder::forms_auth`])
//! with `sessionid`/`cadata` cookies that expire on demand in each of Exchange's three shapes
//! ([`ExpiryShape`]).
//!
//! For tests it records every request ([`MemoryStore::request_log`]), counts logins, exposes
//! its content ([`MemoryStore::snapshot`], [`MemoryStore::get_props`]) and injects faults
//! ([`Fault`]).
//!
//! [`Transport`]: crate::transport::Transport
//! [`AsyncTransport`]: crate::transport::AsyncTransport

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request, Response, StatusCode};

use crate::path::ResourcePath;
use crate::prop::{PropName, Property};
use crate::transport::{AsyncTransport, Transport, TransportError};

mod dav;
mod exchange;

/// Where Exchange 2003 takes the forms-based login (`POST`).
pub const DEFAULT_LOGIN_PATH: &str = "/exchweb/bin/auth/owaauth.dll";
/// Exchange 2003's logon page, where failed logins and expired sessions are sent.
pub const DEFAULT_LOGON_PAGE: &str = "/exchweb/bin/auth/owalogon.asp";
/// The default request body limit: 16 MiB.
pub const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;
/// The default start of the logical clock: 2008-01-30T19:42:47Z, in Unix seconds.
pub const DEFAULT_START_TIME: i64 = 1_201_722_167;

/// How clients must authenticate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthScheme {
    /// No authentication (the default without users).
    #[default]
    None,
    /// HTTP Basic: 401 with `WWW-Authenticate: Basic realm="…"` when missing or wrong.
    Basic,
    /// Exchange forms-based login: `POST` to the login path issues `sessionid` and `cadata`
    /// cookies; a request without a valid session gets 440 Login Timeout.
    Forms,
}

/// How an expired forms-based session shows on the next request that presents its cookies:
/// the three shapes Exchange uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExpiryShape {
    /// `440 Login Timeout`.
    LoginTimeout440,
    /// `302 Found` with `Location` on the logon page.
    RedirectToLogon,
    /// `200 OK` with a `text/html` logon page where XML was expected.
    HtmlLogonPage,
}

/// A fault to inject; each fires once, on the first request it applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The next PROPPATCH that names `name` fails atomically: `name` gets `status` (e.g. 403
    /// or 409) inside the 207, every other property 424, and nothing is applied.
    PropPatch {
        /// The property that fails.
        name: PropName,
        /// Its status inside the 207.
        status: StatusCode,
    },
    /// The next request with `method` (after authentication) is answered with `status` and
    /// an empty body, without touching the store.
    Status {
        /// The method to catch.
        method: Method,
        /// The status to answer.
        status: StatusCode,
    },
}

/// One request the store received, with the status it answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// The method.
    pub method: Method,
    /// The request path exactly as sent (still percent-encoded, no query).
    pub path: String,
    /// The status of the answer.
    pub status: StatusCode,
}

/// One resource in a [`MemoryStore::snapshot`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its full path (mount included), in collection form for collections.
    pub path: ResourcePath,
    /// Whether it is a collection.
    pub is_collection: bool,
    /// The body (empty for collections).
    pub body: Vec<u8>,
    /// The media type (`None` for collections).
    pub content_type: Option<String>,
    /// The entity tag, quoted as in the `ETag` header (`None` for collections).
    pub etag: Option<String>,
    /// Dead properties in the order they were first set.
    pub props: Vec<Property>,
}

/// Why a direct (non-HTTP) change to the store failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The path is not under the mount path.
    #[error("{0} is outside the store's mount path")]
    OutsideMount(String),
    /// No resource at the path.
    #[error("{0} does not exist")]
    NotFound(String),
    /// A collection is in the way of an item, or an item in the way of a collection.
    #[error("{0} is in the way")]
    Conflict(String),
}

/// Configures a [`MemoryStore`].
#[derive(Clone)]
pub struct StoreBuilder {
    mount: ResourcePath,
    exchange: bool,
    auth: Option<AuthScheme>,
    users: Vec<(String, String)>,
    realm: Option<String>,
    login_path: String,
    logon_page: String,
    max_body: usize,
    start_time: i64,
}

impl fmt::Debug for StoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreBuilder")
            .field("mount", &self.mount)
            .field("exchange", &self.exchange)
            .field("auth", &self.auth)
            .field(
                "users",
                &self
                    .users
                    .iter()
                    .map(|(u, _)| u.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("realm", &self.realm)
            .field("login_path", &self.login_path)
            .field("logon_page", &self.logon_page)
            .field("max_body", &self.max_body)
            .field("start_time", &self.start_time)
            .finish()
    }
}

impl Default for StoreBuilder {
    fn default() -> Self {
        StoreBuilder {
            mount: ResourcePath::root(),
            exchange: false,
            auth: None,
            users: Vec::new(),
            realm: None,
            login_path: DEFAULT_LOGIN_PATH.to_string(),
            logon_page: DEFAULT_LOGON_PAGE.to_string(),
            max_body: DEFAULT_MAX_BODY,
            start_time: DEFAULT_START_TIME,
        }
    }
}

impl StoreBuilder {
    /// The path the store's root collection answers at (default `/`), e.g. `/exchange/`.
    /// Requests outside it get 404.
    #[must_use]
    pub fn mount(mut self, mount: ResourcePath) -> Self {
        self.mount = mount.as_collection();
        self
    }

    /// Switches the Exchange mode on or off (see the [module documentation](self)).
    #[must_use]
    pub fn exchange(mut self, on: bool) -> Self {
        self.exchange = on;
        self
    }

    /// Adds a user. With users and no explicit scheme, Basic authentication is required.
    #[must_use]
    pub fn user(mut self, name: &str, password: &str) -> Self {
        self.users.push((name.to_string(), password.to_string()));
        self
    }

    /// Requires HTTP Basic authentication, announcing `realm` (default: the mount path
    /// without its trailing `/`, like WsgiDAV's `"/exchange"`).
    #[must_use]
    pub fn basic_auth(mut self, realm: Option<&str>) -> Self {
        self.auth = Some(AuthScheme::Basic);
        self.realm = realm.map(str::to_string);
        self
    }

    /// Requires Exchange forms-based login (this switches the Exchange mode on).
    #[must_use]
    pub fn forms_auth(mut self) -> Self {
        self.auth = Some(AuthScheme::Forms);
        self.exchange = true;
        self
    }

    /// Where the forms-based login is posted (default [`DEFAULT_LOGIN_PATH`]; Exchange
    /// 2007 uses `/owa/auth/owaauth.dll`). The path is matched as given, and also under the
    /// mount path.
    #[must_use]
    pub fn login_path(mut self, path: &str) -> Self {
        self.login_path = path.to_string();
        self
    }

    /// The logon page failed logins and expired sessions are sent to (default
    /// [`DEFAULT_LOGON_PAGE`]).
    #[must_use]
    pub fn logon_page(mut self, path: &str) -> Self {
        self.logon_page = path.to_string();
        self
    }

    /// The largest request body accepted (default [`DEFAULT_MAX_BODY`]); larger ones get 413.
    #[must_use]
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The logical clock's start, in Unix seconds (default [`DEFAULT_START_TIME`]).
    #[must_use]
    pub fn start_time(mut self, unix_seconds: i64) -> Self {
        self.start_time = unix_seconds;
        self
    }

    /// The store, holding only its (empty) mount collection.
    #[must_use]
    pub fn build(self) -> MemoryStore {
        let auth = match self.auth {
            Some(a) => a,
            None if self.users.is_empty() => AuthScheme::None,
            None => AuthScheme::Basic,
        };
        let realm = self.realm.unwrap_or_else(|| {
            let m = self.mount.encoded();
            if m.len() > 1 {
                m.trim_end_matches('/').to_string()
            } else {
                m
            }
        });
        let config = Config {
            mount: self.mount,
            exchange: self.exchange,
            auth,
            users: self.users,
            realm,
            login_path: self.login_path,
            logon_page: self.logon_page,
            max_body: self.max_body,
        };
        let mut resources = BTreeMap::new();
        resources.insert(
            Vec::new(),
            Resource::collection(Vec::new(), 1, self.start_time),
        );
        MemoryStore {
            inner: Arc::new(Mutex::new(State {
                config,
                resources,
                next_id: 2,
                now: self.start_time,
                log: Vec::new(),
                faults: Vec::new(),
                sessions: Vec::new(),
                session_counter: 0,
                logins: 0,
                login_attempts: 0,
            })),
        }
    }
}

/// The in-memory WebDAV server: a cheaply cloneable handle (clones share one store).
///
/// ```
/// use webdav::ops::{Depth, MkCol, Operation, PropFind, PropPatch, Put};
/// use webdav::path::ResourcePath;
/// use webdav::prop::{PropName, Property};
/// use webdav::store::MemoryStore;
/// use webdav::transport::Transport;
///
/// const PROPTAG: &str = "http://schemas.microsoft.com/mapi/proptag/";
/// let store = MemoryStore::builder()
///     .mount(ResourcePath::parse("/exchange/")?)
///     .user("tester", "s3cret")
///     .build();
/// let base = url::Url::parse("http://tester:s3cret@store.invalid/")?;
/// let run = |req: http::Request<Vec<u8>>| {
///     // A real client adds the Authorization header; here we do it by hand.
///     let mut req = req;
///     let basic = http::HeaderValue::from_static("Basic dGVzdGVyOnMzY3JldA==");
///     req.headers_mut().insert(http::header::AUTHORIZATION, basic);
///     Transport::send(&store, req)
/// };
///
/// let folder = ResourcePath::parse("/exchange/SCHEDULE+ FREE BUSY/")?;
/// let item = folder.join("x.EML")?;
/// let op = MkCol::new(folder.clone());
/// assert_eq!(op.response(&base, run(op.request(&base)?)?)?, 201);
/// let op = Put::new(item.clone(), Vec::new(), "message/rfc822");
/// assert_eq!(op.response(&base, run(op.request(&base)?)?)?, 201);
///
/// let value = Property::multi_valued(PropName::new(PROPTAG, "x68501102"), "mv.bin.base64", ["", "ugnYCYwKQAs="]);
/// let op = PropPatch::new(item.clone()).set(value.clone());
/// op.response(&base, run(op.request(&base)?)?)?;
///
/// let op = PropFind::props(item.clone(), Depth::Zero, [value.name().clone()]);
/// let ms = op.response(&base, run(op.request(&base)?)?)?;
/// assert_eq!(ms.responses[0].prop(value.name()), Some(&value));
/// assert_eq!(store.get_props(&item), Some(vec![value]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct MemoryStore {
    inner: Arc<Mutex<State>>,
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.lock();
        f.debug_struct("MemoryStore")
            .field("mount", &s.config.mount)
            .field("exchange", &s.config.exchange)
            .field("auth", &s.config.auth)
            .field("resources", &s.resources.len())
            .field("requests", &s.log.len())
            .finish()
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new()
    }
}

pub(crate) struct Config {
    pub(crate) mount: ResourcePath,
    pub(crate) exchange: bool,
    pub(crate) auth: AuthScheme,
    pub(crate) users: Vec<(String, String)>,
    pub(crate) realm: String,
    pub(crate) login_path: String,
    pub(crate) logon_page: String,
    pub(crate) max_body: usize,
}

pub(crate) enum Kind {
    Collection,
    Item { body: Vec<u8>, content_type: String },
}

pub(crate) struct Resource {
    /// Segments relative to the mount, spelled as created.
    pub(crate) segments: Vec<String>,
    pub(crate) kind: Kind,
    pub(crate) id: u64,
    pub(crate) version: u64,
    pub(crate) created: i64,
    pub(crate) modified: i64,
    pub(crate) props: Vec<Property>,
}

impl Resource {
    pub(crate) fn collection(segments: Vec<String>, id: u64, now: i64) -> Self {
        Resource {
            segments,
            kind: Kind::Collection,
            id,
            version: 0,
            created: now,
            modified: now,
            props: Vec::new(),
        }
    }

    pub(crate) fn item(
        segments: Vec<String>,
        id: u64,
        now: i64,
        body: Vec<u8>,
        content_type: String,
    ) -> Self {
        Resource {
            segments,
            kind: Kind::Item { body, content_type },
            id,
            version: 0,
            created: now,
            modified: now,
            props: Vec::new(),
        }
    }

    pub(crate) fn is_collection(&self) -> bool {
        matches!(self.kind, Kind::Collection)
    }

    /// The entity tag without quotes (as WsgiDAV's `getetag`).
    pub(crate) fn etag(&self) -> String {
        format!("{}-{}", self.id, self.version)
    }
}

pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) cadata: String,
    pub(crate) expired: Option<ExpiryShape>,
}

pub(crate) struct State {
    pub(crate) config: Config,
    /// Keyed by the segments relative to the mount (ASCII-lower-cased in Exchange mode).
    pub(crate) resources: BTreeMap<Vec<String>, Resource>,
    pub(crate) next_id: u64,
    pub(crate) now: i64,
    pub(crate) log: Vec<LoggedRequest>,
    pub(crate) faults: Vec<Fault>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) session_counter: u64,
    pub(crate) logins: usize,
    pub(crate) login_attempts: usize,
}

impl State {
    /// The map key for segments relative to the mount.
    pub(crate) fn key(&self, segments: &[String]) -> Vec<String> {
        if self.config.exchange {
            segments.iter().map(|s| s.to_ascii_lowercase()).collect()
        } else {
            segments.to_vec()
        }
    }

    /// The segments of `path` relative to the mount, if it is under it.
    pub(crate) fn relative(&self, path: &ResourcePath) -> Option<Vec<String>> {
        path.strip_prefix(&self.config.mount)
            .map(|rest| rest.into_iter().map(str::to_owned).collect())
    }

    /// Advances the logical clock by one second and returns the new time.
    pub(crate) fn tick(&mut self) -> i64 {
        self.now += 1;
        self.now
    }

    pub(crate) fn fresh_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The full path (mount included) of a resource, in collection form for collections.
    pub(crate) fn full_path(&self, r: &Resource) -> ResourcePath {
        let mut path = self.config.mount.clone();
        for s in &r.segments {
            match path.join(s) {
                Ok(p) => path = p,
                Err(_) => return self.config.mount.clone(),
            }
        }
        if r.is_collection() {
            path.as_collection()
        } else {
            path.as_item()
        }
    }

    fn lookup(&self, path: &ResourcePath) -> Result<Vec<String>, StoreError> {
        let rel = self
            .relative(path)
            .ok_or_else(|| StoreError::OutsideMount(path.to_string()))?;
        Ok(self.key(&rel))
    }

    /// Creates every missing collection along `rel` (like `mkdir -p`).
    fn make_collections(&mut self, rel: &[String], shown: &str) -> Result<(), StoreError> {
        for n in 1..=rel.len() {
            let key = self.key(&rel[..n]);
            match self.resources.get(&key) {
                Some(r) if r.is_collection() => {}
                Some(_) => return Err(StoreError::Conflict(shown.to_string())),
                None => {
                    let id = self.fresh_id();
                    let now = self.tick();
                    self.resources
                        .insert(key, Resource::collection(rel[..n].to_vec(), id, now));
                }
            }
        }
        Ok(())
    }
}

impl MemoryStore {
    /// A plain WebDAV store mounted at `/`, without authentication.
    #[must_use]
    pub fn new() -> Self {
        StoreBuilder::default().build()
    }

    /// A store in Exchange mode mounted at `/`, without authentication (add
    /// [`StoreBuilder::forms_auth`] through [`MemoryStore::builder`] for forms-based login).
    #[must_use]
    pub fn exchange() -> Self {
        StoreBuilder::default().exchange(true).build()
    }

    /// A builder for the other settings.
    #[must_use]
    pub fn builder() -> StoreBuilder {
        StoreBuilder::default()
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Serves one request (what [`Transport::send`] does, without the `Result`).
    pub fn handle(&self, request: Request<Vec<u8>>) -> Response<Vec<u8>> {
        let mut state = self.lock();
        let method = request.method().clone();
        let path = request.uri().path().to_string();
        let response = state.serve(request);
        state.log.push(LoggedRequest {
            method,
            path,
            status: response.status(),
        });
        response
    }

    /// Makes every current forms-based session expired: the next request presenting its
    /// cookies gets `shape` (and so does every later one; only a new login helps).
    pub fn expire_sessions(&self, shape: ExpiryShape) {
        let mut s = self.lock();
        for session in &mut s.sessions {
            session.expired = Some(shape);
        }
    }

    /// Successful forms-based logins so far.
    pub fn login_count(&self) -> usize {
        self.lock().logins
    }

    /// Forms-based login attempts so far (successful or not).
    pub fn login_attempts(&self) -> usize {
        self.lock().login_attempts
    }

    /// Every request received so far, in order.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    /// Forgets the request log.
    pub fn clear_request_log(&self) {
        self.lock().log.clear();
    }

    /// Queues a one-shot fault.
    pub fn inject(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    /// The current time of the logical clock, in Unix seconds.
    pub fn now(&self) -> i64 {
        self.lock().now
    }

    /// Sets the logical clock (it still advances one second per change).
    pub fn set_time(&self, unix_seconds: i64) {
        self.lock().now = unix_seconds;
    }

    /// Every resource, the mount collection first, parents before children.
    pub fn snapshot(&self) -> Vec<Entry> {
        let s = self.lock();
        s.resources
            .values()
            .map(|r| {
                let (body, content_type, etag) = match &r.kind {
                    Kind::Collection => (Vec::new(), None, None),
                    Kind::Item { body, content_type } => (
                        body.clone(),
                        Some(content_type.clone()),
                        Some(format!("\"{}\"", r.etag())),
                    ),
                };
                Entry {
                    path: s.full_path(r),
                    is_collection: r.is_collection(),
                    body,
                    content_type,
                    etag,
                    props: r.props.clone(),
                }
            })
            .collect()
    }

    /// The dead properties of the resource at `path` (full path, mount included), in the
    /// order they were first set; `None` when there is no such resource.
    pub fn get_props(&self, path: &ResourcePath) -> Option<Vec<Property>> {
        let s = self.lock();
        let key = s.lookup(path).ok()?;
        s.resources.get(&key).map(|r| r.props.clone())
    }

    /// The body of the item at `path`; `None` when there is no such item.
    pub fn get_body(&self, path: &ResourcePath) -> Option<Vec<u8>> {
        let s = self.lock();
        let key = s.lookup(path).ok()?;
        match &s.resources.get(&key)?.kind {
            Kind::Item { body, .. } => Some(body.clone()),
            Kind::Collection => None,
        }
    }

    /// Whether a resource exists at `path`.
    pub fn exists(&self, path: &ResourcePath) -> bool {
        let s = self.lock();
        s.lookup(path)
            .map(|k| s.resources.contains_key(&k))
            .unwrap_or(false)
    }

    /// Creates the collection at `path` and any missing parent (test set-up, no request
    /// logged).
    ///
    /// # Errors
    ///
    /// [`StoreError::OutsideMount`], or [`StoreError::Conflict`] when an item is in the way.
    pub fn create_collection(&self, path: &ResourcePath) -> Result<(), StoreError> {
        let mut s = self.lock();
        let rel = s
            .relative(path)
            .ok_or_else(|| StoreError::OutsideMount(path.to_string()))?;
        s.make_collections(&rel, &path.to_string())
    }

    /// Creates or replaces the item at `path`, creating missing parents (test set-up).
    ///
    /// # Errors
    ///
    /// [`StoreError::OutsideMount`], or [`StoreError::Conflict`] when a collection is in the
    /// way.
    pub fn put_item(
        &self,
        path: &ResourcePath,
        body: Vec<u8>,
        content_type: &str,
    ) -> Result<(), StoreError> {
        let mut s = self.lock();
        let shown = path.to_string();
        let rel = s
            .relative(path)
            .ok_or_else(|| StoreError::OutsideMount(shown.clone()))?;
        let Some((_, parent)) = rel.split_last() else {
            return Err(StoreError::Conflict(shown));
        };
        s.make_collections(parent, &shown)?;
        let key = s.key(&rel);
        let now = s.tick();
        match s.resources.get_mut(&key) {
            Some(r) if r.is_collection() => Err(StoreError::Conflict(shown)),
            Some(r) => {
                r.kind = Kind::Item {
                    body,
                    content_type: content_type.to_string(),
                };
                r.version += 1;
                r.modified = now;
                Ok(())
            }
            None => {
                let id = s.fresh_id();
                s.resources.insert(
                    key,
                    Resource::item(rel, id, now, body, content_type.to_string()),
                );
                Ok(())
            }
        }
    }

    /// Sets a dead property directly (test set-up), replacing one of the same name in place.
    ///
    /// # Errors
    ///
    /// [`StoreError::OutsideMount`] or [`StoreError::NotFound`].
    pub fn set_prop(&self, path: &ResourcePath, property: Property) -> Result<(), StoreError> {
        let mut s = self.lock();
        let key = s.lookup(path)?;
        let now = s.tick();
        let r = s
            .resources
            .get_mut(&key)
            .ok_or_else(|| StoreError::NotFound(path.to_string()))?;
        dav::set_dead(&mut r.props, property);
        r.modified = now;
        Ok(())
    }
}

impl Transport for MemoryStore {
    /// Serves the request; never fails.
    fn send(&self, request: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> {
        Ok(self.handle(request))
    }
}

impl AsyncTransport for MemoryStore {
    /// Serves the request; the future is ready at once and never fails.
    fn send(
        &self,
        request: Request<Vec<u8>>,
    ) -> impl Future<Output = Result<Response<Vec<u8>>, TransportError>> + Send {
        std::future::ready(Ok(self.handle(request)))
    }
}

/// A response with `status`, headers and body.
pub(crate) fn respond(
    status: StatusCode,
    headers: &[(HeaderName, String)],
    body: Vec<u8>,
) -> Response<Vec<u8>> {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    for (name, value) in headers {
        if let Ok(v) = HeaderValue::from_str(value) {
            r.headers_mut().append(name.clone(), v);
        }
    }
    r
}

/// The reason phrase of `status` (including Exchange's 440).
pub(crate) fn reason(status: StatusCode) -> &'static str {
    match status.as_u16() {
        440 => "Login Timeout",
        _ => status.canonical_reason().unwrap_or(""),
    }
}

/// A small HTML error page, like the ones WsgiDAV and Apache send.
pub(crate) fn html_error(status: StatusCode, detail: &str) -> Response<Vec<u8>> {
    let title = format!("{} {}", status.as_u16(), reason(status));
    let body = format!(
        "<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{}</p></body></html>\n",
        escape_html(detail)
    );
    respond(
        status,
        &[(header::CONTENT_TYPE, "text/html; charset=utf-8".into())],
        body.into_bytes(),
    )
}

pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl State {
    fn serve(&mut self, request: Request<Vec<u8>>) -> Response<Vec<u8>> {
        if request.body().len() > self.config.max_body {
            return html_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "request body over the limit of {} bytes",
                    self.config.max_body
                ),
            );
        }
        if self.config.exchange
            && let Some(r) = self.forms_endpoints(&request)
        {
            return r;
        }
        if let Some(denied) = self.authenticate(&request) {
            return denied;
        }
        if let Some(i) = self
            .faults
            .iter()
            .position(|f| matches!(f, Fault::Status { method, .. } if method == request.method()))
        {
            let fault = self.faults.remove(i);
            if let Fault::Status { status, .. } = fault {
                return respond(status, &[], Vec::new());
            }
        }
        let path = match ResourcePath::parse(request.uri().path()) {
            Ok(p) => p,
            Err(e) => return html_error(StatusCode::BAD_REQUEST, &e.to_string()),
        };
        let Some(rel) = self.relative(&path) else {
            return html_error(StatusCode::NOT_FOUND, &path.to_string());
        };
        dav::dispatch(self, request, &path, rel)
    }

    /// `None` when the request may proceed, else the refusal.
    fn authenticate(&mut self, request: &Request<Vec<u8>>) -> Option<Response<Vec<u8>>> {
        match self.config.auth {
            AuthScheme::None => None,
            AuthScheme::Basic => {
                if self.basic_ok(request) {
                    None
                } else {
                    Some(respond(
                        StatusCode::UNAUTHORIZED,
                        &[
                            (
                                header::WWW_AUTHENTICATE,
                                format!("Basic realm=\"{}\"", self.config.realm),
                            ),
                            (header::CONTENT_TYPE, "text/html; charset=utf-8".into()),
                        ],
                        b"<html><head><title>401 Access not authorized</title></head><body><h1>401 Access not authorized</h1></body></html>\n".to_vec(),
                    ))
                }
            }
            AuthScheme::Forms => self.session_check(request),
        }
    }

    fn basic_ok(&self, request: &Request<Vec<u8>>) -> bool {
        use base64::Engine as _;
        let Some(value) = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let Some((scheme, token)) = value.trim().split_once(' ') else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case("basic") {
            return false;
        }
        let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(token.trim()) else {
            return false;
        };
        let Ok(decoded) = String::from_utf8(decoded) else {
            return false;
        };
        let Some((user, password)) = decoded.split_once(':') else {
            return false;
        };
        self.config
            .users
            .iter()
            .any(|(u, p)| u == user && p == password)
    }
}
