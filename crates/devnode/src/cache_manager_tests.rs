//! The CacheManager the node installs (`solidity/src/CacheManager.sol`), through the node's own
//! methods: bids cache programs, a bid that does not fit evicts lower bids or is refused, the
//! owner's controls, and the refusals (needs `cargo xtask wasm`'s renderer and vesting modules).

use super::methods::State;
use super::{cache_manager_address, DEV_ACCOUNT};
use alloy_primitives::{hex, Address, B256};
use alloy_sol_types::{sol, SolCall, SolError};
use serde_json::json;

sol! {
    function placeBid(address program) external payable;
    function getMinBid(address program) external view returns (uint192 min);
    function setCacheSize(uint64 size) external;
    function paused() external;
    function evictAll() external;
    function queueSize() external view returns (uint64);
    function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
    function codehashIsCached(bytes32 codehash) external view returns (bool);
    error BidTooSmall(uint192 bid, uint192 min);
    error BidsArePaused();
    error NotOwner(address sender);
    error ProgramNotActivated();
}

const ARB_WASM: Address = alloy_primitives::address!("0000000000000000000000000000000000000071");
const ARB_WASM_CACHE: Address =
    alloy_primitives::address!("0000000000000000000000000000000000000072");

/// `eth_call` of `call` to `to`, decoded.
fn view<C: SolCall>(state: &mut State, to: Address, call: C) -> C::Return {
    let request = json!({"to": to, "data": hex::encode_prefixed(call.abi_encode())});
    let out = state.handle("eth_call", &[request]).unwrap();
    let bytes = hex::decode(out.as_str().unwrap()).unwrap();
    C::abi_decode_returns(&bytes, true).unwrap()
}

/// `eth_sendTransaction` of `call` from `from` with `value` wei: `Ok` when it was mined, the
/// revert data otherwise (the node's estimate refuses a reverting transaction).
fn send<C: SolCall>(state: &mut State, from: Address, call: C, value: u64) -> Result<(), Vec<u8>> {
    let request = json!({"from": from, "to": cache_manager_address(),
        "data": hex::encode_prefixed(call.abi_encode()), "value": format!("{value:#x}")});
    match state.handle("eth_sendTransaction", &[request]) {
        Ok(_) => Ok(()),
        Err(e) => {
            let data = e.data.and_then(|d| d.as_str().map(str::to_owned));
            Err(hex::decode(data.unwrap_or_default()).unwrap_or_default())
        }
    }
}

/// Two activated programs, at 0x…a1 and 0x…a2, with their code hashes and asm sizes.
fn programs(state: &mut State) -> [(Address, B256, u64); 2] {
    ["imo-aigc-renderer", "imo-vesting"]
        .into_iter()
        .zip([0xa1u8, 0xa2])
        .map(|(name, byte)| {
            let wasm = stylus_devchain::load_artifact(name, "cargo xtask wasm")
                .unwrap_or_else(|e| panic!("{e:#}"));
            let address = Address::repeat_byte(byte);
            state.chain.install_program(address, &wasm).unwrap();
            let hash = state.chain.code_hash(address);
            let size = view(state, ARB_WASM, codehashAsmSizeCall { codehash: hash }).size;
            (address, hash, u64::from(size).max(4096))
        })
        .collect::<Vec<_>>()
        .try_into()
        .unwrap()
}

fn cached(state: &mut State, codehash: B256) -> bool {
    view(state, ARB_WASM_CACHE, codehashIsCachedCall { codehash })._0
}

#[test]
fn a_bid_that_does_not_fit_evicts_lower_bids_or_is_refused() {
    let mut state = State::new().unwrap();
    let [(a, a_hash, a_size), (b, b_hash, b_size)] = programs(&mut state);
    // Room for either program, not both.
    let size = a_size.max(b_size);
    send(&mut state, DEV_ACCOUNT, setCacheSizeCall { size }, 0).unwrap();

    send(&mut state, DEV_ACCOUNT, placeBidCall { program: a }, 5).unwrap();
    assert!(cached(&mut state, a_hash));
    let min = view(
        &mut state,
        cache_manager_address(),
        getMinBidCall { program: b },
    )
    .min;
    assert_eq!(min, alloy_primitives::Uint::from(5), "b must outbid a");

    let refused = send(&mut state, DEV_ACCOUNT, placeBidCall { program: b }, 4).unwrap_err();
    let err = BidTooSmall::abi_decode(&refused, true).unwrap();
    assert_eq!((err.bid.to::<u64>(), err.min.to::<u64>()), (4, 5));
    assert!(cached(&mut state, a_hash) && !cached(&mut state, b_hash));

    send(&mut state, DEV_ACCOUNT, placeBidCall { program: b }, 5).unwrap();
    assert!(!cached(&mut state, a_hash), "a was evicted");
    assert!(cached(&mut state, b_hash));
    let queue = view(&mut state, cache_manager_address(), queueSizeCall {})._0;
    assert_eq!(queue, b_size);
}

#[test]
fn only_the_owner_pauses_and_evicts_and_only_activated_programs_are_taken() {
    let mut state = State::new().unwrap();
    let [(a, a_hash, _), _] = programs(&mut state);
    let stranger = state.accounts.addresses()[1];
    let refused = send(&mut state, stranger, pausedCall {}, 0).unwrap_err();
    assert_eq!(
        NotOwner::abi_decode(&refused, true).unwrap().sender,
        stranger
    );

    let nothing = Address::repeat_byte(0x77);
    let refused = send(&mut state, stranger, placeBidCall { program: nothing }, 0).unwrap_err();
    assert!(ProgramNotActivated::abi_decode(&refused, true).is_ok());

    send(&mut state, stranger, placeBidCall { program: a }, 0).unwrap();
    assert!(cached(&mut state, a_hash));
    send(&mut state, DEV_ACCOUNT, evictAllCall {}, 0).unwrap();
    assert!(!cached(&mut state, a_hash), "evicted");

    send(&mut state, DEV_ACCOUNT, pausedCall {}, 0).unwrap();
    let refused = send(&mut state, stranger, placeBidCall { program: a }, 0).unwrap_err();
    assert!(BidsArePaused::abi_decode(&refused, true).is_ok());
}
