use std::fmt;

/// A failure of one `fbtool` command: bad input (exit 2) or anything else (exit 1).
#[derive(Debug)]
pub enum CliError {
    /// The input was wrong: the message names the file and what in it.
    BadInput(String),
    /// Anything else (I/O, output).
    Other(String),
}

impl CliError {
    /// A bad-input error about `file`.
    pub fn bad_input(file: &str, what: impl fmt::Display) -> Self {
        CliError::BadInput(format!("{file}: {what}"))
    }

    /// The process exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput(_) => 2,
            CliError::Other(_) => 1,
        }
    }

    /// Reads a whole input file; `-` is standard input. A missing file is bad input.
    pub fn read_input(path: &str) -> Result<Vec<u8>, CliError> {
        use std::io::Read;
        if path == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| CliError::Other(format!("reading standard input: {e}")))?;
            return Ok(buf);
        }
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound
            | std::io::ErrorKind::PermissionDenied
            | std::io::ErrorKind::IsADirectory => CliError::BadInput(format!("{path}: {e}")),
            _ => CliError::Other(format!("{path}: {e}")),
        })
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::BadInput(m) | CliError::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for CliError {}
