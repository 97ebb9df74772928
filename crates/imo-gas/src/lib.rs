//! The project's gas figures, measured, never typed: every operation runs on the in-process devchain
//! (which charges Stylus calls exactly as Nitro does: `crates/calibration` holds it to Nitro's own
//! runtime), each as its own transaction from the same pre-state twice, once with every program
//! uncached and once with every program cached (Nitro's CacheManager), beside the gas ORA's own
//! Solidity contracts use for the same operation ([`ora`]).
//!
//! `cargo xtask gas` (or `cargo run -p imo-gas -- --write`) rewrites the tables between
//! `<!-- gas:NAME -->` and `<!-- /gas:NAME -->` markers in the READMEs; `--check` fails when one is
//! stale, which CI runs.
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

pub mod measure;
pub mod ora;
pub mod readme;

use std::fmt::Write as _;

/// One measured operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What ran, in the words of ORA's table when there is an ORA figure.
    pub label: String,
    /// ORA's own contracts' `gasUsed` for the same operation, when there is one.
    pub ora: Option<u64>,
    /// `gasUsed` with every program uncached.
    pub uncached: u64,
    /// `gasUsed` with every program cached.
    pub cached: u64,
}

/// The measured rows, grouped by the table they belong to.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Side by side with ORA's contracts.
    pub ora: Vec<Row>,
    /// The project's other operations (no ORA equivalent).
    pub project: Vec<Row>,
}

/// `ours / ora` with two decimals, e.g. `0.42x`.
#[must_use]
pub fn ratio(ours: u64, ora: u64) -> String {
    if ora == 0 {
        return "-".into();
    }
    // Two decimals, rounded half up, in integers.
    let hundredths = (u128::from(ours) * 100 + u128::from(ora) / 2) / u128::from(ora);
    format!("{}.{:02}x", hundredths / 100, hundredths % 100)
}

/// `1234567` as `1,234,567`.
#[must_use]
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The side-by-side table: operation | ORA Solidity | ours uncached | ours cached | ratio (cached,
/// uncached).
#[must_use]
pub fn ora_table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| operation | ORA Solidity | ours, uncached | ours, cached | cached / ORA | uncached / ORA |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        let ora = r.ora.unwrap_or(0);
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} |",
            r.label,
            thousands(ora),
            thousands(r.uncached),
            thousands(r.cached),
            ratio(r.cached, ora),
            ratio(r.uncached, ora),
        );
    }
    t
}

/// The project's operations: operation | uncached | cached.
#[must_use]
pub fn project_table(rows: &[Row]) -> String {
    let mut t = String::from("| operation | uncached | cached |\n|---|---:|---:|\n");
    for r in rows {
        let _ = writeln!(
            t,
            "| {} | {} | {} |",
            r.label,
            thousands(r.uncached),
            thousands(r.cached)
        );
    }
    t
}

/// The dispute game's rows (those of `measure::dispute`) as a table, and the largest layer one
/// transaction re-executes under 30M and under 10M gas (uncached), from the `N x N` rows.
#[must_use]
pub fn dispute_table(rows: &[Row]) -> String {
    let ours: Vec<Row> = rows
        .iter()
        .filter(|r| {
            ["dispute ", "game ", "one-step "]
                .iter()
                .any(|p| r.label.starts_with(p))
        })
        .cloned()
        .collect();
    let mut t = project_table(&ours);
    // A whole dispute on the generator: the challenge, both traces and the proof of its middle
    // layer (the first four rows of `measure::dispute`).
    let full: u64 = ours.iter().take(4).map(|r| r.uncached).sum();
    let _ = writeln!(
        t,
        "\nA whole dispute of a generator result (challenge, both traces, the one-step proof of \
         its middle layer): {} gas uncached.",
        thousands(full)
    );
    for limit in [30_000_000u64, 10_000_000] {
        let largest = measure::dispute::LAYER_SIZES.iter().rev().find_map(|n| {
            let label = format!("one-step `proveLayer`: a {n}x{n} layer");
            ours.iter()
                .find(|r| r.label.starts_with(&label) && r.uncached <= limit)
                .map(|r| (n, r.uncached))
        });
        let _ = match largest {
            Some((n, gas)) => writeln!(
                t,
                "\nLargest layer one transaction re-executes under {} gas: {n}x{n} ({} gas uncached){}.",
                thousands(limit),
                thousands(gas),
                if *n == imo_model::MAX_WIDTH {
                    ", the widest layer the model format allows"
                } else {
                    ""
                }
            ),
            None => writeln!(
                t,
                "\nNo measured layer fits under {} gas: such layers are proven by row block.",
                thousands(limit)
            ),
        };
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_thousands_are_formatted_in_integers() {
        assert_eq!(ratio(45_619, 46_802), "0.97x");
        assert_eq!(ratio(1, 3), "0.33x");
        assert_eq!(ratio(2, 1), "2.00x");
        assert_eq!(ratio(1, 0), "-");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn tables_have_one_line_per_row() {
        let rows = vec![Row {
            label: "x".into(),
            ora: Some(200),
            uncached: 150,
            cached: 100,
        }];
        let t = ora_table(&rows);
        assert!(
            t.ends_with("| x | 200 | 150 | 100 | 0.50x | 0.75x |\n"),
            "{t}"
        );
        assert_eq!(project_table(&rows).lines().count(), 3);
    }
}
