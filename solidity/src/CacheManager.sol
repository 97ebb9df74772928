// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// ArbWasm (0x71): the asm size of an activated program.
interface IArbWasmSizes {
    function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
}

/// ArbWasmCache (0x72): what a registered cache manager may do.
interface IArbWasmCacheOps {
    function cacheProgram(address program) external;
    function evictCodehash(bytes32 codehash) external;
    function codehashIsCached(bytes32 codehash) external view returns (bool);
}

/// @title CacheManager
/// @notice The ABI of Arbitrum's program-cache auction (what `cargo stylus cache bid` and
/// `cargo stylus cache status` call), written for `imo devnode`, which installs it and registers it
/// with ArbWasmCache: a bid caches an activated Stylus program, whose calls then pay the cached
/// init price. The cache holds `cacheSize` bytes of programs (each counted as at least 4 KiB);
/// a bid that does not fit evicts the lowest bids while it outbids them. A bid is worth
/// `msg.value + decay * block.timestamp`, so older bids lose ground. The entries are few (a
/// devnode's cache holds at most `cacheSize / 4096` programs), so the lowest bid is found by a scan.
contract CacheManager {
    IArbWasmSizes internal constant ARB_WASM = IArbWasmSizes(address(0x71));
    IArbWasmCacheOps internal constant ARB_WASM_CACHE = IArbWasmCacheOps(address(0x72));

    /// The least size a program is counted with.
    uint64 internal constant MIN_SIZE = 4096;

    struct Entry {
        bytes32 code;
        uint64 size;
        uint192 bid;
    }

    /// Bytes of programs the cache holds.
    uint64 public cacheSize;
    /// Bytes of the programs cached through this manager.
    uint64 public queueSize;
    /// Bid value lost per second.
    uint64 public decay;
    /// Bids refused.
    bool public isPaused;
    /// May resize, pause, evict and sweep.
    address public owner;
    Entry[] internal entries;

    error NotOwner(address sender);
    error AsmTooLarge(uint256 asm, uint256 queueSize, uint256 cacheSize);
    error AlreadyCached(bytes32 codehash);
    error BidTooLarge(uint256 bid);
    error BidTooSmall(uint192 bid, uint192 min);
    error BidsArePaused();
    error ProgramNotActivated();
    error SweepFailed();

    event InsertBid(bytes32 indexed codehash, address program, uint192 bid, uint64 size);
    event DeleteBid(bytes32 indexed codehash, uint192 bid, uint64 size);
    event SetCacheSize(uint64 size);
    event SetDecayRate(uint64 decay);
    event Pause();
    event Unpause();

    constructor(address initialOwner, uint64 initialCacheSize, uint64 initialDecay) {
        owner = initialOwner;
        cacheSize = initialCacheSize;
        decay = initialDecay;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @notice Sets the cache's size (the programs cached stay until evicted).
    function setCacheSize(uint64 size) external onlyOwner {
        cacheSize = size;
        emit SetCacheSize(size);
    }

    /// @notice Sets the decay of bids placed from now on.
    function setDecayRate(uint64 newDecay) external onlyOwner {
        decay = newDecay;
        emit SetDecayRate(newDecay);
    }

    /// @notice Refuses new bids.
    function paused() external onlyOwner {
        isPaused = true;
        emit Pause();
    }

    /// @notice Takes bids again.
    function unpause() external onlyOwner {
        isPaused = false;
        emit Unpause();
    }

    /// @notice Evicts every program cached through this manager.
    function evictAll() external onlyOwner {
        while (entries.length > 0) {
            _evict(entries.length - 1);
        }
    }

    /// @notice Sends the bids' ETH to the owner.
    function sweepFunds() external {
        (bool ok,) = owner.call{value: address(this).balance}("");
        if (!ok) revert SweepFailed();
    }

    /// @notice The cached programs and their bids.
    function getEntries() external view returns (Entry[] memory) {
        return entries;
    }

    /// @notice The least `msg.value` that caches a program of `size` bytes now.
    function getMinBid(uint64 size) public view returns (uint192 min) {
        size = size < MIN_SIZE ? MIN_SIZE : size;
        if (size > cacheSize) revert AsmTooLarge(size, 0, cacheSize);
        uint256 free = cacheSize > queueSize ? cacheSize - queueSize : 0;
        if (size <= free) return 0;
        // Evict the lowest bids (in a copy) until the program fits: the last one sets the price.
        Entry[] memory copy = entries;
        uint256 left = copy.length;
        while (free < size && left > 0) {
            uint256 lowest = _lowest(copy, left);
            min = copy[lowest].bid;
            free += copy[lowest].size;
            copy[lowest] = copy[left - 1];
            left -= 1;
        }
        uint256 lost = uint256(decay) * block.timestamp;
        return min > lost ? uint192(min - lost) : 0;
    }

    /// @notice The least `msg.value` that caches the program at `program` now.
    function getMinBid(address program) external view returns (uint192) {
        return getMinBid(_asmSize(program.codehash));
    }

    /// @notice Caches the activated program at `program`, evicting lower bids to make room.
    function placeBid(address program) external payable {
        if (isPaused) revert BidsArePaused();
        bytes32 codehash = program.codehash;
        if (ARB_WASM_CACHE.codehashIsCached(codehash)) revert AlreadyCached(codehash);
        uint64 size = _asmSize(codehash);
        if (size > cacheSize) revert AsmTooLarge(size, queueSize, cacheSize);
        uint256 value = msg.value + uint256(decay) * block.timestamp;
        if (value > type(uint192).max) revert BidTooLarge(value);
        uint192 bid = uint192(value);
        while (queueSize + size > cacheSize) {
            uint256 lowest = _lowest(entries, entries.length);
            uint192 min = entries[lowest].bid;
            if (bid < min) revert BidTooSmall(bid, min);
            _evict(lowest);
        }
        ARB_WASM_CACHE.cacheProgram(program);
        entries.push(Entry({code: codehash, size: size, bid: bid}));
        queueSize += size;
        emit InsertBid(codehash, program, bid, size);
    }

    /// The index of the lowest bid among the first `count` entries.
    function _lowest(Entry[] memory list, uint256 count) internal pure returns (uint256 index) {
        for (uint256 i = 1; i < count; i++) {
            if (list[i].bid < list[index].bid) index = i;
        }
    }

    /// Evicts entry `index` (the last entry takes its place).
    function _evict(uint256 index) internal {
        Entry memory entry = entries[index];
        ARB_WASM_CACHE.evictCodehash(entry.code);
        queueSize -= entry.size;
        entries[index] = entries[entries.length - 1];
        entries.pop();
        emit DeleteBid(entry.code, entry.bid, entry.size);
    }

    /// A program's size as the cache counts it, or ProgramNotActivated.
    function _asmSize(bytes32 codehash) internal view returns (uint64) {
        try ARB_WASM.codehashAsmSize(codehash) returns (uint32 size) {
            return size < MIN_SIZE ? MIN_SIZE : size;
        } catch {
            revert ProgramNotActivated();
        }
    }
}
