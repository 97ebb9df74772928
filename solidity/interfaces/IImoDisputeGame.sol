// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IImoDisputeGame
/// @notice The opML dispute game (contracts/dispute-game): a fraud proof whose one step is the
/// disputed layer of the model re-executed in WASM from the same imo-model crate the node runs.
/// The verifier starts one game per challenge of a verifiable model's result and hears its outcome
/// (`onGameEnded`). Steps of a model with L layers: 0 encodes the input, 1..L run the layers,
/// L+1 decodes; a trace is [h_0, .., h_L, outputHash].
/// Moves, each before its deadline (`moveTime` seconds after the previous one): the challenger's
/// trace, the defender's trace (fixes the first disputed step), then one one-step proof by anyone
/// (`proveInput` / `proveLayer` / `proveOutput`), or for a layer too large for one transaction the
/// two reveals (`revealState`, challenger first) and `proveRowBlock`. A missed deadline
/// (`timeout`, anyone) decides for the party that moved last.
interface IImoDisputeGame {
    // ----------------------------------------------------------------- events
    event GameStarted(
        uint64 indexed gameId,
        uint256 indexed requestId,
        address indexed challenger,
        uint32 round,
        address defender,
        address reporter,
        uint64 deadline
    );
    event ChallengerTracePosted(uint64 indexed gameId, bytes32[] trace, bytes output, uint64 deadline);
    event DefenderTracePosted(uint64 indexed gameId, bytes32[] trace, uint8 divergence, uint64 deadline);
    event StateRevealed(uint64 indexed gameId, bool byDefender, bytes state, uint64 deadline);
    /// @notice `outcome` 1 the defender won, 2 the challenger won, 3 both lost.
    event GameEnded(
        uint64 indexed gameId, uint256 indexed requestId, address indexed challenger, uint8 outcome, bool timedOut
    );

    // ----------------------------------------------------------------- errors
    error UnknownGame(uint64 gameId);
    error WrongPhase(uint64 gameId, uint8 phase);
    error NotYourMove(uint64 gameId, address expected);
    error DeadlinePassed(uint64 gameId, uint64 deadline);
    error DeadlineNotPassed(uint64 gameId, uint64 deadline);
    error InvalidGame();
    error ProgramMismatch(bytes32 expected, bytes32 actual);
    error InvalidProgram();
    error TraceLength(uint256 expected, uint256 actual);
    error TraceEnd(bytes32 expected, bytes32 actual);
    error TraceMismatch(bytes32 expected, bytes32 actual);
    error OutputMismatch(bytes32 expected, bytes32 actual);
    error WrongStep(uint64 gameId, uint8 divergence);
    error StateMismatch(bytes32 expected, bytes32 actual);
    error InvalidParameters();
    error InvalidModelProof(uint256 layer);
    error InvalidRowProof(uint256 block);
    /// @notice The contract that started the game rejected its outcome; `reason` is its revert data.
    error ReporterFailed(bytes reason);

    // ----------------------------------------------------------------- moves
    /// @notice Starts a game (the caller is told its outcome); returns its id.
    function start(
        uint256 requestId,
        uint32 round,
        address challenger,
        address defender,
        bytes32 resultHash,
        bytes32 claim,
        bytes32 requestCommitment,
        bytes32 modelHash,
        bytes32 programHash
    ) external returns (uint64);
    /// @notice The challenger's trace (L+2 hashes, the last its claim), the program descriptor
    /// (checked against programHash) and its output (checked against its claim).
    function postChallengerTrace(uint64 gameId, bytes32[] calldata trace, bytes calldata program, bytes calldata output)
        external;
    /// @notice The defender's trace (the last entry its output hash) with the challenger's.
    function postDefenderTrace(uint64 gameId, bytes32[] calldata trace, bytes32[] calldata challengerTrace) external;
    /// @notice One-step proof of step 0: the request's model id and input, encoded and hashed.
    function proveInput(uint64 gameId, uint256 modelId, bytes calldata input) external;
    /// @notice One-step proof of a layer step: the agreed state, the layer's parameter block and
    /// its Merkle path to modelHash; the layer is evaluated on chain.
    function proveLayer(uint64 gameId, bytes calldata state, bytes calldata params, bytes32[] calldata modelPath)
        external;
    /// @notice One-step proof of the last step: s_L decoded and hashed.
    function proveOutput(uint64 gameId, bytes calldata state) external;
    /// @notice Reveals a party's state after the disputed layer (challenger's first).
    function revealState(uint64 gameId, bytes calldata state) external;
    /// @notice One-step proof of a layer step by the first row block in which the two states differ.
    function proveRowBlock(
        uint64 gameId,
        bytes calldata state,
        bytes calldata defenderNext,
        bytes calldata challengerNext,
        bytes calldata header,
        bytes32 rowsRoot,
        bytes32[] calldata modelPath,
        bytes calldata rows,
        bytes32[] calldata rowPath
    ) external;
    /// @notice Anyone, after the current deadline: ends the game for the party that moved last.
    function timeout(uint64 gameId) external;

    // ----------------------------------------------------------------- views
    function getGame(uint64 gameId)
        external
        view
        returns (
            uint256 requestId,
            uint32 round,
            address challenger,
            address defender,
            address reporter,
            uint8 phase,
            uint64 deadline,
            uint8 steps,
            uint8 divergence,
            uint8 outcome
        );
    function getCommitments(uint64 gameId)
        external
        view
        returns (
            bytes32 requestCommitment,
            bytes32 modelHash,
            bytes32 programHash,
            bytes32 agreed,
            bytes32 defenderNext,
            bytes32 challengerNext
        );
    function challengerOutput(uint64 gameId) external view returns (bytes memory);
    function gameCount() external view returns (uint64);
    function moveTime() external view returns (uint64);
}
