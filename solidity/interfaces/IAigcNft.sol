// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title The AIGC collection: the whole ABI of its three Stylus contracts.
/// @notice The collection is split so that each contract fits under the 24 KiB code limit:
///  - `IAigcNft` (crate imo-aigc-nft): every standard interface (ERC-721 + metadata, ERC-7007 +
///    Enumerable + Updatable, ERC-2981, ERC-4906, ERC-165); stores prompts, content and the request
///    behind it; `verify` asks the AI Oracle for finality. Only its minter mints and attaches content.
///  - `IAigcMinter` (crate imo-aigc-minter): the oracle consumer. `mint(prompt)` is the user's one
///    transaction; it receives `aiOracleCallback` / `aiOracleCallbackError`; its owner administers.
///  - `IAigcRenderer` (crate imo-aigc-renderer): stateless `tokenURI` JSON rendering.

import {IERC7007Enumerable, IERC7007Updatable} from "./IERC7007.sol";

interface IAigcNft is IERC7007Enumerable, IERC7007Updatable {
    // ERC-721 metadata
    function name() external view returns (string memory);
    function symbol() external view returns (string memory);
    /// data:application/json;base64,... with name, description, image (the content drawn as SVG:
    /// data:image/svg+xml;base64,...), prompt, aigc_type, aigc_data, proof_type ("fraud"), request_id,
    /// model_hash and program_hash (the oracle's getModel for the minter's model) and attributes.
    function tokenURI(uint256 tokenId) external view returns (string memory);

    // ERC-2981: the same royalty for every token, paid to the model's RevShare token by default.
    function royaltyInfo(uint256 tokenId, uint256 salePrice) external view returns (address receiver, uint256 royaltyAmount);

    // Minter-only
    function mintTo(address to, bytes calldata prompt) external returns (uint256 tokenId);
    function setRoyalty(address receiver, uint96 bps) external;

    // Views
    function oracle() external view returns (address);
    function minter() external view returns (address);

    /// ERC-4906
    event MetadataUpdate(uint256 _tokenId);
    event RoyaltySet(address indexed receiver, uint96 bps);

    error NotMinter(address caller);
    error InvalidMinter();
    error PromptMismatch(uint256 tokenId);
    error PromptAlreadyMinted(uint256 tokenId);
    error AigcDataAlreadyAdded(uint256 tokenId);
    error AigcDataMissing(uint256 tokenId);
    error InvalidProof();
    error InvalidOracle();
    error RenderFailed();
    error InvalidRoyalty(address receiver, uint96 bps);
    error ERC721InvalidOwner(address owner);
    error ERC721NonexistentToken(uint256 tokenId);
    error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner);
    error ERC721InvalidSender(address sender);
    error ERC721InvalidReceiver(address receiver);
    error ERC721InsufficientApproval(address operator, uint256 tokenId);
    error ERC721InvalidApprover(address approver);
    error ERC721InvalidOperator(address operator);
    error InvalidReceiverWithReason(string reason);
}

interface IAigcMinter {
    /// Mints the token of `prompt` to the caller; msg.value >= mintCost(). Price -> RevShare token,
    /// fee -> oracle, excess -> refund credit.
    function mint(bytes calldata prompt) external payable returns (uint256 tokenId);
    /// Holder only, after a failed generation: pays a new inference.
    function retry(uint256 tokenId) external payable returns (uint256 requestId);
    function withdrawRefund() external;

    // Oracle callbacks
    function aiOracleCallback(uint256 requestId, bytes calldata output, bytes calldata callbackData) external;
    function aiOracleCallbackError(uint256 requestId, uint8 code, bytes calldata message, bytes calldata callbackData)
        external;

    // Owner
    function setCollection(address nft) external;
    function setMintPrice(uint256 price) external;
    function setCallbackGasLimit(uint64 gasLimit) external;
    function setRoyalty(address receiver, uint96 bps) external;
    function owner() external view returns (address);
    function transferOwnership(address newOwner) external;
    function renounceOwnership() external;

    // Views
    function mintCost() external view returns (uint256);
    /// status: 0 none, 1 pending, 2 delivered, 3 failed.
    function requestOf(uint256 tokenId) external view returns (uint256 requestId, uint8 status);
    function refundOf(address account) external view returns (uint256);
    function mintPrice() external view returns (uint256);
    function callbackGasLimit() external view returns (uint64);
    function nft() external view returns (address);
    function oracle() external view returns (address);
    function modelId() external view returns (uint256);
    function revShareToken() external view returns (address);

    event Minted(uint256 indexed tokenId, address indexed minter, uint256 indexed requestId, uint256 price, uint256 fee);
    event GenerationRetried(uint256 indexed tokenId, uint256 indexed requestId, uint256 fee);
    event GenerationDelivered(uint256 indexed tokenId, uint256 indexed requestId, bool correction);
    event GenerationFailed(uint256 indexed tokenId, uint256 indexed requestId, uint8 code, bytes message);
    event RefundCredited(address indexed account, uint256 amount);
    event RefundWithdrawn(address indexed account, uint256 amount);
    event CollectionSet(address indexed nft);
    event MintPriceSet(uint256 price);
    event CallbackGasLimitSet(uint64 gasLimit);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOracle(address caller);
    error InvalidCallbackData();
    error UnknownRequest(uint256 requestId);
    error InsufficientPayment(uint256 required, uint256 sent);
    error CollectionNotSet();
    error CollectionAlreadySet(address nft);
    error ZeroAddress();
    error NotTokenHolder(address caller, uint256 tokenId);
    error NotRetryable(uint256 tokenId);
    error TransferFailed(address to, uint256 amount);
    error NothingToWithdraw();
    error RequestIdTooLarge(uint256 requestId);
    error ExternalCallFailed(address target, bytes reason);
    error OwnableUnauthorizedAccount(address account);
    error OwnableInvalidOwner(address owner);
}

interface IAigcRenderer {
    /// The NFT's tokenURI JSON (never reverts). `minter`'s oracle() and modelId() name the model
    /// whose getModel hashes are shown (left out when they cannot be read). Content of 64 bytes,
    /// each at most 16, is drawn as an 8x8 grayscale image (byte 8r+c at row r, column c; gray
    /// 255 - (p*255+8)/16); any other content as text.
    function tokenURI(
        address minter,
        string calldata collection,
        uint256 tokenId,
        bytes calldata prompt,
        bytes calldata aigcData,
        uint256 requestId
    ) external view returns (string memory);
}
