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
