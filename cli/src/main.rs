fn main() -> std::process::ExitCode {
    rolf_cli::main()
}
