package devnet

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// TestDeterministicKeys pins the derivation: changing it would silently
// move every devnet's funds and break scripts that know these addresses.
func TestDeterministicKeys(t *testing.T) {
	faucet, err := FaucetKey()
	require.NoError(t, err)
	require.Equal(t, crypto.Keccak256([]byte("meshpay-devnet-faucet")), crypto.FromECDSA(faucet))
	dev0 := mustDeviceKey(t, 0)
	require.Equal(t, crypto.Keccak256([]byte("meshpay-devnet-device-0")), crypto.FromECDSA(dev0))
	require.Equal(t, common.HexToAddress("0x7CaB325bfC3506C69657f24944853D730903bA24"), crypto.PubkeyToAddress(dev0.PublicKey))
	keys, err := DeviceKeys(3)
	require.NoError(t, err)
	require.True(t, keys[0].Equal(dev0))
	require.Equal(t, crypto.Keccak256([]byte("meshpay-devnet-device-2")), crypto.FromECDSA(keys[2]))
	_, err = DeviceKey(-1)
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestDescriptorRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, DescriptorFile)
	in := &Descriptor{
		Version:                DescriptorVersion,
		Kind:                   KindEmbedded,
		RPCHTTP:                "http://127.0.0.1:8545",
		RPCWS:                  "ws://127.0.0.1:8546",
		ChainID:                1337,
		ChannelManager:         common.HexToAddress("0x01"),
		Token:                  common.HexToAddress("0x02"),
		ChallengePeriodSeconds: 30,
		Faucet:                 &Account{Address: common.HexToAddress("0x03"), Keystore: filepath.Join(dir, "keys", "faucet.json")},
		Devices: []Account{
			{Index: 0, Address: common.HexToAddress("0x04"), Keystore: filepath.Join(dir, "keys", "device-00.json")},
			{Index: 1, Address: common.HexToAddress("0x05"), Keystore: "/elsewhere/device-01.json"},
		},
	}
	require.NoError(t, WriteDescriptor(path, in))
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(raw), `"keystore": "keys/device-00.json"`)
	require.Contains(t, string(raw), `"keystore": "/elsewhere/device-01.json"`)
	require.Equal(t, filepath.Join(dir, "keys", "device-00.json"), in.Devices[0].Keystore, "input untouched")

	out, err := ReadDescriptor(path)
	require.NoError(t, err)
	require.Equal(t, in, out)
	require.Equal(t, 30*time.Second, out.ChallengePeriod())
	require.Equal(t, in.RPCWS, out.RPCURL())

	for name, mutate := range map[string]func(d *Descriptor){
		"version":        func(d *Descriptor) { d.Version = 2 },
		"kind":           func(d *Descriptor) { d.Kind = "other" },
		"no rpc":         func(d *Descriptor) { d.RPCHTTP, d.RPCWS = "", "" },
		"no chain id":    func(d *Descriptor) { d.ChainID = 0 },
		"no channel mgr": func(d *Descriptor) { d.ChannelManager = common.Address{} },
	} {
		t.Run(name, func(t *testing.T) {
			bad := *in
			mutate(&bad)
			require.ErrorIs(t, WriteDescriptor(filepath.Join(dir, "bad.json"), &bad), ErrBadDescriptor)
		})
	}
	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o644))
	_, err = ReadDescriptor(path)
	require.ErrorIs(t, err, ErrBadDescriptor)
}

// TestExternalDescriptor points an external descriptor at a running devnet,
// as a node would point at a real geth or anvil.
func TestExternalDescriptor(t *testing.T) {
	ctx := testContext(t, 20*time.Second)
	d := startDevnet(t, ctx, Config{Devices: 1})
	emb := d.Descriptor()

	ext, err := ExternalDescriptor(ctx, External{
		RPCHTTP:        d.HTTPURL(),
		ChannelManager: emb.ChannelManager,
		Token:          emb.Token,
		DeployBlock:    emb.DeployBlock,
		Devices:        []Account{{Index: 0, Address: emb.Devices[0].Address, PrivateKey: emb.Devices[0].PrivateKey}},
	})
	require.NoError(t, err)
	require.Equal(t, KindExternal, ext.Kind)
	require.Equal(t, emb.ChainID, ext.ChainID)
	require.Equal(t, TestTokenSymbol, ext.TokenSymbol)
	require.EqualValues(t, 18, ext.TokenDecimals)
	require.Equal(t, emb.MinChallengePeriodSeconds, ext.MinChallengePeriodSeconds)
	require.Equal(t, emb.MaxChallengePeriodSeconds, ext.MaxChallengePeriodSeconds)
	require.EqualValues(t, 30, ext.ChallengePeriodSeconds)
	require.Empty(t, ext.Devices[0].PrivateKey, "never records a private key")
	require.Zero(t, ext.BlockPeriodMillis)

	path := filepath.Join(t.TempDir(), "external.json")
	require.NoError(t, WriteDescriptor(path, ext))
	st, err := Status(ctx, path)
	require.NoError(t, err)
	require.True(t, st.ChannelManager.HasCode)
	require.Equal(t, tokens(DefaultDeviceTokens), st.Devices[0].TokenBalance)

	_, err = ExternalDescriptor(ctx, External{RPCHTTP: d.HTTPURL(), ChannelManager: emb.Devices[0].Address})
	require.ErrorIs(t, err, ErrNoCode)
	_, err = ExternalDescriptor(ctx, External{RPCHTTP: d.HTTPURL(), ChannelManager: emb.ChannelManager, ChallengePeriod: 365 * 24 * time.Hour})
	require.ErrorIs(t, err, ErrInvalidConfig)
}
