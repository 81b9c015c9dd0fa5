//! `fbtool decode zimbra`: a Zimbra GetFreeBusyResponse (XML with or without SOAP
//! envelope, or JSON; detected) to one JSON object per `usr` per line:
//! `{"id":"a@x","intervals":[{"status":"busy","start":"...","end":"..."}]}` with the
//! non-free intervals in RFC 3339 UTC.

use std::io::Write;

use zimbra_freebusy::{DecodeError, GetFreeBusyResponse, Validation};

use crate::CliError;
use crate::input::describe_fault;

/// Arguments of `fbtool decode zimbra`.
#[derive(clap::Args, Debug)]
pub struct DecodeArgs {
    /// A GetFreeBusyResponse file (`-` for standard input).
    pub file: String,
    /// Normalize a sloppy response (unordered or overlapping intervals) instead of failing.
    #[arg(long)]
    pub lenient: bool,
}

/// Runs `fbtool decode zimbra`.
pub fn decode(args: &DecodeArgs) -> Result<(), CliError> {
    let bytes = CliError::read_input(&args.file)?;
    let response = match zimbra_freebusy::decode::<GetFreeBusyResponse>(&bytes) {
        Ok(r) => r,
        Err(DecodeError::Fault(f)) => {
            return Err(CliError::bad_input(&args.file, describe_fault(&f)));
        }
        Err(e) => return Err(CliError::bad_input(&args.file, e)),
    };
    let mode = if args.lenient {
        Validation::Lenient
    } else {
        Validation::Strict
    };
    let response = response
        .validated(None, mode)
        .map_err(|e| CliError::bad_input(&args.file, e))?;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for user in &response.users {
        let intervals = user
            .non_free()
            .map_err(|e| CliError::bad_input(&args.file, format!("user {:?}: {e}", user.id)))?;
        // Written by hand: a `serde_json::Value` object would sort the interval keys.
        let id = serde_json::Value::String(user.id.clone());
        let intervals = serde_json::to_string(&intervals)
            .map_err(|e| CliError::Other(format!("encoding output: {e}")))?;
        writeln!(out, "{{\"id\":{id},\"intervals\":{intervals}}}")
            .map_err(|e| CliError::Other(format!("writing output: {e}")))?;
    }
    out.flush()
        .map_err(|e| CliError::Other(format!("writing output: {e}")))
}
