//! What `imo node --state FILE` keeps across restarts: the next block to scan, the requests of
//! the blocks being scanned that are already answered, and the delivery in flight (signed, maybe
//! sent, no receipt seen yet). Written after every change to a temporary file that then replaces
//! the state file, so a kill at any moment leaves the old state or the new one, never half of one.

use crate::rpc::Signed;
use alloy_primitives::{Address, Bytes, TxHash, U256};
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The format's version (a file of another version is refused).
const VERSION: u32 = 1;

/// A delivery signed and possibly sent, whose receipt the node has not seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InFlight {
    /// The request it answers.
    pub request_id: U256,
    /// The transaction's hash.
    pub hash: TxHash,
    /// The signed transaction (sent again as is: same nonce, so never twice on chain).
    pub raw: Bytes,
    /// Its calldata (for the revert data of a failed delivery).
    pub data: Bytes,
}

impl InFlight {
    /// The in-flight record of `signed`, answering `request_id`.
    pub fn new(request_id: U256, signed: &Signed) -> Self {
        Self {
            request_id,
            hash: signed.hash,
            raw: signed.raw.clone(),
            data: signed.data.clone(),
        }
    }
}

/// The node's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The format's version.
    pub version: u32,
    /// The chain (`eth_chainId`).
    pub chain_id: u64,
    /// The oracle.
    pub oracle: Address,
    /// The model served.
    pub model_id: U256,
    /// The node's account.
    pub node: Address,
    /// The next block to scan.
    pub next_block: u64,
    /// Requests from `next_block` on that are answered (or that the oracle refused).
    pub answered: BTreeSet<U256>,
    /// The delivery whose receipt is not seen yet.
    pub in_flight: Option<InFlight>,
}

/// [`Progress`] bound to its file (or to none: nothing persisted).
#[derive(Debug)]
pub struct ProgressFile {
    /// Where it is kept (`None`: in memory only).
    pub path: Option<PathBuf>,
    /// The progress.
    pub progress: Progress,
}

impl ProgressFile {
    /// Loads `path` when it exists and belongs to this node, chain, oracle and model, else
    /// starts at `from_block`. A file that exists but cannot be read, is not a state file, or
    /// belongs to another node is refused, never replaced.
    ///
    /// # Errors
    ///
    /// As above, naming the file and what does not match.
    pub fn open(path: Option<&Path>, fresh: Progress) -> anyhow::Result<Self> {
        let Some(path) = path else {
            return Ok(Self {
                path: None,
                progress: fresh,
            });
        };
        let progress = match std::fs::read(path) {
            Ok(bytes) => {
                let saved: Progress = serde_json::from_slice(&bytes).with_context(|| {
                    format!(
                        "{} is not an imo node state file (refusing to replace it)",
                        path.display()
                    )
                })?;
                if saved.version != VERSION {
                    bail!(
                        "{}: state version {}, this imo reads version {VERSION}",
                        path.display(),
                        saved.version
                    );
                }
                let theirs = (saved.chain_id, saved.oracle, saved.model_id, saved.node);
                let ours = (fresh.chain_id, fresh.oracle, fresh.model_id, fresh.node);
                if theirs != ours {
                    bail!(
                        "{} belongs to another node: chain {} oracle {} model {} node {} \
                         (this one: chain {} oracle {} model {} node {})",
                        path.display(),
                        theirs.0,
                        theirs.1,
                        theirs.2,
                        theirs.3,
                        ours.0,
                        ours.1,
                        ours.2,
                        ours.3
                    );
                }
                saved
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => fresh,
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let file = Self {
            path: Some(path.to_path_buf()),
            progress,
        };
        file.save()?;
        Ok(file)
    }

    /// A fresh progress for this node, starting at `next_block`.
    pub fn fresh(
        chain_id: u64,
        oracle: Address,
        model_id: U256,
        node: Address,
        next_block: u64,
    ) -> Progress {
        Progress {
            version: VERSION,
            chain_id,
            oracle,
            model_id,
            node,
            next_block,
            answered: BTreeSet::new(),
            in_flight: None,
        }
    }

    /// Writes the progress: to `<file>.tmp`, synced, then renamed over the file.
    ///
    /// # Errors
    ///
    /// When the file cannot be written.
    pub fn save(&self) -> anyhow::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let json = serde_json::to_vec_pretty(&self.progress)?;
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)
                .with_context(|| format!("writing {}", tmp.display()))?;
            f.write_all(&json)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh(next_block: u64) -> Progress {
        ProgressFile::fresh(
            412_346,
            Address::repeat_byte(1),
            U256::from(7),
            Address::repeat_byte(2),
            next_block,
        )
    }

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("imo-progress-{name}-{}.json", std::process::id()))
    }

    #[test]
    fn progress_survives_a_reopen_and_a_fresh_start_is_written() {
        let path = temp("reopen");
        let _ = std::fs::remove_file(&path);
        let mut file = ProgressFile::open(Some(&path), fresh(5)).unwrap();
        assert!(path.exists());
        file.progress.next_block = 9;
        file.progress.answered.insert(U256::from(3));
        file.save().unwrap();
        let again = ProgressFile::open(Some(&path), fresh(100)).unwrap();
        assert_eq!(again.progress, file.progress);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn corrupt_and_foreign_state_files_are_refused_and_kept() {
        let path = temp("refused");
        std::fs::write(&path, b"{ not json").unwrap();
        let e = ProgressFile::open(Some(&path), fresh(0)).unwrap_err();
        assert!(
            format!("{e:#}").contains("not an imo node state file"),
            "{e:#}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"{ not json");
        let mut other = fresh(0);
        other.node = Address::repeat_byte(9);
        std::fs::write(&path, serde_json::to_vec(&other).unwrap()).unwrap();
        let e = ProgressFile::open(Some(&path), fresh(0)).unwrap_err();
        assert!(
            format!("{e:#}").contains("belongs to another node"),
            "{e:#}"
        );
        std::fs::remove_file(&path).unwrap();
    }
}
