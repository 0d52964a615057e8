package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"

	"github.com/dgraph-io/badger/v4"

	"github.com/meshpay/meshpay/channels"
)

type commitRequest struct {
	update Update
	// done is closed once err holds the outcome.
	done chan struct{}
	err  error
	// written, if not nil, hears once the update is in the journal but
	// not yet synced (CommitStaged); done still tells the outcome.
	written chan error
	told    bool // written has heard; owned by the committer
}

func newCommitRequest(u Update, staged bool) *commitRequest {
	r := &commitRequest{update: u, done: make(chan struct{})}
	if staged {
		r.written = make(chan error, 1)
	}
	return r
}

// wait returns the request's outcome, or ctx's error if ctx ends first. It
// may be called any number of times.
func (r *commitRequest) wait(ctx context.Context) error {
	select {
	case <-r.done:
		return r.err
	default:
	}
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// answer tells the request its outcome, and first that it is written if
// it asked and has not heard yet.
func (r *commitRequest) answer(err error) {
	r.tellWritten(err)
	r.err = err
	close(r.done)
}

func (r *commitRequest) tellWritten(err error) {
	if r.written != nil && !r.told {
		r.written <- err
		r.told = true
	}
}

type entry struct {
	key, value []byte
	// behind marks a write that may stay in the write-behind map (see
	// Badger.behind) instead of going to badger at once.
	behind bool
}

// runCommitter is the group-commit loop: it takes every update queued while
// the previous group was syncing and commits them together (commitGroup).
func (s *Badger) runCommitter(max int) {
	defer s.wg.Done()
	group := make([]*commitRequest, 0, max)
	for {
		var req *commitRequest
		select {
		case req = <-s.commits:
			s.woke = false
		default:
			s.woke = true
			select {
			case req = <-s.commits:
			case <-s.stop:
				// Close stopped new senders before closing stop;
				// finish whatever is still queued.
				for {
					select {
					case req := <-s.commits:
						s.commitGroup([]*commitRequest{req})
					default:
						return
					}
				}
			}
		}
		group = append(group[:0], req)
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

// maxRecordSize bounds one journal record. A group whose writes would
// exceed it is split into several records, each with its own sync.
const maxRecordSize = 4 << 20

// commitGroup commits a group: it checks each update against the state the
// updates before it leave, journals what passed as one record (one
// fdatasync), applies it to badger and answers each caller.
func (s *Badger) commitGroup(group []*commitRequest) {
	for len(group) > 0 {
		group = group[s.commitBatch(group):]
	}
	if len(s.behind) > maxBehind && s.failed == nil {
		if err := s.flushBehind(); err != nil {
			s.fail(err)
		}
	}
	if err := s.checkpoint(); err != nil && s.failed == nil {
		s.fail(err)
	}
}

// groupWrites is what a group of updates writes, merged: the latest value
// of each key, in order of first write. Later updates of the group read
// through it.
type groupWrites struct {
	latest map[string][]byte
	order  []string
}

func (w *groupWrites) add(entries []entry) {
	for _, e := range entries {
		k := string(e.key)
		if _, ok := w.latest[k]; !ok {
			w.order = append(w.order, k)
		}
		w.latest[k] = e.value
	}
}

// commitBatch commits a prefix of group as one journal record and returns
// how many requests it answered.
func (s *Badger) commitBatch(group []*commitRequest) int {
	if s.failed != nil {
		for _, req := range group {
			req.answer(s.failed)
		}
		return len(group)
	}
	maxCount, maxSize := s.db.MaxBatchCount()/2, s.db.MaxBatchSize()/2
	results := make([]error, len(group))
	prepared := make([][]entry, len(group))
	w := &groupWrites{latest: map[string][]byte{}}
	snap := s.db.NewTransaction(false)
	v := &view{txn: snap, pending: w.latest, behind: s.behind}
	n, size := 0, 0
	for ; n < len(group); n++ {
		entries, err := s.prepare(v, &group[n].update)
		if err != nil {
			results[n] = err
			continue
		}
		es := 0 // as badger estimates it; more than the journal needs
		for _, e := range entries {
			es += len(e.key) + len(e.value) + 32
		}
		if int64(len(entries)) > maxCount || int64(es) > maxSize {
			// Too big for one badger transaction: refuse it before it
			// reaches the journal. This also keeps every value below
			// badger's value threshold, out of its value log (see
			// checkpoint).
			results[n] = fmt.Errorf("%w: update of %d writes and %d bytes, at most %d and %d", ErrInvalidUpdate, len(entries), es, maxCount, maxSize)
			continue
		}
		if size > 0 && size+es > maxRecordSize {
			break // to the next record
		}
		w.add(entries)
		prepared[n] = entries
		size += es
	}
	snap.Discard()
	group, results = group[:n], results[:n]

	var ok []int
	for i := range group {
		if results[i] == nil {
			ok = append(ok, i)
		}
	}
	if len(ok) > 0 {
		err := s.writeRecord(w)
		if err == nil {
			staged := false
			for _, i := range ok {
				staged = staged || group[i].written != nil
				group[i].tellWritten(nil)
			}
			if staged && s.woke {
				// Telling a staged caller readies it on this P, and the
				// fdatasync below would hold the P until the runtime
				// takes it back (20 µs to 10 ms later): yield first, so
				// the caller sends its proof while we sync. Only after
				// waiting for work: under load the other P takes the
				// caller soon enough, and yielding would only put the
				// sync, and every ack waiting on it, behind other work.
				runtime.Gosched()
			}
			err = s.syncRecord()
		}
		if err == nil {
			err = s.apply(prepared, ok, maxCount, maxSize)
		}
		if err != nil {
			// The journal or badger is in a state we cannot reason
			// about: stop, and let Open replay the journal.
			s.fail(err)
			for _, i := range ok {
				results[i] = s.failed
			}
		}
	}
	for i, req := range group {
		req.answer(results[i])
	}
	return n
}

// fail stops the store accepting commits after a write it could not
// complete: whether the journal record or badger holds the group is
// unknown, so every later commit would build on a guess. Reads still
// work; Open after Close replays the journal.
func (s *Badger) fail(err error) {
	s.failed = fmt.Errorf("%w: %w", ErrFailed, err)
}

// writeRecord appends the group's writes to the journal as one record,
// not yet synced (syncRecord). Stores without a journal (in memory) have
// nothing to do.
func (s *Badger) writeRecord(w *groupWrites) error {
	if s.journal == nil {
		return nil
	}
	rec := append(s.recBuf[:0], make([]byte, recordHeaderSize)...)
	for _, k := range w.order {
		rec = appendOp(rec, opSet, []byte(k), w.latest[k])
	}
	if cap(rec) <= 1<<20 {
		s.recBuf = rec // reused, unless a burst made it big
	}
	if framed := (len(rec) + 7) &^ 7; !s.journal.fits(framed) {
		if err := s.rotate(framed); err != nil {
			return err
		}
	}
	// The checksum covers the seq of the file the record goes into.
	rec = frameRecord(s.journal.seq, rec)
	if err := s.journal.write(rec); err != nil {
		return err
	}
	s.sinceCheck += int64(len(rec))
	return nil
}

// syncRecord makes the record writeRecord wrote durable.
func (s *Badger) syncRecord() error {
	if s.journal == nil {
		return nil
	}
	return s.journal.sync()
}

// apply writes the journaled group to badger, without syncing. Each
// update's writes go into one transaction, so a reader sees all of an
// update or none of it; small updates share transactions.
//
// A proof update rewrites its channel's whole record, about 1 KB per
// payment. Those writes stay in the write-behind map instead, where the
// next proof replaces them; badger gets each channel's latest record only
// at the next journal rotation (flushBehind), so a stream of payments
// fills badger's memtables, and has them flushed to disk, several times
// less often. The journal holds every record until then.
func (s *Badger) apply(prepared [][]entry, ok []int, maxCount, maxSize int64) error {
	txn := s.db.NewTransaction(true)
	defer func() { txn.Discard() }()
	var toBehind map[string][]byte
	var cleared []string
	var count, size int64
	for _, i := range ok {
		var direct []entry
		for _, e := range prepared[i] {
			k := string(e.key)
			if e.behind && s.journal != nil {
				if toBehind == nil {
					toBehind = map[string][]byte{}
				}
				toBehind[k] = e.value
				continue
			}
			if _, ok := toBehind[k]; ok {
				delete(toBehind, k)
			}
			if _, ok := s.behind[k]; ok {
				cleared = append(cleared, k)
			}
			direct = append(direct, e)
		}
		var n int64
		for _, e := range direct {
			n += int64(len(e.key) + len(e.value) + 32)
		}
		if count > 0 && (count+int64(len(direct)) > maxCount || size+n > maxSize) {
			if err := txn.Commit(); err != nil {
				return fmt.Errorf("apply: %w", err)
			}
			txn = s.db.NewTransaction(true)
			count, size = 0, 0
		}
		if err := setAll(txn, direct); err != nil {
			return fmt.Errorf("apply: %w", err)
		}
		count += int64(len(direct))
		size += n
	}
	if count > 0 {
		if err := txn.Commit(); err != nil {
			return fmt.Errorf("apply: %w", err)
		}
	}
	if len(toBehind) > 0 || len(cleared) > 0 {
		s.behindMu.Lock()
		for _, k := range cleared {
			delete(s.behind, k)
		}
		for k, v := range toBehind {
			s.behind[k] = v
		}
		s.behindMu.Unlock()
	}
	return nil
}

// flushBehind writes the write-behind map to badger and empties it. It
// runs before a journal is sealed, so badger holds every write of a sealed
// journal once its memtables are flushed (see checkpoint), at Close, and
// when the map grows past maxBehind.
func (s *Badger) flushBehind() error {
	if len(s.behind) == 0 {
		return nil
	}
	maxCount, maxSize := s.db.MaxBatchCount()/2, s.db.MaxBatchSize()/2
	txn := s.db.NewTransaction(true)
	defer func() { txn.Discard() }()
	var count, size int64
	for k, v := range s.behind {
		n := int64(len(k) + len(v) + 32)
		if count > 0 && (count+1 > maxCount || size+n > maxSize) {
			if err := txn.Commit(); err != nil {
				return fmt.Errorf("flush write-behind: %w", err)
			}
			txn = s.db.NewTransaction(true)
			count, size = 0, 0
		}
		if err := txn.Set([]byte(k), v); err != nil {
			return fmt.Errorf("flush write-behind: %w", err)
		}
		count++
		size += n
	}
	if err := txn.Commit(); err != nil {
		return fmt.Errorf("flush write-behind: %w", err)
	}
	s.behindMu.Lock()
	clear(s.behind)
	s.behindMu.Unlock()
	return nil
}

// maxBehind bounds the write-behind map: beyond it, it is flushed.
const maxBehind = 1024

func setAll(txn *badger.Txn, entries []entry) error {
	for _, e := range entries {
		if err := txn.Set(e.key, e.value); err != nil {
			return err
		}
	}
	return nil
}

// view reads a key as a group sees it: its own earlier writes first, then
// the state before the group (the write-behind map, then badger). The
// committer is the only writer of both, so that is the latest state.
type view struct {
	txn     *badger.Txn
	pending map[string][]byte
	behind  map[string][]byte
}

// get calls fn with key's value; found is false if there is none.
func (v *view) get(key []byte, fn func([]byte) error) (found bool, err error) {
	if val, ok := v.pending[string(key)]; ok {
		return true, fn(val)
	}
	if val, ok := v.behind[string(key)]; ok {
		return true, fn(val)
	}
	item, err := v.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, item.Value(fn)
}

// prepare checks u against what v sees and returns the writes it makes.
// It writes nothing, so a refused update leaves no trace.
func (s *Badger) prepare(v *view, u *Update) ([]entry, error) {
	entries := make([]entry, 0, 3+len(u.Payments)+len(u.Meta))
	if c := u.Channel; c != nil {
		old, found, err := loadChannel(v, c.ID)
		if err != nil {
			return nil, err
		}
		if found {
			if err := checkProofsMonotonic(&old, c); err != nil {
				return nil, err
			}
		}
		entries = append(entries, entry{key: channelKey(c.ID), value: encodeChannel(c)})
	}
	if pu := u.Proof; pu != nil {
		if u.Channel != nil || (pu.Signer != channels.PartA && pu.Signer != channels.PartB) {
			return nil, fmt.Errorf("channel %s: %w: proof update for signer %d", pu.Proof.Proof.ChannelID, ErrInvalidUpdate, pu.Signer)
		}
		id := pu.Proof.Proof.ChannelID
		c, found, err := loadChannel(v, id)
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
		entries = append(entries, entry{key: channelKey(id), value: encodeChannel(&next), behind: true})
	}
	if r := u.Reservation; r != nil {
		old, err := loadReservation(v, r.ChannelID)
		if err != nil {
			return nil, err
		}
		if r.Upto < old {
			return nil, fmt.Errorf("channel %s: %w: reservation %d below %d", r.ChannelID, ErrInvalidUpdate, r.Upto, old)
		}
		entries = append(entries, entry{key: reservationKey(r.ChannelID), value: binary.BigEndian.AppendUint64(nil, r.Upto)})
	}
	if w := u.Withdraw; w != nil {
		v, _ := w.MarshalBinary()
		entries = append(entries, entry{key: withdrawKey(w.Withdraw.ChannelID, w.Withdraw.Participant), value: v})
	}
	for i := range u.Payments {
		p := &u.Payments[i]
		entries = append(entries, entry{key: paymentKey(p), value: encodePayment(p)})
	}
	for name, v := range u.Meta {
		entries = append(entries, entry{key: metaKey(name), value: v})
	}
	if u.RecoveryHandled {
		entries = append(entries, entry{key: metaKey(uncleanStopMeta), value: []byte{0}})
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

func loadChannel(v *view, id channels.ChannelID) (channels.Channel, bool, error) {
	var c channels.Channel
	var decodeErr error
	found, err := v.get(channelKey(id), func(b []byte) error {
		c, decodeErr = decodeChannel(id, b)
		return nil
	})
	if err != nil {
		return channels.Channel{}, false, fmt.Errorf("channel %s: %w", id, err)
	}
	if decodeErr != nil {
		return channels.Channel{}, false, decodeErr
	}
	return c, found, nil
}

func loadReservation(v *view, id channels.ChannelID) (uint64, error) {
	var upto uint64
	var decodeErr error
	_, err := v.get(reservationKey(id), func(b []byte) error {
		upto, decodeErr = decodeReservation(id, b)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("channel %s reservation: %w", id, err)
	}
	return upto, decodeErr
}
