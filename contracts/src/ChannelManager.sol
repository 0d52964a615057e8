// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {BalanceProof, ChannelInfo, CooperativeSettleItem, Withdraw, WithdrawItem} from "./ChannelTypes.sol";
import {ChannelHashing} from "./ChannelHashing.sol";
import {ChannelManagerEvents} from "./ChannelManagerEvents.sol";
import {
    ChannelState, ChannelStateLib, MAX_AMOUNT, PHASE_CLOSED, PHASE_OPEN, PHASE_SETTLED
} from "./ChannelState.sol";
import {SettleMath} from "./SettleMath.sol";

/// @title ChannelManager
/// @notice Two-party payment channels over ETH or one ERC-20 token, exactly as
/// docs/protocol.md (version 1) specifies: cumulative deposits and withdraws,
/// sender-signed cumulative balance proofs, co-signed withdraws and
/// cooperative settles, and a unilateral close with a challenge period.
/// @dev Fee-on-transfer and rebasing tokens are not supported: deposits are
/// booked at the amount asked for, not the amount that arrived.
contract ChannelManager is ChannelManagerEvents, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev The slot layout is what makes batchWithdraw cheap: a withdraw
    /// reads and rewrites slot 1 (see ChannelState) and nothing else, so it
    /// pays one cold SLOAD (2,100) and one SSTORE reset (2,900) per channel.
    /// Per-participant deposits, needed only by deposit and settle, and the
    /// data only a close needs live in other slots. The challenge period is
    /// written at open next to settleAfter so that close resets, not sets.
    struct Channel {
        // slot 0: cumulative deposits (each <= MAX_AMOUNT)
        uint128 depositA;
        uint128 depositB;
        // slot 1: withdrawnA | withdrawnB | depositA + depositB | phase
        ChannelState state;
        // slot 2
        address a;
        uint32 challengePeriod;
        uint64 settleAfter;
        // slot 3
        address b;
        uint8 closer; // CLOSER_NONE, CLOSER_A or CLOSER_B
        // slot 4 (left zero for ETH)
        address token;
        // slots 5-8: the balance proofs submitted by close and update
        uint256 nonceFromA;
        uint256 transferredFromA;
        uint256 nonceFromB;
        uint256 transferredFromB;
    }

    uint8 private constant CLOSER_NONE = 0;
    uint8 private constant CLOSER_A = 1;
    uint8 private constant CLOSER_B = 2;

    /// @notice Cap on a channel's total deposits, 2^84 - 1 base units (about
    /// 1.9e25: 19.3 million whole 18-decimal tokens). It bounds every amount
    /// packed into the channel's single hot storage word (ChannelState).
    uint256 public constant MAX_TOTAL_DEPOSIT = MAX_AMOUNT;

    /// @notice Bounds of the challenge period that open accepts, in seconds.
    uint64 public immutable minChallengePeriod;
    uint64 public immutable maxChallengePeriod;

    /// @notice The global open counter: 1 for the first channel, +1 per open.
    uint256 public channelCounter;

    /// @notice Settlement payouts whose transfer failed (a recipient that
    /// rejects ETH, a token that blocks the account), kept for the recipient
    /// to claim so that one side can never lock the other's funds.
    mapping(address token => mapping(address account => uint256 amount)) public deferredPayouts;

    mapping(bytes32 channelId => Channel) private _channels;

    /// @param minChallengePeriod_ shortest challenge period open accepts (> 0)
    /// @param maxChallengePeriod_ longest challenge period open accepts (fits in uint32)
    constructor(uint64 minChallengePeriod_, uint64 maxChallengePeriod_) EIP712("meshpay", "1") {
        if (minChallengePeriod_ == 0 || minChallengePeriod_ > maxChallengePeriod_ || maxChallengePeriod_ > type(uint32).max)
        {
            revert InvalidChallengePeriod(minChallengePeriod_, minChallengePeriod_, maxChallengePeriod_);
        }
        minChallengePeriod = minChallengePeriod_;
        maxChallengePeriod = maxChallengePeriod_;
    }

    // ------------------------------------------------------------------
    // Opening and funding
    // ------------------------------------------------------------------

    /// @notice Opens a channel between participantA < participantB (the caller
    /// must pass them sorted; the contract does not reorder them, so A and B
    /// always mean the same thing to the caller, the contract and the ID).
    /// The caller must be one of them; ETH sent with the call is its deposit.
    /// @return channelId keccak256(abi.encode(chainid, this, A, B, token, counter))
    function open(address participantA, address participantB, address token, uint64 challengePeriod)
        external
        payable
        nonReentrant
        returns (bytes32 channelId)
    {
        if (participantA == address(0) || participantA >= participantB) {
            revert InvalidParticipants(participantA, participantB);
        }
        if (msg.sender != participantA && msg.sender != participantB) revert NotParticipant(msg.sender);
        if (challengePeriod < minChallengePeriod || challengePeriod > maxChallengePeriod) {
            revert InvalidChallengePeriod(challengePeriod, minChallengePeriod, maxChallengePeriod);
        }
        if (msg.value != 0 && token != address(0)) revert ValueMismatch(0, msg.value);
        if (msg.value > MAX_TOTAL_DEPOSIT) revert DepositLimitExceeded(msg.value, MAX_TOTAL_DEPOSIT);

        uint256 counter = ++channelCounter;
        channelId = ChannelHashing.channelId(block.chainid, address(this), participantA, participantB, token, counter);
        Channel storage c = _channels[channelId];
        c.state = ChannelStateLib.pack(0, 0, msg.value, PHASE_OPEN);
        c.a = participantA;
        c.challengePeriod = uint32(challengePeriod);
        c.b = participantB;
        if (token != address(0)) c.token = token;
        emit ChannelOpened(channelId, participantA, participantB, token, counter, challengePeriod);

        if (msg.value != 0) {
            if (msg.sender == participantA) c.depositA = uint128(msg.value);
            else c.depositB = uint128(msg.value);
            emit Deposited(channelId, msg.sender, msg.value);
        }
    }

    /// @notice Raises participant's cumulative deposit to totalDeposit; the
    /// caller (anyone) pays the difference, as msg.value or by transferFrom.
    function deposit(bytes32 channelId, address participant, uint256 totalDeposit) external payable nonReentrant {
        (Channel storage c, ChannelState s) = _openChannel(channelId);
        bool isB = _isB(c, participant);
        uint256 current = isB ? c.depositB : c.depositA;
        if (totalDeposit <= current) revert DepositNotIncreasing(current, totalDeposit);
        uint256 amount = totalDeposit - current;
        uint256 channelTotal = s.totalDeposit();
        if (amount > MAX_TOTAL_DEPOSIT - channelTotal) revert DepositLimitExceeded(channelTotal, MAX_TOTAL_DEPOSIT);
        address token = c.token;
        uint256 expectedValue = token == address(0) ? amount : 0;
        if (msg.value != expectedValue) revert ValueMismatch(expectedValue, msg.value);

        // Fits: totalDeposit <= channelTotal + amount <= MAX_TOTAL_DEPOSIT.
        if (isB) c.depositB = uint128(totalDeposit);
        else c.depositA = uint128(totalDeposit);
        c.state = ChannelStateLib.pack(s.withdrawnA(), s.withdrawnB(), channelTotal + amount, PHASE_OPEN);
        emit Deposited(channelId, participant, totalDeposit);

        if (token != address(0)) IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
    }

    // ------------------------------------------------------------------
    // Withdrawing while open
    // ------------------------------------------------------------------

    /// @notice Pays w.participant up to the cumulative w.totalWithdraw. Needs
    /// the partner's signature, and the participant's own unless it sends
    /// the transaction itself (then participantSig may be empty).
    function cooperativeWithdraw(Withdraw calldata w, bytes calldata participantSig, bytes calldata partnerSig)
        external
        nonReentrant
    {
        (Channel storage c, ChannelState s) = _openChannel(w.channelId);
        bool isB = _isB(c, w.participant);
        if (block.timestamp > w.expiry) revert WithdrawExpired(w.expiry, block.timestamp);

        bytes32 digest = _hashTypedDataV4(
            ChannelHashing.withdrawHash(w.channelId, w.participant, w.totalWithdraw, w.expiry)
        );
        _requireSigner(digest, partnerSig, isB ? c.a : c.b);
        if (msg.sender != w.participant) _requireSigner(digest, participantSig, w.participant);

        uint256 amount = _applyWithdraw(c, s, isB, w.totalWithdraw);
        emit Withdrawn(w.channelId, w.participant, w.totalWithdraw);
        _send(c.token, w.participant, amount);
    }

    /// @notice Withdraws from many channels of one token in one transfer. The
    /// caller is the participant of every item; each item names the partner
    /// and the channel's counter, so the ID is recomputed rather than read,
    /// and a wrong partner, token or counter simply names no open channel.
    /// Per channel this reads and writes one storage slot.
    function batchWithdraw(address token, WithdrawItem[] calldata items) external nonReentrant {
        if (items.length == 0) revert EmptyBatch();
        bytes32 domain = _domainSeparatorV4();
        uint256 total;
        for (uint256 i; i < items.length; ++i) {
            WithdrawItem calldata item = items[i];
            address partner = item.partner;
            // Sorting decides which side the caller is, and the ID hashes it.
            bool isB = partner < msg.sender;
            bytes32 id = isB
                ? ChannelHashing.channelId(block.chainid, address(this), partner, msg.sender, token, item.counter)
                : ChannelHashing.channelId(block.chainid, address(this), msg.sender, partner, token, item.counter);
            Channel storage c = _channels[id];
            ChannelState s = c.state;
            if (s.phase() != PHASE_OPEN) revert ChannelNotOpen(id);
            if (block.timestamp > item.expiry) revert WithdrawExpired(item.expiry, block.timestamp);

            bytes32 digest = ChannelHashing.typedDataHash(
                domain, ChannelHashing.withdrawHash(id, msg.sender, item.totalWithdraw, item.expiry)
            );
            (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, item.r, item.vs);
            if (err != ECDSA.RecoverError.NoError) revert BadSignature();
            if (signer != partner) revert WrongSigner(partner, signer);

            total += _applyWithdraw(c, s, isB, item.totalWithdraw);
            emit Withdrawn(id, msg.sender, item.totalWithdraw);
        }
        _send(token, msg.sender, total);
    }

    // ------------------------------------------------------------------
    // Cooperative settle
    // ------------------------------------------------------------------

    /// @notice Closes and pays out at once with both participants' signatures
    /// over CooperativeSettle; balanceA + balanceB must equal the pot.
    function cooperativeSettle(
        bytes32 channelId,
        uint256 balanceA,
        uint256 balanceB,
        bytes calldata sigA,
        bytes calldata sigB
    ) external nonReentrant {
        _cooperativeSettle(channelId, balanceA, balanceB, sigA, sigB);
    }

    /// @notice cooperativeSettle for many channels in one transaction.
    function batchCooperativeSettle(CooperativeSettleItem[] calldata items) external nonReentrant {
        if (items.length == 0) revert EmptyBatch();
        for (uint256 i; i < items.length; ++i) {
            CooperativeSettleItem calldata item = items[i];
            _cooperativeSettle(item.channelId, item.balanceA, item.balanceB, item.sigA, item.sigB);
        }
    }

    // ------------------------------------------------------------------
    // Unilateral close, challenge and settle
    // ------------------------------------------------------------------

    /// @notice A participant closes with the partner's latest balance proof
    /// (nonce 0, zero amounts and an empty signature mean "none received").
    /// The challenge period starts now.
    function close(bytes32 channelId, BalanceProof calldata fromPartner, bytes calldata partnerSig)
        external
        nonReentrant
    {
        (Channel storage c, ChannelState s) = _openChannel(channelId);
        bool closerIsB = _isB(c, msg.sender);
        if (fromPartner.nonce == 0) {
            if (
                partnerSig.length != 0 || fromPartner.transferredAmount != 0 || fromPartner.lockedAmount != 0
                    || fromPartner.locksRoot != 0
            ) revert InvalidEmptyProof();
        } else {
            bytes32 digest = _checkBalanceProof(channelId, fromPartner);
            if (closerIsB) {
                _requireSigner(digest, partnerSig, c.a);
                c.nonceFromA = fromPartner.nonce;
                c.transferredFromA = fromPartner.transferredAmount;
            } else {
                _requireSigner(digest, partnerSig, c.b);
                c.nonceFromB = fromPartner.nonce;
                c.transferredFromB = fromPartner.transferredAmount;
            }
        }
        uint64 settleAfter = uint64(block.timestamp) + c.challengePeriod;
        c.settleAfter = settleAfter;
        c.closer = closerIsB ? CLOSER_B : CLOSER_A;
        c.state = s.withPhase(PHASE_CLOSED);
        emit ChannelClosed(channelId, msg.sender, fromPartner.nonce, fromPartner.transferredAmount, settleAfter);
    }

    /// @notice During the challenge period, the non-closing participant (or a
    /// delegate holding its UpdateAuthorization signature over this proof's
    /// digest) submits the closer's latest proof. Only a higher nonce than the
    /// one stored replaces it. authSig is ignored when the non-closer sends.
    function updateNonClosingBalanceProof(
        bytes32 channelId,
        BalanceProof calldata fromCloser,
        bytes calldata closerSig,
        bytes calldata authSig
    ) external nonReentrant {
        Channel storage c = _closedChannel(channelId);
        uint256 settleAfter = c.settleAfter;
        if (block.timestamp > settleAfter) revert ChallengePeriodOver(settleAfter, block.timestamp);

        bool closerIsB = c.closer == CLOSER_B;
        (address closer, address nonCloser) = closerIsB ? (c.b, c.a) : (c.a, c.b);
        bytes32 digest = _checkBalanceProof(channelId, fromCloser);
        _requireSigner(digest, closerSig, closer);
        if (msg.sender != nonCloser) {
            _requireSigner(
                _hashTypedDataV4(ChannelHashing.updateAuthorizationHash(channelId, digest)), authSig, nonCloser
            );
        }

        uint256 stored = closerIsB ? c.nonceFromB : c.nonceFromA;
        if (fromCloser.nonce <= stored) revert NonceNotIncreasing(stored, fromCloser.nonce);
        if (closerIsB) {
            c.nonceFromB = fromCloser.nonce;
            c.transferredFromB = fromCloser.transferredAmount;
        } else {
            c.nonceFromA = fromCloser.nonce;
            c.transferredFromA = fromCloser.transferredAmount;
        }
        emit NonClosingBalanceProofUpdated(channelId, closer, fromCloser.nonce, fromCloser.transferredAmount);
    }

    /// @notice After the challenge period, anyone pays out a closed channel:
    /// balanceA = clamp(depositA - withdrawnA + transferred(B->A) - transferred(A->B), 0, pot)
    /// and balanceB = pot - balanceA, so funds are always conserved.
    function settle(bytes32 channelId) external nonReentrant {
        Channel storage c = _closedChannel(channelId);
        uint256 settleAfter = c.settleAfter;
        if (block.timestamp <= settleAfter) revert SettleTooEarly(settleAfter, block.timestamp);

        ChannelState s = c.state;
        uint256 pot = s.pot();
        uint256 balanceA = SettleMath.clampedBalanceA(
            c.depositA, s.withdrawnA(), c.transferredFromB, c.transferredFromA, pot
        );
        uint256 balanceB = pot - balanceA;
        (address a, address b, address token) = (c.a, c.b, c.token);
        _retire(c, true);
        emit ChannelSettled(channelId, balanceA, balanceB);
        _payout(token, a, balanceA);
        _payout(token, b, balanceB);
    }

    /// @notice Sends the caller's deferred settlement payout in `token` to `to`.
    function claimDeferredPayout(address token, address to) external nonReentrant {
        uint256 amount = deferredPayouts[token][msg.sender];
        if (amount == 0) revert NothingToClaim();
        deferredPayouts[token][msg.sender] = 0;
        emit DeferredPayoutClaimed(token, msg.sender, to, amount);
        _send(token, to, amount);
    }

    // ------------------------------------------------------------------
    // Views for clients and cross-checks
    // ------------------------------------------------------------------

    /// @notice The ID open would give the channel (A, B sorted) with this counter.
    function channelIdOf(address participantA, address participantB, address token, uint256 counter)
        external
        view
        returns (bytes32)
    {
        return ChannelHashing.channelId(block.chainid, address(this), participantA, participantB, token, counter);
    }

    /// @notice The EIP-712 domain separator (name "meshpay", version "1").
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function balanceProofDigest(BalanceProof calldata p) external view returns (bytes32) {
        return _hashTypedDataV4(
            ChannelHashing.balanceProofHash(p.channelId, p.nonce, p.transferredAmount, p.lockedAmount, p.locksRoot)
        );
    }

    function withdrawDigest(Withdraw calldata w) external view returns (bytes32) {
        return _hashTypedDataV4(ChannelHashing.withdrawHash(w.channelId, w.participant, w.totalWithdraw, w.expiry));
    }

    function cooperativeSettleDigest(bytes32 channelId, uint256 balanceA, uint256 balanceB)
        external
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(ChannelHashing.cooperativeSettleHash(channelId, balanceA, balanceB));
    }

    function updateAuthorizationDigest(bytes32 channelId, bytes32 balanceProofDigest_)
        external
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(ChannelHashing.updateAuthorizationHash(channelId, balanceProofDigest_));
    }

    /// @notice The signer of digest as the contract sees it; reverts with
    /// BadSignature exactly where the state-changing functions would.
    function recoverSigner(bytes32 digest, bytes calldata sig) external pure returns (address signer) {
        ECDSA.RecoverError err;
        (signer, err,) = ECDSA.tryRecoverCalldata(digest, sig);
        if (err != ECDSA.RecoverError.NoError) revert BadSignature();
    }

    /// @notice Everything stored about a channel. Settled channels keep only their phase.
    function getChannel(bytes32 channelId) external view returns (ChannelInfo memory info) {
        Channel storage c = _channels[channelId];
        ChannelState s = c.state;
        info.participantA = c.a;
        info.participantB = c.b;
        info.token = c.token;
        info.phase = uint8(s.phase());
        info.challengePeriod = c.challengePeriod;
        info.settleAfter = c.settleAfter;
        uint8 closer = c.closer;
        info.closer = closer == CLOSER_A ? c.a : closer == CLOSER_B ? c.b : address(0);
        info.depositA = c.depositA;
        info.depositB = c.depositB;
        info.withdrawnA = s.withdrawnA();
        info.withdrawnB = s.withdrawnB();
        info.nonceFromA = c.nonceFromA;
        info.transferredFromA = c.transferredFromA;
        info.nonceFromB = c.nonceFromB;
        info.transferredFromB = c.transferredFromB;
    }

    // ------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------

    function _openChannel(bytes32 channelId) private view returns (Channel storage c, ChannelState s) {
        c = _channels[channelId];
        s = c.state;
        if (s.phase() != PHASE_OPEN) revert ChannelNotOpen(channelId);
    }

    function _closedChannel(bytes32 channelId) private view returns (Channel storage c) {
        c = _channels[channelId];
        if (c.state.phase() != PHASE_CLOSED) revert ChannelNotClosed(channelId);
    }

    /// @dev Which side `who` is; reverts if it is neither.
    function _isB(Channel storage c, address who) private view returns (bool) {
        if (who == c.a) return false;
        if (who == c.b) return true;
        revert NotParticipant(who);
    }

    /// @dev Books a cumulative withdraw on an open channel whose state word is
    /// s and returns the amount to pay. The sum of withdrawals can never pass
    /// the sum of deposits.
    function _applyWithdraw(Channel storage c, ChannelState s, bool isB, uint256 totalWithdraw)
        private
        returns (uint256 amount)
    {
        uint256 withdrawnA = s.withdrawnA();
        uint256 withdrawnB = s.withdrawnB();
        uint256 channelTotal = s.totalDeposit();
        uint256 previous = isB ? withdrawnB : withdrawnA;
        if (totalWithdraw <= previous) revert WithdrawNotIncreasing(previous, totalWithdraw);
        amount = totalWithdraw - previous;
        uint256 pot = channelTotal - withdrawnA - withdrawnB;
        if (amount > pot) revert WithdrawTooLarge(amount, pot);
        // Fits: totalWithdraw <= previous + pot <= channelTotal <= MAX_AMOUNT.
        c.state = isB
            ? ChannelStateLib.pack(withdrawnA, totalWithdraw, channelTotal, PHASE_OPEN)
            : ChannelStateLib.pack(totalWithdraw, withdrawnB, channelTotal, PHASE_OPEN);
    }

    function _checkBalanceProof(bytes32 channelId, BalanceProof calldata p) private view returns (bytes32) {
        if (p.channelId != channelId) revert WrongChannel(channelId, p.channelId);
        if (p.lockedAmount != 0 || p.locksRoot != 0) revert LocksUnsupported();
        return _hashTypedDataV4(
            ChannelHashing.balanceProofHash(p.channelId, p.nonce, p.transferredAmount, p.lockedAmount, p.locksRoot)
        );
    }

    /// @dev OpenZeppelin's ECDSA rejects malformed signatures, v outside
    /// {27, 28} and high s; every such case is BadSignature here.
    function _requireSigner(bytes32 digest, bytes calldata sig, address expected) private pure {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, sig);
        if (err != ECDSA.RecoverError.NoError) revert BadSignature();
        if (signer != expected) revert WrongSigner(expected, signer);
    }

    function _cooperativeSettle(
        bytes32 channelId,
        uint256 balanceA,
        uint256 balanceB,
        bytes calldata sigA,
        bytes calldata sigB
    ) private {
        (Channel storage c, ChannelState s) = _openChannel(channelId);
        uint256 pot = s.pot();
        if (balanceA > pot || balanceB != pot - balanceA) revert BalanceMismatch(pot, balanceA, balanceB);
        bytes32 digest = _hashTypedDataV4(ChannelHashing.cooperativeSettleHash(channelId, balanceA, balanceB));
        (address a, address b, address token) = (c.a, c.b, c.token);
        _requireSigner(digest, sigA, a);
        _requireSigner(digest, sigB, b);
        _retire(c, false);
        emit CooperativeSettled(channelId, balanceA, balanceB);
        _payout(token, a, balanceA);
        _payout(token, b, balanceB);
    }

    /// @dev Marks the channel settled and clears the rest of its storage for
    /// the refund. The closing-proof slots are only ever written after a close.
    function _retire(Channel storage c, bool wasClosed) private {
        c.depositA = 0;
        c.depositB = 0;
        c.state = ChannelStateLib.pack(0, 0, 0, PHASE_SETTLED);
        c.a = address(0);
        c.challengePeriod = 0;
        c.settleAfter = 0;
        c.b = address(0);
        c.closer = CLOSER_NONE;
        c.token = address(0);
        if (wasClosed) {
            c.nonceFromA = 0;
            c.transferredFromA = 0;
            c.nonceFromB = 0;
            c.transferredFromB = 0;
        }
    }

    /// @dev Pays or reverts: for withdraws and claims, whose recipient asked.
    function _send(address token, address to, uint256 amount) private {
        if (token == address(0)) {
            if (!_sendEther(to, amount)) revert EtherTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    /// @dev Pays or defers: for settles, where a failing recipient must not
    /// block its partner's payout.
    function _payout(address token, address to, uint256 amount) private {
        if (amount == 0) return;
        bool ok = token == address(0) ? _sendEther(to, amount) : IERC20(token).trySafeTransfer(to, amount);
        if (!ok) {
            deferredPayouts[token][to] += amount;
            emit PayoutDeferred(token, to, amount);
        }
    }

    /// @dev A plain call that copies no return data, so a recipient cannot
    /// make the caller pay for a huge revert message.
    function _sendEther(address to, uint256 amount) private returns (bool ok) {
        assembly ("memory-safe") {
            ok := call(gas(), to, amount, 0, 0, 0, 0)
        }
    }
}
