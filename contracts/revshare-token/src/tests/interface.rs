//! The Solidity interface files match what the contract routes, emits and reverts with.

use super::*;

// ---------------------------------------------------------------------------
// The Solidity interface files match the contract
// ---------------------------------------------------------------------------

const IERC7641_SOL: &str = include_str!("../../../../solidity/interfaces/IERC7641.sol");
const IREVSHARE_SOL: &str = include_str!("../../../../solidity/interfaces/IRevShareToken.sol");

/// `name(type,type)` signatures of the `kind` ("function", "event",
/// "error") declarations in Solidity source, without names and locations.
fn sol_signatures(source: &str, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    let needle = format!("{kind} ");
    while let Some(at) = rest.find(&needle) {
        let decl = &rest[at + needle.len()..];
        let open = decl.find('(').expect("(");
        let close = decl.find(')').expect(")");
        let name = decl[..open].trim();
        let params: Vec<&str> = decl[open + 1..close]
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| p.split_whitespace().next().expect("type"))
            .collect();
        if !name.contains(' ') && !name.is_empty() {
            out.push(format!("{name}({})", params.join(",")));
        }
        rest = &decl[close..];
    }
    out.sort();
    out.dedup();
    out
}

/// Well-formed call data for `signature` with zero / empty arguments (the
/// router rejects malformed arguments the same way as unknown selectors).
fn zero_call(signature: &str) -> Vec<u8> {
    let mut data = keccak256(signature.as_bytes())[..4].to_vec();
    let params = &signature[signature.find('(').expect("(") + 1..signature.len() - 1];
    let types: Vec<&str> = params.split(',').filter(|t| !t.is_empty()).collect();
    let mut tail = Vec::new();
    for ty in &types {
        if ty.ends_with("[]") || *ty == "string" || *ty == "bytes" {
            let offset = 32 * types.len() + tail.len();
            data.extend_from_slice(&U256::from(offset).to_be_bytes::<32>());
            tail.extend_from_slice(&[0u8; 32]);
        } else {
            data.extend_from_slice(&[0u8; 32]);
        }
    }
    data.extend_from_slice(&tail);
    data
}

/// Calls a contract with raw call data and tells whether its router knows
/// the selector.
#[storage]
pub struct Prober {}

unsafe impl TopLevelStorage for Prober {}

#[public]
impl Prober {
    fn knows(&mut self, target: Address, calldata: stylus_sdk::abi::Bytes) -> bool {
        self.vm().flush_cache(true);
        // SAFETY: a plain call; the cache was flushed above.
        match unsafe { stylus_sdk::call::RawCall::new().call(target, &calldata) } {
            Ok(_) => true,
            Err(e) => !String::from_utf8_lossy(&e).contains("function not found"),
        }
    }
}

#[motsu::test]
fn solidity_interfaces_match_the_contract(
    token: Contract<RevShareToken>,
    prober: Contract<Prober>,
    owner: Address,
) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    let mut functions = sol_signatures(IREVSHARE_SOL, "function");
    functions.extend(sol_signatures(IERC7641_SOL, "function"));
    functions.sort();
    assert_eq!(functions.len(), 39, "{functions:?}");
    for signature in &functions {
        assert!(
            prober
                .sender(owner)
                .knows(token.address(), zero_call(signature).into()),
            "{signature} is not routed"
        );
    }
    // An unknown selector is reported as such (the probe can fail).
    assert!(!prober
        .sender(owner)
        .knows(token.address(), vec![1, 2, 3, 4].into()));

    let events = sol_signatures(IREVSHARE_SOL, "event");
    let mut expected_events: Vec<String> = [
        Transfer::SIGNATURE,
        Approval::SIGNATURE,
        OwnershipTransferred::SIGNATURE,
        RevenueReceived::SIGNATURE,
        Snapshot::SIGNATURE,
        SnapshotRevenue::SIGNATURE,
        RevenueClaimed::SIGNATURE,
        Redeemed::SIGNATURE,
        RevenueSourceAdded::SIGNATURE,
        RevenueSourceRemoved::SIGNATURE,
        RevenueSourceFailed::SIGNATURE,
    ]
    .iter()
    .map(|s| String::from(*s))
    .collect();
    expected_events.sort();
    assert_eq!(events, expected_events);

    let errors = sol_signatures(IREVSHARE_SOL, "error");
    let mut expected_errors: Vec<String> = [
        SnapshotTooEarly::SIGNATURE,
        SnapshotNotClaimable::SIGNATURE,
        AlreadyClaimed::SIGNATURE,
        NothingToClaim::SIGNATURE,
        SnapshotNotFound::SIGNATURE,
        SnapshotNotFinal::SIGNATURE,
        ReentrantCall::SIGNATURE,
        EthTransferFailed::SIGNATURE,
        InvalidClaimableBps::SIGNATURE,
        InvalidClaimWindow::SIGNATURE,
        InvalidInitialSupply::SIGNATURE,
        TooManyRevenueSources::SIGNATURE,
        RevenueSourceExists::SIGNATURE,
        RevenueSourceNotFound::SIGNATURE,
        InvalidRevenueSource::SIGNATURE,
        InvalidMetadata::SIGNATURE,
        AccountingOverflow::SIGNATURE,
        AlreadyInitialized::SIGNATURE,
        ERC20InsufficientBalance::SIGNATURE,
        ERC20InvalidSender::SIGNATURE,
        ERC20InvalidReceiver::SIGNATURE,
        ERC20InsufficientAllowance::SIGNATURE,
        ERC20InvalidSpender::SIGNATURE,
        ERC20InvalidApprover::SIGNATURE,
        ERC2612ExpiredSignature::SIGNATURE,
        ERC2612InvalidSigner::SIGNATURE,
        ECDSAInvalidSignature::SIGNATURE,
        ECDSAInvalidSignatureS::SIGNATURE,
        OwnableUnauthorizedAccount::SIGNATURE,
        OwnableInvalidOwner::SIGNATURE,
    ]
    .iter()
    .map(|s| String::from(*s))
    .collect();
    expected_errors.sort();
    assert_eq!(errors, expected_errors);
}
