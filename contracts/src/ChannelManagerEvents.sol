// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title ChannelManagerEvents
/// @notice The events and custom errors of ChannelManager, apart from its
/// logic so each file stays readable. Every state change emits one of these
/// events and every rejection is one of these errors (names follow the Go
/// sentinel errors of docs/protocol.md where both exist).
abstract contract ChannelManagerEvents {
    event ChannelOpened(
        bytes32 indexed channelId,
        address indexed participantA,
        address indexed participantB,
        address token,
        uint256 counter,
        uint64 challengePeriod
    );
    /// @dev totalDeposit is cumulative: the participant's deposit after this call.
    event Deposited(bytes32 indexed channelId, address indexed participant, uint256 totalDeposit);
    /// @dev totalWithdraw is cumulative: the participant's withdrawn total after this call.
    event Withdrawn(bytes32 indexed channelId, address indexed participant, uint256 totalWithdraw);
    /// @dev nonce and transferredAmount are those of the partner's proof the closer submitted.
    event ChannelClosed(
        bytes32 indexed channelId, address indexed closer, uint256 nonce, uint256 transferredAmount, uint64 settleAfter
    );
    event NonClosingBalanceProofUpdated(
        bytes32 indexed channelId, address indexed closer, uint256 nonce, uint256 transferredAmount
    );
    event ChannelSettled(bytes32 indexed channelId, uint256 balanceA, uint256 balanceB);
    event CooperativeSettled(bytes32 indexed channelId, uint256 balanceA, uint256 balanceB);
    event PayoutDeferred(address indexed token, address indexed account, uint256 amount);
    event DeferredPayoutClaimed(address indexed token, address indexed account, address to, uint256 amount);

    error InvalidParticipants(address participantA, address participantB);
    error NotParticipant(address account);
    error InvalidChallengePeriod(uint256 challengePeriod, uint256 min, uint256 max);
    error ValueMismatch(uint256 expected, uint256 sent);
    error DepositLimitExceeded(uint256 totalDeposits, uint256 limit);
    error DepositNotIncreasing(uint256 current, uint256 requested);
    error ChannelNotOpen(bytes32 channelId);
    error ChannelNotClosed(bytes32 channelId);
    error WithdrawExpired(uint256 expiry, uint256 blockTime);
    error WithdrawNotIncreasing(uint256 current, uint256 requested);
    error WithdrawTooLarge(uint256 amount, uint256 pot);
    error EmptyBatch();
    error BadSignature();
    error WrongSigner(address expected, address recovered);
    error WrongChannel(bytes32 expected, bytes32 got);
    error LocksUnsupported();
    error InvalidEmptyProof();
    error NonceNotIncreasing(uint256 current, uint256 given);
    error ChallengePeriodOver(uint256 settleAfter, uint256 blockTime);
    error SettleTooEarly(uint256 settleAfter, uint256 blockTime);
    error BalanceMismatch(uint256 pot, uint256 balanceA, uint256 balanceB);
    error EtherTransferFailed(address to, uint256 amount);
    error NothingToClaim();
}
