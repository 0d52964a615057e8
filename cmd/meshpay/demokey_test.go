package main

import (
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node/identity"
)

// TestImportDevnetKey: 'demo device --devnet-device' imports the key once,
// keeps it on a restart, and refuses a data dir holding another device's.
func TestImportDevnetKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), KeyFile)
	require.NoError(t, importDevnetKey(path, "pass", 1))
	require.NoError(t, importDevnetKey(path, "pass", 1), "a restarted container keeps its key")

	id, err := identity.Load(path, "pass")
	require.NoError(t, err)
	key, err := devnet.DeviceKey(1)
	require.NoError(t, err)
	require.Equal(t, crypto.PubkeyToAddress(key.PublicKey), id.Address())

	require.ErrorContains(t, importDevnetKey(path, "pass", 2), "not of devnet device 2")
	require.ErrorIs(t, importDevnetKey(path, "wrong", 1), identity.ErrWrongPassphrase)
}
