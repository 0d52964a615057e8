package store

import (
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
	prefix := append(paymentPrefix(id), byte(dir))
	// Reverse iteration seeks to the last key of the prefix: one past
	// every nonce and index.
	seek := append(append([]byte(nil), prefix...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	var out []Payment
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: true, PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
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
	if err != nil {
		return nil, fmt.Errorf("list newest payments %s: %w", id, err)
	}
	return out, nil
}
