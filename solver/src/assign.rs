//! Minimum-cost assignment (the Hungarian method, O(n²m)).
//!
//! Used wherever a handful of things must be matched exactly: the sessions of
//! one slot to its rooms (overflow depends on the match, and `needs` forbid
//! some pairs), and the contents chosen for interchangeable slots to those
//! slots (tie-breaks such as "popular topics not in the last slot of a day").

/// Cost of a forbidden pair. Any assignment that needs one is infeasible.
pub const FORBIDDEN: f64 = 1e9;

/// Assign each row to a distinct column (rows ≤ columns) at minimum total
/// cost. Returns the total and each row's column, or `None` when every
/// complete assignment uses a [`FORBIDDEN`] pair.
pub fn hungarian(cost: &[Vec<f64>]) -> Option<(f64, Vec<usize>)> {
    let n = cost.len();
    if n == 0 {
        return Some((0.0, Vec::new()));
    }
    let m = cost[0].len();
    if n > m {
        return None;
    }
    // Potentials u (rows), v (columns); p[j] = row matched to column j (1-based, 0 = none).
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    let mut minv = vec![0.0f64; m + 1];
    let mut used = vec![false; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        minv.iter_mut().for_each(|x| *x = f64::INFINITY);
        used.iter_mut().for_each(|x| *x = false);
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0usize;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut of_row = vec![0usize; n];
    for j in 1..=m {
        if p[j] != 0 {
            of_row[p[j] - 1] = j - 1;
        }
    }
    let total: f64 = (0..n).map(|i| cost[i][of_row[i]]).sum();
    if total >= FORBIDDEN / 2.0 {
        None
    } else {
        Some((total, of_row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every injective map rows → columns, by brute force.
    fn brute(cost: &[Vec<f64>]) -> Option<f64> {
        fn go(cost: &[Vec<f64>], i: usize, used: &mut Vec<bool>, acc: f64, best: &mut f64) {
            if i == cost.len() {
                *best = best.min(acc);
                return;
            }
            for j in 0..used.len() {
                if !used[j] {
                    used[j] = true;
                    go(cost, i + 1, used, acc + cost[i][j], best);
                    used[j] = false;
                }
            }
        }
        let mut best = f64::INFINITY;
        go(cost, 0, &mut vec![false; cost[0].len()], 0.0, &mut best);
        (best < FORBIDDEN / 2.0).then_some(best)
    }

    #[test]
    fn matches_brute_force_on_small_matrices() {
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        for _ in 0..300 {
            let n = 1 + (next() % 5) as usize;
            let m = n + (next() % 3) as usize;
            let cost: Vec<Vec<f64>> = (0..n)
                .map(|_| {
                    (0..m)
                        .map(|_| {
                            if next() % 5 == 0 {
                                FORBIDDEN
                            } else {
                                f64::from(next() % 20)
                            }
                        })
                        .collect()
                })
                .collect();
            let got = hungarian(&cost);
            assert_eq!(got.as_ref().map(|g| g.0), brute(&cost), "{cost:?}");
            if let Some((total, rows)) = got {
                let mut cols = rows.clone();
                cols.sort_unstable();
                cols.dedup();
                assert_eq!(cols.len(), n, "columns are distinct");
                let sum: f64 = rows.iter().enumerate().map(|(i, &j)| cost[i][j]).sum();
                assert_eq!(sum, total);
            }
        }
    }

    #[test]
    fn empty_and_too_many_rows() {
        assert_eq!(hungarian(&[]), Some((0.0, vec![])));
        assert_eq!(hungarian(&[vec![1.0], vec![2.0]]), None);
    }
}
