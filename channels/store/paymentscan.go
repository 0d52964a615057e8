package store

import (
	"bytes"
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/meshpay/meshpay/channels"
)

// ScanPayments calls f with every payment of channel id, sent ones first,
// each direction by nonce. It holds one payment at a time, so a history of
// millions of payments can be summed on a small device; an error from f
// stops the scan and is returned.
func (s *Badger) ScanPayments(ctx context.Context, id channels.ChannelID, f func(*Payment) error) error {
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: paymentPrefix(id), PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var p Payment
			err := it.Item().Value(func(v []byte) error {
				var err error
				p, err = decodePayment(it.Item().Key(), v)
				return err
			})
			if err == nil {
				err = f(&p)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("scan payments %s: %w", id, err)
	}
	return nil
}

// NewestPayments returns the channel's payments in direction dir with the
// highest nonces, newest first, at most limit (limit <= 0: all). It reads
// only what it returns.
func (s *Badger) NewestPayments(ctx context.Context, id channels.ChannelID, dir Direction, limit int) ([]Payment, error) {
	out, err := s.listPayments(ctx, append(paymentPrefix(id), byte(dir)), true, limit)
	if err != nil {
		return nil, fmt.Errorf("list newest payments %s: %w", id, err)
	}
	return out, nil
}

// listPayments reads up to limit payments (limit <= 0: all) under prefix,
// in key order or, with reverse, from the last key back.
func (s *Badger) listPayments(ctx context.Context, prefix []byte, reverse bool, limit int) ([]Payment, error) {
	var out []Payment
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: reverse, PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		seek := prefix
		if reverse {
			// One past every key under prefix: longer than any, all 0xff.
			seek = append(append([]byte(nil), prefix...), bytes.Repeat([]byte{0xff}, 1+32+1+8+2)...)
		}
		for it.Seek(seek); it.Valid() && (limit <= 0 || len(out) < limit); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			err := it.Item().Value(func(v []byte) error {
				p, err := decodePayment(it.Item().Key(), v)
				out = append(out, p)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
