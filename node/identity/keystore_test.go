package identity_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/identity"
)

const testPassphrase = "correct horse battery staple"

func skipOnWindows(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no Unix file modes on Windows")
	}
}

// writeFile writes data to a new file in a fresh directory with mode perm
// (set with chmod, so the umask does not matter) and returns its path.
func writeFile(t *testing.T, data []byte, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "key.json")
	require.NoError(t, os.WriteFile(path, data, perm))
	require.NoError(t, os.Chmod(path, perm))
	return path
}

// copyTestdata copies a file from testdata to a fresh directory with mode
// 0600 (git does not keep modes) and returns its path.
func copyTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return writeFile(t, data, 0o600)
}

func TestCreateLoadRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "meshpay", "keys")
	path := filepath.Join(dir, "device.json")
	created, err := identity.Create(path, testPassphrase, identity.LightKDF)
	require.NoError(t, err)

	loaded, err := identity.Load(path, testPassphrase)
	require.NoError(t, err)
	require.Equal(t, created.Address(), loaded.Address())
	require.Equal(t, created.PeerID(), loaded.PeerID())
	require.Equal(t, crypto.FromECDSA(created.ECDSA()), crypto.FromECDSA(loaded.ECDSA()))
	require.True(t, created.PrivKey().Equals(loaded.PrivKey()))

	addr, err := identity.AddressOf(loaded.PeerID())
	require.NoError(t, err)
	require.Equal(t, created.Address(), addr)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file left behind")
}

// TestCreateWritesV3Keystore: the file is a plain go-ethereum V3 keystore
// with the light scrypt parameters.
func TestCreateWritesV3Keystore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.json")
	id, err := identity.Create(path, testPassphrase, identity.LightKDF)
	require.NoError(t, err)
	blob, err := os.ReadFile(path)
	require.NoError(t, err)

	k, err := keystore.DecryptKey(blob, testPassphrase)
	require.NoError(t, err)
	require.Equal(t, id.Address(), k.Address)

	var file struct {
		Address string `json:"address"`
		Version int    `json:"version"`
		Crypto  struct {
			KDF       string `json:"kdf"`
			KDFParams struct {
				N int `json:"n"`
				P int `json:"p"`
			} `json:"kdfparams"`
		} `json:"crypto"`
	}
	require.NoError(t, json.Unmarshal(blob, &file))
	require.Equal(t, 3, file.Version)
	require.Equal(t, strings.ToLower(id.Address().Hex()[2:]), file.Address)
	require.Equal(t, "scrypt", file.Crypto.KDF)
	require.Equal(t, keystore.LightScryptN, file.Crypto.KDFParams.N)
	require.Equal(t, keystore.LightScryptP, file.Crypto.KDFParams.P)
}

func TestCreateModes(t *testing.T) {
	skipOnWindows(t)
	dir := filepath.Join(t.TempDir(), "keys")
	path := filepath.Join(dir, "key.json")
	_, err := identity.Create(path, testPassphrase, identity.LightKDF)
	require.NoError(t, err)

	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	require.True(t, fi.Mode().IsRegular())
	di, err := os.Stat(dir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), di.Mode().Perm())
}

func TestImportKnownKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.json")
	id, err := identity.Import(path, testPassphrase, knownKey(t), identity.LightKDF)
	require.NoError(t, err)
	require.Equal(t, knownAddress, id.Address().Hex())
	require.Equal(t, knownPeerID, id.PeerID().String())

	loaded, err := identity.Load(path, testPassphrase)
	require.NoError(t, err)
	require.Equal(t, knownAddress, loaded.Address().Hex())
	require.Equal(t, knownPeerID, loaded.PeerID().String())
}

func TestImportRefusesInvalidKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.json")
	_, err := identity.Import(path, testPassphrase, nil, identity.LightKDF)
	require.ErrorIs(t, err, identity.ErrInvalidKey)
	require.NoFileExists(t, path)
}

func TestUnknownKDF(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.json")
	_, err := identity.Create(path, testPassphrase, identity.KDF(7))
	require.ErrorIs(t, err, identity.ErrUnknownKDF)
	require.NoFileExists(t, path)
	require.Equal(t, "standard", identity.StandardKDF.String())
	require.Equal(t, "light", identity.LightKDF.String())
	require.Equal(t, "KDF(7)", identity.KDF(7).String())
}

func TestRefusesOverwrite(t *testing.T) {
	skipOnWindows(t) // symlinks
	tests := map[string]func(t *testing.T, path string){
		"key file": func(t *testing.T, path string) {
			_, err := identity.Create(path, testPassphrase, identity.LightKDF)
			require.NoError(t, err)
		},
		"other file": func(t *testing.T, path string) {
			require.NoError(t, os.WriteFile(path, []byte("keep me"), 0o600))
		},
		"dangling symlink": func(t *testing.T, path string) {
			require.NoError(t, os.Symlink(filepath.Join(filepath.Dir(path), "nowhere"), path))
		},
	}
	for name, setup := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "key.json")
			setup(t, path)
			before, _ := os.Readlink(path)
			beforeData, _ := os.ReadFile(path)

			_, err := identity.Create(path, "other", identity.LightKDF)
			require.ErrorIs(t, err, identity.ErrKeyExists)
			require.ErrorContains(t, err, path)
			_, err = identity.Import(path, "other", knownKey(t), identity.LightKDF)
			require.ErrorIs(t, err, identity.ErrKeyExists)

			after, _ := os.Readlink(path)
			afterData, _ := os.ReadFile(path)
			require.Equal(t, before, after)
			require.Equal(t, beforeData, afterData)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Len(t, entries, 1, "no temporary file left behind")
		})
	}
}

// TestConcurrentImport: of several Imports racing for one path exactly one
// wins; the file holds the winner's key.
func TestConcurrentImport(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "key.json")
	const n = 4
	var (
		wg   sync.WaitGroup
		ids  [n]*identity.Identity
		errs [n]error
	)
	for i := range n {
		wg.Go(func() {
			ids[i], errs[i] = identity.Create(path, testPassphrase, identity.LightKDF)
		})
	}
	wg.Wait()
	var winner *identity.Identity
	for i := range n {
		if errs[i] == nil {
			require.Nil(t, winner, "two Creates succeeded")
			winner = ids[i]
		} else {
			require.ErrorIs(t, errs[i], identity.ErrKeyExists)
		}
	}
	require.NotNil(t, winner)
	loaded, err := identity.Load(path, testPassphrase)
	require.NoError(t, err)
	require.Equal(t, winner.Address(), loaded.Address())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file left behind")
}

func TestLoadWrongPassphrase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.json")
	_, err := identity.Create(path, testPassphrase, identity.LightKDF)
	require.NoError(t, err)
	for _, pass := range []string{"", "wrong", testPassphrase + "\n"} {
		_, err = identity.Load(path, pass)
		require.ErrorIs(t, err, identity.ErrWrongPassphrase, "passphrase %q", pass)
		require.ErrorContains(t, err, path)
	}
}

func TestLoadPermissions(t *testing.T) {
	skipOnWindows(t)
	blob, err := os.ReadFile(filepath.Join("testdata", "geth-aaa.json"))
	require.NoError(t, err)
	tests := []struct {
		mode os.FileMode
		ok   bool
	}{
		{0o600, true},
		{0o400, true},
		{0o700, true},
		{0o640, false},
		{0o620, false},
		{0o604, false},
		{0o602, false},
		{0o601, false},
		{0o644, false},
		{0o666, false},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			path := writeFile(t, blob, tt.mode)
			_, err := identity.Load(path, "foobar")
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, identity.ErrInsecurePermissions)
			require.ErrorContains(t, err, path)
			// Refused before decrypting: the passphrase does not matter.
			_, err = identity.Load(path, "wrong")
			require.ErrorIs(t, err, identity.ErrInsecurePermissions)
		})
	}
}

// TestLoadGethFiles: files written by geth load; an address field that
// does not match the key is refused.
func TestLoadGethFiles(t *testing.T) {
	tests := []struct {
		file, passphrase, address string
		err                       error
	}{
		{"geth-aaa.json", "foobar", "0xf466859eAD1932D743d622CB74FC058882E8648A", nil},
		{"geth-7ef5a6.json", "foobar", "0x7EF5A6135f1FD6a02593eEdC869c6D41D934aef8", nil},
		{"geth-no-address.json", "foobar", "0xf466859eAD1932D743d622CB74FC058882E8648A", nil},
		{"geth-zero.json", "foobar", "", identity.ErrInvalidKeystore},
		{"geth-aaa.json", "foobaz", "", identity.ErrWrongPassphrase},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.passphrase, func(t *testing.T) {
			id, err := identity.Load(copyTestdata(t, tt.file), tt.passphrase)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.address, id.Address().Hex())
			addr, err := identity.AddressOf(id.PeerID())
			require.NoError(t, err)
			require.Equal(t, tt.address, addr.Hex())
		})
	}
}

func TestLoadInvalid(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "geth-aaa.json"))
	require.NoError(t, err)
	edit := func(from, to string) []byte {
		require.Contains(t, string(good), from)
		return []byte(strings.Replace(string(good), from, to, 1))
	}
	tests := map[string][]byte{
		"empty":            {},
		"not JSON":         []byte("-----BEGIN PRIVATE KEY-----"),
		"truncated":        good[:len(good)/2],
		"JSON array":       []byte("[1,2,3]"),
		"no crypto":        []byte(`{"address":"f466859ead1932d743d622cb74fc058882e8648a","version":3}`),
		"unknown cipher":   edit(`"aes-128-ctr"`, `"aes-256-gcm"`),
		"unknown kdf":      edit(`"scrypt"`, `"argon2id"`),
		"version 4":        edit(`"version":3`, `"version":4`),
		"bad ciphertext":   edit(`"ciphertext":"cb`, `"ciphertext":"zz`),
		"bad address":      edit(`"address":"f4`, `"address":"zz`),
		"too large":        []byte(`{"crypto":{},"pad":"` + strings.Repeat("x", 70_000) + `"}`),
		"address mismatch": edit(`"address":"f4`, `"address":"f5`),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, data, 0o600)
			_, err := identity.Load(path, "foobar")
			require.ErrorIs(t, err, identity.ErrInvalidKeystore)
			require.ErrorContains(t, err, path)
		})
	}
}

func TestLoadMissingOrDirectory(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.json")
	_, err := identity.Load(missing, testPassphrase)
	require.ErrorIs(t, err, fs.ErrNotExist)
	require.ErrorContains(t, err, missing)

	_, err = identity.Load(dir, testPassphrase)
	require.ErrorIs(t, err, identity.ErrInvalidKeystore)
}

func TestReadPassphrase(t *testing.T) {
	const env = "MESHPAY_TEST_PASSPHRASE"
	tests := []struct {
		name    string
		file    *string // nil: no file
		env     *string // nil: unset
		envVar  string
		want    string
		wantErr error
	}{
		{name: "file", file: ptr("secret"), envVar: env, want: "secret"},
		{name: "file LF", file: ptr("secret\n"), envVar: env, want: "secret"},
		{name: "file CRLF", file: ptr("secret\r\n"), envVar: env, want: "secret"},
		{name: "file one newline only", file: ptr("secret\n\n"), envVar: env, want: "secret\n"},
		{name: "file CR kept", file: ptr("secret\r"), envVar: env, want: "secret\r"},
		{name: "file spaces kept", file: ptr(" secret \t\n"), envVar: env, want: " secret \t"},
		{name: "file inner newline kept", file: ptr("a\nb\n"), envVar: env, want: "a\nb"},
		{name: "empty file", file: ptr(""), envVar: env, want: ""},
		{name: "file only newline", file: ptr("\n"), envVar: env, want: ""},
		{name: "file beats env", file: ptr("from file\n"), env: ptr("from env"), envVar: env, want: "from file"},
		{name: "env", env: ptr("from env"), envVar: env, want: "from env"},
		{name: "env kept verbatim", env: ptr(" from env\n"), envVar: env, want: " from env\n"},
		{name: "env empty", env: ptr(""), envVar: env, wantErr: identity.ErrNoPassphrase},
		{name: "env unset", envVar: env, wantErr: identity.ErrNoPassphrase},
		{name: "no env var name", env: ptr("ignored"), envVar: "", wantErr: identity.ErrNoPassphrase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != nil {
				t.Setenv(env, *tt.env)
			} else {
				t.Setenv(env, "") // restored after the test
				require.NoError(t, os.Unsetenv(env))
			}
			file := ""
			if tt.file != nil {
				file = writeFile(t, []byte(*tt.file), 0o600)
			}
			got, err := identity.ReadPassphrase(file, tt.envVar)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestReadPassphraseMissingFile(t *testing.T) {
	t.Setenv(identity.PassphraseEnv, "from env")
	missing := filepath.Join(t.TempDir(), "passphrase")
	_, err := identity.ReadPassphrase(missing, identity.PassphraseEnv)
	require.ErrorIs(t, err, fs.ErrNotExist, "a named file that is missing does not fall back to the environment")
	require.ErrorContains(t, err, missing)
}

func ptr(s string) *string { return &s }

// BenchmarkLoad measures what a device pays at start for each KDF.
func BenchmarkLoad(b *testing.B) {
	for _, kdf := range []identity.KDF{identity.LightKDF, identity.StandardKDF} {
		b.Run(kdf.String(), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "key.json")
			_, err := identity.Create(path, testPassphrase, kdf)
			require.NoError(b, err)
			for b.Loop() {
				_, err := identity.Load(path, testPassphrase)
				require.NoError(b, err)
			}
		})
	}
}
