// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ERC-7007: Verifiable AI-Generated Content Token (Final), its Enumerable and Updatable extensions.
/// @notice Event layout follows the Final EIP text: `AigcData` and `Update` index `prompt` and `aigcData`
///         (logged as keccak256 hashes). ORA's production code and the EIP's asset files index only
///         `tokenId` and `prompt`; the topic0 is the same, the log layout differs.
/// ERC-165 ids: IERC7007 0x702c55a6, IERC7007Enumerable 0xfa1a557a, IERC7007Updatable 0x3f37dce2.

import {IERC165} from "./IERC165.sol";

/// The ERC-721 functions and events IERC7007 extends.
interface IERC721 is IERC165 {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    function balanceOf(address owner) external view returns (uint256 balance);
    function ownerOf(uint256 tokenId) external view returns (address owner);
    function safeTransferFrom(address from, address to, uint256 tokenId, bytes calldata data) external;
    function safeTransferFrom(address from, address to, uint256 tokenId) external;
    function transferFrom(address from, address to, uint256 tokenId) external;
    function approve(address to, uint256 tokenId) external;
    function setApprovalForAll(address operator, bool approved) external;
    function getApproved(uint256 tokenId) external view returns (address operator);
    function isApprovedForAll(address owner, address operator) external view returns (bool);
}

interface IERC7007 is IERC165, IERC721 {
    /// Emitted when AI-generated content is added to a token.
    event AigcData(uint256 indexed tokenId, bytes indexed prompt, bytes indexed aigcData, bytes proof);

    /// Adds AIGC data to a token (in this implementation: the collection's minter only).
    function addAigcData(uint256 tokenId, bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        external;

    /// True iff `aigcData` is the verified output of `prompt` (here: the oracle's result is final).
    function verify(bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        external
        view
        returns (bool success);
}

interface IERC7007Enumerable is IERC7007 {
    /// The token id of a prompt: uint256(keccak256(prompt)).
    function tokenId(bytes calldata prompt) external view returns (uint256);

    /// The prompt of a token.
    function prompt(uint256 tokenId) external view returns (string memory);
}

interface IERC7007Updatable is IERC7007 {
    /// Replaces a token's AIGC data (in this implementation: the collection's minter only).
    function update(bytes calldata prompt, bytes calldata aigcData) external;

    /// Emitted when a token's AIGC data is replaced.
    event Update(uint256 indexed tokenId, bytes indexed prompt, bytes indexed aigcData);
}
