package identity

import "errors"

var (
	// ErrNotSecp256k1 is returned for a peer whose identity key is not a
	// secp256k1 key: such a peer cannot be a channel participant.
	ErrNotSecp256k1 = errors.New("identity: peer key is not secp256k1")
	// ErrInvalidKey reports a private key that is not a valid secp256k1 key.
	ErrInvalidKey = errors.New("identity: invalid secp256k1 private key")
	// ErrKeyExists reports a Create or Import over an existing file: a
	// device's key is never overwritten.
	ErrKeyExists = errors.New("identity: key file already exists")
	// ErrWrongPassphrase reports a keystore file that does not decrypt with
	// the given passphrase.
	ErrWrongPassphrase = errors.New("identity: wrong passphrase")
	// ErrInvalidKeystore reports a file that is not a valid V3 keystore.
	ErrInvalidKeystore = errors.New("identity: invalid keystore file")
	// ErrInsecurePermissions reports a key file that group or others may
	// access (Unix only); chmod 600 fixes it.
	ErrInsecurePermissions = errors.New("identity: key file accessible by group or others")
	// ErrNoPassphrase reports that neither a passphrase file nor the
	// passphrase environment variable was given.
	ErrNoPassphrase = errors.New("identity: no passphrase")
	// ErrUnknownKDF reports a KDF value other than StandardKDF and LightKDF.
	ErrUnknownKDF = errors.New("identity: unknown KDF")
)
