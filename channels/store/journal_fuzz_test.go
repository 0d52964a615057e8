package store

import (
	"bytes"
	"testing"
)

// FuzzJournalRecord feeds arbitrary bytes to the record decoder, alone, as
// a payload and as the records of a journal file. Nothing may panic, and whatever
// decodes must encode back to the same bytes: the decoder accepts exactly
// what the writer writes.
func FuzzJournalRecord(f *testing.F) {
	const seq = 3
	f.Add(frameRecord(seq, appendOp(make([]byte, recordHeaderSize), opSet, []byte("k"), []byte("v"))))
	f.Add(appendOp(appendOp(nil, opSet, []byte("k"), []byte("v")), opDelete, []byte("d"), nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		payload, size, end, err := decodeRecord(seq, b)
		if err == nil {
			if end || size < recordHeaderSize+len(payload) || size%8 != 0 || size > len(b) {
				t.Fatalf("record of %d bytes with a payload of %d in %d bytes, end %v", size, len(payload), len(b), end)
			}
			if ops, err := decodeOps(payload); err == nil {
				rec := make([]byte, recordHeaderSize)
				for _, op := range ops {
					rec = appendOp(rec, op.op, op.key, op.value)
				}
				rec = frameRecord(seq, rec)
				if !bytes.Equal(rec, b[:size]) {
					t.Fatalf("decoded %x, encodes back to %x", b[:size], rec)
				}
			}
		}
		// The checksum keeps random bytes from reaching the operation
		// decoder above; take b as a payload too.
		if ops, err := decodeOps(b); err == nil {
			var p []byte
			for _, op := range ops {
				p = appendOp(p, op.op, op.key, op.value)
			}
			if !bytes.Equal(p, b) {
				t.Fatalf("payload %x encodes back to %x", b, p)
			}
		}
		img := append(journalHeader(seq), b...)
		res, err := scanJournal(bytes.NewReader(img), int64(len(img)), seq, func(ops []journalOp) error {
			if len(ops) == 0 {
				t.Fatal("a record without operations")
			}
			return nil
		})
		if err == nil && res.end > int64(len(img)) {
			t.Fatalf("scan ended at %d, past the %d bytes", res.end, len(img))
		}
	})
}
