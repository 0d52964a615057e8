package channels

import (
	"fmt"

	"github.com/holiman/uint256"
)

// ValidateProof checks a proof that participant signer claims to have signed,
// in the order of docs/protocol.md. It does not change the channel: apply
// ProofAccepted once the proof is durable.
func (c *Channel) ValidateProof(signer int, sp *SignedBalanceProof) error {
	if err := checkIndex(signer); err != nil {
		return err
	}
	switch {
	case sp.ChainID != c.Params.ChainID:
		return fmt.Errorf("channel %s: %w: proof for chain %d, channel on %d", c.ID, ErrWrongChain, sp.ChainID, c.Params.ChainID)
	case sp.Contract != c.Params.Contract:
		return fmt.Errorf("channel %s: %w: proof for %s", c.ID, ErrWrongContract, sp.Contract)
	case sp.Proof.ChannelID != c.ID:
		return fmt.Errorf("channel %s: %w: proof for %s", c.ID, ErrWrongChannel, sp.Proof.ChannelID)
	case c.Phase != PhaseOpen:
		return fmt.Errorf("channel %s: %w: phase %s", c.ID, ErrChannelNotOpen, c.Phase)
	}
	if err := checkNoLocks(c.ID, &sp.Proof); err != nil {
		return err
	}
	// The channel's own domain, not the envelope's: a proof signed for
	// another chain or contract cannot verify here.
	d := c.Domain()
	if err := verifySigner(d.BalanceProofDigest(&sp.Proof), &sp.Signature, c.Params.Participants[signer]); err != nil {
		return fmt.Errorf("channel %s proof nonce %d: %w", c.ID, sp.Proof.Nonce, err)
	}
	return c.checkProofState(signer, &sp.Proof)
}

// checkProofState applies rules 6 to 8: nonce, monotonic amount, overspend.
func (c *Channel) checkProofState(signer int, p *BalanceProof) error {
	prev := &c.Proofs[signer].Proof
	if p.Nonce <= prev.Nonce {
		return fmt.Errorf("channel %s: %w: nonce %d after %d", c.ID, ErrNonceNotIncreasing, p.Nonce, prev.Nonce)
	}
	if p.TransferredAmount.Lt(&prev.TransferredAmount) {
		return fmt.Errorf("channel %s: %w: %s after %s", c.ID, ErrTransferredDecreasing, &p.TransferredAmount, &prev.TransferredAmount)
	}
	if err := checkNoLocks(c.ID, p); err != nil {
		return err
	}
	_, err := c.available(signer, &p.TransferredAmount, &p.LockedAmount, &c.Withdrawn[signer])
	return err
}

func checkNoLocks(id ChannelID, p *BalanceProof) error {
	if !p.LockedAmount.IsZero() || p.LocksRoot != ([32]byte{}) {
		return fmt.Errorf("channel %s: %w", id, ErrLocksUnsupported)
	}
	return nil
}

// NextProof builds the proof that pays amount more from participant signer
// at the given nonce, checking it as the partner will.
func (c *Channel) NextProof(signer int, amount *uint256.Int, nonce uint64) (BalanceProof, error) {
	if err := checkIndex(signer); err != nil {
		return BalanceProof{}, err
	}
	if c.Phase != PhaseOpen {
		return BalanceProof{}, fmt.Errorf("channel %s: %w: phase %s", c.ID, ErrChannelNotOpen, c.Phase)
	}
	p := BalanceProof{ChannelID: c.ID, Nonce: nonce}
	if _, o := p.TransferredAmount.AddOverflow(c.Transferred(signer), amount); o {
		return BalanceProof{}, fmt.Errorf("channel %s: %w", c.ID, ErrAmountOverflow)
	}
	if err := c.checkProofState(signer, &p); err != nil {
		return BalanceProof{}, err
	}
	return p, nil
}

// CheckWithdraw checks the state rules a partner applies before co-signing a
// withdraw: open channel, participant, increasing total, enough balance and
// an expiry after now (unix seconds).
func (c *Channel) CheckWithdraw(w *Withdraw, now uint64) error {
	i, err := c.checkWithdrawTerms(w, now)
	if err != nil {
		return err
	}
	if !w.TotalWithdraw.Gt(&c.Withdrawn[i]) {
		return fmt.Errorf("channel %s: %w: %s after %s", c.ID, ErrWithdrawNotIncreasing, &w.TotalWithdraw, &c.Withdrawn[i])
	}
	proof := &c.Proofs[i].Proof
	if _, err := c.available(i, &proof.TransferredAmount, &proof.LockedAmount, &w.TotalWithdraw); err != nil {
		return fmt.Errorf("channel %s: %w: %v", c.ID, ErrWithdrawTooLarge, err)
	}
	return nil
}

// CheckWithdrawRenewal checks the state rules for renewing a withdraw both
// sides count already: the participant's counted total, unchanged, with an
// expiry after now. It is how a withdraw that expired before the chain paid
// it gets paid after all. A renewal moves no balance, and the contract pays
// a participant's total at most once whichever copy it is sent, so there is
// nothing more to check.
func (c *Channel) CheckWithdrawRenewal(w *Withdraw, now uint64) error {
	i, err := c.checkWithdrawTerms(w, now)
	if err != nil {
		return err
	}
	if w.TotalWithdraw.IsZero() || w.TotalWithdraw != c.Withdrawn[i] {
		return fmt.Errorf("channel %s: %w: %s, counted %s", c.ID, ErrNotRenewal, &w.TotalWithdraw, &c.Withdrawn[i])
	}
	return nil
}

// checkWithdrawTerms checks what every withdraw must meet, new or renewed,
// and returns the participant's index.
func (c *Channel) checkWithdrawTerms(w *Withdraw, now uint64) (int, error) {
	if w.ChannelID != c.ID {
		return 0, fmt.Errorf("channel %s: %w: withdraw for %s", c.ID, ErrWrongChannel, w.ChannelID)
	}
	if c.Phase != PhaseOpen {
		return 0, fmt.Errorf("channel %s: %w: phase %s", c.ID, ErrChannelNotOpen, c.Phase)
	}
	i, err := c.Params.Index(w.Participant)
	if err != nil {
		return 0, fmt.Errorf("channel %s withdraw: %w", c.ID, err)
	}
	if now > w.Expiry {
		return 0, fmt.Errorf("channel %s: %w: expiry %d, now %d", c.ID, ErrWithdrawExpired, w.Expiry, now)
	}
	return i, nil
}

// ValidateWithdraw checks a co-signed withdraw: the state rules and the
// signatures. The participant's signature may be zero only when
// participantSends is true (the participant submits it on chain itself).
func (c *Channel) ValidateWithdraw(w *CoSignedWithdraw, now uint64, participantSends bool) error {
	if err := c.CheckWithdraw(&w.Withdraw, now); err != nil {
		return err
	}
	return c.verifyWithdrawSignatures(w, participantSends)
}

// ValidateWithdrawRenewal checks a co-signed renewal: the state rules of
// CheckWithdrawRenewal and both signatures.
func (c *Channel) ValidateWithdrawRenewal(w *CoSignedWithdraw, now uint64) error {
	if err := c.CheckWithdrawRenewal(&w.Withdraw, now); err != nil {
		return err
	}
	return c.verifyWithdrawSignatures(w, false)
}

func (c *Channel) verifyWithdrawSignatures(w *CoSignedWithdraw, participantSends bool) error {
	i, err := c.Params.Index(w.Withdraw.Participant)
	if err != nil {
		return fmt.Errorf("channel %s withdraw: %w", c.ID, err)
	}
	d := c.Domain()
	digest := d.WithdrawDigest(&w.Withdraw)
	if err := verifySigner(digest, &w.PartnerSig, c.Params.Participants[Partner(i)]); err != nil {
		return fmt.Errorf("channel %s withdraw partner signature: %w", c.ID, err)
	}
	if participantSends && w.ParticipantSig.IsZero() {
		return nil
	}
	if err := verifySigner(digest, &w.ParticipantSig, w.Withdraw.Participant); err != nil {
		return fmt.Errorf("channel %s withdraw participant signature: %w", c.ID, err)
	}
	return nil
}

// CheckCooperativeSettle checks that s pays out exactly the pot and gives
// each side its balance under the latest proofs. In a settling channel, a
// settle other than the kept one must also pay out a larger pot: the
// contract takes a settle only for the pot it was signed over, deposits
// never go down while the channel is open, and a settling channel co-signs
// no new withdraw, so deposits since the kept settle's signing are what
// make the balances grow, and they void the kept settle for good. (A
// withdraw paid on chain that we never counted lowers the balances: no
// replacement then.)
func (c *Channel) CheckCooperativeSettle(s *CooperativeSettle) error {
	if s.ChannelID != c.ID {
		return fmt.Errorf("channel %s: %w: settle for %s", c.ID, ErrWrongChannel, s.ChannelID)
	}
	if c.Phase != PhaseOpen && c.Phase != PhaseSettling {
		return fmt.Errorf("channel %s: %w: phase %s", c.ID, ErrChannelNotOpen, c.Phase)
	}
	want, err := c.Balances()
	if err != nil {
		return err
	}
	for i := range want {
		if !s.Balances[i].Eq(&want[i]) {
			return fmt.Errorf("channel %s: %w: participant %d gets %s, balance is %s", c.ID, ErrBalanceMismatch, i, &s.Balances[i], &want[i])
		}
	}
	if c.Phase == PhaseSettling && *s != c.Settle.Settle {
		// Balances, so the sums cannot overflow.
		kept, next := c.Settle.Settle.Pot(), s.Pot()
		if !next.Gt(&kept) {
			return fmt.Errorf("channel %s: %w: a settle replaces the kept one only over a larger pot (%s, kept %s)", c.ID, ErrIllegalTransition, &next, &kept)
		}
	}
	return nil
}

// ValidateCooperativeSettle checks a co-signed settle: balances and both signatures.
func (c *Channel) ValidateCooperativeSettle(s *CoSignedSettle) error {
	if err := c.CheckCooperativeSettle(&s.Settle); err != nil {
		return err
	}
	d := c.Domain()
	digest := d.CooperativeSettleDigest(&s.Settle)
	for i := range s.Signatures {
		if err := verifySigner(digest, &s.Signatures[i], c.Params.Participants[i]); err != nil {
			return fmt.Errorf("channel %s settle signature %d: %w", c.ID, i, err)
		}
	}
	return nil
}
