package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"github.com/meshpay/meshpay/channels"
)

// Badger is the on-disk store.
type Badger struct {
	db  *badger.DB
	dir string
	log *slog.Logger

	commits chan *commitRequest
	stop    chan struct{}
	wg      sync.WaitGroup

	// Owned by the committer goroutine (and by Close once it has ended).
	journal     *journalFile // nil in memory
	journalSize int64
	sealed      []sealedJournal
	sinceCheck  int64 // journal bytes written since the last checkpoint
	checkEvery  int64
	recBuf      []byte
	failed      error // set once a commit could not complete; see fail
	woke        bool  // the committer waited for its group; see commitBatch

	// behind holds the latest record of channels whose proofs moved on
	// since the last journal rotation, not yet in badger (see apply).
	// Written by the committer only, under behindMu; reads check it
	// before badger.
	behindMu sync.RWMutex
	behind   map[string][]byte

	// recovered reports an unclean stop not handled yet (see
	// Recovered). Set before the committer starts, read-only after.
	recovered bool

	closeOnce sync.Once
	closeErr  error
	mu        sync.RWMutex // guards closed against in-flight Commit calls
	closed    bool
}

// Option configures Open.
type Option func(*config)

type config struct {
	log         *slog.Logger
	maxGroup    int
	inMemory    bool
	journalSize int64
}

// minJournalSize is the smallest journal file WithJournalSize accepts.
const minJournalSize = 4 << 10

// InMemory keeps everything in memory: for unit tests only, nothing survives Close.
func InMemory() Option { return func(c *config) { c.inMemory = true } }

// WithLogger sets the logger; badger's own messages go to it at debug level.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.log = l } }

// WithMaxGroup bounds how many updates share one transaction and sync.
func WithMaxGroup(n int) Option { return func(c *config) { c.maxGroup = n } }

// WithJournalSize sets the size preallocated for each journal file
// (default DefaultJournalSize, at least 4 KiB). A file is sealed when the
// next record does not fit, and deleted once badger has flushed its writes.
func WithJournalSize(n int64) Option { return func(c *config) { c.journalSize = n } }

// Open opens (creating if needed) the store in dir, replaying the journal
// if the store was not closed cleanly. Options are tuned for a small
// device: a few MB of memtables and caches, not badger's hundreds.
func Open(dir string, opts ...Option) (*Badger, error) {
	cfg := config{log: slog.New(slog.DiscardHandler), maxGroup: 4096, journalSize: DefaultJournalSize}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.maxGroup < 1 {
		return nil, fmt.Errorf("open store %s: max group %d: %w", dir, cfg.maxGroup, ErrInvalidOption)
	}
	if cfg.journalSize < minJournalSize {
		return nil, fmt.Errorf("open store %s: journal size %d below %d: %w", dir, cfg.journalSize, minJournalSize, ErrInvalidOption)
	}
	db, err := openDB(dir, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s := &Badger{
		db:          db,
		dir:         dir,
		log:         cfg.log,
		commits:     make(chan *commitRequest, cfg.maxGroup),
		stop:        make(chan struct{}),
		journalSize: cfg.journalSize,
		checkEvery:  max(cfg.journalSize/32, 1),
		behind:      map[string][]byte{},
	}
	if !cfg.inMemory {
		if err := s.recoverJournal(cfg); err != nil {
			if s.db != nil {
				err = errors.Join(err, s.db.Close())
			}
			return nil, fmt.Errorf("open store %s: %w", dir, err)
		}
	}
	s.wg.Add(1)
	go s.runCommitter(cfg.maxGroup)
	return s, nil
}

func openDB(dir string, cfg config) (*badger.DB, error) {
	bo := badger.DefaultOptions(dir).
		WithLogger(badgerLogger{cfg.log}).
		// Durability comes from the journal (see commitGroup); badger
		// itself is made durable only by flushing memtables and at Close.
		WithSyncWrites(false).
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(4).
		WithBaseTableSize(2 << 20).
		WithValueLogFileSize(16 << 20).
		WithBlockCacheSize(8 << 20).
		WithIndexCacheSize(4 << 20).
		WithNumCompactors(2).
		WithDetectConflicts(false)
	if cfg.inMemory {
		bo = bo.WithDir("").WithValueDir("").WithInMemory(true)
	}
	return badger.Open(bo)
}

// Close waits for in-flight commits and closes the database. After a
// clean close the journal is empty and deleted.
func (s *Badger) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.stop)
		s.wg.Wait()
		flushErr := s.flushBehind()
		dbErr := s.db.Close()
		s.closeErr = errors.Join(flushErr, dbErr, s.closeJournal(flushErr == nil && dbErr == nil))
	})
	return s.closeErr
}

// Commit writes u and returns once it is durable and visible to reads.
// Concurrent commits are grouped; each caller still gets its own result. If
// ctx ends first, Commit returns ctx's error but the update may still land:
// callers must treat the outcome as unknown, as after a crash. The same
// holds for an error wrapping ErrFailed.
func (s *Badger) Commit(ctx context.Context, u Update) error {
	wait, err := s.Queue(ctx, u)
	if err != nil {
		return err
	}
	return wait(ctx)
}

// CommitStaged queues u like Commit but returns as soon as the update is
// written to the journal, before it is synced: from then on it survives
// the process being killed, though not a power cut. durable waits for the
// sync, after which u is durable and visible to reads as after Commit.
// This lets a caller overlap the sync with other work (the payer sends its
// proof while it syncs). An update refused as invalid is refused here.
func (s *Badger) CommitStaged(ctx context.Context, u Update) (durable func(context.Context) error, err error) {
	if err := validateUpdate(&u); err != nil {
		return nil, err
	}
	req := newCommitRequest(u, true)
	if err := s.enqueue(ctx, req); err != nil {
		return nil, err
	}
	select {
	case err := <-req.written:
		if err != nil {
			return nil, err
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return req.wait, nil
}

// Queue hands u to the committer and returns without waiting; wait then
// returns what Commit would have. Updates are committed in the order they
// are queued, and updates queued while a sync runs share the next one, so
// a caller that queues a stream of updates and waits for each in turn
// pays one sync per burst, not per update.
func (s *Badger) Queue(ctx context.Context, u Update) (wait func(context.Context) error, err error) {
	if err := validateUpdate(&u); err != nil {
		return nil, err
	}
	req := newCommitRequest(u, false)
	if err := s.enqueue(ctx, req); err != nil {
		return nil, err
	}
	return req.wait, nil
}

// Recovered reports, as of Open, an unclean stop that no Update with
// RecoveryHandled has answered yet: Open replayed journals (the last run
// ended without a clean Close), or an earlier Open did and the runs since
// never handled it. After a kill every write that CommitStaged returned
// for is still there; after a power cut the ones not yet synced may be
// gone. It outlives the journals it was learnt from, so a run that stops,
// cleanly or not, before it handled the stop does not hide it from the
// next.
func (s *Badger) Recovered() bool { return s.recovered }

// enqueue hands req to the committer.
func (s *Badger) enqueue(ctx context.Context, req *commitRequest) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.commits <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func validateUpdate(u *Update) error {
	for i := range u.Payments {
		p := &u.Payments[i]
		if len(p.Reference) > MaxReferenceLen {
			return fmt.Errorf("channel %s payment reference of %d bytes: %w", p.ChannelID, len(p.Reference), ErrInvalidUpdate)
		}
		if p.Direction != Sent && p.Direction != Received {
			return fmt.Errorf("channel %s payment direction %d: %w", p.ChannelID, p.Direction, ErrInvalidUpdate)
		}
	}
	return nil
}

// behindValue returns key's value from the write-behind map, if it is
// there. Values in the map are never modified.
func (s *Badger) behindValue(key []byte) ([]byte, bool) {
	s.behindMu.RLock()
	defer s.behindMu.RUnlock()
	v, ok := s.behind[string(key)]
	return v, ok
}

// Channel returns a channel's state.
func (s *Badger) Channel(ctx context.Context, id channels.ChannelID) (channels.Channel, error) {
	if v, ok := s.behindValue(channelKey(id)); ok {
		c, err := decodeChannel(id, v)
		if err != nil {
			return c, fmt.Errorf("load channel %s: %w", id, err)
		}
		return c, nil
	}
	var c channels.Channel
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(channelKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("channel %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			c, err = decodeChannel(id, v)
			return err
		})
	})
	if err != nil {
		return c, fmt.Errorf("load channel %s: %w", id, err)
	}
	return c, nil
}

// Channels returns every channel.
func (s *Badger) Channels(ctx context.Context) ([]channels.Channel, error) {
	// The map first: a record flushed from it after this copy is in
	// badger before the transaction below starts.
	s.behindMu.RLock()
	behind := maps.Clone(s.behind)
	s.behindMu.RUnlock()
	var out []channels.Channel
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixChannel}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var id channels.ChannelID
			k := it.Item().Key()
			if len(k) != 1+len(id) {
				return fmt.Errorf("channel key of %d bytes: %w", len(k), ErrCorrupt)
			}
			copy(id[:], k[1:])
			if v, ok := behind[string(k)]; ok {
				c, err := decodeChannel(id, v)
				if err != nil {
					return err
				}
				out = append(out, c)
				continue
			}
			if err := it.Item().Value(func(v []byte) error {
				c, err := decodeChannel(id, v)
				out = append(out, c)
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list channels: %w", err)
	}
	return out, nil
}

// Reservation returns the highest nonce the channel may have signed (0 if
// none was ever reserved).
func (s *Badger) Reservation(ctx context.Context, id channels.ChannelID) (uint64, error) {
	var upto uint64
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(reservationKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			upto, err = decodeReservation(id, v)
			return err
		})
	})
	if err != nil {
		return 0, fmt.Errorf("load reservation %s: %w", id, err)
	}
	return upto, nil
}

// Withdraw returns the latest co-signed withdraw of participant.
func (s *Badger) Withdraw(ctx context.Context, id channels.ChannelID, participant channels.Address) (channels.CoSignedWithdraw, error) {
	var w channels.CoSignedWithdraw
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(withdrawKey(id, participant))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if err := w.UnmarshalBinary(v); err != nil {
				return fmt.Errorf("%w: %v", ErrCorrupt, err)
			}
			return nil
		})
	})
	if err != nil {
		return w, fmt.Errorf("load withdraw %s %s: %w", id, participant, err)
	}
	return w, nil
}

// Payments returns up to limit payments of a channel (all if limit <= 0),
// in (direction, nonce, index) order.
func (s *Badger) Payments(ctx context.Context, id channels.ChannelID, limit int) ([]Payment, error) {
	out, err := s.listPayments(ctx, paymentPrefix(id), false, limit)
	if err != nil {
		return nil, fmt.Errorf("list payments %s: %w", id, err)
	}
	return out, nil
}

// Meta returns a named value set through Update.Meta.
func (s *Badger) Meta(ctx context.Context, name string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(metaKey(name))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load meta %q: %w", name, err)
	}
	return out, nil
}

// badgerLogger sends badger's messages to slog. Its warnings stay warnings;
// its chatter goes to debug, and is not even formatted unless debug is on:
// badger reports every write.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.log(slog.LevelError, f, a) }
func (b badgerLogger) Warningf(f string, a ...any) { b.log(slog.LevelWarn, f, a) }
func (b badgerLogger) Infof(f string, a ...any)    { b.log(slog.LevelDebug, f, a) }
func (b badgerLogger) Debugf(f string, a ...any)   { b.log(slog.LevelDebug, f, a) }

func (b badgerLogger) log(level slog.Level, f string, a []any) {
	if !b.l.Enabled(context.Background(), level) {
		return
	}
	b.l.Log(context.Background(), level, "badger", "msg", trim(f, a))
}

func trim(f string, a []any) string { return string(bytes.TrimSpace([]byte(fmt.Sprintf(f, a...)))) }
