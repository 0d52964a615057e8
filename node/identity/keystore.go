package identity

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"
)

// PassphraseEnv is the environment variable ReadPassphrase is usually given.
const PassphraseEnv = "MESHPAY_PASSPHRASE"

// keyFileMode is the mode Create and Import write.
const keyFileMode fs.FileMode = 0o600

// maxKeyFileSize bounds what Load reads: a V3 keystore file is about 500
// bytes.
const maxKeyFileSize = 64 << 10

// KDF is the cost of the scrypt key derivation that protects a keystore
// file. It is paid on every Create, Import and Load, and by an attacker who
// has stolen the file for every passphrase guess. Load reads the parameters
// from the file, so any device can load a file written with either KDF,
// given the memory. The zero value is StandardKDF.
type KDF int

const (
	// StandardKDF is go-ethereum's default (scrypt N=2^18, p=1): about
	// 256 MB of RAM and a second of CPU on a desktop, several seconds on a
	// small ARM board, per Create, Import or Load. It is the strongest
	// protection against offline guessing; use it where the device has the
	// memory to spare.
	StandardKDF KDF = iota
	// LightKDF is go-ethereum's light setting (scrypt N=2^12, p=6): about
	// 4 MB and tens of milliseconds, for devices that cannot spare 256 MB.
	// Each guess costs an attacker about a tenth of the CPU and a
	// sixty-fourth of the memory of StandardKDF, so pair it with a long
	// random passphrase (from a passphrase file) rather than a memorable one.
	LightKDF
)

// String names the KDF.
func (k KDF) String() string {
	switch k {
	case StandardKDF:
		return "standard"
	case LightKDF:
		return "light"
	default:
		return fmt.Sprintf("KDF(%d)", int(k))
	}
}

// scrypt returns the KDF's scrypt N and p.
func (k KDF) scrypt() (n, p int, err error) {
	switch k {
	case StandardKDF:
		return keystore.StandardScryptN, keystore.StandardScryptP, nil
	case LightKDF:
		return keystore.LightScryptN, keystore.LightScryptP, nil
	default:
		return 0, 0, fmt.Errorf("%w: %d", ErrUnknownKDF, int(k))
	}
}

// Create generates a key and writes it to path as an Ethereum V3 keystore
// file encrypted with passphrase, as Import does.
func Create(path, passphrase string, kdf KDF) (*Identity, error) {
	key, err := crypto.GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("identity: generate key: %w", err)
	}
	return Import(path, passphrase, key, kdf)
}

// Import writes key to path as an Ethereum V3 keystore file (readable by
// geth and other wallets) encrypted with passphrase. It creates path's
// directory with mode 0700 if missing and writes the file with mode 0600
// atomically: a temporary file in the same directory, synced, then moved
// into place. It never overwrites: an existing path is ErrKeyExists, checked before the costly encryption and again
// atomically when the file is moved into place. On filesystems without hard
// links (FAT) the final check and the rename are two steps, so two
// concurrent Imports to one path could both succeed there.
func Import(path, passphrase string, key *ecdsa.PrivateKey, kdf KDF) (*Identity, error) {
	id, err := New(key)
	if err != nil {
		return nil, err
	}
	n, p, err := kdf.scrypt()
	if err != nil {
		return nil, err
	}
	if err := checkAbsent(path); err != nil {
		return nil, err
	}
	uid, err := uuid.NewRandom()
	if err != nil {
		return nil, fmt.Errorf("identity: keystore id: %w", err)
	}
	blob, err := keystore.EncryptKey(&keystore.Key{Id: uid, Address: id.address, PrivateKey: id.key}, passphrase, n, p)
	if err != nil {
		return nil, fmt.Errorf("identity: encrypt key: %w", err)
	}
	if err := writeNew(path, blob); err != nil {
		return nil, err
	}
	return id, nil
}

// Load decrypts the keystore file at path. A missing file is an error that
// names path and matches fs.ErrNotExist; a passphrase that does not decrypt
// it is ErrWrongPassphrase; a file that is not a V3 keystore (or whose
// address field does not match its key) is ErrInvalidKeystore. On Unix,
// like ssh, Load refuses a key file that group or others may read, write or
// execute (any of the mode bits 0077) with ErrInsecurePermissions, before
// decrypting it: chmod 600 the file.
func Load(path, passphrase string) (*Identity, error) {
	blob, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	// Parse before decrypting, so that a malformed file is reported as such
	// and costs no scrypt run.
	var header struct {
		Address string           `json:"address"`
		Crypto  *json.RawMessage `json:"crypto"`
	}
	if err := json.Unmarshal(blob, &header); err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrInvalidKeystore, path, err)
	}
	if header.Crypto == nil {
		return nil, fmt.Errorf("%w %s: no crypto section", ErrInvalidKeystore, path)
	}
	k, err := keystore.DecryptKey(blob, passphrase)
	if errors.Is(err, keystore.ErrDecrypt) {
		return nil, fmt.Errorf("%w for %s", ErrWrongPassphrase, path)
	}
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrInvalidKeystore, path, err)
	}
	if header.Address != "" {
		// The address field is not covered by the MAC: a mismatch is a
		// corrupt or edited file (geth refuses it too).
		if !common.IsHexAddress(header.Address) || common.HexToAddress(header.Address) != k.Address {
			return nil, fmt.Errorf("%w %s: address field %q does not match the key's address %s",
				ErrInvalidKeystore, path, header.Address, k.Address)
		}
	}
	return New(k.PrivateKey)
}

// ReadPassphrase returns the passphrase from file if file is not empty,
// with one trailing "\n" or "\r\n" removed and nothing else (spaces and
// further newlines are part of the passphrase; an empty file is the empty
// passphrase). Otherwise it returns the value of the environment variable
// envVar (usually PassphraseEnv) if that is set and not empty. A variable
// set to the empty string counts as unset, since that is far more often an
// unexpanded variable in a unit or compose file than a chosen passphrase;
// an empty passphrase must come from an empty file. Without either it
// returns ErrNoPassphrase.
func ReadPassphrase(file, envVar string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("identity: read passphrase file: %w", err)
		}
		s := string(b)
		if t, ok := strings.CutSuffix(s, "\r\n"); ok {
			return t, nil
		}
		return strings.TrimSuffix(s, "\n"), nil
	}
	if envVar == "" {
		return "", fmt.Errorf("%w: no passphrase file or environment variable given", ErrNoPassphrase)
	}
	if v := os.Getenv(envVar); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("%w: no passphrase file given and %s is unset or empty", ErrNoPassphrase, envVar)
}

// checkPermissions reports whether a key file's mode is private enough.
// Windows has no Unix mode bits; its ACLs are not checked.
func checkPermissions(path string, mode fs.FileMode) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if mode.Perm()&0o077 != 0 {
		return fmt.Errorf("%w: %s has mode %04o, want no access for group and others (chmod 600 %s)",
			ErrInsecurePermissions, path, mode.Perm(), path)
	}
	return nil
}

// readKeyFile reads the key file at path after checking its mode on the open
// file (no race with a chmod or a replaced file between check and read).
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("identity: read key file: %w", err)
	}
	defer f.Close() // read-only: Close cannot lose data
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("identity: read key file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w %s: not a regular file", ErrInvalidKeystore, path)
	}
	if err := checkPermissions(path, fi.Mode()); err != nil {
		return nil, err
	}
	blob, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("identity: read key file %s: %w", path, err)
	}
	if len(blob) > maxKeyFileSize {
		return nil, fmt.Errorf("%w %s: larger than %d bytes", ErrInvalidKeystore, path, maxKeyFileSize)
	}
	return blob, nil
}

// checkAbsent returns ErrKeyExists if path exists (even as a dangling
// symlink).
func checkAbsent(path string) error {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return fmt.Errorf("%w: %s", ErrKeyExists, path)
	case errors.Is(err, fs.ErrNotExist):
		return nil
	default:
		return fmt.Errorf("identity: check key file: %w", err)
	}
}

// writeNew writes data to a new file at path with keyFileMode, atomically
// and without overwriting (see Import).
func writeNew(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("identity: create key directory: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("identity: write key file: %w", err)
	}
	tmp := f.Name()
	defer func() {
		// After a hard link or a failure the temporary file is still
		// there; after a rename it is not.
		if rerr := os.Remove(tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) && err == nil {
			err = fmt.Errorf("identity: remove temporary key file: %w", rerr)
		}
	}()
	if err := writeSyncClose(f, data); err != nil {
		return fmt.Errorf("identity: write key file %s: %w", tmp, err)
	}
	if err := publish(tmp, path); err != nil {
		return err
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("identity: sync key directory: %w", err)
	}
	return nil
}

// writeSyncClose sets f's mode to keyFileMode (CreateTemp's 0600 less the
// umask), writes data, syncs and closes f.
func writeSyncClose(f *os.File, data []byte) error {
	err := f.Chmod(keyFileMode)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// publish moves the complete file tmp to path unless path exists. A hard
// link fails atomically if path exists; where links are not supported it
// falls back to a check and a rename.
func publish(tmp, path string) error {
	lerr := os.Link(tmp, path)
	if lerr == nil {
		return nil
	}
	if errors.Is(lerr, fs.ErrExist) {
		return fmt.Errorf("%w: %s", ErrKeyExists, path)
	}
	if err := checkAbsent(path); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("identity: write key file: %w (hard link: %w)", err, lerr)
	}
	return nil
}

// syncDir makes a new directory entry in dir durable. Windows cannot open a
// directory for syncing: there it is skipped.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
