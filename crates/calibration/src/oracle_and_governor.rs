//! The oracle (with the AIGC NFT path) and governor scenarios.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolValue;
use imo_client::bindings::{ai_oracle, aigc, erc7641, governor, imo_oracle};
use stylus_devchain::scenario::{Scenario, Step};

use super::*;

const MODEL_FEE: u128 = 100_000_000_000_000;
const CALLBACK_GAS: u64 = 200_000;

fn input200() -> Vec<u8> {
    (0..200u32).map(|i| ((i * 7 + 13) % 256) as u8).collect()
}

fn output200() -> Vec<u8> {
    (0..200u32).map(|i| ((i * 11 + 5) % 256) as u8).collect()
}

fn request(label: &str, callback: Address, gas: u64, data: &[u8], value: U256) -> Step {
    call(
        label,
        USER,
        ORACLE,
        ai_oracle::IAIOracle::requestCallbackCall {
            modelId: U256::from(1),
            input: input200().into(),
            callbackContract: callback,
            gasLimit: gas,
            callbackData: data.to_vec().into(),
        },
        value,
    )
}

fn invoke(label: &str, id: u64) -> Step {
    call(
        label,
        NODE,
        ORACLE,
        ai_oracle::IAIOracle::invokeCallbackCall {
            requestId: U256::from(id),
            output: output200().into(),
        },
        U256::ZERO,
    )
}

/// The AI oracle: parameters, model, node, requests and deliveries (to a code-less consumer),
/// then the AIGC path: a mint through the minter and its delivery, which mints the NFT.
pub fn oracle() -> Scenario {
    use imo_oracle::{IImoAIOracle, IImoAIOracleVerifier};
    let request_value = U256::from(MODEL_FEE + GWEI * u128::from(CALLBACK_GAS));
    let mint_price = U256::from(1_000_000_000_000_000u128);
    let mint_gas = 1_000_000u64;
    let prompt = b"a watercolor llama on a mountain at dawn, ".repeat(5)[..200].to_vec();
    scenario(
        "ai-oracle",
        &["oracle", "verifier", "token", "renderer", "minter", "nft"],
        vec![
            fund(OWNER, eth(100)),
            fund(NODE, eth(1)),
            fund(USER, eth(1)),
            deploy(
                "oracle",
                ORACLE,
                (OWNER, Address::ZERO, 3_600u64, U256::from(GWEI)).abi_encode_params(),
            ),
            deploy(
                "verifier",
                VERIFIER,
                (OWNER, ORACLE, OWNER, U256::from(1_000), U256::from(10_000)).abi_encode_params(),
            ),
            call(
                "oracle setParameters",
                OWNER,
                ORACLE,
                IImoAIOracle::setParametersCall {
                    challengeWindow: 3_600,
                    minGasPrice: U256::from(GWEI),
                    verifier: VERIFIER,
                },
                U256::ZERO,
            ),
            call(
                "oracle addModel",
                OWNER,
                ORACLE,
                IImoAIOracle::addModelCall {
                    modelId: U256::from(1),
                    modelHash: B256::repeat_byte(1),
                    programHash: B256::repeat_byte(2),
                    fee: U256::from(MODEL_FEE),
                    receiver: OWNER,
                    receiverPercentage: U256::from(50),
                    token: OWNER,
                    unverifiable: false,
                },
                U256::ZERO,
            ),
            call(
                "verifier addNode",
                OWNER,
                VERIFIER,
                IImoAIOracleVerifier::addNodeCall { node: NODE },
                U256::ZERO,
            ),
            call(
                "verifier stake",
                NODE,
                VERIFIER,
                IImoAIOracleVerifier::stakeCall {},
                U256::from(10_000),
            ),
            request(
                "oracle requestCallback (200 B), first",
                CONSUMER,
                CALLBACK_GAS,
                &[7; 32],
                request_value,
            ),
            request(
                "oracle requestCallback (200 B), steady",
                CONSUMER,
                CALLBACK_GAS,
                &[7; 32],
                request_value,
            ),
            invoke(
                "oracle invokeCallback (200 B), code-less consumer, first",
                1,
            ),
            invoke(
                "oracle invokeCallback (200 B), code-less consumer, steady",
                2,
            ),
            deploy("token", TOKEN, token_args()),
            deploy("renderer", RENDERER, Vec::new()),
            deploy(
                "minter",
                MINTER,
                (ORACLE, U256::from(1), TOKEN, mint_price, mint_gas, OWNER).abi_encode_params(),
            ),
            deploy(
                "nft",
                NFT,
                (
                    String::from("IMO AIGC"),
                    String::from("AIGC"),
                    ORACLE,
                    RENDERER,
                    MINTER,
                    OWNER,
                    alloy_primitives::aliases::U96::from(500),
                )
                    .abi_encode_params(),
            ),
            setup(call(
                "minter setCollection",
                OWNER,
                MINTER,
                aigc::IAigcMinter::setCollectionCall { nft: NFT },
                U256::ZERO,
            )),
            call(
                "minter mint (200 B prompt)",
                USER,
                MINTER,
                aigc::IAigcMinter::mintCall {
                    prompt: prompt.into(),
                },
                mint_price + U256::from(MODEL_FEE + GWEI * u128::from(mint_gas)),
            ),
            invoke(
                "NFT mint delivery: oracle invokeCallback -> minter -> nft",
                3,
            ),
        ],
    )
}

const DELAY: u64 = 60;
const PERIOD: u64 = 3_600;

/// The governor: holders of the token propose and vote.
pub fn governor() -> Scenario {
    use governor::IModelGovernor::{castVoteCall, proposeCall};
    let mut steps = vec![
        fund(OWNER, eth(100)),
        fund(ALICE, eth(1)),
        fund(BOB, eth(1)),
        fund(CAROL, eth(1)),
        deploy("token", TOKEN, token_args()),
        deploy(
            "governor",
            GOVERNOR,
            (TOKEN, DELAY, PERIOD, 2_000u16, eth(1_000), 86_400u64).abi_encode_params(),
        ),
    ];
    for (holder, amount) in [(ALICE, 300_000), (BOB, 200_000), (CAROL, 100_000)] {
        steps.push(setup(call(
            "transfer to a holder",
            OWNER,
            TOKEN,
            transfer(holder, eth(amount)),
            U256::ZERO,
        )));
    }
    steps.push(setup(call(
        "snapshot",
        OWNER,
        TOKEN,
        erc7641::IERC7641::snapshotCall {},
        U256::ZERO,
    )));
    steps.push(call(
        "governor propose (grant of 3 ETH)",
        ALICE,
        GOVERNOR,
        proposeCall {
            targets: vec![Address::repeat_byte(0x9e)],
            values: vec![eth(3)],
            calldatas: vec![Default::default()],
            description: "# Grant\nFund the fine-tuning of the model.".into(),
        },
        U256::ZERO,
    ));
    steps.push(Step::AdvanceTime { seconds: DELAY });
    for (label, voter) in [
        ("governor castVote, first vote", ALICE),
        ("governor castVote, second vote", BOB),
    ] {
        steps.push(call(
            label,
            voter,
            GOVERNOR,
            castVoteCall {
                proposalId: U256::from(1),
                support: 1,
            },
            U256::ZERO,
        ));
    }
    scenario("governor", &["token", "governor"], steps)
}
