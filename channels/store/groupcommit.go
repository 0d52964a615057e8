package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/meshpay/meshpay/channels"
)

type commitRequest struct {
	update Update
	done   chan error
}

type entry struct{ key, value []byte }

// runCommitter is the group-commit loop: it takes every update queued while
// the previous group was syncing, writes them in as few transactions as fit,
// syncs once, and then answers each caller.
func (s *Badger) runCommitter(max int) {
	defer s.wg.Done()
	group := make([]*commitRequest, 0, max)
	for {
		select {
		case req := <-s.commits:
			group = append(group[:0], req)
		case <-s.stop:
			// Close stopped new senders before closing stop; finish
			// whatever is still queued.
			for {
				select {
				case req := <-s.commits:
					s.commitGroup([]*commitRequest{req})
				default:
					return
				}
			}
		}
	fill:
		for len(group) < max {
			select {
			case req := <-s.commits:
				group = append(group, req)
			default:
				break fill
			}
		}
		s.commitGroup(group)
	}
}

func (s *Badger) commitGroup(group []*commitRequest) {
	results := make([]error, len(group))
	maxCount, maxSize := s.db.MaxBatchCount()/2, s.db.MaxBatchSize()/2
	txn := s.db.NewTransaction(true)
	var count, size int64
	pending := make([]int, 0, len(group)) // requests written into txn

	flush := func() error {
		err := txn.Commit()
		if err != nil {
			for _, i := range pending {
				results[i] = fmt.Errorf("commit: %w", err)
			}
		}
		pending, count, size = pending[:0], 0, 0
		txn = s.db.NewTransaction(true)
		return err
	}

	for i, req := range group {
		entries, err := s.prepare(txn, &req.update)
		if err != nil {
			results[i] = err
			continue
		}
		var n int64
		for _, e := range entries {
			n += int64(len(e.key) + len(e.value) + 32)
		}
		if len(pending) > 0 && (count+int64(len(entries)) > maxCount || size+n > maxSize) {
			_ = flush() // its failures are reported to its own requests
			// prepare read through the old txn: check again against
			// what actually committed.
			if entries, err = s.prepare(txn, &req.update); err != nil {
				results[i] = err
				continue
			}
		}
		if err := setAll(txn, entries); err != nil {
			// The txn now holds part of this request: drop it all.
			txn.Discard()
			for _, j := range pending {
				results[j] = fmt.Errorf("write: %w", err)
			}
			results[i] = fmt.Errorf("write: %w", err)
			pending, count, size = pending[:0], 0, 0
			txn = s.db.NewTransaction(true)
			continue
		}
		pending = append(pending, i)
		count += int64(len(entries))
		size += n
	}
	if len(pending) > 0 {
		_ = flush()
	} else {
		txn.Discard()
	}
	// One sync makes every transaction of the group durable.
	if err := s.db.Sync(); err != nil {
		for i := range results {
			if results[i] == nil {
				results[i] = fmt.Errorf("sync: %w", err)
			}
		}
	}
	for i, req := range group {
		req.done <- results[i]
	}
}

func setAll(txn *badger.Txn, entries []entry) error {
	for _, e := range entries {
		if err := txn.Set(e.key, e.value); err != nil {
			return err
		}
	}
	return nil
}

// prepare checks u against what txn sees and returns the writes it makes.
// It writes nothing, so a refused update leaves no trace.
func (s *Badger) prepare(txn *badger.Txn, u *Update) ([]entry, error) {
	entries := make([]entry, 0, 3+len(u.Payments)+len(u.Meta))
	if c := u.Channel; c != nil {
		old, found, err := loadChannel(txn, c.ID)
		if err != nil {
			return nil, err
		}
		if found {
			if err := checkProofsMonotonic(&old, c); err != nil {
				return nil, err
			}
		}
		entries = append(entries, entry{channelKey(c.ID), encodeChannel(c)})
	}
	if pu := u.Proof; pu != nil {
		if u.Channel != nil || (pu.Signer != channels.PartA && pu.Signer != channels.PartB) {
			return nil, fmt.Errorf("channel %s: %w: proof update for signer %d", pu.Proof.Proof.ChannelID, ErrInvalidUpdate, pu.Signer)
		}
		id := pu.Proof.Proof.ChannelID
		c, found, err := loadChannel(txn, id)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, fmt.Errorf("channel %s proof: %w", id, ErrNotFound)
		}
		next := c
		next.Proofs[pu.Signer] = pu.Proof
		if err := checkProofsMonotonic(&c, &next); err != nil {
			return nil, err
		}
		entries = append(entries, entry{channelKey(id), encodeChannel(&next)})
	}
	if r := u.Reservation; r != nil {
		old, err := loadReservation(txn, r.ChannelID)
		if err != nil {
			return nil, err
		}
		if r.Upto < old {
			return nil, fmt.Errorf("channel %s: %w: reservation %d below %d", r.ChannelID, ErrInvalidUpdate, r.Upto, old)
		}
		entries = append(entries, entry{reservationKey(r.ChannelID), binary.BigEndian.AppendUint64(nil, r.Upto)})
	}
	if w := u.Withdraw; w != nil {
		v, _ := w.MarshalBinary()
		entries = append(entries, entry{withdrawKey(w.Withdraw.ChannelID, w.Withdraw.Participant), v})
	}
	for i := range u.Payments {
		p := &u.Payments[i]
		entries = append(entries, entry{paymentKey(p), encodePayment(p)})
	}
	for name, v := range u.Meta {
		entries = append(entries, entry{metaKey(name), v})
	}
	return entries, nil
}

// checkProofsMonotonic refuses to store a state whose proofs go back, or
// that holds a different proof under a nonce already stored: the last line
// of defence against signing or accepting two states for one nonce.
func checkProofsMonotonic(old, next *channels.Channel) error {
	for i := range old.Proofs {
		o, n := &old.Proofs[i], &next.Proofs[i]
		switch {
		case n.Proof.Nonce < o.Proof.Nonce:
			return fmt.Errorf("channel %s: %w: proof %d nonce %d below stored %d", next.ID, ErrInvalidUpdate, i, n.Proof.Nonce, o.Proof.Nonce)
		case n.Proof.Nonce == o.Proof.Nonce && *n != *o:
			return fmt.Errorf("channel %s: %w: a different proof %d for stored nonce %d", next.ID, ErrInvalidUpdate, i, n.Proof.Nonce)
		}
	}
	return nil
}

func loadChannel(txn *badger.Txn, id channels.ChannelID) (channels.Channel, bool, error) {
	item, err := txn.Get(channelKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return channels.Channel{}, false, nil
	}
	if err != nil {
		return channels.Channel{}, false, fmt.Errorf("channel %s: %w", id, err)
	}
	var c channels.Channel
	err = item.Value(func(v []byte) error {
		c, err = decodeChannel(id, v)
		return err
	})
	return c, err == nil, err
}

func loadReservation(txn *badger.Txn, id channels.ChannelID) (uint64, error) {
	item, err := txn.Get(reservationKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("channel %s reservation: %w", id, err)
	}
	var upto uint64
	err = item.Value(func(v []byte) error {
		upto, err = decodeReservation(id, v)
		return err
	})
	return upto, err
}
