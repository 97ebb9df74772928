//! Unit tests: `launch`'s selector is Solidity's (the parameter structs declare their tuple
//! types), and the CREATE2 salts and addresses.

use alloy_primitives::{Address, B256};
use alloy_sol_types::{sol, SolCall};
use stylus_sdk::function_selector;

use crate::params::{GovernorParams, GrantParams, ModelParams, SaleParams, TokenParams};

sol!("../../solidity/interfaces/IImoLaunchpad.sol");

#[test]
fn the_launch_selector_is_solidity_s() {
    let routed = function_selector!(
        "launch",
        TokenParams,
        GovernorParams,
        SaleParams,
        alloc::vec::Vec<GrantParams>,
        ModelParams,
        B256
    );
    assert_eq!(routed, IImoLaunchpad::launchCall::SELECTOR);
    assert_eq!(
        function_selector!("predict", Address, B256),
        IImoLaunchpad::predictCall::SELECTOR
    );
}

#[motsu::test]
fn predicted_addresses_are_the_create2_addresses_of_the_clones() {
    use alloy_primitives::keccak256;
    use motsu::prelude::*;

    let pad: Contract<crate::Launchpad> = Contract::new();
    let (t, g, s, v, o) = (
        Address::repeat_byte(1),
        Address::repeat_byte(2),
        Address::repeat_byte(3),
        Address::repeat_byte(4),
        Address::repeat_byte(5),
    );
    let deployer = Address::repeat_byte(9);
    pad.sender(deployer)
        .constructor(t, g, s, v, o)
        .motsu_unwrap();
    assert!(matches!(
        Contract::<crate::Launchpad>::new()
            .sender(deployer)
            .constructor(t, Address::ZERO, s, v, o)
            .motsu_unwrap_err(),
        crate::Error::InvalidImplementation(_)
    ));
    let creator = Address::repeat_byte(0xc0);
    let salt = B256::repeat_byte(0x5a);
    let expect = |implementation: Address, role: u8| {
        let clone_salt = keccak256([creator.as_slice(), salt.as_slice(), &[role]].concat());
        let init = imo_common::clone::init_code(implementation);
        pad.address().create2(clone_salt, keccak256(init))
    };
    let (token, governor, sale, vestings) = pad.sender(creator).predict(creator, salt);
    assert_eq!(token, expect(t, 0));
    assert_eq!(governor, expect(g, 1));
    assert_eq!(sale, expect(s, 2));
    assert_eq!(vestings, [expect(v, 3), expect(v, 4)]);
    // Another creator or salt: other addresses.
    assert_ne!(pad.sender(creator).predict(deployer, salt).0, token);
    assert_ne!(pad.sender(creator).predict(creator, B256::ZERO).0, token);
    assert_eq!(pad.sender(creator).implementations(), (t, g, s, v, o));
    assert_eq!(pad.sender(creator).launches(), 0);
}
