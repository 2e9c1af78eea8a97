//! The `pressroom` binary: see [`pressroom_cli::cli`].

fn main() -> std::process::ExitCode {
    pressroom_cli::cli::run(std::env::args_os())
}
