package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/internal/diskimage"
)

const crashEnv = "MESHPAY_STORE_CRASH_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnv); dir != "" {
		if err := crashChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestJournalRecordRoundTrip(t *testing.T) {
	var p []byte
	p = appendOp(p, opSet, []byte("k1"), []byte("v1"))
	p = appendOp(p, opSet, []byte("k2"), nil)
	p = appendOp(p, opDelete, []byte("k3"), nil)
	p = appendOp(p, opSet, []byte("k4"), bytes.Repeat([]byte{7}, 300))
	rec := frameRecord(9, append(make([]byte, recordHeaderSize), p...))
	require.Zero(t, len(rec)%8, "records are padded to 8 bytes")

	payload, size, end, err := decodeRecord(9, append(rec, 0xff))
	require.NoError(t, err)
	require.False(t, end)
	require.Equal(t, len(rec), size)
	require.Equal(t, p, payload)
	ops, err := decodeOps(payload)
	require.NoError(t, err)
	require.Equal(t, []journalOp{
		{op: opSet, key: []byte("k1"), value: []byte("v1")},
		{op: opSet, key: []byte("k2"), value: []byte{}},
		{op: opDelete, key: []byte("k3")},
		{op: opSet, key: []byte("k4"), value: bytes.Repeat([]byte{7}, 300)},
	}, ops)

	_, _, _, err = decodeRecord(10, rec)
	require.ErrorIs(t, err, errNoRecord, "the checksum covers the journal's seq")
	_, _, end, err = decodeRecord(9, make([]byte, 64))
	require.ErrorIs(t, err, errNoRecord)
	require.True(t, end, "zeros are the clean end")
	_, _, end, err = decodeRecord(9, rec[:len(rec)-9])
	require.ErrorIs(t, err, errNoRecord)
	require.False(t, end, "a cut record is torn, not the end")
	_, err = decodeOps([]byte{opSet, 0x81, 0x00, 'k', 0})
	require.Error(t, err, "lengths only in their shortest form")
}

// commitSome commits n updates to s, each a channel state, a payment, a
// reservation and a meta value, and returns what they wrote.
func commitSome(t *testing.T, s *Badger, from, n int) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	ch, signers := testChannel(t, 7)
	want := map[string][]byte{}
	for i := from; i < from+n; i++ {
		next := pay(t, ch, signers[0], uint64(i+1), uint64(i+1))
		p := Payment{ChannelID: ch.ID, Direction: Sent, Nonce: uint64(i + 1), Amount: *uint256.NewInt(1), Reference: fmt.Sprintf("ref-%d", i)}
		name := fmt.Sprintf("meta-%04d", i)
		val := bytes.Repeat([]byte{byte(i)}, 200)
		require.NoError(t, s.Commit(ctx, Update{Channel: &next, Payments: []Payment{p}, Reservation: &Reservation{ChannelID: ch.ID, Upto: uint64(i + 1)}, Meta: map[string][]byte{name: val}}))
		want[name] = val
		want["channel"] = encodeChannel(&next)
		want["reservation"] = binary.BigEndian.AppendUint64(nil, uint64(i+1))
	}
	return want
}

// requireHas checks that s holds everything want says (from commitSome).
func requireHas(t *testing.T, s *Badger, want map[string][]byte, payments int) {
	t.Helper()
	ctx := context.Background()
	ch, _ := testChannel(t, 7)
	for name, v := range want {
		switch name {
		case "channel":
			got, err := s.Channel(ctx, ch.ID)
			require.NoError(t, err)
			require.Equal(t, v, encodeChannel(&got))
		case "reservation":
			upto, err := s.Reservation(ctx, ch.ID)
			require.NoError(t, err)
			require.Equal(t, binary.BigEndian.Uint64(v), upto)
		default:
			got, err := s.Meta(ctx, name)
			require.NoError(t, err, name)
			require.Equal(t, v, got, name)
		}
	}
	pays, err := s.Payments(ctx, ch.ID, 0)
	require.NoError(t, err)
	require.Len(t, pays, payments)
}

// crashImage builds the directory a power cut would leave at the worst:
// badger's files as they were when base was taken (everything badger
// wrote since, unsynced, lost) and the journal files of dir as they are.
func crashImage(t *testing.T, base, dir string) string {
	t.Helper()
	out := t.TempDir()
	diskimage.Copy(t, base, out, nil)
	diskimage.Copy(t, dir, out, func(name string) bool { return strings.HasPrefix(name, journalPrefix) })
	return out
}

// openBase opens a store in a new directory and snapshots badger's files
// before anything is committed.
func openBase(t *testing.T, opts ...Option) (s *Badger, dir, base string) {
	t.Helper()
	dir, base = t.TempDir(), t.TempDir()
	s, err := Open(dir, opts...)
	require.NoError(t, err)
	diskimage.Copy(t, dir, base, func(name string) bool { return !strings.HasPrefix(name, journalPrefix) })
	return s, dir, base
}

func journalSeqs(t *testing.T, dir string) []uint64 {
	t.Helper()
	seqs, err := listJournals(dir)
	require.NoError(t, err)
	return seqs
}

// TestJournalReplayAfterPowerCut commits across several journal files,
// then opens an image in which badger lost every write: the journal alone
// brings back all of it, durably.
func TestJournalReplayAfterPowerCut(t *testing.T) {
	s, dir, base := openBase(t, WithJournalSize(minJournalSize))
	want := commitSome(t, s, 0, 40)
	require.Greater(t, len(journalSeqs(t, dir)), 2, "the commits span several journal files")
	img := crashImage(t, base, dir)
	noJournal := crashImage(t, base, t.TempDir())
	require.NoError(t, s.Close())
	require.Empty(t, journalSeqs(t, dir), "a clean close leaves no journal")

	lost, err := Open(noJournal)
	require.NoError(t, err)
	_, err = lost.Meta(context.Background(), "meta-0000")
	require.ErrorIs(t, err, ErrNotFound, "the image lost badger's writes, so the journal is what brings them back")
	require.NoError(t, lost.Close())

	s, err = Open(img)
	require.NoError(t, err)
	requireHas(t, s, want, 40)
	require.Len(t, journalSeqs(t, img), 1, "replayed journals are deleted, a fresh one started")
	want2 := commitSome(t, s, 40, 5)
	require.NoError(t, s.Close())

	// Replay made badger durable before deleting the journals.
	s, err = Open(img)
	require.NoError(t, err)
	defer s.Close()
	for k, v := range want2 {
		want[k] = v
	}
	requireHas(t, s, want, 45)
}

// recordOffsets lists the offsets of the records in journal file seq.
func recordOffsets(t *testing.T, path string, seq uint64) []int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var offs []int64
	for off := int64(journalHeaderSize); ; {
		_, size, end, err := decodeRecord(seq, b[off:])
		if end {
			return offs
		}
		require.NoError(t, err)
		offs = append(offs, off)
		off += int64(size)
	}
}

func patchFile(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteAt(b, off)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func TestJournalTornTail(t *testing.T) {
	for name, tear := range map[string]func(t *testing.T, path string, off int64){
		"payload half written": func(t *testing.T, path string, off int64) {
			patchFile(t, path, off+recordHeaderSize+20, make([]byte, 64))
		},
		"header only": func(t *testing.T, path string, off int64) {
			patchFile(t, path, off+recordHeaderSize, make([]byte, 4096))
		},
		"header lost, payload written": func(t *testing.T, path string, off int64) {
			patchFile(t, path, off, make([]byte, recordHeaderSize))
		},
	} {
		t.Run(name, func(t *testing.T) {
			s, dir, base := openBase(t)
			want := commitSome(t, s, 0, 10)
			img := crashImage(t, base, dir)
			require.NoError(t, s.Close())
			seqs := journalSeqs(t, img)
			require.Len(t, seqs, 1)
			path := filepath.Join(img, journalName(seqs[0]))
			offs := recordOffsets(t, path, seqs[0])
			require.Len(t, offs, 10, "one record per commit")
			tear(t, path, offs[9])

			s, err := Open(img)
			require.NoError(t, err, "a torn tail is the crash, not damage")
			defer s.Close()
			delete(want, "meta-0009")
			delete(want, "channel") // the torn record held the latest
			want["reservation"] = binary.BigEndian.AppendUint64(nil, 9)
			requireHas(t, s, want, 9)
			_, err = s.Meta(context.Background(), "meta-0009")
			require.ErrorIs(t, err, ErrNotFound, "the torn record was never acknowledged")
			ch, _ := testChannel(t, 7)
			got, err := s.Channel(context.Background(), ch.ID)
			require.NoError(t, err)
			require.Equal(t, uint64(9), got.Proofs[0].Proof.Nonce)
		})
	}
}

func TestJournalCorruptMiddle(t *testing.T) {
	s, dir, base := openBase(t)
	commitSome(t, s, 0, 10)
	img := crashImage(t, base, dir)
	require.NoError(t, s.Close())
	seqs := journalSeqs(t, img)
	path := filepath.Join(img, journalName(seqs[0]))
	offs := recordOffsets(t, path, seqs[0])
	patchFile(t, path, offs[4]+recordHeaderSize+30, []byte{0xde, 0xad})

	_, err := Open(img)
	require.ErrorIs(t, err, ErrCorrupt, "acknowledged records follow the bad one")
	require.Contains(t, err.Error(), path)
	require.Contains(t, err.Error(), fmt.Sprintf("offset %d", offs[4]))
	require.Len(t, journalSeqs(t, img), 1, "a damaged journal is kept for a human")
}

func TestJournalCorruptOlderFile(t *testing.T) {
	s, dir, base := openBase(t, WithJournalSize(minJournalSize))
	commitSome(t, s, 0, 30)
	img := crashImage(t, base, dir)
	require.NoError(t, s.Close())
	seqs := journalSeqs(t, img)
	require.Greater(t, len(seqs), 1)
	path := filepath.Join(img, journalName(seqs[0]))
	offs := recordOffsets(t, path, seqs[0])
	last := offs[len(offs)-1]
	patchFile(t, path, last+recordHeaderSize+30, []byte{0xde, 0xad})

	_, err := Open(img)
	require.ErrorIs(t, err, ErrCorrupt, "only the newest file can have a torn tail")
	require.Contains(t, err.Error(), path)
	require.Contains(t, err.Error(), fmt.Sprintf("offset %d", last))
}

// TestJournalCheckpoint fills journal files faster than badger flushes
// memtables: sealed files pile up, and go once badger has flushed their
// writes into tables.
func TestJournalCheckpoint(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, WithJournalSize(1<<20))
	require.NoError(t, err)
	val := bytes.Repeat([]byte{1}, 32<<10)
	most, i, deleted := 0, 0, false
	// A memtable holds 8 MiB; 64 MiB is plenty for several flushes. Once
	// files have piled up, commits slow down so a loaded machine's badger
	// can catch up: its flush runs in the background, and journals are
	// deleted only when a commit finds it done.
	deadline := time.Now().Add(time.Minute)
	for ; i < 4096 && time.Now().Before(deadline); i++ {
		require.NoError(t, s.Commit(ctx, Update{Meta: map[string][]byte{fmt.Sprintf("k%05d", i): val}}))
		n := len(journalSeqs(t, dir))
		most = max(most, n)
		if most >= 4 && n <= 2 {
			deleted = true
			break
		}
		if i >= 2048 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	t.Logf("%d commits, at most %d journal files", i, most)
	require.GreaterOrEqual(t, most, 4, "sealed journals wait for badger's flush")
	require.True(t, deleted, "and are deleted once badger has flushed")
	seqs := journalSeqs(t, dir)
	require.Greater(t, seqs[0], uint64(1), "oldest first")
	for j := range i + 1 {
		got, err := s.Meta(ctx, fmt.Sprintf("k%05d", j))
		require.NoError(t, err)
		require.Equal(t, val, got)
	}
	require.NoError(t, s.Close())
	require.Empty(t, journalSeqs(t, dir))
}

func TestCommitVisibleToReads(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				name := fmt.Sprintf("w%d-%d", w, i)
				if err := s.Commit(ctx, Update{Meta: map[string][]byte{name: {byte(i)}}}); err != nil {
					errs <- err
					return
				}
				if got, err := s.Meta(ctx, name); err != nil || !bytes.Equal(got, []byte{byte(i)}) {
					errs <- fmt.Errorf("%s right after its commit: %x, %v", name, got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestJournalWriteFailureStops makes the journal fail a write: that commit
// and every later one report ErrFailed, and Open recovers what was
// committed before.
func TestJournalWriteFailureStops(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	require.NoError(t, s.Commit(ctx, Update{Meta: map[string][]byte{"a": {1}}}))
	// The committer is idle: its last use of the journal happened before
	// Commit returned, its next happens after the next Commit sends.
	require.NoError(t, s.journal.f.Close())
	require.ErrorIs(t, s.Commit(ctx, Update{Meta: map[string][]byte{"b": {2}}}), ErrFailed)
	require.ErrorIs(t, s.Commit(ctx, Update{Meta: map[string][]byte{"c": {3}}}), ErrFailed)
	got, err := s.Meta(ctx, "a")
	require.NoError(t, err, "reads still work")
	require.Equal(t, []byte{1}, got)
	require.Error(t, s.Close(), "closing the already closed journal file")
	require.Len(t, journalSeqs(t, dir), 1, "a failed store keeps its journal")

	s, err = Open(dir)
	require.NoError(t, err)
	defer s.Close()
	got, err = s.Meta(ctx, "a")
	require.NoError(t, err)
	require.Equal(t, []byte{1}, got)
}

// TestCommitStaged: a staged commit is in the journal file (so it survives
// a kill) when CommitStaged returns, and durable and readable once durable
// returns. Refusals come back from CommitStaged itself.
func TestCommitStaged(t *testing.T) {
	ctx := context.Background()
	s, dir, base := openBase(t)
	require.False(t, s.Recovered(), "a new store")
	ch, signers := testChannel(t, 7)
	require.NoError(t, s.Commit(ctx, Update{Channel: &ch}))

	next := pay(t, ch, signers[0], 1, 5)
	durable, err := s.CommitStaged(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: next.Proofs[0]}, Payments: []Payment{{ChannelID: ch.ID, Direction: Sent, Nonce: 1, Amount: *uint256.NewInt(5), Reference: "staged"}}})
	require.NoError(t, err)
	// What a kill would leave: the journal as the OS holds it, and badger
	// without any of its writes.
	img := crashImage(t, base, dir)
	require.NoError(t, durable(ctx))
	got, err := s.Channel(ctx, ch.ID)
	require.NoError(t, err)
	require.Equal(t, next.Proofs[0], got.Proofs[0], "visible once durable")

	killed, err := Open(img)
	require.NoError(t, err)
	require.True(t, killed.Recovered(), "the image had a journal to replay")
	got, err = killed.Channel(ctx, ch.ID)
	require.NoError(t, err)
	require.Equal(t, next.Proofs[0], got.Proofs[0], "written before CommitStaged returned")
	pays, err := killed.Payments(ctx, ch.ID, 0)
	require.NoError(t, err)
	require.Len(t, pays, 1)
	require.Equal(t, "staged", pays[0].Reference)
	require.NoError(t, killed.Close())
	// Closed cleanly, but nobody handled the stop: the journals are gone,
	// the record of it is not.
	reopened, err := Open(img)
	require.NoError(t, err)
	require.True(t, reopened.Recovered(), "an unclean stop not handled yet")
	require.NoError(t, reopened.Commit(ctx, Update{RecoveryHandled: true}))
	require.NoError(t, reopened.Close())
	handled, err := Open(img)
	require.NoError(t, err)
	require.False(t, handled.Recovered(), "handled, then closed cleanly")
	require.NoError(t, handled.Close())

	other, _ := testChannel(t, 8)
	_, err = s.CommitStaged(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: pay(t, other, signers[0], 1, 1).Proofs[0]}})
	require.ErrorIs(t, err, ErrNotFound, "refused before anything is written")
	_, err = s.CommitStaged(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: pay(t, ch, signers[0], 1, 6).Proofs[0]}})
	require.ErrorIs(t, err, ErrInvalidUpdate, "another proof for the stored nonce")

	require.NoError(t, s.journal.f.Close())
	_, err = s.CommitStaged(ctx, Update{Meta: map[string][]byte{"b": {2}}})
	require.ErrorIs(t, err, ErrFailed, "a failed write")
	_ = s.Close()
}

func TestOpenRejectsTinyJournal(t *testing.T) {
	_, err := Open(t.TempDir(), WithJournalSize(100))
	require.ErrorIs(t, err, ErrInvalidOption)
}

// TestJournalKill9 runs writers in a child process, SIGKILLs it at a random
// moment, several times over one directory, and checks that every
// acknowledged commit is there and no reservation went back. A kill keeps
// the page cache, so badger alone would pass that; each round also checks
// an image of a power cut at the kill, where badger has lost all it wrote
// during the round and only the journal brings it back.
func TestJournalKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; run without -short")
	}
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 2))
	dir := t.TempDir()
	acked := map[string]string{}
	var lastUpto uint64
	check := func(dir, what string, round int, maxUpto uint64) uint64 {
		s, err := Open(dir)
		require.NoError(t, err, "seed %d round %d %s", seed, round, what)
		for name, v := range acked {
			got, err := s.Meta(context.Background(), name)
			require.NoError(t, err, "seed %d round %d %s: acknowledged %s lost", seed, round, what, name)
			require.Equal(t, v, string(got), "seed %d round %d %s: %s", seed, round, what, name)
		}
		upto, err := s.Reservation(context.Background(), crashChannel)
		require.NoError(t, err)
		require.GreaterOrEqual(t, upto, max(maxUpto, lastUpto), "seed %d round %d %s: reservation went back", seed, round, what)
		require.NoError(t, s.Close())
		return upto
	}
	for round := range 4 {
		before := t.TempDir() // badger as the last clean close left it
		diskimage.Copy(t, dir, before, nil)
		lines := killChild(t, dir, round, time.Duration(20+rng.IntN(300))*time.Millisecond)
		var maxUpto uint64
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) == 4 && f[0] == "ACK" {
				acked[f[1]] = f[2]
				u, _ := strconv.ParseUint(f[3], 10, 64)
				maxUpto = max(maxUpto, u)
			}
		}
		require.NotZero(t, maxUpto, "seed %d round %d: progress before the kill", seed, round)
		// The image holds only if no journal was deleted during the round
		// (badger flushed nothing): the child writes far less than a
		// memtable.
		if seqs := journalSeqs(t, dir); len(seqs) > 0 && seqs[0] == 1 {
			check(crashImage(t, before, dir), "power-cut image", round, maxUpto)
		} else {
			t.Logf("round %d: journals %v, a checkpoint ran; no power-cut image", round, seqs)
		}
		lastUpto = check(dir, "after kill", round, maxUpto)
	}
	t.Logf("%d commits acknowledged over 4 kills", len(acked))
}

func killChild(t *testing.T, dir string, round int, d time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir, "MESHPAY_STORE_CRASH_ROUND="+strconv.Itoa(round))
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	var lines []string
	firstAck := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		var once sync.Once
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if strings.HasPrefix(sc.Text(), "ACK") {
				once.Do(func() { close(firstAck) })
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case <-firstAck:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("child committed nothing in 30s")
	}
	time.Sleep(d)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	<-done
	require.Error(t, cmd.Wait(), "the child was killed, not finished")
	return lines
}

// crashChild commits from several goroutines with small journal files
// (so kills land around rotations too) and prints each acknowledgement
// with a single write. Goroutine 0 also raises a reservation each time.
func crashChild(dir string) error {
	ctx := context.Background()
	s, err := Open(dir, WithJournalSize(16<<10))
	if err != nil {
		return err
	}
	round := os.Getenv("MESHPAY_STORE_CRASH_ROUND")
	upto, err := s.Reservation(ctx, crashChannel)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(20 * time.Second)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				name := fmt.Sprintf("r%s-g%d-%d", round, g, i)
				val := strings.Repeat(name, 1+i%7)
				u := Update{Meta: map[string][]byte{name: []byte(val)}}
				var reserved uint64 // only goroutine 0 touches upto
				if g == 0 {
					upto++
					reserved = upto
					u.Reservation = &Reservation{ChannelID: crashChannel, Upto: reserved}
				}
				if err := s.Commit(ctx, u); err != nil {
					errs <- err
					return
				}
				_, _ = os.Stdout.WriteString(fmt.Sprintf("ACK %s %s %d\n", name, val, reserved))
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

var crashChannel = channels.ChannelID{7}

// badgerChannel reads a channel's record from badger itself, past the
// write-behind map.
func badgerChannel(t *testing.T, s *Badger, id channels.ChannelID) channels.Channel {
	t.Helper()
	var c channels.Channel
	require.NoError(t, s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(channelKey(id))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			c, err = decodeChannel(id, v)
			return err
		})
	}))
	return c
}

// TestProofsWriteBehind: the records that proof updates rewrite stay out
// of badger until the journal rotates, reads see them all the same, the
// journal brings them back after a crash, and a whole-record update or a
// clean close puts them where they belong.
func TestProofsWriteBehind(t *testing.T) {
	ctx := context.Background()
	s, dir, base := openBase(t, WithJournalSize(16<<10))
	ch, signers := testChannel(t, 7)
	require.NoError(t, s.Commit(ctx, Update{Channel: &ch}))
	next := ch
	for i := uint64(1); i <= 3; i++ {
		next = pay(t, next, signers[0], i, i)
		require.NoError(t, s.Commit(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: next.Proofs[0]}}))
	}
	require.Equal(t, ch.Proofs, badgerChannel(t, s, ch.ID).Proofs, "badger has not seen the proofs")
	got, err := s.Channel(ctx, ch.ID)
	require.NoError(t, err)
	require.Equal(t, next.Proofs, got.Proofs, "Channel reads through the map")
	all, err := s.Channels(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	require.Equal(t, next.Proofs, all[0].Proofs, "so does Channels")

	img := crashImage(t, base, dir)
	crashed, err := Open(img)
	require.NoError(t, err)
	got, err = crashed.Channel(ctx, ch.ID)
	require.NoError(t, err)
	require.Equal(t, next.Proofs, got.Proofs, "the journal had them")
	require.NoError(t, crashed.Close())

	// A rotation flushes the map into badger before sealing the journal.
	seqs := journalSeqs(t, dir)
	for i := uint64(4); slices.Equal(journalSeqs(t, dir), seqs); i++ {
		next = pay(t, next, signers[0], i, 1)
		require.NoError(t, s.Commit(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: next.Proofs[0]}}))
	}
	atRotation := badgerChannel(t, s, ch.ID)
	require.NotEqual(t, ch.Proofs, atRotation.Proofs, "flushed at the rotation")

	// A whole-record update goes to badger and replaces the map's copy.
	closing, err := next.Apply(channels.Closed{Closer: 1, At: 100})
	require.NoError(t, err)
	require.NoError(t, s.Commit(ctx, Update{Channel: &closing}))
	require.Equal(t, closing, badgerChannel(t, s, ch.ID))
	got, err = s.Channel(ctx, ch.ID)
	require.NoError(t, err)
	require.Equal(t, closing, got)

	require.NoError(t, s.Close())
	s, err = Open(dir)
	require.NoError(t, err)
	defer s.Close()
	require.False(t, s.Recovered())
	got, err = s.Channel(ctx, ch.ID)
	require.NoError(t, err)
	require.Equal(t, closing, got)
}

// TestQueueInOrder: queued updates commit in the order queued, each wait
// may be asked again, and a refusal comes back from its own wait only.
func TestQueueInOrder(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	ch, signers := testChannel(t, 7)
	require.NoError(t, s.Commit(ctx, Update{Channel: &ch}))
	var waits []func(context.Context) error
	next := ch
	for i := uint64(1); i <= 20; i++ {
		next = pay(t, next, signers[0], i, 1)
		w, err := s.Queue(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: next.Proofs[0]}})
		require.NoError(t, err)
		waits = append(waits, w)
	}
	stale, err := s.Queue(ctx, Update{Proof: &ProofUpdate{Signer: 0, Proof: pay(t, ch, signers[0], 5, 1).Proofs[0]}})
	require.NoError(t, err)
	for _, w := range waits {
		require.NoError(t, w(ctx))
		require.NoError(t, w(ctx), "asked again")
	}
	require.ErrorIs(t, stale(ctx), ErrInvalidUpdate, "nonce 5 after 20: checked in queue order")
	got, err := s.Channel(ctx, ch.ID)
	require.NoError(t, err)
	require.Equal(t, next.Proofs[0], got.Proofs[0])
}
