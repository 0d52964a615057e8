// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

// The message and calldata types of docs/protocol.md. They live at file level
// so that abigen names their Go structs after them (BalanceProof, Withdraw, ...)
// rather than after the contract that uses them.

/// @notice The sender's cumulative view of one direction of a channel
/// (EIP-712 type `BalanceProof`). Signed by the sender only.
struct BalanceProof {
    bytes32 channelId;
    uint256 nonce;
    uint256 transferredAmount;
    uint256 lockedAmount; // reserved: must be zero in protocol version 1
    bytes32 locksRoot; // reserved: must be zero in protocol version 1
}

/// @notice A co-signed cumulative withdraw (EIP-712 type `Withdraw`).
struct Withdraw {
    bytes32 channelId;
    address participant;
    uint256 totalWithdraw;
    uint256 expiry; // unix seconds; valid while block.timestamp <= expiry
}

/// @notice One channel of a batchWithdraw. The caller is the participant; the
/// channel ID is recomputed from (caller, partner, token, counter), so nothing
/// about the participants has to be read from storage. (r, vs) is the partner's
/// signature over the Withdraw in EIP-2098 compact form.
struct WithdrawItem {
    address partner;
    uint256 counter;
    uint256 totalWithdraw;
    uint256 expiry;
    bytes32 r;
    bytes32 vs;
}

/// @notice One channel of a batchCooperativeSettle.
struct CooperativeSettleItem {
    bytes32 channelId;
    uint256 balanceA;
    uint256 balanceB;
    bytes sigA;
    bytes sigB;
}

/// @notice Everything the contract stores about a channel, for off-chain readers.
struct ChannelInfo {
    address participantA;
    address participantB;
    address token;
    uint8 phase; // 0 none, 1 open, 2 closed, 3 settled
    uint64 challengePeriod;
    uint64 settleAfter; // set by close: settle is allowed once block.timestamp > settleAfter
    address closer; // zero unless closed
    uint256 depositA;
    uint256 depositB;
    uint256 withdrawnA;
    uint256 withdrawnB;
    uint256 nonceFromA; // closing proofs: the latest A->B proof on chain
    uint256 transferredFromA;
    uint256 nonceFromB; // the latest B->A proof on chain
    uint256 transferredFromB;
}
