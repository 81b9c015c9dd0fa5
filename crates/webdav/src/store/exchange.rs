//! What only the Exchange mode does: forms-based login with expiring sessions, and `SEARCH`
//! with an SQL body.

use http::header::{self, HeaderName};
use http::{Method, Request, Response, StatusCode};
use interop_xml::Element;

use super::dav::{OutResponse, lookup, multistatus, parse_body};
use super::{AuthScheme, ExpiryShape, Kind, Resource, Session, State, html_error, respond};
use crate::DAV;
use crate::path::ResourcePath;
use crate::prop::PropName;

fn login_timeout() -> Response<Vec<u8>> {
    html_error(
        StatusCode::from_u16(440).unwrap_or(StatusCode::UNAUTHORIZED),
        "Login Timeout",
    )
}

fn encode_component(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn set_cookie() -> HeaderName {
    header::SET_COOKIE
}

/// A deterministic, opaque token from a counter (splitmix64).
fn token(n: u64, salt: u64) -> String {
    let mut z = n.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(salt);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    format!("{z:016X}")
}

impl State {
    fn is_login_path(&self, path: &str) -> bool {
        let lp = &self.config.login_path;
        if path.eq_ignore_ascii_case(lp) {
            return true;
        }
        let under_mount = format!(
            "{}{}",
            self.config.mount.encoded(),
            lp.trim_start_matches('/')
        );
        path.eq_ignore_ascii_case(&under_mount)
    }

    fn logon_page_response(&self) -> Response<Vec<u8>> {
        let body = format!(
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0 Transitional//EN\">\n\
             <html><head><title>Microsoft Outlook Web Access</title></head><body>\n\
             <form action=\"{}\" method=\"POST\" name=\"logonForm\">\n\
             <input type=\"hidden\" name=\"destination\" value=\"\">\n\
             <input type=\"hidden\" name=\"flags\" value=\"0\">\n\
             <input id=\"username\" name=\"username\" type=\"text\">\n\
             <input id=\"password\" name=\"password\" type=\"password\">\n\
             <input type=\"submit\" name=\"SubmitCreds\" value=\"Log On\">\n\
             </form></body></html>\n",
            super::escape_html(&self.config.login_path)
        );
        respond(
            StatusCode::OK,
            &[(header::CONTENT_TYPE, "text/html; charset=utf-8".into())],
            body.into_bytes(),
        )
    }

    fn redirect_to_logon(&self, url: &str, reason: u8) -> Response<Vec<u8>> {
        let location = format!(
            "{}?url={}&reason={reason}",
            self.config.logon_page,
            encode_component(url)
        );
        respond(
            StatusCode::FOUND,
            &[
                (header::LOCATION, location),
                (header::CONTENT_TYPE, "text/html; charset=utf-8".into()),
            ],
            Vec::new(),
        )
    }

    /// The login endpoint and the logon page (no session needed for either).
    pub(super) fn forms_endpoints(
        &mut self,
        request: &Request<Vec<u8>>,
    ) -> Option<Response<Vec<u8>>> {
        if self.config.auth != AuthScheme::Forms {
            return None;
        }
        let path = request.uri().path();
        if self.is_login_path(path) {
            if request.method() != Method::POST {
                return Some(html_error(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "the login takes a POST",
                ));
            }
            return Some(self.login(request.body()));
        }
        if path.eq_ignore_ascii_case(&self.config.logon_page) {
            return Some(self.logon_page_response());
        }
        None
    }

    fn login(&mut self, body: &[u8]) -> Response<Vec<u8>> {
        self.login_attempts += 1;
        let mut destination = None;
        let mut username = None;
        let mut password = None;
        for (k, v) in url::form_urlencoded::parse(body) {
            match &*k {
                "destination" => destination = Some(v.into_owned()),
                "username" => username = Some(v.into_owned()),
                "password" => password = Some(v.into_owned()),
                _ => {}
            }
        }
        let destination = destination
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| self.config.mount.encoded());
        let ok = match (&username, &password) {
            (Some(u), Some(p)) => self.config.users.iter().any(|(un, pw)| un == u && pw == p),
            _ => false,
        };
        if !ok {
            return self.redirect_to_logon(&destination, 2);
        }
        self.logins += 1;
        self.session_counter += 1;
        let n = self.session_counter;
        let session = Session {
            id: token(n, 0x5E55),
            cadata: format!("{}{}", token(n, 0xCADA), token(n, 0xDA7A)),
            expired: None,
        };
        let location = if destination.contains(['\r', '\n']) {
            self.config.mount.encoded()
        } else {
            destination
        };
        let response = respond(
            StatusCode::FOUND,
            &[
                (header::LOCATION, location),
                (set_cookie(), format!("sessionid={}; path=/", session.id)),
                (
                    set_cookie(),
                    format!("cadata={}; HttpOnly; path=/", session.cadata),
                ),
                (header::CONTENT_TYPE, "text/html; charset=utf-8".into()),
            ],
            Vec::new(),
        );
        self.sessions.push(session);
        response
    }

    /// `None` when the request carries a live session's cookies, else the refusal (440, or
    /// the expiry shape of the session it names).
    pub(super) fn session_check(
        &mut self,
        request: &Request<Vec<u8>>,
    ) -> Option<Response<Vec<u8>>> {
        let mut sessionid = None;
        let mut cadata = None;
        for value in request.headers().get_all(header::COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            for pair in value.split(';') {
                if let Some((k, v)) = pair.trim().split_once('=') {
                    match k.trim() {
                        "sessionid" => sessionid = Some(v.trim().to_string()),
                        "cadata" => cadata = Some(v.trim().to_string()),
                        _ => {}
                    }
                }
            }
        }
        let (Some(id), Some(cadata)) = (sessionid, cadata) else {
            return Some(login_timeout());
        };
        let Some(session) = self
            .sessions
            .iter()
            .find(|s| s.id == id && s.cadata == cadata)
        else {
            return Some(login_timeout());
        };
        match session.expired {
            None => None,
            Some(ExpiryShape::LoginTimeout440) => Some(login_timeout()),
            Some(ExpiryShape::RedirectToLogon) => {
                let url = request.uri().to_string();
                Some(self.redirect_to_logon(&url, 0))
            }
            Some(ExpiryShape::HtmlLogonPage) => Some(self.logon_page_response()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// SEARCH

#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// `"…"`: a property name or a URL.
    Ident(String),
    /// `'…'`: a string literal.
    Str(String),
    /// A keyword, number or bare literal.
    Word(String),
    /// Punctuation.
    Punct(char),
}

fn tokenize(sql: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '\'' {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next() {
                    None => return Err(format!("unterminated {c}…{c}")),
                    Some(d) if d == c => {
                        if chars.peek() == Some(&c) {
                            chars.next();
                            s.push(c);
                        } else {
                            break;
                        }
                    }
                    Some(d) => s.push(d),
                }
            }
            out.push(if c == '"' {
                Token::Ident(s)
            } else {
                Token::Str(s)
            });
        } else if c.is_alphanumeric() || matches!(c, '_' | '.' | '*' | '-') {
            let mut s = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_alphanumeric() || matches!(d, '_' | '.' | '*' | '-') {
                    s.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token::Word(s));
        } else {
            chars.next();
            out.push(Token::Punct(c));
        }
    }
    Ok(out)
}

#[derive(Debug, PartialEq, Eq)]
enum Literal {
    Str(String),
    Bare(String),
}

#[derive(Debug, PartialEq, Eq)]
struct Query {
    /// `None` for `SELECT *`.
    select: Option<Vec<PropName>>,
    /// The folder URL, when FROM names one.
    folder: Option<String>,
    deep: bool,
    conditions: Vec<(PropName, Literal)>,
}

/// Splits `http://schemas.microsoft.com/mapi/proptag/x68470003` at the last `/`, `:` or `#`.
fn split_name(s: &str) -> Result<PropName, String> {
    let (ns, local) = match s.rfind(['/', ':', '#']) {
        Some(i) => (&s[..=i], &s[i + 1..]),
        None => ("", s),
    };
    if !interop_xml::is_valid_local_name(local) {
        return Err(format!("{s:?} is not a usable property name"));
    }
    Ok(PropName::new(ns, local))
}

fn is_word(t: Option<&Token>, w: &str) -> bool {
    matches!(t, Some(Token::Word(x)) if x.eq_ignore_ascii_case(w))
}

fn parse_sql(sql: &str) -> Result<Query, String> {
    let tokens = tokenize(sql)?;
    let mut i = 0;
    let next = |i: &mut usize| {
        let t = tokens.get(*i);
        *i += 1;
        t
    };
    if !is_word(next(&mut i), "SELECT") {
        return Err("expected SELECT".into());
    }
    let select = if is_word(tokens.get(i), "*") {
        i += 1;
        None
    } else {
        let mut names = Vec::new();
        loop {
            match next(&mut i) {
                Some(Token::Ident(n)) => names.push(split_name(n)?),
                _ => return Err("expected a quoted property name after SELECT".into()),
            }
            if tokens.get(i) == Some(&Token::Punct(',')) {
                i += 1;
            } else {
                break;
            }
        }
        Some(names)
    };
    if !is_word(next(&mut i), "FROM") {
        return Err("expected FROM".into());
    }
    let (folder, deep) = match next(&mut i) {
        Some(Token::Ident(url)) => (Some(url.clone()), false),
        Some(Token::Word(w)) if w.eq_ignore_ascii_case("SCOPE") => {
            if next(&mut i) != Some(&Token::Punct('(')) {
                return Err("expected ( after SCOPE".into());
            }
            let scope = match next(&mut i) {
                Some(Token::Str(s)) => parse_scope(s)?,
                Some(Token::Punct(')')) => {
                    i -= 1;
                    (None, false)
                }
                _ => return Err("expected a quoted scope".into()),
            };
            if next(&mut i) != Some(&Token::Punct(')')) {
                return Err("expected ) after the scope".into());
            }
            scope
        }
        _ => return Err("expected a folder after FROM".into()),
    };
    let mut conditions = Vec::new();
    if is_word(tokens.get(i), "WHERE") {
        i += 1;
        loop {
            let name = match next(&mut i) {
                Some(Token::Ident(n)) => split_name(n)?,
                _ => return Err("expected a quoted property name in WHERE".into()),
            };
            if next(&mut i) != Some(&Token::Punct('=')) {
                return Err("only = comparisons are supported".into());
            }
            let lit = match next(&mut i) {
                Some(Token::Str(s)) => Literal::Str(s.clone()),
                Some(Token::Word(w)) => Literal::Bare(w.clone()),
                _ => return Err("expected a literal after =".into()),
            };
            conditions.push((name, lit));
            if is_word(tokens.get(i), "AND") {
                i += 1;
            } else {
                break;
            }
        }
    }
    if is_word(tokens.get(i), "ORDER") {
        // Ordering is accepted and ignored (results come in URL order).
        i = tokens.len();
    }
    if i < tokens.len() {
        return Err(format!("unexpected {:?}", tokens[i]));
    }
    Ok(Query {
        select,
        folder,
        deep,
        conditions,
    })
}

/// `SHALLOW TRAVERSAL OF "url"` / `DEEP TRAVERSAL OF "url"`.
fn parse_scope(s: &str) -> Result<(Option<String>, bool), String> {
    let tokens = tokenize(s)?;
    let deep = match tokens.first() {
        Some(Token::Word(w)) if w.eq_ignore_ascii_case("SHALLOW") => false,
        Some(Token::Word(w)) if w.eq_ignore_ascii_case("DEEP") => true,
        _ => return Err(format!("unsupported scope {s:?}")),
    };
    if !is_word(tokens.get(1), "TRAVERSAL") || !is_word(tokens.get(2), "OF") {
        return Err(format!("unsupported scope {s:?}"));
    }
    match tokens.get(3) {
        Some(Token::Ident(url)) if tokens.len() == 4 => Ok((Some(url.clone()), deep)),
        _ => Err(format!("scope {s:?} names no folder")),
    }
}

/// A property's value element, the local name compared ignoring ASCII case (Exchange).
fn lookup_ci(r: &Resource, name: &PropName) -> Option<Element> {
    lookup(r, name).or_else(|| {
        r.props
            .iter()
            .find(|p| p.name().is_ignore_case(name.ns(), name.local()))
            .map(|p| p.to_element())
    })
}

fn matches(r: &Resource, name: &PropName, lit: &Literal) -> bool {
    let value = if name.is(DAV, "isfolder") {
        Some(if r.is_collection() { "1" } else { "0" }.to_string())
    } else {
        lookup_ci(r, name).map(|e| e.text())
    };
    match lit {
        Literal::Str(s) => value.is_some_and(|v| v.to_lowercase() == s.to_lowercase()),
        Literal::Bare(w) => {
            let norm = |v: &str| match v.to_ascii_lowercase().as_str() {
                "true" => "1".to_string(),
                "false" => "0".to_string(),
                other => other.to_string(),
            };
            match value {
                Some(v) => norm(&v) == norm(w),
                None => norm(w) == "0",
            }
        }
    }
}

pub(super) fn search(
    state: &State,
    request: &Request<Vec<u8>>,
    path: &ResourcePath,
    rel: &[String],
) -> Response<Vec<u8>> {
    let root = match parse_body(state, request.body()) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    let Some(sql) = root
        .is(DAV, "searchrequest")
        .then(|| root.child(DAV, "sql"))
        .flatten()
    else {
        return html_error(
            StatusCode::BAD_REQUEST,
            "expected {DAV:}searchrequest with {DAV:}sql",
        );
    };
    let query = match parse_sql(&sql.text()) {
        Ok(q) => q,
        Err(e) => return html_error(StatusCode::BAD_REQUEST, &format!("SQL: {e}")),
    };
    let folder_rel = match &query.folder {
        None => rel.to_vec(),
        Some(url) => {
            let p = if url.contains("://") {
                url::Url::parse(url)
                    .map_err(|e| e.to_string())
                    .and_then(|u| ResourcePath::from_url(&u).map_err(|e| e.to_string()))
            } else {
                ResourcePath::parse(url).map_err(|e| e.to_string())
            };
            match p {
                Ok(p) => match state.relative(&p) {
                    Some(r) => r,
                    None => return html_error(StatusCode::NOT_FOUND, &p.to_string()),
                },
                Err(e) => {
                    return html_error(StatusCode::BAD_REQUEST, &format!("scope {url:?}: {e}"));
                }
            }
        }
    };
    let key = state.key(&folder_rel);
    match state.resources.get(&key) {
        Some(r) if r.is_collection() => {}
        _ => return html_error(StatusCode::NOT_FOUND, &path.to_string()),
    }
    let mut out = Vec::new();
    for (k, r) in state.resources.range(key.clone()..) {
        if !k.starts_with(&key) {
            break;
        }
        let depth = k.len() - key.len();
        if depth == 0 || (!query.deep && depth > 1) || matches!(r.kind, Kind::Collection) {
            continue;
        }
        if !query.conditions.iter().all(|(n, l)| matches(r, n, l)) {
            continue;
        }
        let propstats = match &query.select {
            None => vec![(
                StatusCode::OK,
                r.props.iter().map(|p| p.to_element()).collect(),
            )],
            Some(names) => {
                let mut found = Vec::new();
                let mut missing = Vec::new();
                for n in names.iter().filter(|n| !n.is(DAV, "href")) {
                    match lookup_ci(r, n) {
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
        };
        out.push(OutResponse {
            href: state.full_path(r).encoded(),
            propstats,
        });
    }
    multistatus(&out, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_exchange_query_shape() {
        let q = parse_sql(
            "SELECT \"DAV:href\", \"http://schemas.microsoft.com/mapi/proptag/x68470003\"\n\
             FROM SCOPE('SHALLOW TRAVERSAL OF \"http://h/public/f/\"')\n\
             WHERE \"http://schemas.microsoft.com/mapi/subject\" = 'O''Brien & <x>'",
        );
        assert_eq!(
            q,
            Ok(Query {
                select: Some(vec![
                    PropName::new("DAV:", "href"),
                    PropName::new("http://schemas.microsoft.com/mapi/proptag/", "x68470003"),
                ]),
                folder: Some("http://h/public/f/".into()),
                deep: false,
                conditions: vec![(
                    PropName::new("http://schemas.microsoft.com/mapi/", "subject"),
                    Literal::Str("O'Brien & <x>".into())
                )],
            })
        );
    }

    #[test]
    fn plain_from_and_errors() {
        let q =
            parse_sql("select * from \"/f/\" where \"DAV:isfolder\" = false AND \"urn:x#y\" = '1'");
        assert!(
            matches!(q, Ok(Query { select: None, ref folder, .. }) if folder.as_deref() == Some("/f/"))
        );
        for bad in [
            "",
            "SELECT",
            "SELECT \"a:b\" FROM",
            "SELECT \"a:b\" FROM \"x\" WHERE \"a:b\" < 1",
            "SELECT \"a:b\" FROM \"x\" WHERE \"a:b\" = 'unterminated",
            "SELECT \"a:0x1\" FROM \"x\"",
            "SELECT \"a:b\" FROM SCOPE('SIDEWAYS TRAVERSAL OF \"x\"')",
            "SELECT \"a:b\" FROM \"x\" garbage",
        ] {
            assert!(parse_sql(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_split_at_the_last_separator() {
        assert_eq!(split_name("DAV:href"), Ok(PropName::new("DAV:", "href")));
        assert_eq!(
            split_name("urn:schemas:httpmail:subject"),
            Ok(PropName::new("urn:schemas:httpmail:", "subject"))
        );
        assert_eq!(
            split_name("http://x/y#z"),
            Ok(PropName::new("http://x/y#", "z"))
        );
        assert_eq!(split_name("plain"), Ok(PropName::new("", "plain")));
    }
}
