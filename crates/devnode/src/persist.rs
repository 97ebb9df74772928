//! `--state FILE`: the node's chain and history written to a JSON file (on shutdown and at
//! intervals, atomically: a temporary file renamed over the old one) and read back at start. A
//! file that is not a devnode state, of another format version, another chain, or corrupt is
//! refused with an error naming the file; it is never replaced.

use super::history::History;
use super::methods::State;
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;
use stylus_devchain::ChainState;

/// The `format` field every state file carries.
const FORMAT: &str = "imo-devnode-state";

/// The version of the file's layout this build reads and writes.
const VERSION: u64 = 1;

/// A state file's contents.
#[derive(Serialize, Deserialize)]
struct StateFile {
    format: String,
    version: u64,
    chain: ChainState,
    history: History,
}

impl State {
    /// The node's state as a state file's bytes.
    pub(super) fn to_state_file(&self) -> anyhow::Result<Vec<u8>> {
        let file = StateFile {
            format: FORMAT.into(),
            version: VERSION,
            chain: self.chain.dump(),
            history: self.history.clone(),
        };
        Ok(serde_json::to_vec(&file)?)
    }

    /// A node whose chain and history are those of the state file at `path`.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, is not JSON, is not a devnode state file, is of another
    /// version or chain, or its contents do not parse.
    pub(super) fn from_state_file(path: &Path) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("reading state file {}", path.display()))?;
        Self::from_state_bytes(&bytes, &format!("state file {}", path.display()))
    }

    /// A node whose chain and history are those of a state file's `bytes` (`shown` names them
    /// in errors).
    ///
    /// # Errors
    ///
    /// As [`Self::from_state_file`].
    pub(super) fn from_state_bytes(bytes: &[u8], shown: &str) -> anyhow::Result<Self> {
        let value: Value = serde_json::from_slice(bytes)
            .with_context(|| format!("{shown} is corrupt (not JSON)"))?;
        match value.get("format").and_then(Value::as_str) {
            Some(FORMAT) => {}
            other => bail!(
                "{shown} is not an imo devnode state file (its format is {other:?}, expected \
                 {FORMAT:?}); refusing to use or overwrite it"
            ),
        }
        let version = value.get("version").and_then(Value::as_u64);
        if version != Some(VERSION) {
            bail!("{shown} is of version {version:?}; this imo devnode reads version {VERSION}");
        }
        let file: StateFile =
            serde_json::from_value(value).with_context(|| format!("{shown} is corrupt"))?;
        let mut state = Self::new()?;
        state
            .chain
            .load(&file.chain)
            .with_context(|| shown.to_string())?;
        state.history = file.history;
        Ok(state)
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, renamed over it.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = Path::new(&temporary);
    let mut file = std::fs::File::create(temporary)
        .with_context(|| format!("creating {}", temporary.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(temporary, path)
        .with_context(|| format!("replacing {} with the new state", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, U256};

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("imo-devnode-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("state.json")
    }

    #[test]
    fn a_state_file_round_trips_the_chain_and_its_blocks() {
        let path = scratch("round-trip");
        let mut state = State::new().unwrap();
        let who = address!("00000000000000000000000000000000000000aa");
        state
            .handle(
                "anvil_setBalance",
                &[who.to_string().into(), "0x1234".into()],
            )
            .unwrap();
        state.handle("evm_mine", &["0x3".into()]).unwrap();
        write_atomically(&path, &state.to_state_file().unwrap()).unwrap();

        let mut back = State::from_state_file(&path).unwrap();
        assert_eq!(back.chain.balance(who), U256::from(0x1234));
        assert_eq!(back.history.latest(), 3);
        assert_eq!(back.chain.dump(), state.chain.dump());
        let block = back
            .handle("eth_getBlockByNumber", &["0x3".into()])
            .unwrap();
        let original = state
            .handle("eth_getBlockByNumber", &["0x3".into()])
            .unwrap();
        assert_eq!(block, original);
    }

    #[test]
    fn foreign_corrupt_and_newer_files_are_refused_and_left_alone() {
        let path = scratch("refused");
        for (contents, expected) in [
            (&b"{\"hello\": 1}"[..], "not an imo devnode state file"),
            (
                b"{\"format\": \"imo-devnode-state\", \"ver",
                "corrupt (not JSON)",
            ),
            (
                b"{\"format\": \"imo-devnode-state\", \"version\": 2}",
                "version Some(2)",
            ),
            (
                b"{\"format\": \"imo-devnode-state\", \"version\": 1, \"chain\": 5}",
                "is corrupt",
            ),
        ] {
            std::fs::write(&path, contents).unwrap();
            let err = format!("{:#}", State::from_state_file(&path).err().unwrap());
            assert!(err.contains(expected), "{err}");
            assert_eq!(std::fs::read(&path).unwrap(), contents);
        }
    }
}
