//! Terminal output that never panics, for the command line and the
//! pieces it shares with the editor ([`crate::workflow`]).

/// `println!` that never panics: a closed pipe (`zongjie … | head`) must not
/// abort a run halfway, so write errors on the terminal streams are ignored.
macro_rules! outln {
    () => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout());
    }};
    ($($t:tt)*) => {{
        use std::io::Write as _;
        // Control characters from a sheet or a file name never reach the terminal.
        let _ = writeln!(std::io::stdout(), "{}", $crate::error::printable(&format!($($t)*)));
    }};
}

/// `eprintln!` that never panics (see [`outln!`]).
macro_rules! errln {
    () => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr());
    }};
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "{}", $crate::error::printable(&format!($($t)*)));
    }};
}

/// `print!` / `eprint!` that never panic.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($t)*);
    }};
}
macro_rules! err {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($t)*);
    }};
}
