//! `fbtool`: decode, encode and convert free/busy between Zimbra and Exchange formats.
//!
//! Exit status: 0 on success, 2 for bad input (the message on stderr names the file and
//! what in it was wrong), 1 for any other failure.

#![forbid(unsafe_code)]

mod cli_error;
mod convert;
mod exchange;
mod input;
mod show;
mod zimbra;

use clap::{Parser, Subcommand};

pub use cli_error::CliError;

/// Free/busy interop tool.
#[derive(Parser, Debug)]
#[command(
    name = "fbtool",
    version,
    about = "Decode, encode and convert free/busy between Zimbra and Exchange formats"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Decode a wire document into the interval JSON form, one object per line.
    #[command(subcommand)]
    Decode(Decode),
    /// Print the WebDAV URL of a user's Exchange free/busy message.
    Url(exchange::UrlArgs),
    /// Encode the interval JSON form into a wire document (`convert` does this and more).
    #[command(subcommand)]
    Encode(Encode),
    /// Convert any free/busy document (format detected) to another format.
    Convert(convert::ConvertArgs),
    /// Draw each user's free/busy as a picture in the terminal.
    Show(show::ShowArgs),
}

#[derive(Subcommand, Debug)]
enum Decode {
    /// A Zimbra GetFreeBusyResponse (XML with or without SOAP envelope, or JSON).
    Zimbra(zimbra::DecodeArgs),
    /// A 207 multistatus with Exchange public-folder free/busy messages.
    Exchange(exchange::DecodeArgs),
    /// An OWA `Cmd=freebusy` answer.
    Owa(exchange::OwaArgs),
}

#[derive(Subcommand, Debug)]
enum Encode {
    /// The PROPPATCH body publishing `{"intervals":[…]}` as an Exchange free/busy message
    /// (an alias of `convert --to exchange`).
    Exchange(exchange::EncodeArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Decode(Decode::Zimbra(args)) => zimbra::decode(&args),
        Command::Decode(Decode::Exchange(args)) => exchange::decode(&args),
        Command::Decode(Decode::Owa(args)) => exchange::decode_owa(&args),
        Command::Url(args) => exchange::url(&args),
        Command::Encode(Encode::Exchange(args)) => exchange::encode(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Show(args) => show::run(&args),
    };
    if let Err(e) = result {
        eprintln!("fbtool: {e}");
        std::process::exit(e.exit_code());
    }
}
