package metering_test

import (
	"context"
	"crypto/ecdsa"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-msgio/pbio"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/metering/pb"
	"github.com/meshpay/meshpay/node/offers"
)

// mallory is a seller that speaks the session protocol by hand, to send
// the records an honest Seller never would. It runs on the stream
// handler's goroutine, so it checks with assert, not require.
type mallory struct {
	t     *testing.T
	st    network.Stream
	r     pbio.Reader
	w     pbio.Writer
	key   *ecdsa.PrivateKey
	start *pb.Start
	buyer channels.Address
	price uint256.Int
	seq   uint64
}

// withMallory starts devices carIdx and malIdx, opens a channel from the
// car to Mallory's device, and returns both with the channel and Mallory's
// key, for a stream handler of her own.
func withMallory(t *testing.T, ctx context.Context, carIdx, malIdx int) (car, mal *device, ch channels.Channel, malKey *ecdsa.PrivateKey) {
	t.Helper()
	car, mal = newDevice(t, carIdx), newDevice(t, malIdx)
	deposit := gwei(1_000_000)
	ch = car.OpenChannel(ctx, mal, &deposit, challengePeriod)
	malKey, err := devnet.DeviceKey(malIdx)
	require.NoError(t, err)
	return car, mal, ch, malKey
}

// newMallory reads the buyer's Start from st and returns Mallory's end of
// the session, or nil if the buyer sent no Start.
func newMallory(t *testing.T, st network.Stream, key *ecdsa.PrivateKey, price uint256.Int) *mallory {
	m := &mallory{t: t, st: st, r: pbio.NewDelimitedReader(st, metering.MaxMessageSize), w: pbio.NewDelimitedWriter(st), key: key, price: price}
	var msg pb.Message
	if m.r.ReadMsg(&msg) != nil || msg.GetStart() == nil {
		return nil
	}
	m.start = msg.GetStart()
	m.buyer, _ = identity.AddressOf(st.Conn().RemotePeer())
	return m
}

// accept accepts the session and reports whether the answer went out.
func (m *mallory) accept() bool {
	return m.w.WriteMsg(&pb.Message{Body: &pb.Message_Accept{Accept: &pb.Accept{SessionId: m.start.GetSessionId()}}}) == nil
}

// send signs and sends a record of the cumulative units; edit may change
// the record first, and key, if set, signs instead of Mallory's key.
func (m *mallory) send(units uint64, edit func(*metering.UsageRecord), key *ecdsa.PrivateKey) {
	m.t.Helper()
	m.seq++
	var id metering.SessionID
	copy(id[:], m.start.GetSessionId())
	var ch channels.ChannelID
	copy(ch[:], m.start.GetChannelId())
	r := metering.UsageRecord{
		SessionID: id, Seller: crypto.PubkeyToAddress(m.key.PublicKey), Buyer: m.buyer, ChannelID: ch,
		Service: m.start.GetService(), Unit: m.start.GetUnit(), PricePerUnit: m.price,
		Seq: m.seq, Units: units, Due: mul(m.price, units), Time: time.Now(),
	}
	if edit != nil {
		edit(&r)
	}
	if key == nil {
		key = m.key
	}
	su, err := metering.SignUsage(&r, key)
	if assert.NoError(m.t, err) {
		assert.NoError(m.t, m.w.WriteMsg(&pb.Message{Body: &pb.Message_Usage{Usage: &pb.SignedUsage{Record: su.Record, Signature: su.Signature}}}))
	}
}

// stopped reads until the buyer's Stop and returns its reason.
func (m *mallory) stopped() pb.Reason {
	m.t.Helper()
	_ = m.st.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var msg pb.Message
		if !assert.NoError(m.t, m.r.ReadMsg(&msg)) {
			return pb.Reason_REASON_UNSPECIFIED
		}
		if s := msg.GetStop(); s != nil {
			return s.GetReason()
		}
	}
}

// TestBuyerRefusesBadRecords drives a buyer against Mallory: a record at
// a raised price, a record signed by another key, units that go down, a
// record for another session and usage beyond the buyer's limit. The
// buyer pays nothing for a refused record, tells the seller why, and ends
// the session with the matching error.
func TestBuyerRefusesBadRecords(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	car, mal, ch, malKey := withMallory(t, ctx, 4, 5)
	forger, err := crypto.GenerateKey()
	require.NoError(t, err)
	price := gwei(10)

	// paidSoFar waits until Mallory holds total on the channel.
	paidSoFar := func(t *testing.T, total uint256.Int) {
		t.Helper()
		assert.Eventually(t, func() bool {
			got, err := mal.Node.Engine().Channel(ch.ID)
			if err != nil {
				return false
			}
			self, err := got.Params.Index(mal.Addr())
			return err == nil && *got.Transferred(channels.Partner(self)) == total
		}, 10*time.Second, 10*time.Millisecond)
	}
	type run struct {
		t      *testing.T
		script func(*mallory)
	}
	var current atomic.Pointer[run]
	mal.Node.Host().SetStreamHandler(metering.ProtocolID, func(st network.Stream) {
		defer st.Close()
		cur := current.Load()
		if m := newMallory(cur.t, st, malKey, price); m != nil && m.accept() {
			cur.script(m)
		}
	})
	offer := offers.Offer{
		Service: "data", Unit: "MB", PricePerUnit: price, Seller: mal.Addr(), PeerID: mal.Node.PeerID(),
		Expiry: uint64(time.Now().Add(time.Hour).Unix()),
	}
	buyer, err := metering.NewBuyer(ctx, car.Node, metering.BuyerConfig{Logger: testLogger(t), EndTimeout: 3 * time.Second})
	require.NoError(t, err)

	var total uint256.Int
	cases := []struct {
		name      string
		limits    metering.Limits
		script    func(*mallory)
		want      error
		paidUnits uint64
	}{{
		name: "price raised",
		script: func(m *mallory) {
			m.send(1, nil, nil)
			paidSoFar(m.t, *new(uint256.Int).Add(&total, &price))
			m.send(2, func(r *metering.UsageRecord) {
				r.PricePerUnit = gwei(20)
				r.Due = mul(r.PricePerUnit, 2)
			}, nil)
			assert.Equal(m.t, pb.Reason_REASON_PRICE_CHANGED, m.stopped())
		},
		want: metering.ErrPriceChanged, paidUnits: 1,
	}, {
		name: "forged record",
		script: func(m *mallory) {
			m.send(3, nil, forger)
			assert.Equal(m.t, pb.Reason_REASON_BAD_RECORD, m.stopped())
		},
		want: metering.ErrWrongSigner,
	}, {
		name: "units go down",
		script: func(m *mallory) {
			m.send(3, nil, nil)
			paidSoFar(m.t, *new(uint256.Int).Add(&total, mulPtr(price, 3)))
			m.send(2, nil, nil)
			assert.Equal(m.t, pb.Reason_REASON_BAD_RECORD, m.stopped())
		},
		want: metering.ErrBadRecord, paidUnits: 3,
	}, {
		name: "another session",
		script: func(m *mallory) {
			m.send(1, func(r *metering.UsageRecord) { r.SessionID[0] ^= 1 }, nil)
			assert.Equal(m.t, pb.Reason_REASON_BAD_RECORD, m.stopped())
		},
		want: metering.ErrBadRecord,
	}, {
		name: "due is not units times price",
		script: func(m *mallory) {
			m.send(1, func(r *metering.UsageRecord) { r.Due = gwei(11) }, nil)
			assert.Equal(m.t, pb.Reason_REASON_BAD_RECORD, m.stopped())
		},
		want: metering.ErrBadRecord,
	}, {
		name:   "beyond the limit",
		limits: metering.Limits{MaxUnits: 3},
		script: func(m *mallory) {
			m.send(5, nil, nil)
			assert.Equal(m.t, pb.Reason_REASON_LIMIT_REACHED, m.stopped())
			m.send(5, func(r *metering.UsageRecord) {
				r.Final, r.Reason = true, metering.ReasonLimitReached
			}, nil)
		},
		want: metering.ErrLimitExceeded, paidUnits: 3,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			current.Store(&run{t: t, script: c.script})
			c.limits.ChannelID = ch.ID
			sess, err := buyer.Buy(ctx, offer, c.limits)
			require.NoError(t, err)
			r, err := sess.Wait(ctx)
			require.ErrorIs(t, err, c.want)
			require.Equal(t, mul(price, c.paidUnits), r.Paid)
			total.Add(&total, &r.Paid)
			paidSoFar(t, total)
		})
	}
}

// TestBuyEndsDuringStart ends the buyer's context while the seller is
// answering Start. A session the seller accepts after that still starts
// and ends at once and cleanly, so the buyer keeps a receipt as the seller
// does; a refusal is still ErrRefused; a seller that never answers costs
// the buyer EndTimeout, not StartTimeout.
func TestBuyEndsDuringStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	car, mal, ch, malKey := withMallory(t, ctx, 10, 11)
	price := gwei(10)

	type run struct {
		t *testing.T
		// cancelBuy ends the buyer's context once Start arrived.
		cancelBuy context.CancelFunc
		answer    func(*mallory)
		done      chan struct{}
	}
	var current atomic.Pointer[run]
	mal.Node.Host().SetStreamHandler(metering.ProtocolID, func(st network.Stream) {
		defer st.Close()
		cur := current.Load()
		defer close(cur.done)
		m := newMallory(cur.t, st, malKey, price)
		if !assert.NotNil(cur.t, m, "no Start") {
			return
		}
		cur.cancelBuy()
		// Give the buyer's context time to be seen as ended before the
		// answer goes out.
		time.Sleep(300 * time.Millisecond)
		cur.answer(m)
	})
	offer := offers.Offer{
		Service: "data", Unit: "MB", PricePerUnit: price, Seller: mal.Addr(), PeerID: mal.Node.PeerID(),
		Expiry: uint64(time.Now().Add(time.Hour).Unix()),
	}
	buyer, err := metering.NewBuyer(ctx, car.Node, metering.BuyerConfig{
		Logger: testLogger(t), StartTimeout: time.Minute, EndTimeout: 2 * time.Second,
	})
	require.NoError(t, err)

	// begin sets the seller's answer for one subtest and returns the
	// buyer's context, which the seller ends once Start arrived.
	begin := func(t *testing.T, answer func(*mallory)) context.Context {
		buyCtx, cancelBuy := context.WithCancel(ctx)
		cur := &run{t: t, cancelBuy: cancelBuy, answer: answer, done: make(chan struct{})}
		current.Store(cur)
		t.Cleanup(func() {
			cancelBuy()
			<-cur.done // the handler checks with t
		})
		return buyCtx
	}

	t.Run("accepted", func(t *testing.T) {
		buyCtx := begin(t, func(m *mallory) {
			if !assert.True(m.t, m.accept()) {
				return
			}
			if assert.Equal(m.t, pb.Reason_REASON_BUYER_ENDED, m.stopped(), "the buyer stops the session") {
				m.send(0, func(r *metering.UsageRecord) { r.Final, r.Reason = true, metering.ReasonBuyerEnded }, nil)
			}
		})
		sess, err := buyer.Buy(buyCtx, offer, metering.Limits{ChannelID: ch.ID})
		require.NoError(t, err, "the seller accepted")
		r, err := sess.Wait(ctx)
		require.NoError(t, err, "the session ends with the seller's final record")
		require.Equal(t, metering.ReasonBuyerEnded, r.Reason)
		require.NotNil(t, r.Final)
		require.True(t, r.Paid.IsZero())
		ids := []metering.SessionID{}
		for _, kept := range buyer.Receipts() {
			ids = append(ids, kept.SessionID)
		}
		require.Contains(t, ids, sess.ID(), "the buyer keeps the receipt")
	})
	t.Run("refused", func(t *testing.T) {
		buyCtx := begin(t, func(m *mallory) {
			_ = m.w.WriteMsg(&pb.Message{Body: &pb.Message_Stop{Stop: &pb.Stop{Reason: pb.Reason_REASON_REFUSED, Detail: "closed"}}})
		})
		_, err := buyer.Buy(buyCtx, offer, metering.Limits{ChannelID: ch.ID})
		require.ErrorIs(t, err, metering.ErrRefused)
	})
	t.Run("no answer", func(t *testing.T) {
		release := make(chan struct{})
		buyCtx := begin(t, func(*mallory) { <-release })
		defer close(release)
		// Well below StartTimeout: only the shortened wait lets Buy
		// return in time.
		waitCtx, stopWait := context.WithTimeout(ctx, 20*time.Second)
		defer stopWait()
		errc := make(chan error, 1)
		go func() {
			_, err := buyer.Buy(buyCtx, offer, metering.Limits{ChannelID: ch.ID})
			errc <- err
		}()
		select {
		case err := <-errc:
			require.ErrorIs(t, err, context.Canceled)
		case <-waitCtx.Done():
			t.Fatal("Buy waited for StartTimeout after its context ended")
		}
	})
}
