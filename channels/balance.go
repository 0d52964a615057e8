package channels

import (
	"fmt"

	"github.com/holiman/uint256"
)

// Transferred returns the cumulative amount participant i has sent.
func (c *Channel) Transferred(i int) *uint256.Int {
	return &c.Proofs[i].Proof.TransferredAmount
}

// Pot returns what the contract holds for the channel:
// deposit[A] + deposit[B] - withdrawn[A] - withdrawn[B].
func (c *Channel) Pot() (uint256.Int, error) {
	var in, out uint256.Int
	if _, o := in.AddOverflow(&c.Deposit[PartA], &c.Deposit[PartB]); o {
		return in, fmt.Errorf("channel %s pot: %w", c.ID, ErrAmountOverflow)
	}
	if _, o := out.AddOverflow(&c.Withdrawn[PartA], &c.Withdrawn[PartB]); o {
		return in, fmt.Errorf("channel %s pot: %w", c.ID, ErrAmountOverflow)
	}
	if out.Gt(&in) {
		return in, fmt.Errorf("channel %s pot: withdrawn %s exceeds deposits %s: %w", c.ID, &out, &in, ErrOverspend)
	}
	return *in.Sub(&in, &out), nil
}

// Available returns what participant i can still pay or withdraw:
// deposit - withdrawn + received - sent - locked. It fails with ErrOverspend
// where that is negative.
func (c *Channel) Available(i int) (uint256.Int, error) {
	return c.available(i, c.Transferred(i), &c.Proofs[i].Proof.LockedAmount, &c.Withdrawn[i])
}

// available computes the formula with the given outgoing figures, so that a
// candidate proof or withdraw can be checked before it is accepted.
func (c *Channel) available(i int, sent, locked, withdrawn *uint256.Int) (uint256.Int, error) {
	var in, out uint256.Int
	_, o1 := in.AddOverflow(&c.Deposit[i], c.Transferred(Partner(i)))
	_, o2 := out.AddOverflow(withdrawn, sent)
	_, o3 := out.AddOverflow(&out, locked)
	if o1 || o2 || o3 {
		return in, fmt.Errorf("channel %s participant %d: %w", c.ID, i, ErrAmountOverflow)
	}
	if out.Gt(&in) {
		return in, fmt.Errorf("channel %s participant %d: %w: owes %s, has %s", c.ID, i, ErrOverspend, &out, &in)
	}
	return *in.Sub(&in, &out), nil
}

// Balances returns what each side would be paid now: available plus locked.
func (c *Channel) Balances() ([2]uint256.Int, error) {
	var b [2]uint256.Int
	for i := range b {
		a, err := c.Available(i)
		if err != nil {
			return b, err
		}
		b[i].Add(&a, &c.Proofs[i].Proof.LockedAmount)
	}
	return b, nil
}

// CheckInvariant verifies balance[A] + balance[B] == pot.
func (c *Channel) CheckInvariant() error {
	b, err := c.Balances()
	if err != nil {
		return err
	}
	pot, err := c.Pot()
	if err != nil {
		return err
	}
	var sum uint256.Int
	if _, o := sum.AddOverflow(&b[PartA], &b[PartB]); o || !sum.Eq(&pot) {
		return fmt.Errorf("channel %s: balances %s + %s != pot %s", c.ID, &b[PartA], &b[PartB], &pot)
	}
	return nil
}
