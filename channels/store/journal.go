package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The journal is the store's write-ahead log. Each commit group is one
// record, appended and made durable with one fdatasync before its writes
// reach badger (which never syncs on its own). A journal file is
//
//	header: magic "mpjrnl\x00\x01" | seq uint64 LE            (16 bytes)
//	record: length uint32 LE | crc32c uint32 LE | payload | zero padding to 8 bytes
//	...
//	zeros to the end of the preallocated file
//
// where crc32c covers the file's seq, the length and the payload, so a
// record copied from another journal file does not pass. The payload is a
// sequence of operations:
//
//	opSet:    0x01 | uvarint key length | key | uvarint value length | value
//	opDelete: 0x02 | uvarint key length | key
//
// Records start at 8-byte offsets, so a record header never straddles a
// disk sector and is written whole or not at all.
//
// Only the tail can be torn. There is one writer, and it writes record n+1
// only after record n's fdatasync returned, and starts journal file k+1
// only after file k's last record's fdatasync returned; after a failed
// write or sync it writes nothing more (ErrFailed). A crash can therefore
// leave at most one partial record: the last one written, with nothing
// after it but zeros. Open replays and then deletes every journal before
// writing a new one, so a torn tail never ends up before a newer file. A
// bad record that is followed by a valid one, or a bad record in any file
// but the newest, is not a crash but damage, and Open reports it as
// ErrCorrupt rather than dropping the acknowledged records after it. The
// check is as good as the bad record's length field: damage that zeroes a
// header, or garbles its length, looks like the end of the journal.
const (
	journalPrefix     = "journal-"
	journalMagic      = "mpjrnl\x00\x01"
	journalHeaderSize = 16
	recordHeaderSize  = 8

	opSet    = 1
	opDelete = 2

	// maxRecordPayload bounds a record when decoding; a length above it
	// is damage, not a record.
	maxRecordPayload = 1 << 30
)

// DefaultJournalSize is the size preallocated for each journal file.
const DefaultJournalSize = 64 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// journalOp is one write of a record: a set, or a delete (value nil).
type journalOp struct {
	op         byte
	key, value []byte
}

// appendOp appends one operation to a record payload.
func appendOp(b []byte, op byte, key, value []byte) []byte {
	b = append(b, op)
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	if op == opSet {
		b = binary.AppendUvarint(b, uint64(len(value)))
		b = append(b, value...)
	}
	return b
}

// decodeOps splits a payload into its operations; keys and values alias p.
// It accepts only what appendOp writes (lengths in their shortest form), so
// a decoded payload encodes back to the same bytes.
func decodeOps(p []byte) ([]journalOp, error) {
	var ops []journalOp
	for len(p) > 0 {
		op := journalOp{op: p[0]}
		p = p[1:]
		if op.op != opSet && op.op != opDelete {
			return nil, fmt.Errorf("unknown operation %d", op.op)
		}
		var err error
		if op.key, p, err = lengthPrefixed(p); err != nil {
			return nil, fmt.Errorf("key: %w", err)
		}
		if len(op.key) == 0 {
			return nil, errors.New("empty key")
		}
		if op.op == opSet {
			if op.value, p, err = lengthPrefixed(p); err != nil {
				return nil, fmt.Errorf("value: %w", err)
			}
		}
		ops = append(ops, op)
	}
	if len(ops) == 0 {
		return nil, errors.New("no operations")
	}
	return ops, nil
}

func lengthPrefixed(p []byte) (v, rest []byte, err error) {
	n, k := binary.Uvarint(p)
	if k <= 0 || k != len(binary.AppendUvarint(nil, n)) {
		return nil, nil, errors.New("bad length")
	}
	p = p[k:]
	if n > uint64(len(p)) {
		return nil, nil, fmt.Errorf("length %d beyond the record", n)
	}
	return p[:n:n], p[n:], nil
}

// recordChecksum is crc32c over seq, the length and the payload.
func recordChecksum(seq uint64, payload []byte) uint32 {
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:8], seq)
	binary.LittleEndian.PutUint32(b[8:], uint32(len(payload)))
	return crc32.Update(crc32.Update(0, castagnoli, b[:]), castagnoli, payload)
}

// frameRecord fills in the header of rec, which holds recordHeaderSize
// reserved bytes and then the payload, and pads it to 8 bytes.
func frameRecord(seq uint64, rec []byte) []byte {
	payload := rec[recordHeaderSize:]
	binary.LittleEndian.PutUint32(rec[0:4], uint32(len(payload)))
	binary.LittleEndian.PutUint32(rec[4:8], recordChecksum(seq, payload))
	for len(rec)%8 != 0 {
		rec = append(rec, 0)
	}
	return rec
}

// errNoRecord reports a record slot that is not a whole, valid record: the
// end of the journal or damage, depending on what follows.
var errNoRecord = errors.New("no valid record")

// decodeRecord reads the record at the start of b, a journal file's bytes
// from one record offset on. It returns the payload and the record's size
// with its (zero) padding, or errNoRecord (wrapped) if there is no valid
// record; end reports a zero header, the clean end.
func decodeRecord(seq uint64, b []byte) (payload []byte, size int, end bool, err error) {
	if len(b) < recordHeaderSize {
		return nil, 0, len(b) == 0 || allZero(b), fmt.Errorf("%w: %d bytes left", errNoRecord, len(b))
	}
	n := binary.LittleEndian.Uint32(b[0:4])
	sum := binary.LittleEndian.Uint32(b[4:8])
	if n == 0 && sum == 0 {
		return nil, 0, true, fmt.Errorf("%w: zero header", errNoRecord)
	}
	if n == 0 || n > maxRecordPayload || int64(n) > int64(len(b)-recordHeaderSize) {
		return nil, 0, false, fmt.Errorf("%w: length %d with %d bytes left", errNoRecord, n, len(b)-recordHeaderSize)
	}
	size = paddedSize(n)
	if size > len(b) {
		return nil, 0, false, fmt.Errorf("%w: length %d with %d bytes left", errNoRecord, n, len(b)-recordHeaderSize)
	}
	payload = b[recordHeaderSize : recordHeaderSize+int(n)]
	if recordChecksum(seq, payload) != sum {
		return nil, 0, false, fmt.Errorf("%w: checksum mismatch", errNoRecord)
	}
	if !allZero(b[recordHeaderSize+int(n) : size]) {
		return nil, 0, false, fmt.Errorf("%w: padding not zero", errNoRecord)
	}
	return payload, size, false, nil
}

// paddedSize is the size of a record with a payload of n bytes.
func paddedSize(n uint32) int { return (recordHeaderSize + int(n) + 7) &^ 7 }

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func journalHeader(seq uint64) []byte {
	return binary.LittleEndian.AppendUint64([]byte(journalMagic), seq)
}

func journalName(seq uint64) string { return fmt.Sprintf("%s%016x", journalPrefix, seq) }

// listJournals returns the sequence numbers of the journal files in dir,
// oldest first.
func listJournals(dir string) ([]uint64, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var seqs []uint64
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), journalPrefix)
		if !ok || len(rest) != 16 || !e.Type().IsRegular() {
			continue
		}
		seq, err := strconv.ParseUint(rest, 16, 64)
		if err != nil {
			continue
		}
		seqs = append(seqs, seq)
	}
	slices.Sort(seqs)
	return seqs, nil
}

// scanResult is what a scan found in one journal file.
type scanResult struct {
	records int
	// end is the offset after the last valid record.
	end int64
	// torn reports a bad record at end: a torn write if it is the tail
	// of the newest file.
	torn    bool
	tornWhy error
}

// scanJournal reads the records of journal file seq from r, a file of
// size bytes, calling fn with each payload's operations in order. It stops
// at the first slot without a valid record. A bad record that is followed
// by a valid one is ErrCorrupt; fn is never called for anything after a
// bad record.
func scanJournal(r io.ReaderAt, size int64, seq uint64, fn func(ops []journalOp) error) (scanResult, error) {
	var res scanResult
	hdr := make([]byte, journalHeaderSize)
	if n, err := r.ReadAt(hdr, 0); err != nil && !(errors.Is(err, io.EOF) && allZero(hdr[:n])) {
		if errors.Is(err, io.EOF) {
			return res, fmt.Errorf("%w: journal header of %d bytes", ErrCorrupt, n)
		}
		return res, err
	}
	if allZero(hdr) {
		// Created but never written to: a crash between creating the
		// file and syncing its header, before any record.
		return res, nil
	}
	if !bytes.Equal(hdr, journalHeader(seq)) {
		return res, fmt.Errorf("%w: journal header %x does not name journal %d", ErrCorrupt, hdr, seq)
	}
	off := int64(journalHeaderSize)
	for {
		res.end = off
		payload, rsize, end, err := readRecord(r, size, seq, off)
		if end {
			return res, nil
		}
		if errors.Is(err, errNoRecord) {
			res.torn, res.tornWhy = true, err
			if next, ok := nextSlot(r, size, off); ok {
				if _, _, end, err := readRecord(r, size, seq, next); err == nil && !end {
					return res, fmt.Errorf("%w: bad record at offset %d (%v) followed by a valid one at %d", ErrCorrupt, off, res.tornWhy, next)
				}
			}
			return res, nil
		}
		if err != nil {
			return res, err
		}
		ops, err := decodeOps(payload)
		if err != nil {
			// The checksum matched: this was written so.
			return res, fmt.Errorf("%w: record at offset %d: %v", ErrCorrupt, off, err)
		}
		if err := fn(ops); err != nil {
			return res, err
		}
		res.records++
		off += int64(rsize)
	}
}

// readRecord reads the record at off into a buffer of its own, which the
// caller may keep.
func readRecord(r io.ReaderAt, size int64, seq uint64, off int64) ([]byte, int, bool, error) {
	left := size - off
	if left <= 0 {
		return nil, 0, true, nil
	}
	var hdr [recordHeaderSize]byte
	n, err := r.ReadAt(hdr[:min(int64(len(hdr)), left)], off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, false, err
	}
	plen := binary.LittleEndian.Uint32(hdr[:])
	if n < recordHeaderSize || plen == 0 || plen > maxRecordPayload || int64(paddedSize(plen)) > left {
		return decodeRecord(seq, hdr[:n])
	}
	b := make([]byte, paddedSize(plen))
	if _, err := r.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, false, err
	}
	return decodeRecord(seq, b)
}

// nextSlot is where the record after a bad one at off would start, if its
// length field is to be believed.
func nextSlot(r io.ReaderAt, size, off int64) (int64, bool) {
	var hdr [4]byte
	if _, err := r.ReadAt(hdr[:], off); err != nil {
		return 0, false
	}
	n := int64(binary.LittleEndian.Uint32(hdr[:]))
	next := (off + recordHeaderSize + n + 7) &^ 7
	return next, n > 0 && next+recordHeaderSize <= size
}

// journalFile is the journal file being appended to.
type journalFile struct {
	f    *os.File
	path string
	seq  uint64
	off  int64 // where the next record goes
	size int64 // preallocated size
}

// createJournal creates journal file seq of size bytes in dir, its header
// written, its size and the directory entry durable, so that later
// fdatasyncs only flush records.
func createJournal(dir string, seq uint64, size int64) (*journalFile, error) {
	path := filepath.Join(dir, journalName(seq))
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	j := &journalFile{f: f, path: path, seq: seq, off: journalHeaderSize, size: size}
	err = preallocate(f, size)
	if err == nil {
		_, err = f.WriteAt(journalHeader(seq), 0)
	}
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("create journal %s: %w", path, err)
	}
	return j, nil
}

// fits reports whether a record of n bytes fits before the end of the
// preallocated space.
func (j *journalFile) fits(n int) bool { return j.off+int64(n) <= j.size }

// write writes one framed record; sync makes it durable. The committer
// syncs each record before it writes the next, which is what keeps a torn
// record at the tail (see the format above).
func (j *journalFile) write(rec []byte) error {
	if _, err := j.f.WriteAt(rec, j.off); err != nil {
		return fmt.Errorf("write journal %s at %d: %w", j.path, j.off, err)
	}
	j.off += int64(len(rec))
	return nil
}

func (j *journalFile) sync() error {
	if err := datasync(j.f); err != nil {
		return fmt.Errorf("sync journal %s: %w", j.path, err)
	}
	return nil
}

// removeJournal deletes journal file seq and makes the deletion durable
// before returning: journals are removed oldest first, and a crash must
// never leave an older journal without the newer ones whose records it
// would otherwise be replayed over.
func removeJournal(dir string, seq uint64) error {
	if err := os.Remove(filepath.Join(dir, journalName(seq))); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return syncDir(dir)
}
