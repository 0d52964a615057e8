// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @notice The one storage word a withdraw needs: both cumulative withdrawals,
/// the channel's total deposits and its phase, packed as
///   bits   0..83   withdrawnA
///   bits  84..167  withdrawnB
///   bits 168..251  totalDeposit (depositA + depositB)
///   bits 252..255  phase
/// Keeping all four in one word is what lets batchWithdraw touch a single
/// storage slot per channel: one cold SLOAD and one SSTORE reset. The phase
/// is never zero once a channel is open, so that SSTORE never sets a zero slot.
type ChannelState is uint256;

using ChannelStateLib for ChannelState global;

// Phase numbers stored in ChannelState (0 = no such channel).
uint256 constant PHASE_NONE = 0;
uint256 constant PHASE_OPEN = 1;
uint256 constant PHASE_CLOSED = 2;
uint256 constant PHASE_SETTLED = 3;

// Largest amount a ChannelState field holds, hence the cap on a channel's
// total deposits: 2^84 - 1 base units, about 1.9e25 (19.3 million whole tokens
// of an 18-decimal token, or 19.3 million ETH).
uint256 constant MAX_AMOUNT = (1 << 84) - 1;

library ChannelStateLib {
    uint256 private constant B_SHIFT = 84;
    uint256 private constant TOTAL_SHIFT = 168;
    uint256 private constant PHASE_SHIFT = 252;

    /// @dev Callers guarantee every amount <= MAX_AMOUNT and phase < 16.
    function pack(uint256 withdrawnA_, uint256 withdrawnB_, uint256 totalDeposit_, uint256 phase_)
        internal
        pure
        returns (ChannelState)
    {
        return ChannelState.wrap(
            withdrawnA_ | (withdrawnB_ << B_SHIFT) | (totalDeposit_ << TOTAL_SHIFT) | (phase_ << PHASE_SHIFT)
        );
    }

    function withdrawnA(ChannelState s) internal pure returns (uint256) {
        return ChannelState.unwrap(s) & MAX_AMOUNT;
    }

    function withdrawnB(ChannelState s) internal pure returns (uint256) {
        return (ChannelState.unwrap(s) >> B_SHIFT) & MAX_AMOUNT;
    }

    function totalDeposit(ChannelState s) internal pure returns (uint256) {
        return (ChannelState.unwrap(s) >> TOTAL_SHIFT) & MAX_AMOUNT;
    }

    function phase(ChannelState s) internal pure returns (uint256) {
        return ChannelState.unwrap(s) >> PHASE_SHIFT;
    }

    /// @dev Deposits not yet withdrawn. Never negative: every withdraw is checked against it.
    function pot(ChannelState s) internal pure returns (uint256) {
        return totalDeposit(s) - withdrawnA(s) - withdrawnB(s);
    }

    function withPhase(ChannelState s, uint256 phase_) internal pure returns (ChannelState) {
        return pack(withdrawnA(s), withdrawnB(s), totalDeposit(s), phase_);
    }
}
