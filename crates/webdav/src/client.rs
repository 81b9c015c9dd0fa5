//! The client driver: a sans-IO [`Session`] (base URL, authentication, trace hook) that
//! turns one [`Operation`] into a sequence of HTTP exchanges ([`Exchange`]), and two thin
//! runners over it: [`Client`] on a blocking [`Transport`] and [`AsyncClient`] on an
//! [`AsyncTransport`].
//!
//! Driving an exchange by hand (what both runners do):
//!
//! ```
//! use webdav::client::{Session, Step};
//! use webdav::ops::Options;
//! use webdav::path::ResourcePath;
//!
//! let mut session = Session::new(url::Url::parse("http://dav.example/")?);
//! let op = Options::new(ResourcePath::parse("/")?);
//! let mut x = session.start(&op);
//! let mut last = None;
//! let caps = loop {
//!     match x.step(&mut session, last.take())? {
//!         Step::Send(request) => {
//!             // Hand `request` to any HTTP stack; here a canned answer.
//!             assert_eq!(request.method(), "OPTIONS");
//!             let response = http::Response::builder().header("DAV", "1, 2").body(Vec::new())?;
//!             last = Some(Ok(response));
//!         }
//!         Step::Done(output) => break output,
//!     }
//! };
//! assert_eq!(caps.dav, ["1", "2"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::sync::{Mutex, MutexGuard};

use http::{Method, Request, Response};
use url::Url;

use crate::auth::{Auth, AuthContext, AuthError, AuthStep, NoAuth, Verdict};
use crate::ops::Operation;
use crate::trace::{Trace, TraceEntry, TraceKind, TracedRequest, TracedResponse};
use crate::transport::{AsyncTransport, Transport, TransportError, redacted_url};

/// The default bound on the exchanges of one operation (auth legs included).
pub const DEFAULT_MAX_LEGS: u32 = 8;

/// Why an operation failed. Messages name the user and URL, never the password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The server's answer is not what the operation accepts.
    #[error(transparent)]
    Protocol(#[from] crate::Error),
    /// The request could not be exchanged.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// Authentication failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The exchange was driven out of order (a response without a pending request, a step
    /// after the end, or no response for a pending request).
    #[error("client driver misuse: {0}")]
    Misuse(&'static str),
}

/// What the caller of [`Exchange::step`] must do next.
#[derive(Debug)]
// Built once per exchange and moved straight to the transport: boxing buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum Step<T> {
    /// Send this request, then call [`Exchange::step`] with its response (or the
    /// transport's error).
    Send(Request<Vec<u8>>),
    /// The operation finished with this output.
    Done(T),
}

/// The connection-independent state shared by all operations of one client: the base URL,
/// the authentication state and the trace hook. It performs no I/O and reads no clock.
///
/// ```
/// use std::sync::Arc;
/// use webdav::auth::{FormsAuth, Secret};
/// use webdav::client::Session;
/// use webdav::trace::MemoryTrace;
///
/// let trace = Arc::new(MemoryTrace::new());
/// let session = Session::new(url::Url::parse("https://exchange.example/")?)
///     .with_auth(FormsAuth::new("jdoe", Secret::new("s3cret")))
///     .with_trace(Arc::clone(&trace));
/// assert!(!format!("{session:?}").contains("s3cret"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Session {
    base: Url,
    auth: Box<dyn Auth>,
    trace: Option<Box<dyn Trace>>,
    max_legs: u32,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut base = self.base.clone();
        let _ = base.set_password(None);
        f.debug_struct("Session")
            .field("base", &base.as_str())
            .field("auth", &self.auth.scheme())
            .field("user", &self.auth.user())
            .field("trace", &self.trace.is_some())
            .field("max_legs", &self.max_legs)
            .finish()
    }
}

impl Session {
    /// A session against `base` (scheme, host, port and any path prefix), without
    /// authentication or trace.
    pub fn new(base: Url) -> Self {
        Session {
            base,
            auth: Box::new(NoAuth),
            trace: None,
            max_legs: DEFAULT_MAX_LEGS,
        }
    }

    /// Uses `auth` for every request.
    pub fn with_auth(mut self, auth: impl Auth + 'static) -> Self {
        self.auth = Box::new(auth);
        self
    }

    /// Reports every exchange to `trace` (pass an `Arc` to keep a handle).
    pub fn with_trace(mut self, trace: impl Trace + 'static) -> Self {
        self.trace = Some(Box::new(trace));
        self
    }

    /// Bounds the exchanges of one operation (auth legs included; default
    /// [`DEFAULT_MAX_LEGS`]).
    pub fn with_max_legs(mut self, legs: u32) -> Self {
        self.max_legs = legs.max(1);
        self
    }

    /// The base URL.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// The authentication.
    pub fn auth(&self) -> &dyn Auth {
        &*self.auth
    }

    /// Begins running `op` (see [`Exchange::step`]).
    pub fn start<'o, O: Operation + ?Sized>(&self, op: &'o O) -> Exchange<'o, O> {
        Exchange::new(op)
    }

    fn trace(&self, entry: impl FnOnce() -> TraceEntry) {
        if let Some(t) = &self.trace {
            t.exchange(&entry());
        }
    }
}

#[derive(Debug)]
enum Kind {
    Op,
    Auth,
}

#[derive(Debug)]
struct Pending {
    kind: Kind,
    head: Request<()>,
    traced: Option<TracedRequest>,
}

/// One operation in progress: a sans-IO state machine stepping through the requests the
/// operation and the authentication need. It borrows the operation, not the session, so
/// a shared session can be locked only for each step.
#[derive(Debug)]
pub struct Exchange<'o, O: ?Sized> {
    op: &'o O,
    pending: Option<Pending>,
    retries: u32,
    legs: u32,
    finished: bool,
}

/// Whether a request's answer must be XML (a multistatus), so that an HTML page in its
/// place reveals a logon page.
fn expects_xml(method: &Method) -> bool {
    matches!(
        method.as_str(),
        "PROPFIND" | "PROPPATCH" | "SEARCH" | "REPORT"
    )
}

fn head_of(request: &Request<Vec<u8>>) -> Request<()> {
    let mut head = Request::new(());
    *head.method_mut() = request.method().clone();
    *head.uri_mut() = request.uri().clone();
    *head.version_mut() = request.version();
    *head.headers_mut() = request.headers().clone();
    head
}

impl<'o, O: Operation + ?Sized> Exchange<'o, O> {
    /// Begins running `op`.
    pub fn new(op: &'o O) -> Self {
        Exchange {
            op,
            pending: None,
            retries: 0,
            legs: 0,
            finished: false,
        }
    }

    /// Advances: pass `None` on the first call, then the outcome of sending the last
    /// [`Step::Send`] request. A transport error ends the operation with
    /// [`ClientError::Transport`] (after tracing it).
    pub fn step(
        &mut self,
        session: &mut Session,
        input: Option<Result<Response<Vec<u8>>, TransportError>>,
    ) -> Result<Step<O::Output>, ClientError> {
        if self.finished {
            return Err(ClientError::Misuse("step called after the operation ended"));
        }
        let result = self.advance(session, input);
        if !matches!(result, Ok(Step::Send(_))) {
            self.finished = true;
        }
        result
    }

    fn advance(
        &mut self,
        session: &mut Session,
        input: Option<Result<Response<Vec<u8>>, TransportError>>,
    ) -> Result<Step<O::Output>, ClientError> {
        match (self.pending.take(), input) {
            (None, None) => {}
            (Some(_), None) => {
                return Err(ClientError::Misuse(
                    "no response given for the request sent",
                ));
            }
            (None, Some(_)) => {
                return Err(ClientError::Misuse(
                    "a response given but no request was sent",
                ));
            }
            (Some(pending), Some(outcome)) => {
                let kind = match pending.kind {
                    Kind::Op => TraceKind::Operation,
                    Kind::Auth => TraceKind::Auth,
                };
                let leg = self.legs;
                let traced = pending.traced;
                let response = match outcome {
                    Ok(r) => {
                        if let Some(req) = traced {
                            session.trace(|| {
                                TraceEntry::new(
                                    kind,
                                    leg,
                                    req,
                                    Ok(TracedResponse::from_response(&r)),
                                )
                            });
                        }
                        r
                    }
                    Err(e) => {
                        if let Some(req) = traced {
                            session.trace(|| TraceEntry::new(kind, leg, req, Err(e.clone())));
                        }
                        return Err(ClientError::Transport(e));
                    }
                };
                match pending.kind {
                    Kind::Auth => {
                        let Session { base, auth, .. } = session;
                        auth.on_auth_response(base, &pending.head, &response)?;
                    }
                    Kind::Op => {
                        let cx = AuthContext::new(
                            &session.base,
                            &pending.head,
                            &response,
                            self.retries,
                            expects_xml(pending.head.method()),
                        );
                        match session.auth.on_response(&cx)? {
                            Verdict::Accept => {
                                return Ok(Step::Done(self.op.response(&session.base, response)?));
                            }
                            Verdict::Retry => self.retries += 1,
                        }
                    }
                }
            }
        }
        self.next_request(session)
    }

    fn next_request(&mut self, session: &mut Session) -> Result<Step<O::Output>, ClientError> {
        let (kind, request) = match session.auth.prepare(&session.base)? {
            AuthStep::Send(request) => (Kind::Auth, request),
            AuthStep::Ready => {
                let mut request = self.op.request(&session.base)?;
                session.auth.authorize(&mut request)?;
                (Kind::Op, request)
            }
        };
        if self.legs >= session.max_legs {
            return Err(AuthError::TooManyLegs {
                url: redacted_url(&request),
                legs: self.legs,
            }
            .into());
        }
        self.legs += 1;
        self.pending = Some(Pending {
            kind,
            head: head_of(&request),
            traced: session
                .trace
                .as_ref()
                .map(|_| TracedRequest::from_request(&request)),
        });
        Ok(Step::Send(request))
    }
}

fn lock(session: &Mutex<Session>) -> MutexGuard<'_, Session> {
    session
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs operations through a blocking [`Transport`]. Shareable across threads (the
/// session is behind a mutex held only while stepping, never while sending).
///
/// ```
/// use webdav::client::{Client, Session};
/// use webdav::auth::{Basic, Secret};
/// use webdav::ops::Put;
/// use webdav::path::ResourcePath;
/// use webdav::transport::{Transport, TransportError};
///
/// /// A tiny fake server: accepts any PUT that carries credentials.
/// struct Fake;
/// impl Transport for Fake {
///     fn send(&self, req: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> {
///         let mut res = http::Response::new(Vec::new());
///         *res.status_mut() = if req.headers().contains_key("authorization") {
///             http::StatusCode::CREATED
///         } else {
///             http::StatusCode::UNAUTHORIZED
///         };
///         res.headers_mut().insert(
///             http::header::WWW_AUTHENTICATE,
///             http::HeaderValue::from_static("Basic realm=\"dav\""),
///         );
///         Ok(res)
///     }
/// }
///
/// let session = Session::new(url::Url::parse("http://dav.example/")?)
///     .with_auth(Basic::on_challenge("jdoe", Secret::new("s3cret")));
/// let client = Client::new(Fake, session);
/// let put = Put::new(ResourcePath::parse("/a.txt")?, b"hello".to_vec(), "text/plain");
/// assert_eq!(client.run(&put)?, http::StatusCode::CREATED);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Client<T> {
    transport: T,
    session: Mutex<Session>,
}

impl<T: Transport> Client<T> {
    /// A client sending through `transport`.
    pub fn new(transport: T, session: Session) -> Self {
        Client {
            transport,
            session: Mutex::new(session),
        }
    }

    /// Runs `op` to its end: authentication, retries and all.
    pub fn run<O: Operation + ?Sized>(&self, op: &O) -> Result<O::Output, ClientError> {
        let mut x = Exchange::new(op);
        let mut last = None;
        loop {
            let step = x.step(&mut lock(&self.session), last.take())?;
            match step {
                Step::Send(request) => last = Some(self.transport.send(request)),
                Step::Done(output) => return Ok(output),
            }
        }
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Works on the session (e.g. to read the base URL).
    pub fn with_session<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        f(&mut lock(&self.session))
    }

    /// The parts back.
    pub fn into_parts(self) -> (T, Session) {
        let session = self
            .session
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (self.transport, session)
    }
}

/// Runs operations through an [`AsyncTransport`]; its futures are `Send`, so one
/// `Arc<AsyncClient<_>>` can serve many tokio tasks (the session's mutex is held only
/// while stepping, never across an `.await`).
///
/// ```
/// use webdav::client::{AsyncClient, Session};
/// use webdav::ops::Delete;
/// use webdav::path::ResourcePath;
/// use webdav::transport::{AsyncTransport, TransportError};
///
/// struct Fake;
/// impl AsyncTransport for Fake {
///     async fn send(&self, _req: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> {
///         let mut res = http::Response::new(Vec::new());
///         *res.status_mut() = http::StatusCode::NO_CONTENT;
///         Ok(res)
///     }
/// }
///
/// let client = AsyncClient::new(Fake, Session::new(url::Url::parse("http://dav.example/")?));
/// let op = Delete::new(ResourcePath::parse("/a.txt")?);
/// let fut = client.run(&op); // a `Send` future: poll it on any executor
/// # fn assert_send<F: Send>(_: &F) {}
/// # assert_send(&fut);
/// # drop(fut);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct AsyncClient<T> {
    transport: T,
    session: Mutex<Session>,
}

impl<T: AsyncTransport> AsyncClient<T> {
    /// A client sending through `transport`.
    pub fn new(transport: T, session: Session) -> Self {
        AsyncClient {
            transport,
            session: Mutex::new(session),
        }
    }

    /// Runs `op` to its end: authentication, retries and all.
    pub async fn run<O: Operation + Sync + ?Sized>(&self, op: &O) -> Result<O::Output, ClientError>
    where
        O::Output: Send,
    {
        let mut x = Exchange::new(op);
        let mut last = None;
        loop {
            let step = x.step(&mut lock(&self.session), last.take())?;
            match step {
                Step::Send(request) => last = Some(self.transport.send(request).await),
                Step::Done(output) => return Ok(output),
            }
        }
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Works on the session (do not hold it across an `.await`).
    pub fn with_session<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        f(&mut lock(&self.session))
    }

    /// The parts back.
    pub fn into_parts(self) -> (T, Session) {
        let session = self
            .session
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (self.transport, session)
    }
}
