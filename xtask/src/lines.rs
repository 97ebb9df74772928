//! `cargo xtask lines`: no Rust source file over the line limit (tests included).

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// `cargo xtask lines` options.
#[derive(clap::Args)]
pub struct Options {
    /// The most lines a file may have.
    #[arg(long, default_value_t = 600)]
    max: usize,
}

/// Checks every `*.rs` file git tracks under `root` (as it is in the working tree); prints the
/// offenders, longest first. `Ok(false)` when there is one.
pub fn check(root: &Path, opts: &Options) -> Result<bool> {
    let listed = Command::new("git")
        .args(["ls-files", "-z", "--", "*.rs"])
        .current_dir(root)
        .output()
        .context("running git ls-files")?;
    if !listed.status.success() {
        bail!(
            "git ls-files failed: {}",
            String::from_utf8_lossy(&listed.stderr)
        );
    }
    let mut files = 0;
    let mut over = Vec::new();
    for name in listed.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        // Tracked but deleted in the working tree: nothing to check.
        let Ok(text) = std::fs::read_to_string(root.join(&name)) else {
            continue;
        };
        files += 1;
        let lines = text.lines().count();
        if lines > opts.max {
            over.push((lines, name));
        }
    }
    over.sort_by(|a, b| b.cmp(a));
    if over.is_empty() {
        println!("{files} Rust files, none over {} lines", opts.max);
        return Ok(true);
    }
    println!(
        "{} of {files} Rust files are over {} lines (split them by concern):",
        over.len(),
        opts.max
    );
    for (lines, name) in &over {
        println!("  {lines:>6}  {name}");
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn only_tracked_rust_files_over_the_limit_fail() {
        let dir = std::env::temp_dir().join(format!("xtask-lines-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        git(&dir, &["init", "-q"]);
        let lines = |n: usize| "x\n".repeat(n);
        std::fs::write(dir.join("src/at_limit.rs"), lines(600)).unwrap();
        std::fs::write(dir.join("notes.md"), lines(900)).unwrap();
        std::fs::write(dir.join("untracked.rs"), lines(900)).unwrap();
        git(&dir, &["add", "src/at_limit.rs", "notes.md"]);
        let opts = Options { max: 600 };
        assert!(
            check(&dir, &opts).unwrap(),
            "600 lines and non-Rust files pass"
        );
        std::fs::write(dir.join("src/over.rs"), lines(601)).unwrap();
        git(&dir, &["add", "src/over.rs"]);
        assert!(!check(&dir, &opts).unwrap(), "601 lines fail");
        assert!(check(&dir, &Options { max: 601 }).unwrap());
        std::fs::remove_dir_all(dir).ok();
    }
}
