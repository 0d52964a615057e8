// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title ChannelHashing
/// @notice The channel ID and the EIP-712 struct hashes of docs/protocol.md.
/// @dev Each hash is built in the memory past the free memory pointer and that
/// pointer is left where it was: abi.encode would allocate fresh memory on every
/// call, and in batchWithdraw that memory (and its quadratic cost) grows with
/// every item. The layouts are exactly abi.encode of the listed words; addresses
/// are masked because Solidity does not promise clean high bits in assembly.
library ChannelHashing {
    bytes32 internal constant BALANCE_PROOF_TYPEHASH = keccak256(
        "BalanceProof(bytes32 channelId,uint256 nonce,uint256 transferredAmount,uint256 lockedAmount,bytes32 locksRoot)"
    );
    bytes32 internal constant WITHDRAW_TYPEHASH =
        keccak256("Withdraw(bytes32 channelId,address participant,uint256 totalWithdraw,uint256 expiry)");
    bytes32 internal constant COOPERATIVE_SETTLE_TYPEHASH =
        keccak256("CooperativeSettle(bytes32 channelId,uint256 balanceA,uint256 balanceB)");
    bytes32 internal constant UPDATE_AUTHORIZATION_TYPEHASH =
        keccak256("UpdateAuthorization(bytes32 channelId,bytes32 balanceProofDigest)");

    /// @dev keccak256(abi.encode(chainId, manager, a, b, token, counter)).
    function channelId(uint256 chainId, address manager, address a, address b, address token, uint256 counter)
        internal
        pure
        returns (bytes32 id)
    {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, chainId)
            mstore(add(m, 0x20), and(manager, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x40), and(a, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x60), and(b, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x80), and(token, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0xa0), counter)
            id := keccak256(m, 0xc0)
        }
    }

    function balanceProofHash(
        bytes32 id,
        uint256 nonce,
        uint256 transferredAmount,
        uint256 lockedAmount,
        bytes32 locksRoot
    ) internal pure returns (bytes32 h) {
        bytes32 typeHash = BALANCE_PROOF_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            mstore(add(m, 0x20), id)
            mstore(add(m, 0x40), nonce)
            mstore(add(m, 0x60), transferredAmount)
            mstore(add(m, 0x80), lockedAmount)
            mstore(add(m, 0xa0), locksRoot)
            h := keccak256(m, 0xc0)
        }
    }

    function withdrawHash(bytes32 id, address participant, uint256 totalWithdraw, uint256 expiry)
        internal
        pure
        returns (bytes32 h)
    {
        bytes32 typeHash = WITHDRAW_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            mstore(add(m, 0x20), id)
            mstore(add(m, 0x40), and(participant, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x60), totalWithdraw)
            mstore(add(m, 0x80), expiry)
            h := keccak256(m, 0xa0)
        }
    }

    function cooperativeSettleHash(bytes32 id, uint256 balanceA, uint256 balanceB) internal pure returns (bytes32 h) {
        bytes32 typeHash = COOPERATIVE_SETTLE_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            mstore(add(m, 0x20), id)
            mstore(add(m, 0x40), balanceA)
            mstore(add(m, 0x60), balanceB)
            h := keccak256(m, 0x80)
        }
    }

    function updateAuthorizationHash(bytes32 id, bytes32 balanceProofDigest) internal pure returns (bytes32 h) {
        bytes32 typeHash = UPDATE_AUTHORIZATION_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            mstore(add(m, 0x20), id)
            mstore(add(m, 0x40), balanceProofDigest)
            h := keccak256(m, 0x60)
        }
    }

    /// @dev keccak256("\x19\x01" || domainSeparator || structHash), as
    /// OpenZeppelin's MessageHashUtils.toTypedDataHash, using scratch space only.
    function typedDataHash(bytes32 domainSeparator, bytes32 structHash) internal pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, hex"1901")
            mstore(add(m, 0x02), domainSeparator)
            mstore(add(m, 0x22), structHash)
            digest := keccak256(m, 0x42)
        }
    }
}
