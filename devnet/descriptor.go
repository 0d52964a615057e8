package devnet

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// DescriptorVersion is the version of the descriptor format this package
// writes and reads.
const DescriptorVersion = 1

// Descriptor kinds.
const (
	// KindEmbedded marks a descriptor written by an embedded devnet.
	KindEmbedded = "embedded"
	// KindExternal marks a descriptor that points at another JSON-RPC
	// endpoint (a real geth, anvil, a testnet).
	KindExternal = "external"
)

// Descriptor tells nodes and the CLI where the chain and the contracts are.
// Its JSON field names are stable; new fields may be added.
type Descriptor struct {
	// Version is DescriptorVersion.
	Version int `json:"version"`
	// Kind is KindEmbedded or KindExternal.
	Kind string `json:"kind"`
	// RPCHTTP is the JSON-RPC over HTTP URL ("" if none).
	RPCHTTP string `json:"rpc_http"`
	// RPCWS is the JSON-RPC over WebSocket URL ("" if none).
	RPCWS string `json:"rpc_ws"`
	// ChainID is the EIP-155 chain ID.
	ChainID uint64 `json:"chain_id"`
	// BlockPeriodMillis is the embedded devnet's block period in
	// milliseconds; 0 means a block per transaction, and it is omitted for
	// external chains.
	BlockPeriodMillis int64 `json:"block_period_ms,omitempty"`

	// ChannelManager is the ChannelManager contract's address.
	ChannelManager common.Address `json:"channel_manager"`
	// Token is the test ERC-20 token's address (zero if none).
	Token common.Address `json:"token"`
	// TokenSymbol is the token's symbol.
	TokenSymbol string `json:"token_symbol,omitempty"`
	// TokenDecimals is the token's decimals.
	TokenDecimals uint8 `json:"token_decimals,omitempty"`
	// DeployBlock is the block that holds the contract deployment; event
	// scans can start there (0 if unknown).
	DeployBlock uint64 `json:"deploy_block"`
	// ChallengePeriodSeconds is the challenge period nodes should use when
	// opening channels.
	ChallengePeriodSeconds uint64 `json:"challenge_period_seconds"`
	// MinChallengePeriodSeconds and MaxChallengePeriodSeconds are the
	// bounds the ChannelManager accepts (0 if unknown).
	MinChallengePeriodSeconds uint64 `json:"min_challenge_period_seconds,omitempty"`
	MaxChallengePeriodSeconds uint64 `json:"max_challenge_period_seconds,omitempty"`

	// KeystorePassphrase protects the keystore files named below.
	KeystorePassphrase string `json:"keystore_passphrase,omitempty"`
	// Faucet is the account that deployed the contracts and funds devices.
	Faucet *Account `json:"faucet,omitempty"`
	// Devices are the funded device accounts, in index order.
	Devices []Account `json:"devices"`
}

// Account is one funded account of a descriptor.
type Account struct {
	// Index is the device index (0 for the faucet).
	Index int `json:"index"`
	// Address is the account's address.
	Address common.Address `json:"address"`
	// Keystore is the path of its V3 keystore file ("" if none). A
	// relative path is relative to the descriptor file's directory;
	// ReadDescriptor makes it absolute.
	Keystore string `json:"keystore,omitempty"`
	// PrivateKey is the hex private key, written only for the devnet's
	// publicly known deterministic keys. Never put a real key here.
	PrivateKey string `json:"private_key,omitempty"`
}

// ChallengePeriod returns the advertised challenge period.
func (d *Descriptor) ChallengePeriod() time.Duration {
	return time.Duration(d.ChallengePeriodSeconds) * time.Second
}

// RPCURL returns the WebSocket URL if there is one (subscriptions need it)
// and the HTTP URL otherwise.
func (d *Descriptor) RPCURL() string {
	if d.RPCWS != "" {
		return d.RPCWS
	}
	return d.RPCHTTP
}

// Validate checks the fields every consumer needs.
func (d *Descriptor) Validate() error {
	switch {
	case d.Version != DescriptorVersion:
		return fmt.Errorf("%w: version %d, want %d", ErrBadDescriptor, d.Version, DescriptorVersion)
	case d.Kind != KindEmbedded && d.Kind != KindExternal:
		return fmt.Errorf("%w: kind %q", ErrBadDescriptor, d.Kind)
	case d.RPCHTTP == "" && d.RPCWS == "":
		return fmt.Errorf("%w: no rpc_http or rpc_ws", ErrBadDescriptor)
	case d.ChainID == 0:
		return fmt.Errorf("%w: no chain_id", ErrBadDescriptor)
	case d.ChannelManager == (common.Address{}):
		return fmt.Errorf("%w: no channel_manager", ErrBadDescriptor)
	}
	return nil
}

// ReadDescriptor reads and validates a descriptor file. Relative keystore
// paths are resolved against the file's directory.
func ReadDescriptor(path string) (*Descriptor, error) {
	blob, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("devnet: read descriptor: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(blob))
	var d Descriptor
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadDescriptor, path, err)
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("devnet: resolve %s: %w", path, err)
	}
	resolve := func(a *Account) {
		if a.Keystore != "" && !filepath.IsAbs(a.Keystore) {
			a.Keystore = filepath.Join(dir, a.Keystore)
		}
	}
	if d.Faucet != nil {
		resolve(d.Faucet)
	}
	for i := range d.Devices {
		resolve(&d.Devices[i])
	}
	return &d, nil
}

// WriteDescriptor validates d and writes it atomically to path as indented
// JSON. Keystore paths under path's directory are written relative to it,
// so the data dir can be moved or mounted elsewhere.
func WriteDescriptor(path string, d *Descriptor) error {
	if err := d.Validate(); err != nil {
		return err
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("devnet: resolve %s: %w", path, err)
	}
	out := *d
	relative := func(a Account) Account {
		if a.Keystore == "" || !filepath.IsAbs(a.Keystore) {
			return a
		}
		if rel, err := filepath.Rel(dir, a.Keystore); err == nil && filepath.IsLocal(rel) {
			a.Keystore = rel
		}
		return a
	}
	if d.Faucet != nil {
		f := relative(*d.Faucet)
		out.Faucet = &f
	}
	out.Devices = make([]Account, len(d.Devices))
	for i, a := range d.Devices {
		out.Devices[i] = relative(a)
	}
	blob, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return fmt.Errorf("devnet: encode descriptor: %w", err)
	}
	return writeFileAtomic(path, append(blob, '\n'), 0o644)
}

// External describes contracts already deployed on some other chain.
type External struct {
	// RPCHTTP and RPCWS are the endpoint's URLs; at least one is needed.
	RPCHTTP, RPCWS string
	// ChannelManager is the ChannelManager's address; it must hold code.
	ChannelManager common.Address
	// Token is the ERC-20 token's address; zero for none. When set it must
	// hold code, and its symbol and decimals are read from it.
	Token common.Address
	// DeployBlock is where event scans may start (0 if unknown).
	DeployBlock uint64
	// ChallengePeriod is the challenge period nodes should use; 0 means
	// DefaultChallengePeriod clamped to the ChannelManager's bounds.
	ChallengePeriod time.Duration
	// Devices are accounts to list, with keystore paths; private keys are
	// dropped.
	Devices []Account
	// KeystorePassphrase, if the devices' keystore files share one.
	KeystorePassphrase string
}

// ExternalDescriptor dials ext's endpoint, reads its chain ID, checks that
// the contracts have code, reads the token's symbol and decimals and returns
// a descriptor for it (write it with WriteDescriptor). It never records a
// private key.
func ExternalDescriptor(ctx context.Context, ext External) (*Descriptor, error) {
	d := &Descriptor{
		Version:                DescriptorVersion,
		Kind:                   KindExternal,
		RPCHTTP:                ext.RPCHTTP,
		RPCWS:                  ext.RPCWS,
		ChannelManager:         ext.ChannelManager,
		Token:                  ext.Token,
		DeployBlock:            ext.DeployBlock,
		ChallengePeriodSeconds: seconds(ext.ChallengePeriod),
		KeystorePassphrase:     ext.KeystorePassphrase,
		Devices:                make([]Account, len(ext.Devices)),
	}
	for i, a := range ext.Devices {
		a.PrivateKey = ""
		d.Devices[i] = a
	}
	if d.RPCHTTP == "" && d.RPCWS == "" {
		return nil, fmt.Errorf("%w: no rpc_http or rpc_ws", ErrBadDescriptor)
	}
	client, err := ethclient.DialContext(ctx, d.RPCURL())
	if err != nil {
		return nil, fmt.Errorf("devnet: dial %s: %w", d.RPCURL(), err)
	}
	defer client.Close()
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("devnet: chain id of %s: %w", d.RPCURL(), err)
	}
	d.ChainID = chainID.Uint64()
	if err := requireCode(ctx, client, "channel_manager", d.ChannelManager); err != nil {
		return nil, err
	}
	if d.MinChallengePeriodSeconds, d.MaxChallengePeriodSeconds, err = challengeBounds(ctx, client, d.ChannelManager); err != nil {
		return nil, err
	}
	if d.ChallengePeriodSeconds == 0 {
		d.ChallengePeriodSeconds = min(max(seconds(DefaultChallengePeriod), d.MinChallengePeriodSeconds), d.MaxChallengePeriodSeconds)
	}
	if p := d.ChallengePeriodSeconds; p < d.MinChallengePeriodSeconds || p > d.MaxChallengePeriodSeconds {
		return nil, fmt.Errorf("%w: challenge period %ds outside the ChannelManager's [%d, %d]", ErrInvalidConfig,
			p, d.MinChallengePeriodSeconds, d.MaxChallengePeriodSeconds)
	}
	if d.Token != (common.Address{}) {
		if err := requireCode(ctx, client, "token", d.Token); err != nil {
			return nil, err
		}
		if d.TokenSymbol, err = erc20Symbol(ctx, client, d.Token); err != nil {
			return nil, err
		}
		if d.TokenDecimals, err = erc20Decimals(ctx, client, d.Token); err != nil {
			return nil, err
		}
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

func requireCode(ctx context.Context, c *ethclient.Client, name string, addr common.Address) error {
	if addr == (common.Address{}) {
		return fmt.Errorf("%w: no %s", ErrBadDescriptor, name)
	}
	code, err := c.CodeAt(ctx, addr, nil)
	if err != nil {
		return fmt.Errorf("devnet: code of %s %s: %w", name, addr, err)
	}
	if len(code) == 0 {
		return fmt.Errorf("%w: %s %s: %w", ErrBadDescriptor, name, addr, ErrNoCode)
	}
	return nil
}
