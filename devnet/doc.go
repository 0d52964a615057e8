// Package devnet runs an embedded Ethereum development chain for meshpay.
//
// A devnet is an in-process go-ethereum node in dev mode (a simulated beacon
// drives block production, no P2P) that serves real JSON-RPC over HTTP and
// WebSocket, produces blocks on its own at a fixed period, funds a set of
// deterministic device accounts in genesis, deploys the meshpay contracts
// and a test ERC-20 token once, and writes a JSON descriptor (devnet.json)
// that nodes and the CLI read to find the chain and the contracts.
//
// # Deterministic accounts
//
// Every key is derived from a public string, so every devnet has the same
// accounts (like anvil's or hardhat's well-known keys). They are for local
// development only: never fund them on a real network.
//
//	faucet key   = keccak256("meshpay-devnet-faucet")
//	device key i = keccak256("meshpay-devnet-device-" + decimal(i)), i = 0, 1, ...
//
// The faucet is funded in genesis with FaucetBalance, pays for the contract
// deployments, receives the block fees and holds 1000 devices' worth of test
// tokens. Devices are funded in genesis with DeviceBalance and, after
// deployment, with DeviceTokens whole test tokens each.
//
// # Contracts
//
// On the first start of a data dir (every start of an in-memory devnet)
// Config.Deployer, by default DeployContracts, deploys the ChannelManager and
// the TestToken from contracts/bindings and mints the devices' tokens. The
// descriptor records the addresses; a restart finds them there, checks that
// they hold code and deploys nothing.
//
// # Files in the data directory
//
//	<datadir>/devnet.json          the descriptor (see Descriptor)
//	<datadir>/keys/device-NN.json  Ethereum V3 keystore file of device NN
//	<datadir>/keys/faucet.json     keystore file of the faucet
//	<datadir>/chain/               the go-ethereum instance directory
//
// The node's database caches are cut to a few MB, so a data dir takes about
// 10 MB on disk instead of the ~1.4 GB of WAL files go-ethereum's defaults
// preallocate.
//
// Keystore files use go-ethereum's light scrypt parameters and the passphrase
// KeystorePassphrase ("meshpay-devnet"). The descriptor also carries each
// key in plain hex: the keys are public knowledge anyway, and tests and demo
// scripts should not have to run scrypt. ExternalDescriptor never writes a
// private key.
//
// With an empty Config.DataDir the chain lives in memory, no file is written
// unless Config.DescriptorPath or Config.KeysDir ask for it, and everything is
// gone after Close. Tests must use in-memory devnets.
//
// # Block production
//
// With a non-zero Config.BlockPeriod a block is sealed every period whether
// or not transactions are pending, so block-time based challenge periods
// elapse on an idle chain. Block timestamps are whole seconds and strictly
// increase, so with a period below one second the chain clock runs ahead of
// the wall clock by up to one second per block. PerTx seals a block as soon
// as a transaction arrives and none otherwise (geth --dev.period 0); block
// times then stand still on an idle chain. Devnet.AdjustTime seals an empty
// block further in the future to skip a challenge period.
//
// With a fixed period, tests can also take block production in hand:
// Devnet.PauseBlocks and ResumeBlocks stop and restart the periodic blocks,
// Devnet.SealBlock seals one now, and Devnet.Reorg replaces the last blocks
// with a longer branch, re-mining or dropping their transactions, to test
// code that must survive reorgs.
//
// # Descriptor
//
//	{
//	  "version": 1,
//	  "kind": "embedded",
//	  "rpc_http": "http://127.0.0.1:33471",
//	  "rpc_ws": "ws://127.0.0.1:33471",
//	  "chain_id": 1337,
//	  "block_period_ms": 1000,
//	  "channel_manager": "0xbfa1a142264f0085bde97c341fb5de7ca47070e5",
//	  "token": "0xc1a1f3a552168b715316f494870adbe0477f77f6",
//	  "token_symbol": "MTT",
//	  "token_decimals": 18,
//	  "deploy_block": 1,
//	  "challenge_period_seconds": 30,
//	  "min_challenge_period_seconds": 1,
//	  "max_challenge_period_seconds": 2592000,
//	  "keystore_passphrase": "meshpay-devnet",
//	  "faucet": {"index": 0, "address": "0x36c9…72f1", "keystore": "keys/faucet.json", "private_key": "0xefa1…27d2"},
//	  "devices": [
//	    {"index": 0, "address": "0x7cab…ba24", "keystore": "keys/device-00.json", "private_key": "0x7531…f661"}
//	  ]
//	}
//
// ExternalDescriptor writes the same shape (kind "external", no block period,
// no private keys) for contracts on another endpoint, such as a real geth or
// anvil.
package devnet
