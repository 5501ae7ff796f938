//! The `zongjie` binary: see [`zongjie::cli`].

fn main() -> std::process::ExitCode {
    zongjie::cli::main()
}
