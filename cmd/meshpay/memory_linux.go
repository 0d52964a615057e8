package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

// releaseStartupMemory gives back to the kernel the memory that only the
// start of the process needed. The daemon calls it once, when the node is
// up, and it returns how many bytes of the executable it unmapped.
//
// Two kinds of memory stay resident after start-up that an idle node does
// not use:
//
//   - Go heap that the start-up allocated and freed: the keystore's scrypt
//     alone takes 256 MB with the standard KDF, and the runtime keeps it
//     until a later GC lowers its heap goal and the background scavenger
//     gets to it, minutes later. debug.FreeOSMemory returns it now.
//   - Pages of the executable. The one binary links the geth dev node of
//     'meshpay devnet' too, and the init functions of its ~480 packages
//     that have one run in every process; they are spread over .text, and
//     the kernel maps each touched page with its neighbours (fault-around,
//     64 KiB, or the whole large page-cache folio), so the start-up leaves
//     two thirds of .text and much of .rodata and .gopclntab mapped, while
//     the idle node runs a few MB of them. MADV_DONTNEED on the read-only
//     file mappings of the executable unmaps them; the pages stay in the
//     page cache, clean and reclaimable, and whatever the node runs later
//     faults back in.
//
// Only mappings of the executable that are neither writable nor hold
// anonymous (copy-on-write) pages are unmapped: the read-only data that
// the dynamic loader relocated is copy-on-write and must stay.
func releaseStartupMemory() (int64, error) {
	debug.FreeOSMemory()
	exe, err := os.Stat("/proc/self/exe")
	if err != nil {
		return 0, fmt.Errorf("release memory: %w", err)
	}
	st, ok := exe.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, fmt.Errorf("release memory: no inode for %s", exe.Name())
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return 0, fmt.Errorf("release memory: %w", err)
	}
	ranges, err := readOnlyFileMappings(f, devName(uint64(st.Dev)), st.Ino)
	_ = f.Close()
	if err != nil {
		return 0, fmt.Errorf("release memory: %w", err)
	}
	var released int64
	for _, r := range ranges {
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, r.start, r.end-r.start, syscall.MADV_DONTNEED); errno != 0 {
			return released, fmt.Errorf("release memory: madvise %#x-%#x: %w", r.start, r.end, errno)
		}
		released += int64(r.end - r.start)
	}
	return released, nil
}

// addrRange is the address range of one mapping.
type addrRange struct{ start, end uintptr }

// readOnlyFileMappings returns, from an smaps listing, the mappings of the
// file dev:ino that are private, not writable and hold no anonymous pages.
// dev is written as in smaps ("fe:01").
func readOnlyFileMappings(smaps io.Reader, dev string, ino uint64) ([]addrRange, error) {
	var (
		out  []addrRange
		cur  addrRange
		keep bool
	)
	s := bufio.NewScanner(smaps)
	for s.Scan() {
		f := strings.Fields(s.Text())
		if len(f) == 0 {
			continue
		}
		if r, ok := parseRange(f[0]); ok && len(f) >= 5 {
			// A new mapping: "start-end perms offset dev inode [path]".
			if keep {
				out = append(out, cur)
			}
			inode, err := strconv.ParseUint(f[4], 10, 64)
			cur = r
			keep = err == nil && inode == ino && f[3] == dev && len(f[1]) == 4 && f[1][1] != 'w' && f[1][3] == 'p'
			continue
		}
		if f[0] == "Anonymous:" && len(f) >= 2 && f[1] != "0" {
			keep = false
		}
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	if keep {
		out = append(out, cur)
	}
	return out, nil
}

// parseRange parses smaps' "start-end" (hex) field.
func parseRange(s string) (addrRange, bool) {
	lo, hi, ok := strings.Cut(s, "-")
	if !ok {
		return addrRange{}, false
	}
	start, err := strconv.ParseUint(lo, 16, 64)
	if err != nil {
		return addrRange{}, false
	}
	end, err := strconv.ParseUint(hi, 16, 64)
	if err != nil || end <= start {
		return addrRange{}, false
	}
	return addrRange{uintptr(start), uintptr(end)}, true
}

// devName writes a device number the way /proc/<pid>/maps does
// ("major:minor" in hex, at least two digits each).
func devName(dev uint64) string {
	major := (dev>>8)&0xfff | (dev>>32)&^0xfff
	minor := dev&0xff | (dev>>12)&^0xff
	return fmt.Sprintf("%02x:%02x", major, minor)
}
