package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

func testChannel(t testing.TB, counter uint64) (channels.Channel, [2]*channels.KeySigner) {
	t.Helper()
	var signers [2]*channels.KeySigner
	for i := range signers {
		k, err := crypto.ToECDSA(crypto.Keccak256([]byte{byte(i + 1)}))
		require.NoError(t, err)
		signers[i] = channels.NewKeySigner(k)
	}
	parts := channels.SortParticipants(signers[0].Address(), signers[1].Address())
	if parts[0] != signers[0].Address() {
		signers[0], signers[1] = signers[1], signers[0]
	}
	ch, err := channels.NewChannel(channels.Params{
		ChainID: 1337, Contract: common.HexToAddress("0xC0"), Participants: parts,
		Token: common.HexToAddress("0x70"), Counter: counter, ChallengePeriod: 60,
	})
	require.NoError(t, err)
	ch, err = ch.Apply(channels.Opened{})
	require.NoError(t, err)
	ch, err = ch.Apply(channels.Deposited{Participant: 0, Total: *uint256.NewInt(1_000_000)})
	require.NoError(t, err)
	return ch, signers
}

func pay(t testing.TB, ch channels.Channel, s *channels.KeySigner, nonce, amount uint64) channels.Channel {
	t.Helper()
	p, err := ch.NextProof(0, uint256.NewInt(amount), nonce)
	require.NoError(t, err)
	sp, err := channels.SignBalanceProof(ch.Domain(), p, s)
	require.NoError(t, err)
	next, err := ch.Apply(channels.ProofAccepted{Signer: 0, Proof: sp})
	require.NoError(t, err)
	return next
}

type opener func(t *testing.T, dir string) *Badger

var stores = map[string]opener{
	"disk": func(t *testing.T, dir string) *Badger {
		s, err := Open(dir)
		require.NoError(t, err)
		return s
	},
	"memory": func(t *testing.T, dir string) *Badger {
		s, err := Open(dir, InMemory())
		require.NoError(t, err)
		return s
	},
}

func TestStoreRoundTrip(t *testing.T) {
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, t.TempDir())
			defer s.Close()
			ch, signers := testChannel(t, 1)
			ch = pay(t, ch, signers[0], 1, 10)

			_, err := s.Channel(ctx, ch.ID)
			require.ErrorIs(t, err, ErrNotFound)

			w := channels.CoSignedWithdraw{Withdraw: channels.Withdraw{ChannelID: ch.ID, Participant: signers[1].Address(), TotalWithdraw: *uint256.NewInt(3), Expiry: 9}}
			require.NoError(t, s.Commit(ctx, Update{
				Channel:     &ch,
				Payments:    []Payment{{ChannelID: ch.ID, Direction: Sent, Nonce: 1, Amount: *uint256.NewInt(10), Reference: "toll-1", UnixNano: 42}},
				Withdraw:    &w,
				Reservation: &Reservation{ChannelID: ch.ID, Upto: 64},
				Meta:        map[string][]byte{"cursor": {7}},
			}))
			got, err := s.Channel(ctx, ch.ID)
			require.NoError(t, err)
			require.Equal(t, ch, got)
			all, err := s.Channels(ctx)
			require.NoError(t, err)
			require.Equal(t, []channels.Channel{ch}, all)
			pays, err := s.Payments(ctx, ch.ID, 0)
			require.NoError(t, err)
			require.Len(t, pays, 1)
			require.Equal(t, "toll-1", pays[0].Reference)
			require.Equal(t, uint64(10), pays[0].Amount.Uint64())
			gotW, err := s.Withdraw(ctx, ch.ID, signers[1].Address())
			require.NoError(t, err)
			require.Equal(t, w, gotW)
			upto, err := s.Reservation(ctx, ch.ID)
			require.NoError(t, err)
			require.Equal(t, uint64(64), upto)
			m, err := s.Meta(ctx, "cursor")
			require.NoError(t, err)
			require.Equal(t, []byte{7}, m)
		})
	}
}

func TestStoreRefusesRegress(t *testing.T) {
	ctx := context.Background()
	s := stores["memory"](t, "")
	defer s.Close()
	ch, signers := testChannel(t, 1)
	ch2 := pay(t, ch, signers[0], 2, 10)
	require.NoError(t, s.Commit(ctx, Update{Channel: &ch2, Reservation: &Reservation{ChannelID: ch.ID, Upto: 10}}))

	tests := map[string]Update{
		"older proof":               {Channel: &ch},
		"other proof, same nonce":   {Channel: ptr(pay(t, ch, signers[0], 2, 11))},
		"reservation backwards":     {Reservation: &Reservation{ChannelID: ch.ID, Upto: 9}},
		"oversized reference":       {Payments: []Payment{{ChannelID: ch.ID, Direction: Sent, Reference: string(make([]byte, MaxReferenceLen+1))}}},
		"payment without direction": {Payments: []Payment{{ChannelID: ch.ID}}},
		"too big for a transaction": {Payments: func() []Payment {
			pays := make([]Payment, 10000)
			for i := range pays {
				pays[i] = Payment{ChannelID: ch.ID, Direction: Sent, Nonce: uint64(i), Reference: string(make([]byte, MaxReferenceLen))}
			}
			return pays
		}()},
	}
	for name, u := range tests {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, s.Commit(ctx, u), ErrInvalidUpdate)
			got, err := s.Channel(ctx, ch.ID)
			require.NoError(t, err)
			require.Equal(t, ch2, got, "a refused update writes nothing")
		})
	}
	// Re-storing the same state is fine (idempotent).
	require.NoError(t, s.Commit(ctx, Update{Channel: &ch2}))
}

func ptr[T any](v T) *T { return &v }

func TestStoreCorruptRecord(t *testing.T) {
	ctx := context.Background()
	s := stores["memory"](t, "")
	defer s.Close()
	ch, _ := testChannel(t, 1)
	rec := encodeChannel(&ch)

	cases := map[string][]byte{
		"truncated":       rec[:len(rec)-1],
		"unknown version": append([]byte{9}, rec[1:]...),
		"bad phase":       func() []byte { b := append([]byte(nil), rec...); b[1+104] = 77; return b }(),
		"other channel":   func() []byte { b := append([]byte(nil), rec...); b[1+8+20+20+20+20] ^= 1; return b }(),
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			txn := s.db.NewTransaction(true)
			require.NoError(t, txn.Set(channelKey(ch.ID), raw))
			require.NoError(t, txn.Commit())
			_, err := s.Channel(ctx, ch.ID)
			require.ErrorIs(t, err, ErrCorrupt)
			require.Contains(t, err.Error(), ch.ID.String())
			_, err = s.Channels(ctx)
			require.ErrorIs(t, err, ErrCorrupt)
			// An update over a corrupt record is refused, not a panic.
			require.ErrorIs(t, s.Commit(ctx, Update{Channel: &ch}), ErrCorrupt)
		})
	}
}

// TestGroupCommitDurable commits from many goroutines, more than fit one
// transaction, reopens, and finds every update.
func TestGroupCommitDurable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := stores["disk"](t, dir)
	const writers, each = 16, 200
	ref := string(make([]byte, 100))
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch, _ := testChannel(t, uint64(w+1))
			for i := range each {
				pays := make([]Payment, 20)
				for j := range pays {
					pays[j] = Payment{ChannelID: ch.ID, Direction: Received, Nonce: uint64(i + 1), Index: uint16(j), Amount: *uint256.NewInt(1), Reference: ref}
				}
				if err := s.Commit(ctx, Update{Channel: &ch, Payments: pays, Reservation: &Reservation{ChannelID: ch.ID, Upto: uint64(i)}}); err != nil {
					panic(fmt.Sprintf("writer %d commit %d: %v", w, i, err))
				}
			}
		}()
	}
	wg.Wait()
	require.NoError(t, s.Close())
	require.ErrorIs(t, s.Commit(ctx, Update{}), ErrClosed)

	s = stores["disk"](t, dir)
	defer s.Close()
	all, err := s.Channels(ctx)
	require.NoError(t, err)
	require.Len(t, all, writers)
	for _, ch := range all {
		pays, err := s.Payments(ctx, ch.ID, 0)
		require.NoError(t, err)
		require.Len(t, pays, each*20)
		upto, err := s.Reservation(ctx, ch.ID)
		require.NoError(t, err)
		require.Equal(t, uint64(each-1), upto)
	}
}

func TestProofUpdateMergesIntoRecord(t *testing.T) {
	ctx := context.Background()
	s := stores["memory"](t, "")
	defer s.Close()
	ch, signers := testChannel(t, 1)
	sp := pay(t, ch, signers[0], 1, 10).Proofs[0]
	require.ErrorIs(t, s.Commit(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: sp}}), ErrNotFound)

	require.NoError(t, s.Commit(ctx, Update{Channel: &ch}))
	require.NoError(t, s.Commit(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: sp}}))
	got, err := s.Channel(ctx, ch.ID)
	require.NoError(t, err)
	require.Equal(t, sp, got.Proofs[0])
	require.Equal(t, ch.Deposit, got.Deposit, "the rest of the record is kept")

	sp2 := pay(t, got, signers[0], 2, 5).Proofs[0]
	require.NoError(t, s.Commit(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: sp2}}))
	require.ErrorIs(t, s.Commit(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: sp}}), ErrInvalidUpdate, "no going back")
	require.ErrorIs(t, s.Commit(ctx, Update{Proof: &ProofUpdate{Signer: 2, Proof: sp}}), ErrInvalidUpdate)
}

// TestReadSeesCommit: the committer answers a group before badger holds
// it, so a read started once Commit returned must still see the commit.
func TestReadSeesCommit(t *testing.T) {
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, t.TempDir())
			defer s.Close()
			const writers, each = 4, 300
			var wg sync.WaitGroup
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ch, _ := testChannel(t, uint64(w+1))
					key := fmt.Sprintf("writer-%d", w)
					for i := 1; i <= each; i++ {
						value := []byte(fmt.Sprint(i))
						pay := Payment{ChannelID: ch.ID, Direction: Received, Nonce: uint64(i), Amount: *uint256.NewInt(1)}
						if err := s.Commit(ctx, Update{Payments: []Payment{pay}, Meta: map[string][]byte{key: value}}); err != nil {
							t.Errorf("writer %d commit %d: %v", w, i, err)
							return
						}
						got, err := s.Meta(ctx, key)
						if err != nil || string(got) != string(value) {
							t.Errorf("writer %d after commit %d: meta %q, %v", w, i, got, err)
							return
						}
						newest, err := s.NewestPayments(ctx, ch.ID, Received, 1)
						if err != nil || len(newest) != 1 || newest[0].Nonce != uint64(i) {
							t.Errorf("writer %d after commit %d: newest payment %+v, %v", w, i, newest, err)
							return
						}
					}
				}()
			}
			wg.Wait()
		})
	}
}
