//! `kring-solver`: the engine's command line on its own (the `kring` binary
//! offers the same commands).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(solver::cli::run(&args));
}
