package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"
)

// sealedJournal is a journal file no longer written to, kept until badger
// has made every write it holds durable on its own.
type sealedJournal struct {
	seq uint64
	// version is badger's latest version when the file was sealed: the
	// version of its last write or later.
	version uint64
}

// rotate seals the active journal and starts the next, big enough for a
// record of n bytes. The new file is durable, directory entry included,
// before any record goes into it.
func (s *Badger) rotate(n int) error {
	if err := s.flushBehind(); err != nil {
		return err
	}
	old := s.journal
	next, err := createJournal(s.dir, old.seq+1, max(s.journalSize, journalHeaderSize+int64(n)))
	if err != nil {
		return err
	}
	s.journal = next
	s.sealed = append(s.sealed, sealedJournal{seq: old.seq, version: s.db.MaxVersion()})
	s.sinceCheck = s.checkEvery // look for journals to delete after this group
	if err := old.f.Close(); err != nil {
		return fmt.Errorf("close journal %s: %w", old.path, err)
	}
	return nil
}

// checkpoint deletes, oldest first, the sealed journals whose writes badger
// has made durable itself. It runs between groups, every checkEvery bytes
// of journal.
//
// badger's DB.Sync is not enough to delete a journal: with SyncWrites off,
// it syncs the active memtable's log, but not the logs of the memtables
// waiting to be flushed, and nothing else ever syncs those. A write is
// durable in badger once its memtable is flushed: the table is msynced and
// recorded in the synced manifest before DB.Tables lists it. Memtables
// hold consecutive versions and are flushed in order, so once a table
// holds a version at or above a sealed journal's, every write of that
// journal is in a table. Values never go to badger's value log, which
// this does not cover: commitBatch keeps each write under half of
// MaxBatchSize, far below the 1 MiB value threshold.
func (s *Badger) checkpoint() error {
	if s.journal == nil || len(s.sealed) == 0 || s.sinceCheck < s.checkEvery {
		return nil
	}
	s.sinceCheck = 0
	var flushed uint64
	for _, t := range s.db.Tables() {
		flushed = max(flushed, t.MaxVersion)
	}
	for len(s.sealed) > 0 && s.sealed[0].version <= flushed {
		if err := removeJournal(s.dir, s.sealed[0].seq); err != nil {
			return fmt.Errorf("checkpoint: remove journal %d: %w", s.sealed[0].seq, err)
		}
		s.sealed = s.sealed[1:]
	}
	return nil
}

// closeJournal ends the journal at Close. Once badger closed cleanly (which
// flushes every memtable into a synced table) the journals are redundant
// and are deleted; otherwise they stay for Open to replay.
func (s *Badger) closeJournal(dbClosed bool) error {
	if s.journal == nil {
		return nil
	}
	err := s.journal.f.Close()
	if err != nil || !dbClosed || s.failed != nil {
		return err
	}
	for _, sj := range s.sealed {
		if err := removeJournal(s.dir, sj.seq); err != nil {
			return fmt.Errorf("remove journal %d: %w", sj.seq, err)
		}
	}
	if err := removeJournal(s.dir, s.journal.seq); err != nil {
		return fmt.Errorf("remove journal %d: %w", s.journal.seq, err)
	}
	return nil
}

// recoverJournal replays into badger the journals an unclean stop left,
// oldest first, makes badger durable, deletes them and starts a new
// journal. Replaying records that badger already holds is harmless: each
// is a full set of values, and replaying every journal in order ends with
// each key's latest value. It sets s.db, which it may have reopened, or nil
// if it closed it and failed to reopen.
func (s *Badger) recoverJournal(cfg config) error {
	seqs, err := listJournals(s.dir)
	if err != nil {
		return fmt.Errorf("list journals: %w", err)
	}
	wb := s.db.NewWriteBatch()
	records := 0
	for i, seq := range seqs {
		path := filepath.Join(s.dir, journalName(seq))
		res, err := replayJournal(path, seq, wb)
		if err == nil && res.torn && i < len(seqs)-1 {
			err = fmt.Errorf("%w: bad record at offset %d (%v) before newer journal %s", ErrCorrupt, res.end, res.tornWhy, journalName(seqs[len(seqs)-1]))
		}
		if err != nil {
			wb.Cancel()
			return fmt.Errorf("replay journal %s: %w", path, err)
		}
		if res.torn {
			s.log.Info("journal ends in a torn record, dropped", "journal", path, "offset", res.end, "why", res.tornWhy)
		}
		records += res.records
	}
	if len(seqs) > 0 {
		// Remember the unclean stop beyond the journals, deleted below:
		// until the caller handled it (Update.RecoveryHandled).
		if err := wb.Set(metaKey(uncleanStopMeta), []byte{1}); err != nil {
			wb.Cancel()
			return fmt.Errorf("record unclean stop: %w", err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("replay journals: %w", err)
	}
	if len(seqs) > 0 {
		s.log.Info("replayed journal", "files", len(seqs), "records", records)
		// Close is the one complete sync badger has: it flushes every
		// memtable into a synced table. Then the journals can go.
		if err := s.db.Close(); err != nil {
			s.db = nil
			return fmt.Errorf("close after replay: %w", err)
		}
		if s.db, err = openDB(s.dir, cfg); err != nil {
			return fmt.Errorf("reopen after replay: %w", err)
		}
	}
	for _, seq := range seqs {
		if err := removeJournal(s.dir, seq); err != nil {
			return fmt.Errorf("remove replayed journal %d: %w", seq, err)
		}
	}
	if s.recovered, err = s.uncleanStop(); err != nil {
		return err
	}
	next := uint64(1)
	if len(seqs) > 0 {
		next = seqs[len(seqs)-1] + 1
	}
	s.journal, err = createJournal(s.dir, next, s.journalSize)
	return err
}

func replayJournal(path string, seq uint64, wb *badger.WriteBatch) (scanResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return scanResult{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return scanResult{}, err
	}
	return scanJournal(f, st.Size(), seq, func(ops []journalOp) error {
		for _, op := range ops {
			var err error
			switch op.op {
			case opSet:
				err = wb.Set(op.key, op.value)
			case opDelete:
				err = wb.Delete(op.key)
			default:
				err = errors.New("unknown operation")
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// uncleanStopMeta names the record of an unclean stop that the store's
// user has not handled yet: 1 from the Open that replayed the journals
// until an Update with RecoveryHandled sets 0.
const uncleanStopMeta = "store/unclean-stop"

// uncleanStop reads the record of an unclean stop not handled yet.
func (s *Badger) uncleanStop() (bool, error) {
	v, err := s.Meta(context.Background(), uncleanStopMeta)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read unclean stop: %w", err)
	}
	return len(v) == 1 && v[0] == 1, nil
}
