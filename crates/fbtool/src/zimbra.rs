//! `fbtool decode zimbra` (being written).

use crate::CliError;

/// Arguments of `fbtool decode zimbra`.
#[derive(clap::Args, Debug)]
pub struct DecodeArgs {
    /// A GetFreeBusyResponse file (`-` for standard input).
    pub file: String,
}

/// Runs `fbtool decode zimbra`.
pub fn decode(args: &DecodeArgs) -> Result<(), CliError> {
    let _bytes = CliError::read_input(&args.file)?;
    Err(CliError::Other("decode zimbra: not built yet".into()))
}
