//! solidity/interfaces/IModelGovernor.sol matches what the contract routes, emits and reverts with.

use super::*;

const IMODEL_GOVERNOR_SOL: &str =
    include_str!("../../../../solidity/interfaces/IModelGovernor.sol");

/// `name(type,...)` of every `kind` ("function", "event", "error")
/// declaration in Solidity source, sorted.
fn declarations(source: &str, kind: &str) -> Vec<String> {
    let needle = alloc::format!("{kind} ");
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(&needle) {
        let decl = &rest[at + needle.len()..];
        let (Some(open), Some(close)) = (decl.find('('), decl.find(')')) else {
            break;
        };
        let name = decl[..open].trim();
        let types: Vec<&str> = decl[open + 1..close]
            .split(',')
            .filter_map(|p| p.split_whitespace().next())
            .collect();
        if !name.is_empty() && !name.contains(char::is_whitespace) {
            out.push(alloc::format!("{name}({})", types.join(",")));
        }
        rest = &decl[close..];
    }
    out.sort();
    out
}

/// Call data for `signature` with zero / empty arguments.
fn zero_call(signature: &str) -> Vec<u8> {
    let mut data = alloy_primitives::keccak256(signature.as_bytes())[..4].to_vec();
    let params = &signature[signature.find('(').unwrap_or(0) + 1..signature.len() - 1];
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
    fn knows(&mut self, target: Address, calldata: Bytes) -> bool {
        self.vm().flush_cache(true);
        // SAFETY: a plain call; the cache was flushed above.
        match unsafe { stylus_sdk::call::RawCall::new().call(target, &calldata) } {
            Ok(_) => true,
            Err(e) => !String::from_utf8_lossy(&e).contains("function not found"),
        }
    }
}

#[motsu::test]
fn the_solidity_interface_matches_the_contract(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    prober: Contract<Prober>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    let functions = declarations(IMODEL_GOVERNOR_SOL, "function");
    assert_eq!(functions.len(), 20, "{functions:?}");
    for signature in &functions {
        assert!(
            prober
                .sender(owner)
                .knows(gov.address(), zero_call(signature).into()),
            "{signature} is not routed"
        );
    }
    // The probe can fail.
    assert!(!prober
        .sender(owner)
        .knows(gov.address(), vec![1, 2, 3, 4].into()));

    use alloy_sol_types::SolEvent;
    let mut events: Vec<String> = [
        ProposalCreated::SIGNATURE,
        VoteCast::SIGNATURE,
        ProposalCanceled::SIGNATURE,
        ProposalExecuted::SIGNATURE,
        ParametersSet::SIGNATURE,
        Deposited::SIGNATURE,
    ]
    .iter()
    .map(|s| String::from(*s))
    .collect();
    events.sort();
    assert_eq!(declarations(IMODEL_GOVERNOR_SOL, "event"), events);

    let mut errors: Vec<String> = [
        InvalidProposalLength::SIGNATURE,
        ValueTooLarge::SIGNATURE,
        NoSnapshot::SIGNATURE,
        InsufficientProposerVotes::SIGNATURE,
        NonexistentProposal::SIGNATURE,
        UnexpectedProposalState::SIGNATURE,
        AlreadyCastVote::SIGNATURE,
        InvalidVoteType::SIGNATURE,
        NoVotingPower::SIGNATURE,
        OnlyProposer::SIGNATURE,
        OnlyGovernance::SIGNATURE,
        CallReverted::SIGNATURE,
        TokenCallFailed::SIGNATURE,
        InvalidToken::SIGNATURE,
        InvalidVotingPeriod::SIGNATURE,
        InvalidGracePeriod::SIGNATURE,
        AlreadyInitialized::SIGNATURE,
        InvalidQuorumBps::SIGNATURE,
        DurationTooLong::SIGNATURE,
        Overflow::SIGNATURE,
    ]
    .iter()
    .map(|s| String::from(*s))
    .collect();
    errors.sort();
    assert_eq!(declarations(IMODEL_GOVERNOR_SOL, "error"), errors);
}
