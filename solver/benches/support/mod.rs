//! What the robustness and headroom benches share: their command-line
//! options and their percentiles, so both tables summarise alike.

/// The value after `--name` on the command line, if any.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// The `q` quantile (0 = worst, 1 = best) of `v`, nearest rank.
pub fn pct(q: f64, v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    v[((v.len() - 1) as f64 * q).round() as usize]
}
