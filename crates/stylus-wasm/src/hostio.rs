//! The host functions a Stylus program may import.

/// The 34 functions stylus-sdk 0.9 declares in its `vm_hooks` import module (`hostio.rs`).
///
/// A contract built with the SDK imports exactly these (the SDK references every one of them).
pub const SDK_HOSTIOS: &[&str] = &[
    "account_balance",
    "account_code",
    "account_code_size",
    "account_codehash",
    "block_basefee",
    "block_coinbase",
    "block_gas_limit",
    "block_number",
    "block_timestamp",
    "call_contract",
    "chainid",
    "contract_address",
    "create1",
    "create2",
    "delegate_call_contract",
    "emit_log",
    "evm_gas_left",
    "evm_ink_left",
    "msg_reentrant",
    "msg_sender",
    "msg_value",
    "native_keccak256",
    "pay_for_memory_grow",
    "read_args",
    "read_return_data",
    "return_data_size",
    "static_call_contract",
    "storage_cache_bytes32",
    "storage_flush_cache",
    "storage_load_bytes32",
    "tx_gas_price",
    "tx_ink_price",
    "tx_origin",
    "write_result",
];

/// Host functions Nitro exports in `vm_hooks` beyond those stylus-sdk 0.9 declares.
pub const NITRO_EXTRA_HOSTIOS: &[&str] = &[
    "exit_early",
    "transient_load_bytes32",
    "transient_store_bytes32",
    "math_div",
    "math_mod",
    "math_pow",
    "math_add_mod",
    "math_mul_mod",
];

/// Which `vm_hooks` names an import may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostioSet {
    /// Only [`SDK_HOSTIOS`]: what a contract built with this project's SDK can import.
    /// `cargo xtask wasm` uses it, so an unexpected import is caught at build time.
    Sdk,
    /// [`SDK_HOSTIOS`] and [`NITRO_EXTRA_HOSTIOS`]: everything Nitro links.
    /// The devchain uses it, since hand-written programs may use the extra ones.
    Nitro,
}

impl HostioSet {
    /// Whether `name` may be imported from `vm_hooks` under this set.
    pub fn allows(self, name: &str) -> bool {
        SDK_HOSTIOS.contains(&name)
            || (self == HostioSet::Nitro && NITRO_EXTRA_HOSTIOS.contains(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_set_has_the_34_hooks_and_no_duplicates() {
        let mut names = SDK_HOSTIOS.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 34);
        assert!(NITRO_EXTRA_HOSTIOS.iter().all(|n| !SDK_HOSTIOS.contains(n)));
    }

    #[test]
    fn extra_hooks_are_allowed_only_in_the_nitro_set() {
        assert!(HostioSet::Nitro.allows("exit_early"));
        assert!(!HostioSet::Sdk.allows("exit_early"));
        assert!(HostioSet::Sdk.allows("read_args"));
        assert!(!HostioSet::Nitro.allows("log_txt"));
    }
}
