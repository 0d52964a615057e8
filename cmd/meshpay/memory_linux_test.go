package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadOnlyFileMappings(t *testing.T) {
	const smaps = `00400000-00402000 r--p 00000000 fe:00 42                                 /usr/bin/meshpay
Size:                  8 kB
Rss:                   8 kB
Anonymous:             0 kB
VmFlags: rd mr mw me dw sd
00402000-01d3c000 r-xp 00002000 fe:00 42                                 /usr/bin/meshpay
Size:              25832 kB
Anonymous:             0 kB
VmFlags: rd ex mr mw me dw sd
01d3c000-03ce0000 r--p 0193c000 fe:00 42                                 /usr/bin/meshpay
Anonymous:             0 kB
03ce0000-03ce1000 r--p 038e0000 fe:00 42                                 /usr/bin/meshpay
Anonymous:             4 kB
03ce1000-03dc2000 rw-p 038e1000 fe:00 42                                 /usr/bin/meshpay
Anonymous:           120 kB
03dc2000-05e1f000 rw-p 00000000 00:00 0 
Anonymous:           268 kB
7f5e00000000-7f5e00001000 r--p 00000000 fe:01 42                         /other/device/same/inode
Anonymous:             0 kB
7f5f0db6e000-7f5f0db94000 r--p 00000000 fe:00 7                          /usr/lib/x86_64-linux-gnu/libc.so.6
Anonymous:             0 kB
7f5f0dd61000-7f5f0dd63000 r-xp 00000000 00:00 0                          [vdso]
Anonymous:             0 kB
`
	got, err := readOnlyFileMappings(strings.NewReader(smaps), "fe:00", 42)
	require.NoError(t, err)
	require.Equal(t, []addrRange{
		{0x400000, 0x402000},
		{0x402000, 0x1d3c000},
		{0x1d3c000, 0x3ce0000},
	}, got, "the relocated (anonymous) read-only page, writable mappings and other files stay")
}

func TestDevName(t *testing.T) {
	require.Equal(t, "fe:00", devName(0xfe00))
	require.Equal(t, "103:02", devName(259<<8|2))
	require.Equal(t, "00:1f", devName(0x1f))
}

// TestReleaseStartupMemory runs the release in the test process itself:
// it must find the test binary's code, and the process must go on working
// with its code unmapped.
func TestReleaseStartupMemory(t *testing.T) {
	released, err := releaseStartupMemory()
	require.NoError(t, err)
	require.Positive(t, released, "no mapping of the executable found")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"version"}, &out, &errOut), errOut.String())
	require.Contains(t, out.String(), "meshpay")
}
