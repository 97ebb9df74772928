// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IImoSale} from "../interfaces/IImoSale.sol";

/// @title Buyers and currencies that attack or strain an IMO sale (contracts/offering), for the
/// devchain tests: a buyer that re-enters the sale when it is paid, a buyer that rejects ETH, and
/// an ERC-20 that can charge a fee on transfers or return nothing.

/// @notice A buyer whose `receive()` calls back into the sale (`claim`, `distribute` or
/// `deposit`, by `mode`) once, records whether that call succeeded and its revert data, and
/// accepts the ETH either way.
contract ReentrantBuyer {
    IImoSale public immutable sale;
    /// 0: no re-entry; 1: claim; 2: distribute; 3: deposit.
    uint8 public mode;
    bool public reentered;
    bool public reentrySucceeded;
    bytes public reentryError;

    constructor(IImoSale sale_) {
        sale = sale_;
    }

    function setMode(uint8 mode_) external {
        mode = mode_;
    }

    function deposit(uint256 amount) external payable {
        sale.deposit{value: msg.value}(amount);
    }

    function claim() external {
        sale.claim(address(this));
    }

    receive() external payable {
        if (mode == 0 || reentered) return;
        reentered = true;
        bytes memory data;
        if (mode == 1) data = abi.encodeWithSignature("claim(address)", address(this));
        else if (mode == 2) data = abi.encodeWithSignature("distribute()");
        else data = abi.encodeWithSignature("deposit(uint256)", uint256(1));
        (bool ok, bytes memory ret) = address(sale).call(data);
        reentrySucceeded = ok;
        reentryError = ret;
    }
}

/// @notice A buyer (a contract wallet) that cannot receive ETH.
contract RejectingBuyer {
    IImoSale public immutable sale;

    constructor(IImoSale sale_) {
        sale = sale_;
    }

    function deposit(uint256 amount) external payable {
        sale.deposit{value: msg.value}(amount);
    }

    /// @notice Claims to `to` (itself, or an account that takes ETH); reverts with the sale's error.
    function claimTo(address to) external {
        sale.claim(to);
    }

    receive() external payable {
        revert("no ETH");
    }
}

/// @notice A mintable ERC-20 whose transfers can burn `feeBps` of the amount (a fee-on-transfer
/// token) or return no value (as USDT does).
contract TestCurrency {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;
    uint16 public feeBps;
    bool public silent;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        totalSupply += amount;
        emit Transfer(address(0), to, amount);
    }

    function setFeeBps(uint16 feeBps_) external {
        feeBps = feeBps_;
    }

    function setSilent(bool silent_) external {
        silent = silent_;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return _done();
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        allowance[from][msg.sender] -= amount;
        _move(from, to, amount);
        return _done();
    }

    function _move(address from, address to, uint256 amount) private {
        uint256 fee = amount * feeBps / 10_000;
        balanceOf[from] -= amount;
        balanceOf[to] += amount - fee;
        totalSupply -= fee;
        emit Transfer(from, to, amount - fee);
    }

    function _done() private view returns (bool) {
        if (silent) {
            assembly {
                return(0, 0)
            }
        }
        return true;
    }
}
