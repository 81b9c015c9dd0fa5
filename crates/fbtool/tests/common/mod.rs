//! What the CLI tests share: fixture paths, running the binary, and the checks on its exit.

#![allow(dead_code)] // Each test file uses its own subset.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A real Exchange capture in `../shared/fixtures/exchange/`.
pub fn capture(name: &str) -> String {
    format!(
        "{}/../../../shared/fixtures/exchange/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A Zimbra golden file of zimbra-freebusy's tests.
pub fn zimbra(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../zimbra-freebusy/tests/data")
        .join(name)
        .display()
        .to_string()
}

/// The busy time of `public-folder-propfind-207.xml`: December 2007 from its blobs, January
/// 2008 the fixtures README's worked values.
pub const CAPTURE_BUSY: [(&str, &str); 13] = [
    ("2007-12-11T20:30:00Z", "2007-12-11T21:00:00Z"),
    ("2007-12-11T22:30:00Z", "2007-12-11T23:00:00Z"),
    ("2007-12-12T17:30:00Z", "2007-12-12T18:00:00Z"),
    ("2007-12-13T19:30:00Z", "2007-12-13T20:00:00Z"),
    ("2007-12-16T19:00:00Z", "2007-12-16T19:30:00Z"),
    ("2007-12-18T19:30:00Z", "2007-12-18T20:00:00Z"),
    ("2007-12-18T22:30:00Z", "2007-12-19T00:30:00Z"),
    ("2007-12-26T18:00:00Z", "2007-12-26T18:30:00Z"),
    ("2007-12-26T20:30:00Z", "2007-12-26T21:00:00Z"),
    ("2007-12-31T17:30:00Z", "2007-12-31T18:00:00Z"),
    ("2007-12-31T21:00:00Z", "2007-12-31T21:30:00Z"),
    ("2008-01-02T17:30:00Z", "2008-01-02T18:00:00Z"),
    ("2008-01-02T21:00:00Z", "2008-01-03T00:00:00Z"),
];

/// [`CAPTURE_BUSY`] in the interval JSON form.
pub fn capture_busy() -> Vec<String> {
    CAPTURE_BUSY.iter().map(|(a, b)| busy(a, b)).collect()
}

/// The GetFreeBusyResponse golden files (XML and JSON, bare and enveloped, and Zimbra's
/// documentation examples), all the same two users.
pub const ZIMBRA_FILES: [&str; 6] = [
    "gfb_response.xml",
    "gfb_response_envelope.xml",
    "gfb_response.json",
    "gfb_response_envelope.json",
    "docs/gfb_response_soap12.xml",
    "docs/gfb_response.json",
];

/// The SOAP fault golden files with the code and reason each carries.
pub const ZIMBRA_FAULTS: [(&str, &str, &str); 3] = [
    (
        "docs/fault_soap12.xml",
        "account.NO_SUCH_ACCOUNT",
        "no such account: nobody@example.com",
    ),
    ("docs/fault_soap11.xml", "service.FAILURE", "Server Error"),
    (
        "docs/fault.json",
        "service.INVALID_REQUEST",
        "End time must be after Start time",
    ),
];

/// Runs fbtool with `args`, feeding `stdin` (`COLUMNS` unset, so `show` widths are fixed).
pub fn fbtool(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fbtool"))
        .args(args)
        .env_remove("COLUMNS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            // The tool may exit on a bad argument before reading: a broken pipe is fine.
            let _ = input.write_all(s.as_bytes());
        }
    }
    child.wait_with_output().unwrap()
}

/// Standard output of a run that must have succeeded.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Standard error of a run that must have failed as bad input: exit status 2, nothing on
/// standard output, a message and no panic.
pub fn bad_input(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}, stderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"", "nothing on stdout on failure");
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    err
}

/// A busy interval in the interval JSON form.
pub fn busy(start: &str, end: &str) -> String {
    format!(r#"{{"status":"busy","start":"{start}","end":"{end}"}}"#)
}
