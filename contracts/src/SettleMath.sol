// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

import {MAX_AMOUNT} from "./ChannelState.sol";

/// @title SettleMath
/// @notice The settle formula of docs/protocol.md:
///   balance[A] = clamp(deposit[A] - withdrawn[A] + transferred[B->A] - transferred[A->B], 0, pot)
library SettleMath {
    /// @dev Transferred amounts are unbounded uint256s (cumulative in both
    /// directions), so their difference is saturated before the signed sum:
    /// any magnitude beyond MAX_AMOUNT, hence beyond the pot, clamps the same.
    function clampedBalanceA(
        uint256 depositA,
        uint256 withdrawnA,
        uint256 transferredToA,
        uint256 transferredFromA,
        uint256 pot
    ) internal pure returns (uint256) {
        // depositA, withdrawnA <= MAX_AMOUNT < 2^84: no overflow in int256.
        int256 net = int256(depositA) - int256(withdrawnA);
        if (transferredToA >= transferredFromA) net += int256(_min(transferredToA - transferredFromA, 2 * MAX_AMOUNT));
        else net -= int256(_min(transferredFromA - transferredToA, 2 * MAX_AMOUNT));
        if (net <= 0) return 0;
        return _min(uint256(net), pot);
    }

    function _min(uint256 x, uint256 y) private pure returns (uint256) {
        return x < y ? x : y;
    }
}
