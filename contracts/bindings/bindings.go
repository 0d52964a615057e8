// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// BalanceProof is an auto generated low-level Go binding around an user-defined struct.
type BalanceProof struct {
	ChannelId         [32]byte
	Nonce             *big.Int
	TransferredAmount *big.Int
	LockedAmount      *big.Int
	LocksRoot         [32]byte
}

// ChannelInfo is an auto generated low-level Go binding around an user-defined struct.
type ChannelInfo struct {
	ParticipantA     common.Address
	ParticipantB     common.Address
	Token            common.Address
	Phase            uint8
	ChallengePeriod  uint64
	SettleAfter      uint64
	Closer           common.Address
	DepositA         *big.Int
	DepositB         *big.Int
	WithdrawnA       *big.Int
	WithdrawnB       *big.Int
	NonceFromA       *big.Int
	TransferredFromA *big.Int
	NonceFromB       *big.Int
	TransferredFromB *big.Int
}

// CooperativeSettleItem is an auto generated low-level Go binding around an user-defined struct.
type CooperativeSettleItem struct {
	ChannelId [32]byte
	BalanceA  *big.Int
	BalanceB  *big.Int
	SigA      []byte
	SigB      []byte
}

// Withdraw is an auto generated low-level Go binding around an user-defined struct.
type Withdraw struct {
	ChannelId     [32]byte
	Participant   common.Address
	TotalWithdraw *big.Int
	Expiry        *big.Int
}

// WithdrawItem is an auto generated low-level Go binding around an user-defined struct.
type WithdrawItem struct {
	Partner       common.Address
	Counter       *big.Int
	TotalWithdraw *big.Int
	Expiry        *big.Int
	R             [32]byte
	Vs            [32]byte
}

// ChannelManagerMetaData contains all meta data concerning the ChannelManager contract.
var ChannelManagerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"minChallengePeriod_\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"maxChallengePeriod_\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"pot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"balanceA\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"balanceB\",\"type\":\"uint256\"}],\"name\":\"BalanceMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"settleAfter\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"blockTime\",\"type\":\"uint256\"}],\"name\":\"ChallengePeriodOver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"}],\"name\":\"ChannelNotClosed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"}],\"name\":\"ChannelNotOpen\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"totalDeposits\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"DepositLimitExceeded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"current\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"requested\",\"type\":\"uint256\"}],\"name\":\"DepositNotIncreasing\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyBatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"EtherTransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"challengePeriod\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"min\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"max\",\"type\":\"uint256\"}],\"name\":\"InvalidChallengePeriod\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidEmptyProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"participantA\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"participantB\",\"type\":\"address\"}],\"name\":\"InvalidParticipants\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"LocksUnsupported\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"current\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"given\",\"type\":\"uint256\"}],\"name\":\"NonceNotIncreasing\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotParticipant\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"settleAfter\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"blockTime\",\"type\":\"uint256\"}],\"name\":\"SettleTooEarly\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"sent\",\"type\":\"uint256\"}],\"name\":\"ValueMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expiry\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"blockTime\",\"type\":\"uint256\"}],\"name\":\"WithdrawExpired\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"current\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"requested\",\"type\":\"uint256\"}],\"name\":\"WithdrawNotIncreasing\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"pot\",\"type\":\"uint256\"}],\"name\":\"WithdrawTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"expected\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"got\",\"type\":\"bytes32\"}],\"name\":\"WrongChannel\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"expected\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"recovered\",\"type\":\"address\"}],\"name\":\"WrongSigner\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"closer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"transferredAmount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"settleAfter\",\"type\":\"uint64\"}],\"name\":\"ChannelClosed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"participantA\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"participantB\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"counter\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"ChannelOpened\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"balanceA\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"balanceB\",\"type\":\"uint256\"}],\"name\":\"ChannelSettled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"balanceA\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"balanceB\",\"type\":\"uint256\"}],\"name\":\"CooperativeSettled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"DeferredPayoutClaimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"participant\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"totalDeposit\",\"type\":\"uint256\"}],\"name\":\"Deposited\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"closer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"transferredAmount\",\"type\":\"uint256\"}],\"name\":\"NonClosingBalanceProofUpdated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"PayoutDeferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"participant\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"totalWithdraw\",\"type\":\"uint256\"}],\"name\":\"Withdrawn\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_TOTAL_DEPOSIT\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"transferredAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"lockedAmount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"locksRoot\",\"type\":\"bytes32\"}],\"internalType\":\"structBalanceProof\",\"name\":\"p\",\"type\":\"tuple\"}],\"name\":\"balanceProofDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"balanceA\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"balanceB\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"sigA\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sigB\",\"type\":\"bytes\"}],\"internalType\":\"structCooperativeSettleItem[]\",\"name\":\"items\",\"type\":\"tuple[]\"}],\"name\":\"batchCooperativeSettle\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"address\",\"name\":\"partner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"counter\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"totalWithdraw\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expiry\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"r\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"vs\",\"type\":\"bytes32\"}],\"internalType\":\"structWithdrawItem[]\",\"name\":\"items\",\"type\":\"tuple[]\"}],\"name\":\"batchWithdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channelCounter\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"participantA\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"participantB\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"counter\",\"type\":\"uint256\"}],\"name\":\"channelIdOf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"claimDeferredPayout\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"transferredAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"lockedAmount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"locksRoot\",\"type\":\"bytes32\"}],\"internalType\":\"structBalanceProof\",\"name\":\"fromPartner\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"partnerSig\",\"type\":\"bytes\"}],\"name\":\"close\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"balanceA\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"balanceB\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"sigA\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sigB\",\"type\":\"bytes\"}],\"name\":\"cooperativeSettle\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"balanceA\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"balanceB\",\"type\":\"uint256\"}],\"name\":\"cooperativeSettleDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"participant\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"totalWithdraw\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expiry\",\"type\":\"uint256\"}],\"internalType\":\"structWithdraw\",\"name\":\"w\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"participantSig\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"partnerSig\",\"type\":\"bytes\"}],\"name\":\"cooperativeWithdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"deferredPayouts\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"participant\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"totalDeposit\",\"type\":\"uint256\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"}],\"name\":\"getChannel\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"participantA\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"participantB\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"phase\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"settleAfter\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"closer\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"depositA\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"depositB\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"withdrawnA\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"withdrawnB\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"nonceFromA\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"transferredFromA\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"nonceFromB\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"transferredFromB\",\"type\":\"uint256\"}],\"internalType\":\"structChannelInfo\",\"name\":\"info\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"maxChallengePeriod\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minChallengePeriod\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"participantA\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"participantB\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"open\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"recoverSigner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"}],\"name\":\"settle\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"balanceProofDigest_\",\"type\":\"bytes32\"}],\"name\":\"updateAuthorizationDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"transferredAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"lockedAmount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"locksRoot\",\"type\":\"bytes32\"}],\"internalType\":\"structBalanceProof\",\"name\":\"fromCloser\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"closerSig\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"authSig\",\"type\":\"bytes\"}],\"name\":\"updateNonClosingBalanceProof\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"channelId\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"participant\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"totalWithdraw\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expiry\",\"type\":\"uint256\"}],\"internalType\":\"structWithdraw\",\"name\":\"w\",\"type\":\"tuple\"}],\"name\":\"withdrawDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "e0f9563890d105786f62ebb30c7a834231",
	Bin: "0x6101a080604052346101f857604081613029803803809161002082856101fc565b8339810103126101f85761003f602061003883610233565b9201610233565b9060405161004e6040826101fc565b600781526020810190666d65736870617960c81b8252604051916100736040846101fc565b600183526020830191603160f81b835261008c81610247565b6101205261009984610247565b61014052519020918260e05251902080610100524660a0526040519060208201927f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f8452604083015260608201524660808201523060a082015260a0815261010260c0826101fc565b5190206080523060c0526001600160401b038116801580156101e6575b80156101d0575b6101ad57506101605261018052604051612d7690816102b3823960805181612b79015260a05181612c36015260c05181612b4a015260e05181612bc801526101005181612bee01526101205181610d0c01526101405181610d350152610160518181816106b3015261177901526101805181818161139a01528181611b310152611b650152f35b90506308853d3960e11b5f528060045260245260018060401b031660445260645ffd5b5063ffffffff6001600160401b03841611610126565b506001600160401b038316811161011f565b5f80fd5b601f909101601f19168101906001600160401b0382119082101761021f57604052565b634e487b7160e01b5f52604160045260245ffd5b51906001600160401b03821682036101f857565b601f815111610272576020815191015160208210610263571790565b5f198260200360031b1b161790565b604460209160405192839163305a27a960e01b83528160048401528051918291826024860152018484015e5f828201840152601f01601f19168101030190fdfe60806040526004361015610011575f80fd5b5f3560e01c80630b09cfc714612076578063182dd72614611f905780631c2fa7c214611f6b578063238355d114611d015780632a0fb91214611c1757806335479fa6146117015780633fab1903146113be5780634ce3e08d1461137a5780635130b0a9146113235780635a104746146113065780635f821a04146112a557806360834dab146110c7578063831c2b8214610e0857806384b0196e14610cf457806397aba7f914610c95578063987757dd14610ad65780639f34550314610a82578063b1f52d00146106d7578063c2114a1614610693578063d7bd1be6146105dd578063d954863c14610246578063e131e94c146101b3578063f698da25146101995763fbf1db9e14610121575f80fd5b3461019557608060031936011261019557602061018d61013f612117565b61014761212d565b61014f612143565b604080514681523060208201526001600160a01b03948516918101919091529183166060830152909116608082015260643560a082015260c0902090565b604051908152f35b5f80fd5b34610195575f60031936011261019557602061018d612b40565b346101955760a06003193601126101955760643567ffffffffffffffff8111610195576101e49036906004016120e9565b6084359167ffffffffffffffff8311610195576102086102219336906004016120e9565b92909161021361225e565b6044356024356004356122d2565b5f7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005d005b60606003193601126101955760043561025d61212d565b906044359161026a61225e565b610273826126fd565b9390926102808385612749565b9283156105c3576fffffffffffffffffffffffffffffffff855460801c5b1680841115610593576102b19084612244565b946a0fffffffffffffffffffff8760a81c1696876a0fffffffffffffffffffff036a0fffffffffffffffffffff811161056657871161052b5760048201546001600160a01b031697881596871561052557885b8034036104f657509260017f10000000000000000000000000000000000000000000000000000000000000006001600160a01b03946103ae8c7f87d4c0b5e30d6808bc8a94ba1c4d839b29d664151551a31753387ee9ef48429b99968c60209a5f146104b55787546fffffffffffffffffffffffffffffffff1660809190911b7fffffffffffffffffffffffffffffffff0000000000000000000000000000000016178755612251565b60a81b906a0fffffffffffffffffffff74fffffffffffffffffffff000000000000000000000821691161717179101556040519586521693a315610411575f7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005d005b604051907f23b872dd000000000000000000000000000000000000000000000000000000005f52336004523060245260445260205f60648180865af19060015f5114821615610494575b604052156104695780610221565b7f5274afe7000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b9060018115166104ac57823b15153d1516169061045b565b503d5f823e3d90fd5b6fffffffffffffffffffffffffffffffff809116167fffffffffffffffffffffffffffffffff00000000000000000000000000000000885416178755612251565b7f626ade30000000000000000000000000000000000000000000000000000000005f526004523460245260445ffd5b5f610304565b877ff4613197000000000000000000000000000000000000000000000000000000005f526004526a0fffffffffffffffffffff60245260445ffd5b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b83907f6a33c2d8000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b6fffffffffffffffffffffffffffffffff8086541661029e565b3461019557608060031936011261019557602061018d6106536105fe6121ed565b604080517f65fc96d695170fe895f98624d88d3f4af5380e47af8728a3a043017c9e086129815260043560208201526001600160a01b03909216908201526044356060820152606435608082015260a0902090565b61065b612b40565b604291604051917f19010000000000000000000000000000000000000000000000000000000000008352600283015260228201522090565b34610195575f60031936011261019557602060405167ffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168152f35b34610195576040600319360112610195576106f0612117565b6024359067ffffffffffffffff821161019557366023830112156101955781600401359067ffffffffffffffff82116101955736602460c08402850101116101955761073a61225e565b8115610a5a57610748612b40565b905f935f5b84811015610a4f5760c0810282019560248701356001600160a01b0381169788820361019557338910918215610a0e57604080514681523060208201526001600160a01b03928316918101919091523360608201529087166080820152604482013560a082015260c09020985b895f52600460205260405f209060018201549260018460fc1c036109e25760848101358042116109b3578161088561084c8f9998979695949360646108c2950135809b3390916001600160a01b0360a09492604051947f65fc96d695170fe895f98624d88d3f4af5380e47af8728a3a043017c9e08612986526020860152166040840152606083015260808201522090565b8d604291604051917f19010000000000000000000000000000000000000000000000000000000000008352600283015260228201522090565b60c48201359060ff601b60a47f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff851695013593821c011690612cb3565b5060048110156109865761095e576001600160a01b031690808203610930575050846108fd936001979695936108f7936127ad565b90612251565b976040519182527f04eda370f8b8612fa7266d7ebbd41af9d694e19793fe9d9ff31b3ddbd99b08e160203393a30161074d565b7f366d29f7000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b7f5cd5d233000000000000000000000000000000000000000000000000000000005f5260045ffd5b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b7f603ab02f000000000000000000000000000000000000000000000000000000005f526004524260245260445ffd5b8b7f5b115874000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b6040805146815230602082015233918101919091526001600160a01b0391821660608201529087166080820152604482013560a082015260c09020986107ba565b610221863385612633565b7fc2e5347d000000000000000000000000000000000000000000000000000000005f5260045ffd5b3461019557604060031936011261019557610a9b612117565b6001600160a01b03610aab61212d565b91165f5260036020526001600160a01b0360405f2091165f52602052602060405f2054604051908152f35b3461019557602060031936011261019557600435610af261225e565b610afb816124db565b90600282018054928360c01c80421115610c6657506001810193845493610b2185612952565b9280546fffffffffffffffffffffffffffffffff169060088101918583549860068401998a54916a0fffffffffffffffffffff16610b5e94612996565b9485610b6991612244565b6003820180546004840180545f8087557f3000000000000000000000000000000000000000000000000000000000000000909d55998c905582547fffffffffffffffffffffff0000000000000000000000000000000000000000001690925581547fffffffffffffffffffffffff000000000000000000000000000000000000000016909155600583018a905597899055600790910188905596905560408051848152602081018890526001600160a01b03958616979695909516947ff94fb5c0628a82dc90648e8dc5e983f632633b0d26603d64e8cc042ca0790aa49190a26001600160a01b031690610c5d9185612a53565b61022192612a53565b7f82ccfc16000000000000000000000000000000000000000000000000000000005f526004524260245260445ffd5b346101955760406003193601126101955760243567ffffffffffffffff811161019557610cc9610cd29136906004016120e9565b9060043561291e565b5060048110156109865761095e576020906001600160a01b0360405191168152f35b34610195575f60031936011261019557610dac610d307f0000000000000000000000000000000000000000000000000000000000000000612c5c565b610d597f0000000000000000000000000000000000000000000000000000000000000000612c5c565b6020610dba60405192610d6c8385612203565b5f84525f3681376040519586957f0f00000000000000000000000000000000000000000000000000000000000000875260e08588015260e0870190612159565b908582036040870152612159565b4660608501523060808501525f60a085015283810360c08501528180845192838152019301915f5b828110610df157505050500390f35b835185528695509381019392810192600101610de2565b34610195576020600319360112610195576040516101e081019080821067ffffffffffffffff83111761109a576101e0916040525f81525f60208201525f60408201525f60608201525f60808201525f60a08201525f60c08201525f60e08201525f6101008201525f6101208201525f6101408201525f6101608201525f6101808201525f6101a08201525f6101c08201526004355f5260046020526101c060405f209160086001840154936a0fffffffffffffffffffff6002820154956001600160a01b0387168552600383015460ff6001600160a01b038216918260208901526001600160a01b0360048701541660408901528360fc1c606089015263ffffffff8a60a01c1660808901528960c01c60a089015260a01c16600181145f146110765750506001600160a01b038088165b1660c086015282546fffffffffffffffffffffffffffffffff811660e087015260801c61010086015281811661012086015260541c166101408401526005810154610160840152600681015461018084015260078101546101a08401520154828201526001600160a01b03604051931683526001600160a01b0360208201511660208401526001600160a01b03604082015116604084015260ff606082015116606084015267ffffffffffffffff608082015116608084015267ffffffffffffffff60a08201511660a08401526001600160a01b0360c08201511660c084015260e081015160e08401526101008101516101008401526101208101516101208401526101408101516101408401526101608101516101608401526101808101516101808401526101a08101516101a084015201516101c0820152f35b60020361108b576001600160a01b0390610f3a565b506001600160a01b035f610f3a565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b3461019557600319360160c08112610195576080136101955760843567ffffffffffffffff8111610195576111009036906004016120e9565b9060a43567ffffffffffffffff8111610195576111219036906004016120e9565b909261112b61225e565b60043592611138846126fd565b91909361114c6111466121ed565b86612749565b936064359788421161127557946001600160a01b0396946102219994611207948a946111ed60049a6111d76106536111826121ed565b9b604435809d819c916001600160a01b0360a09492604051947f65fc96d695170fe895f98624d88d3f4af5380e47af8728a3a043017c9e08612986526020860152166040840152606083015260808201522090565b938715611268578d60028d015416915b856125ff565b8a6111f66121ed565b16330361124e575b505050856127ad565b947f04eda370f8b8612fa7266d7ebbd41af9d694e19793fe9d9ff31b3ddbd99b08e16020866112346121ed565b1693604051908152a30154166112486121ed565b90612633565b6112609261125a6121ed565b926125ff565b8a80806111fe565b8d60038d015416916111e7565b887f603ab02f000000000000000000000000000000000000000000000000000000005f526004524260245260445ffd5b3461019557606060031936011261019557602061018d6106536044356024356004359091608092604051927fa773e31d98f0741537ff9523ad20d43dc6b8ca0f879f223f3543b49eea6457ce84526020840152604083015260608201522090565b34610195575f600319360112610195576020600254604051908152f35b3461019557604060031936011261019557602061018d610653602435600435606091604051917fa46e09f12cb794873a54d8362f54517b7c0056835f6adb58ed561cf99ba7634f8352602083015260408201522090565b34610195575f60031936011261019557602060405167ffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168152f35b346101955760e06003193601126101955760043560a07fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc3601126101955760c43567ffffffffffffffff81116101955761141c9036906004016120e9565b61142792919261225e565b611430826126fd565b919061143c3382612749565b916044359586155f1461169a57501580159061168f575b8015611684575b8015611679575b611651575b600281019163ffffffff835460a01c1667ffffffffffffffff4216019267ffffffffffffffff84116105665767ffffffffffffffff94600192827f2000000000000000000000000000000000000000000000000000000000000000935477ffffffffffffffffffffffffffffffffffffffffffffffff7fffffffffffffffff0000000000000000000000000000000000000000000000008960c01b1691161790555f1461164b5760025b60038501907fffffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffff74ff000000000000000000000000000000000000000083549260a01b1691161790557f0fffffffffffffffffffff0000000000000000000000000000000000000000007fffffffffffffffffffffff000000000000000000000000000000000000000000821616906a0fffffffffffffffffffff74fffffffffffffffffffff0000000000000000000007ffffffffffffffffffffffffffffffffffffffffffff000000000000000000000831616911617171791015560405193845260643560208501521660408301527febb4d31462802a3edbf48fbb18accc694b3890492959ab16457f1553ab8d0fdc60603393a35f7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005d005b82611510565b7fd9821099000000000000000000000000000000000000000000000000000000005f5260045ffd5b5060a4351515611461565b50608435151561145a565b506064351515611453565b906116a486612526565b9084156116d6576116c3926001600160a01b03600286015416926125ff565b8460058201556064356006820155611466565b6116ee926001600160a01b03600386015416926125ff565b8460078201556064356008820155611466565b608060031936011261019557611715612117565b61171d61212d565b90611726612143565b906064359267ffffffffffffffff8416938481036101955761174661225e565b6001600160a01b0383169182158015611c04575b611bcb5782331492831580611bb8575b611b8c5767ffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168088108015611b59575b611afc5750341515928380611aea575b611aba576a0fffffffffffffffffffff3411611a7f576002547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff81146105665760606001600160a01b038560209b8261187160029c8e60017ff3351e353c954d8d8e1504f878c1a10fcaa49ae848d7d14d7ed733f62966e8ff99019b8f928d8094553046939060c095936001600160a01b038094818094604051998a5216602089015216604087015216606085015216608083015260a08201522090565b9c8d97885f528f6004905260405f209d8e7f10000000000000000000000000000000000000000000000000000000000000003460a81b17600182015501908a7fffffffffffffffffffffffff00000000000000000000000000000000000000008354161782557fffffffffffffffff00000000ffffffffffffffffffffffffffffffffffffffff77ffffffff00000000000000000000000000000000000000008084549360a01b1616911617905560038d018285167fffffffffffffffffffffffff0000000000000000000000000000000000000000825416179055169788611a4e575b6040519889528d89015260408801521694a4611999575b50505f7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005d604051908152f35b15611a0c5780547fffffffffffffffffffffffffffffffff0000000000000000000000000000000016346fffffffffffffffffffffffffffffffff161790555b604051348152817f87d4c0b5e30d6808bc8a94ba1c4d839b29d664151551a31753387ee9ef48429b843393a3828061196c565b80546fffffffffffffffffffffffffffffffff163460801b7fffffffffffffffffffffffffffffffff00000000000000000000000000000000161790556119d9565b60048c01897fffffffffffffffffffffffff0000000000000000000000000000000000000000825416179055611955565b7ff4613197000000000000000000000000000000000000000000000000000000005f52346004526a0fffffffffffffffffffff60245260445ffd5b7f626ade30000000000000000000000000000000000000000000000000000000005f525f6004523460245260445ffd5b506001600160a01b03871615156117b3565b877f110a7a72000000000000000000000000000000000000000000000000000000005f5260045260245267ffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001660445260645ffd5b5067ffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001688116117a3565b7f7e65d0e5000000000000000000000000000000000000000000000000000000005f523360045260245ffd5b506001600160a01b03821633141561176a565b6001600160a01b0390837fee16d805000000000000000000000000000000000000000000000000000000005f526004521660245260445ffd5b506001600160a01b03811683101561175a565b3461019557604060031936011261019557611c30612117565b611c3861212d565b90611c4161225e565b6001600160a01b03811691825f52600360205260405f206001600160a01b0333165f5260205260405f2054918215611cd95783610221945f52600360205260405f206001600160a01b0333165f526020525f6040812055604051906001600160a01b03841682528460208301527f4923977bbeb71e9c72c4616d93675513bafa33e3a6aa2bd87fb207a43052500160403393a3612633565b7f969bf728000000000000000000000000000000000000000000000000000000005f5260045ffd5b34610195576101006003193601126101955760043560a07fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc3601126101955760c43567ffffffffffffffff811161019557611d609036906004016120e9565b909160e43567ffffffffffffffff811161019557611d829036906004016120e9565b929093611d8d61225e565b611d96836124db565b916002830154948560c01c96874211611f3b576001600160a01b0395969750611de8600386015498600260ff8b60a01c1614998a5f14611f2e57881697889116945b611de18a612526565b96876125ff565b6001600160a01b0383163303611edd575b50505050835f14611ed2576007810154935b6044359480861115611ea257507fa1784c1098f75a5b26b6db0adfe71704b3fb4d3d769d8eb56b288e4e96db6330926040926001600160a01b039215611e8f5786600782015560086064359101555b825195865260643560208701521693a35f7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005d005b8660058201556006606435910155611e5a565b85907fad5b84d3000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b600581015493611e0b565b611f20610653611f259589606091604051917fa46e09f12cb794873a54d8362f54517b7c0056835f6adb58ed561cf99ba7634f8352602083015260408201522090565b6125ff565b84808080611df9565b9088169788911694611dd8565b877fbeeb654a000000000000000000000000000000000000000000000000000000005f526004524260245260445ffd5b34610195575f6003193601126101955760206040516a0fffffffffffffffffffff8152f35b346101955760206003193601126101955760043567ffffffffffffffff811161019557366023820112156101955780600401359067ffffffffffffffff8211610195573660248360051b8301011161019557611fea61225e565b8115610a5a57905f917fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff3d81360301925b828110156102215760248160051b8301013590848212156101955761207060019284016024810161204e608483018261219c565b9061205c60a485018461219c565b9490936044606483013592013590356122d2565b0161201a565b346101955760a060031936011261019557602061018d61065360843560643560443560243560043592909160c09492604051947f716df000aa2a680ba0826f710c1641c4d9fbef21b69b995e39fe4dd74da178cb8652602086015260408501526060840152608083015260a08201522090565b9181601f840112156101955782359167ffffffffffffffff8311610195576020838186019501011161019557565b600435906001600160a01b038216820361019557565b602435906001600160a01b038216820361019557565b604435906001600160a01b038216820361019557565b907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f602080948051918291828752018686015e5f8582860101520116010190565b9035907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe181360301821215610195570180359067ffffffffffffffff82116101955760200191813603831361019557565b6024356001600160a01b03811681036101955790565b90601f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0910116810190811067ffffffffffffffff82111761109a57604052565b9190820391821161056657565b9190820180921161056657565b7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005c6122aa5760017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005d565b7f3ee5aeb5000000000000000000000000000000000000000000000000000000005f5260045ffd5b909194926122ee939694966122e6836126fd565b959095612952565b80851180156124c8575b61249457506123428785859091608092604051927fa773e31d98f0741537ff9523ad20d43dc6b8ca0f879f223f3543b49eea6457ce84526020840152604083015260608201522090565b61234a612b40565b9061238791604291604051917f19010000000000000000000000000000000000000000000000000000000000008352600283015260228201522090565b94600281019081546001600160a01b031696600382019384546001600160a01b0316998a9160048501978b89546001600160a01b03169f6123c892876125ff565b6123d1936125ff565b5f8082557f3000000000000000000000000000000000000000000000000000000000000000600190920191909155905580547fffffffffffffffffffffff00000000000000000000000000000000000000000016905580547fffffffffffffffffffffffff000000000000000000000000000000000000000016905560408051838152602081018790527f4c4399a084cb97d6d0f51a5481485cccd0eb35cf21aec6cf5140408b1b3d1bd89190a26124899185612a53565b61249292612a53565b565b8488917f565528fb000000000000000000000000000000000000000000000000000000005f5260045260245260445260645ffd5b506124d38582612244565b8814156122f8565b90815f52600460205260405f20916002600184015460fc1c036124fb5750565b7f57a57b36000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b602435908082036125d1575060843580158015906125c6575b61259e57604080517f716df000aa2a680ba0826f710c1641c4d9fbef21b69b995e39fe4dd74da178cb81526020810193909352604435908301526064356060830152608082015260a43560a082015260c0902061259b90610653565b90565b7f042d4297000000000000000000000000000000000000000000000000000000005f5260045ffd5b5060a435151561253f565b7f2ce7ab11000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b9061260a929161291e565b5060048193929310156109865761095e576001600160a01b039182169116808203610930575050565b6001600160a01b03168061268b57505f80808085855af115612653575050565b6001600160a01b03907f2c6a51e2000000000000000000000000000000000000000000000000000000005f521660045260245260445ffd5b916001600160a01b03604051927fa9059cbb000000000000000000000000000000000000000000000000000000005f521660045260245260205f60448180865af19060015f51148216156126e5575b604052156104695750565b9060018115166104ac57823b15153d151616906126da565b805f52600460205260405f209160018301549160018360fc1c0361271e5750565b7f5b115874000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b60028101546001600160a01b0392831693921683146127a757600301546001600160a01b031682146127a157507f7e65d0e5000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b60019150565b505f9150565b919392906a0fffffffffffffffffffff8116906a0fffffffffffffffffffff8160541c1695805f1461291857865b808511156128e8576127f06128109186612244565b9761280b856a0fffffffffffffffffffff8660a81c16612244565b612244565b8088116128b9575091600193917f1000000000000000000000000000000000000000000000000000000000000000935f14612873577f0fffffffffffffffffffff000000000000000000000000000000000000000000169160541b171717910155565b91905074fffffffffffffffffffff0000000000000000000007f0fffffffffffffffffffff00000000000000000000000000000000000000000083169216171717910155565b877f4c362064000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b84907f986b26f4000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b826127db565b9060418303612948576129419250602081013591604082359201355f1a90612cb3565b9192909190565b50505f9160029190565b61259b906a0fffffffffffffffffffff612973818316828460a81c16612244565b9160541c1690612244565b81810392915f13801582851316918412161761056657565b906129a39193929361297e565b90808310612a14576129b59192612244565b6a1ffffffffffffffffffffe811015612a0157905b5f828201928312911290801582169115161761056657905b5f8213156129fb57808210156129f6575090565b905090565b50505f90565b506a1ffffffffffffffffffffe906129ca565b612a3a92612a2191612244565b6a1ffffffffffffffffffffe811015612a40579061297e565b906129e2565b506a1ffffffffffffffffffffe9061297e565b8215612b3b576001600160a01b03169081612ad5575f80808086855af15b15612a7b57505050565b60206001600160a01b037f1182782c307f5070cb912ad1a2b6b545dd40e5e5873d5b0eac7927f69a323c2992845f526003835260405f208282165f52835260405f20612ac8878254612251565b90556040519586521693a3565b6040517fa9059cbb000000000000000000000000000000000000000000000000000000005f526001600160a01b0382166004528360245260205f60448180875af19060015f5114821615612b2c575b604052612a71565b90833b15153d15161690612b24565b505050565b6001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016301480612c33575b15612b9b577f000000000000000000000000000000000000000000000000000000000000000090565b60405160208101907f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f82527f000000000000000000000000000000000000000000000000000000000000000060408201527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a082015260a08152612c2d60c082612203565b51902090565b507f00000000000000000000000000000000000000000000000000000000000000004614612b72565b60ff811690601f8211612c8b5760405191612c78604084612203565b6020808452838101919036833783525290565b7fb3512b0c000000000000000000000000000000000000000000000000000000005f5260045ffd5b91907f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a08411612d35579160209360809260ff5f9560405194855216868401526040830152606082015282805260015afa15612d2a575f516001600160a01b03811615612d2057905f905f90565b505f906001905f90565b6040513d5f823e3d90fd5b5050505f916003919056fea2646970667358221220cdf0c7854bd855806b1a8ba8a8f2e6635e816e342c5c6a35a9d17eba048a662464736f6c63430008250033",
}

// ChannelManager is an auto generated Go binding around an Ethereum contract.
type ChannelManager struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ChannelManager) GetABI() abi.ABI {
	return c.abi
}

// NewChannelManager creates a new instance of ChannelManager.
func NewChannelManager() *ChannelManager {
	parsed, err := ChannelManagerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ChannelManager{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ChannelManager) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(uint64 minChallengePeriod_, uint64 maxChallengePeriod_) returns()
func (channelManager *ChannelManager) PackConstructor(minChallengePeriod_ uint64, maxChallengePeriod_ uint64) []byte {
	enc, err := channelManager.abi.Pack("", minChallengePeriod_, maxChallengePeriod_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMAXTOTALDEPOSIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1c2fa7c2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_TOTAL_DEPOSIT() view returns(uint256)
func (channelManager *ChannelManager) PackMAXTOTALDEPOSIT() []byte {
	enc, err := channelManager.abi.Pack("MAX_TOTAL_DEPOSIT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXTOTALDEPOSIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1c2fa7c2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_TOTAL_DEPOSIT() view returns(uint256)
func (channelManager *ChannelManager) TryPackMAXTOTALDEPOSIT() ([]byte, error) {
	return channelManager.abi.Pack("MAX_TOTAL_DEPOSIT")
}

// UnpackMAXTOTALDEPOSIT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1c2fa7c2.
//
// Solidity: function MAX_TOTAL_DEPOSIT() view returns(uint256)
func (channelManager *ChannelManager) UnpackMAXTOTALDEPOSIT(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("MAX_TOTAL_DEPOSIT", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBalanceProofDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0b09cfc7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceProofDigest((bytes32,uint256,uint256,uint256,bytes32) p) view returns(bytes32)
func (channelManager *ChannelManager) PackBalanceProofDigest(p BalanceProof) []byte {
	enc, err := channelManager.abi.Pack("balanceProofDigest", p)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceProofDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0b09cfc7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceProofDigest((bytes32,uint256,uint256,uint256,bytes32) p) view returns(bytes32)
func (channelManager *ChannelManager) TryPackBalanceProofDigest(p BalanceProof) ([]byte, error) {
	return channelManager.abi.Pack("balanceProofDigest", p)
}

// UnpackBalanceProofDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0b09cfc7.
//
// Solidity: function balanceProofDigest((bytes32,uint256,uint256,uint256,bytes32) p) view returns(bytes32)
func (channelManager *ChannelManager) UnpackBalanceProofDigest(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("balanceProofDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBatchCooperativeSettle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x182dd726.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchCooperativeSettle((bytes32,uint256,uint256,bytes,bytes)[] items) returns()
func (channelManager *ChannelManager) PackBatchCooperativeSettle(items []CooperativeSettleItem) []byte {
	enc, err := channelManager.abi.Pack("batchCooperativeSettle", items)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchCooperativeSettle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x182dd726.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchCooperativeSettle((bytes32,uint256,uint256,bytes,bytes)[] items) returns()
func (channelManager *ChannelManager) TryPackBatchCooperativeSettle(items []CooperativeSettleItem) ([]byte, error) {
	return channelManager.abi.Pack("batchCooperativeSettle", items)
}

// PackBatchWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb1f52d00.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchWithdraw(address token, (address,uint256,uint256,uint256,bytes32,bytes32)[] items) returns()
func (channelManager *ChannelManager) PackBatchWithdraw(token common.Address, items []WithdrawItem) []byte {
	enc, err := channelManager.abi.Pack("batchWithdraw", token, items)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb1f52d00.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchWithdraw(address token, (address,uint256,uint256,uint256,bytes32,bytes32)[] items) returns()
func (channelManager *ChannelManager) TryPackBatchWithdraw(token common.Address, items []WithdrawItem) ([]byte, error) {
	return channelManager.abi.Pack("batchWithdraw", token, items)
}

// PackChannelCounter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5a104746.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function channelCounter() view returns(uint256)
func (channelManager *ChannelManager) PackChannelCounter() []byte {
	enc, err := channelManager.abi.Pack("channelCounter")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChannelCounter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5a104746.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function channelCounter() view returns(uint256)
func (channelManager *ChannelManager) TryPackChannelCounter() ([]byte, error) {
	return channelManager.abi.Pack("channelCounter")
}

// UnpackChannelCounter is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5a104746.
//
// Solidity: function channelCounter() view returns(uint256)
func (channelManager *ChannelManager) UnpackChannelCounter(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("channelCounter", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackChannelIdOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfbf1db9e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function channelIdOf(address participantA, address participantB, address token, uint256 counter) view returns(bytes32)
func (channelManager *ChannelManager) PackChannelIdOf(participantA common.Address, participantB common.Address, token common.Address, counter *big.Int) []byte {
	enc, err := channelManager.abi.Pack("channelIdOf", participantA, participantB, token, counter)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChannelIdOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfbf1db9e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function channelIdOf(address participantA, address participantB, address token, uint256 counter) view returns(bytes32)
func (channelManager *ChannelManager) TryPackChannelIdOf(participantA common.Address, participantB common.Address, token common.Address, counter *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("channelIdOf", participantA, participantB, token, counter)
}

// UnpackChannelIdOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfbf1db9e.
//
// Solidity: function channelIdOf(address participantA, address participantB, address token, uint256 counter) view returns(bytes32)
func (channelManager *ChannelManager) UnpackChannelIdOf(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("channelIdOf", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackClaimDeferredPayout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2a0fb912.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimDeferredPayout(address token, address to) returns()
func (channelManager *ChannelManager) PackClaimDeferredPayout(token common.Address, to common.Address) []byte {
	enc, err := channelManager.abi.Pack("claimDeferredPayout", token, to)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimDeferredPayout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2a0fb912.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimDeferredPayout(address token, address to) returns()
func (channelManager *ChannelManager) TryPackClaimDeferredPayout(token common.Address, to common.Address) ([]byte, error) {
	return channelManager.abi.Pack("claimDeferredPayout", token, to)
}

// PackClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3fab1903.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function close(bytes32 channelId, (bytes32,uint256,uint256,uint256,bytes32) fromPartner, bytes partnerSig) returns()
func (channelManager *ChannelManager) PackClose(channelId [32]byte, fromPartner BalanceProof, partnerSig []byte) []byte {
	enc, err := channelManager.abi.Pack("close", channelId, fromPartner, partnerSig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3fab1903.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function close(bytes32 channelId, (bytes32,uint256,uint256,uint256,bytes32) fromPartner, bytes partnerSig) returns()
func (channelManager *ChannelManager) TryPackClose(channelId [32]byte, fromPartner BalanceProof, partnerSig []byte) ([]byte, error) {
	return channelManager.abi.Pack("close", channelId, fromPartner, partnerSig)
}

// PackCooperativeSettle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe131e94c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cooperativeSettle(bytes32 channelId, uint256 balanceA, uint256 balanceB, bytes sigA, bytes sigB) returns()
func (channelManager *ChannelManager) PackCooperativeSettle(channelId [32]byte, balanceA *big.Int, balanceB *big.Int, sigA []byte, sigB []byte) []byte {
	enc, err := channelManager.abi.Pack("cooperativeSettle", channelId, balanceA, balanceB, sigA, sigB)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCooperativeSettle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe131e94c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cooperativeSettle(bytes32 channelId, uint256 balanceA, uint256 balanceB, bytes sigA, bytes sigB) returns()
func (channelManager *ChannelManager) TryPackCooperativeSettle(channelId [32]byte, balanceA *big.Int, balanceB *big.Int, sigA []byte, sigB []byte) ([]byte, error) {
	return channelManager.abi.Pack("cooperativeSettle", channelId, balanceA, balanceB, sigA, sigB)
}

// PackCooperativeSettleDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f821a04.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cooperativeSettleDigest(bytes32 channelId, uint256 balanceA, uint256 balanceB) view returns(bytes32)
func (channelManager *ChannelManager) PackCooperativeSettleDigest(channelId [32]byte, balanceA *big.Int, balanceB *big.Int) []byte {
	enc, err := channelManager.abi.Pack("cooperativeSettleDigest", channelId, balanceA, balanceB)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCooperativeSettleDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f821a04.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cooperativeSettleDigest(bytes32 channelId, uint256 balanceA, uint256 balanceB) view returns(bytes32)
func (channelManager *ChannelManager) TryPackCooperativeSettleDigest(channelId [32]byte, balanceA *big.Int, balanceB *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("cooperativeSettleDigest", channelId, balanceA, balanceB)
}

// UnpackCooperativeSettleDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5f821a04.
//
// Solidity: function cooperativeSettleDigest(bytes32 channelId, uint256 balanceA, uint256 balanceB) view returns(bytes32)
func (channelManager *ChannelManager) UnpackCooperativeSettleDigest(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("cooperativeSettleDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCooperativeWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x60834dab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cooperativeWithdraw((bytes32,address,uint256,uint256) w, bytes participantSig, bytes partnerSig) returns()
func (channelManager *ChannelManager) PackCooperativeWithdraw(w Withdraw, participantSig []byte, partnerSig []byte) []byte {
	enc, err := channelManager.abi.Pack("cooperativeWithdraw", w, participantSig, partnerSig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCooperativeWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x60834dab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cooperativeWithdraw((bytes32,address,uint256,uint256) w, bytes participantSig, bytes partnerSig) returns()
func (channelManager *ChannelManager) TryPackCooperativeWithdraw(w Withdraw, participantSig []byte, partnerSig []byte) ([]byte, error) {
	return channelManager.abi.Pack("cooperativeWithdraw", w, participantSig, partnerSig)
}

// PackDeferredPayouts is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9f345503.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deferredPayouts(address token, address account) view returns(uint256 amount)
func (channelManager *ChannelManager) PackDeferredPayouts(token common.Address, account common.Address) []byte {
	enc, err := channelManager.abi.Pack("deferredPayouts", token, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeferredPayouts is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9f345503.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deferredPayouts(address token, address account) view returns(uint256 amount)
func (channelManager *ChannelManager) TryPackDeferredPayouts(token common.Address, account common.Address) ([]byte, error) {
	return channelManager.abi.Pack("deferredPayouts", token, account)
}

// UnpackDeferredPayouts is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9f345503.
//
// Solidity: function deferredPayouts(address token, address account) view returns(uint256 amount)
func (channelManager *ChannelManager) UnpackDeferredPayouts(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("deferredPayouts", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd954863c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(bytes32 channelId, address participant, uint256 totalDeposit) payable returns()
func (channelManager *ChannelManager) PackDeposit(channelId [32]byte, participant common.Address, totalDeposit *big.Int) []byte {
	enc, err := channelManager.abi.Pack("deposit", channelId, participant, totalDeposit)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd954863c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(bytes32 channelId, address participant, uint256 totalDeposit) payable returns()
func (channelManager *ChannelManager) TryPackDeposit(channelId [32]byte, participant common.Address, totalDeposit *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("deposit", channelId, participant, totalDeposit)
}

// PackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (channelManager *ChannelManager) PackDomainSeparator() []byte {
	enc, err := channelManager.abi.Pack("domainSeparator")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (channelManager *ChannelManager) TryPackDomainSeparator() ([]byte, error) {
	return channelManager.abi.Pack("domainSeparator")
}

// UnpackDomainSeparator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (channelManager *ChannelManager) UnpackDomainSeparator(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("domainSeparator", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackEip712Domain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (channelManager *ChannelManager) PackEip712Domain() []byte {
	enc, err := channelManager.abi.Pack("eip712Domain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEip712Domain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (channelManager *ChannelManager) TryPackEip712Domain() ([]byte, error) {
	return channelManager.abi.Pack("eip712Domain")
}

// Eip712DomainOutput serves as a container for the return parameters of contract
// method Eip712Domain.
type Eip712DomainOutput struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}

// UnpackEip712Domain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (channelManager *ChannelManager) UnpackEip712Domain(data []byte) (Eip712DomainOutput, error) {
	out, err := channelManager.abi.Unpack("eip712Domain", data)
	outstruct := new(Eip712DomainOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Fields = *abi.ConvertType(out[0], new([1]byte)).(*[1]byte)
	outstruct.Name = *abi.ConvertType(out[1], new(string)).(*string)
	outstruct.Version = *abi.ConvertType(out[2], new(string)).(*string)
	outstruct.ChainId = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.VerifyingContract = *abi.ConvertType(out[4], new(common.Address)).(*common.Address)
	outstruct.Salt = *abi.ConvertType(out[5], new([32]byte)).(*[32]byte)
	outstruct.Extensions = *abi.ConvertType(out[6], new([]*big.Int)).(*[]*big.Int)
	return *outstruct, nil
}

// PackGetChannel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x831c2b82.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getChannel(bytes32 channelId) view returns((address,address,address,uint8,uint64,uint64,address,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256) info)
func (channelManager *ChannelManager) PackGetChannel(channelId [32]byte) []byte {
	enc, err := channelManager.abi.Pack("getChannel", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetChannel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x831c2b82.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getChannel(bytes32 channelId) view returns((address,address,address,uint8,uint64,uint64,address,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256) info)
func (channelManager *ChannelManager) TryPackGetChannel(channelId [32]byte) ([]byte, error) {
	return channelManager.abi.Pack("getChannel", channelId)
}

// UnpackGetChannel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x831c2b82.
//
// Solidity: function getChannel(bytes32 channelId) view returns((address,address,address,uint8,uint64,uint64,address,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256) info)
func (channelManager *ChannelManager) UnpackGetChannel(data []byte) (ChannelInfo, error) {
	out, err := channelManager.abi.Unpack("getChannel", data)
	if err != nil {
		return *new(ChannelInfo), err
	}
	out0 := *abi.ConvertType(out[0], new(ChannelInfo)).(*ChannelInfo)
	return out0, nil
}

// PackMaxChallengePeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4ce3e08d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function maxChallengePeriod() view returns(uint64)
func (channelManager *ChannelManager) PackMaxChallengePeriod() []byte {
	enc, err := channelManager.abi.Pack("maxChallengePeriod")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMaxChallengePeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4ce3e08d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function maxChallengePeriod() view returns(uint64)
func (channelManager *ChannelManager) TryPackMaxChallengePeriod() ([]byte, error) {
	return channelManager.abi.Pack("maxChallengePeriod")
}

// UnpackMaxChallengePeriod is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4ce3e08d.
//
// Solidity: function maxChallengePeriod() view returns(uint64)
func (channelManager *ChannelManager) UnpackMaxChallengePeriod(data []byte) (uint64, error) {
	out, err := channelManager.abi.Unpack("maxChallengePeriod", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMinChallengePeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc2114a16.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function minChallengePeriod() view returns(uint64)
func (channelManager *ChannelManager) PackMinChallengePeriod() []byte {
	enc, err := channelManager.abi.Pack("minChallengePeriod")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMinChallengePeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc2114a16.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function minChallengePeriod() view returns(uint64)
func (channelManager *ChannelManager) TryPackMinChallengePeriod() ([]byte, error) {
	return channelManager.abi.Pack("minChallengePeriod")
}

// UnpackMinChallengePeriod is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc2114a16.
//
// Solidity: function minChallengePeriod() view returns(uint64)
func (channelManager *ChannelManager) UnpackMinChallengePeriod(data []byte) (uint64, error) {
	out, err := channelManager.abi.Unpack("minChallengePeriod", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackOpen is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x35479fa6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function open(address participantA, address participantB, address token, uint64 challengePeriod) payable returns(bytes32 channelId)
func (channelManager *ChannelManager) PackOpen(participantA common.Address, participantB common.Address, token common.Address, challengePeriod uint64) []byte {
	enc, err := channelManager.abi.Pack("open", participantA, participantB, token, challengePeriod)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOpen is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x35479fa6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function open(address participantA, address participantB, address token, uint64 challengePeriod) payable returns(bytes32 channelId)
func (channelManager *ChannelManager) TryPackOpen(participantA common.Address, participantB common.Address, token common.Address, challengePeriod uint64) ([]byte, error) {
	return channelManager.abi.Pack("open", participantA, participantB, token, challengePeriod)
}

// UnpackOpen is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x35479fa6.
//
// Solidity: function open(address participantA, address participantB, address token, uint64 challengePeriod) payable returns(bytes32 channelId)
func (channelManager *ChannelManager) UnpackOpen(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("open", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRecoverSigner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97aba7f9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recoverSigner(bytes32 digest, bytes sig) pure returns(address signer)
func (channelManager *ChannelManager) PackRecoverSigner(digest [32]byte, sig []byte) []byte {
	enc, err := channelManager.abi.Pack("recoverSigner", digest, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecoverSigner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97aba7f9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function recoverSigner(bytes32 digest, bytes sig) pure returns(address signer)
func (channelManager *ChannelManager) TryPackRecoverSigner(digest [32]byte, sig []byte) ([]byte, error) {
	return channelManager.abi.Pack("recoverSigner", digest, sig)
}

// UnpackRecoverSigner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x97aba7f9.
//
// Solidity: function recoverSigner(bytes32 digest, bytes sig) pure returns(address signer)
func (channelManager *ChannelManager) UnpackRecoverSigner(data []byte) (common.Address, error) {
	out, err := channelManager.abi.Unpack("recoverSigner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSettle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x987757dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function settle(bytes32 channelId) returns()
func (channelManager *ChannelManager) PackSettle(channelId [32]byte) []byte {
	enc, err := channelManager.abi.Pack("settle", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSettle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x987757dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function settle(bytes32 channelId) returns()
func (channelManager *ChannelManager) TryPackSettle(channelId [32]byte) ([]byte, error) {
	return channelManager.abi.Pack("settle", channelId)
}

// PackUpdateAuthorizationDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5130b0a9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function updateAuthorizationDigest(bytes32 channelId, bytes32 balanceProofDigest_) view returns(bytes32)
func (channelManager *ChannelManager) PackUpdateAuthorizationDigest(channelId [32]byte, balanceProofDigest [32]byte) []byte {
	enc, err := channelManager.abi.Pack("updateAuthorizationDigest", channelId, balanceProofDigest)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUpdateAuthorizationDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5130b0a9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function updateAuthorizationDigest(bytes32 channelId, bytes32 balanceProofDigest_) view returns(bytes32)
func (channelManager *ChannelManager) TryPackUpdateAuthorizationDigest(channelId [32]byte, balanceProofDigest [32]byte) ([]byte, error) {
	return channelManager.abi.Pack("updateAuthorizationDigest", channelId, balanceProofDigest)
}

// UnpackUpdateAuthorizationDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5130b0a9.
//
// Solidity: function updateAuthorizationDigest(bytes32 channelId, bytes32 balanceProofDigest_) view returns(bytes32)
func (channelManager *ChannelManager) UnpackUpdateAuthorizationDigest(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("updateAuthorizationDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackUpdateNonClosingBalanceProof is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x238355d1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function updateNonClosingBalanceProof(bytes32 channelId, (bytes32,uint256,uint256,uint256,bytes32) fromCloser, bytes closerSig, bytes authSig) returns()
func (channelManager *ChannelManager) PackUpdateNonClosingBalanceProof(channelId [32]byte, fromCloser BalanceProof, closerSig []byte, authSig []byte) []byte {
	enc, err := channelManager.abi.Pack("updateNonClosingBalanceProof", channelId, fromCloser, closerSig, authSig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUpdateNonClosingBalanceProof is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x238355d1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function updateNonClosingBalanceProof(bytes32 channelId, (bytes32,uint256,uint256,uint256,bytes32) fromCloser, bytes closerSig, bytes authSig) returns()
func (channelManager *ChannelManager) TryPackUpdateNonClosingBalanceProof(channelId [32]byte, fromCloser BalanceProof, closerSig []byte, authSig []byte) ([]byte, error) {
	return channelManager.abi.Pack("updateNonClosingBalanceProof", channelId, fromCloser, closerSig, authSig)
}

// PackWithdrawDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7bd1be6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawDigest((bytes32,address,uint256,uint256) w) view returns(bytes32)
func (channelManager *ChannelManager) PackWithdrawDigest(w Withdraw) []byte {
	enc, err := channelManager.abi.Pack("withdrawDigest", w)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7bd1be6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawDigest((bytes32,address,uint256,uint256) w) view returns(bytes32)
func (channelManager *ChannelManager) TryPackWithdrawDigest(w Withdraw) ([]byte, error) {
	return channelManager.abi.Pack("withdrawDigest", w)
}

// UnpackWithdrawDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd7bd1be6.
//
// Solidity: function withdrawDigest((bytes32,address,uint256,uint256) w) view returns(bytes32)
func (channelManager *ChannelManager) UnpackWithdrawDigest(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("withdrawDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// ChannelManagerChannelClosed represents a ChannelClosed event raised by the ChannelManager contract.
type ChannelManagerChannelClosed struct {
	ChannelId         [32]byte
	Closer            common.Address
	Nonce             *big.Int
	TransferredAmount *big.Int
	SettleAfter       uint64
	Raw               *types.Log // Blockchain specific contextual infos
}

const ChannelManagerChannelClosedEventName = "ChannelClosed"

// ContractEventName returns the user-defined event name.
func (ChannelManagerChannelClosed) ContractEventName() string {
	return ChannelManagerChannelClosedEventName
}

// UnpackChannelClosedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ChannelClosed(bytes32 indexed channelId, address indexed closer, uint256 nonce, uint256 transferredAmount, uint64 settleAfter)
func (channelManager *ChannelManager) UnpackChannelClosedEvent(log *types.Log) (*ChannelManagerChannelClosed, error) {
	event := "ChannelClosed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerChannelClosed)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerChannelOpened represents a ChannelOpened event raised by the ChannelManager contract.
type ChannelManagerChannelOpened struct {
	ChannelId       [32]byte
	ParticipantA    common.Address
	ParticipantB    common.Address
	Token           common.Address
	Counter         *big.Int
	ChallengePeriod uint64
	Raw             *types.Log // Blockchain specific contextual infos
}

const ChannelManagerChannelOpenedEventName = "ChannelOpened"

// ContractEventName returns the user-defined event name.
func (ChannelManagerChannelOpened) ContractEventName() string {
	return ChannelManagerChannelOpenedEventName
}

// UnpackChannelOpenedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ChannelOpened(bytes32 indexed channelId, address indexed participantA, address indexed participantB, address token, uint256 counter, uint64 challengePeriod)
func (channelManager *ChannelManager) UnpackChannelOpenedEvent(log *types.Log) (*ChannelManagerChannelOpened, error) {
	event := "ChannelOpened"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerChannelOpened)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerChannelSettled represents a ChannelSettled event raised by the ChannelManager contract.
type ChannelManagerChannelSettled struct {
	ChannelId [32]byte
	BalanceA  *big.Int
	BalanceB  *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const ChannelManagerChannelSettledEventName = "ChannelSettled"

// ContractEventName returns the user-defined event name.
func (ChannelManagerChannelSettled) ContractEventName() string {
	return ChannelManagerChannelSettledEventName
}

// UnpackChannelSettledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ChannelSettled(bytes32 indexed channelId, uint256 balanceA, uint256 balanceB)
func (channelManager *ChannelManager) UnpackChannelSettledEvent(log *types.Log) (*ChannelManagerChannelSettled, error) {
	event := "ChannelSettled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerChannelSettled)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerCooperativeSettled represents a CooperativeSettled event raised by the ChannelManager contract.
type ChannelManagerCooperativeSettled struct {
	ChannelId [32]byte
	BalanceA  *big.Int
	BalanceB  *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const ChannelManagerCooperativeSettledEventName = "CooperativeSettled"

// ContractEventName returns the user-defined event name.
func (ChannelManagerCooperativeSettled) ContractEventName() string {
	return ChannelManagerCooperativeSettledEventName
}

// UnpackCooperativeSettledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CooperativeSettled(bytes32 indexed channelId, uint256 balanceA, uint256 balanceB)
func (channelManager *ChannelManager) UnpackCooperativeSettledEvent(log *types.Log) (*ChannelManagerCooperativeSettled, error) {
	event := "CooperativeSettled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerCooperativeSettled)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerDeferredPayoutClaimed represents a DeferredPayoutClaimed event raised by the ChannelManager contract.
type ChannelManagerDeferredPayoutClaimed struct {
	Token   common.Address
	Account common.Address
	To      common.Address
	Amount  *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const ChannelManagerDeferredPayoutClaimedEventName = "DeferredPayoutClaimed"

// ContractEventName returns the user-defined event name.
func (ChannelManagerDeferredPayoutClaimed) ContractEventName() string {
	return ChannelManagerDeferredPayoutClaimedEventName
}

// UnpackDeferredPayoutClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DeferredPayoutClaimed(address indexed token, address indexed account, address to, uint256 amount)
func (channelManager *ChannelManager) UnpackDeferredPayoutClaimedEvent(log *types.Log) (*ChannelManagerDeferredPayoutClaimed, error) {
	event := "DeferredPayoutClaimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerDeferredPayoutClaimed)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerDeposited represents a Deposited event raised by the ChannelManager contract.
type ChannelManagerDeposited struct {
	ChannelId    [32]byte
	Participant  common.Address
	TotalDeposit *big.Int
	Raw          *types.Log // Blockchain specific contextual infos
}

const ChannelManagerDepositedEventName = "Deposited"

// ContractEventName returns the user-defined event name.
func (ChannelManagerDeposited) ContractEventName() string {
	return ChannelManagerDepositedEventName
}

// UnpackDepositedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Deposited(bytes32 indexed channelId, address indexed participant, uint256 totalDeposit)
func (channelManager *ChannelManager) UnpackDepositedEvent(log *types.Log) (*ChannelManagerDeposited, error) {
	event := "Deposited"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerDeposited)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerEIP712DomainChanged represents a EIP712DomainChanged event raised by the ChannelManager contract.
type ChannelManagerEIP712DomainChanged struct {
	Raw *types.Log // Blockchain specific contextual infos
}

const ChannelManagerEIP712DomainChangedEventName = "EIP712DomainChanged"

// ContractEventName returns the user-defined event name.
func (ChannelManagerEIP712DomainChanged) ContractEventName() string {
	return ChannelManagerEIP712DomainChangedEventName
}

// UnpackEIP712DomainChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EIP712DomainChanged()
func (channelManager *ChannelManager) UnpackEIP712DomainChangedEvent(log *types.Log) (*ChannelManagerEIP712DomainChanged, error) {
	event := "EIP712DomainChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerEIP712DomainChanged)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerNonClosingBalanceProofUpdated represents a NonClosingBalanceProofUpdated event raised by the ChannelManager contract.
type ChannelManagerNonClosingBalanceProofUpdated struct {
	ChannelId         [32]byte
	Closer            common.Address
	Nonce             *big.Int
	TransferredAmount *big.Int
	Raw               *types.Log // Blockchain specific contextual infos
}

const ChannelManagerNonClosingBalanceProofUpdatedEventName = "NonClosingBalanceProofUpdated"

// ContractEventName returns the user-defined event name.
func (ChannelManagerNonClosingBalanceProofUpdated) ContractEventName() string {
	return ChannelManagerNonClosingBalanceProofUpdatedEventName
}

// UnpackNonClosingBalanceProofUpdatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event NonClosingBalanceProofUpdated(bytes32 indexed channelId, address indexed closer, uint256 nonce, uint256 transferredAmount)
func (channelManager *ChannelManager) UnpackNonClosingBalanceProofUpdatedEvent(log *types.Log) (*ChannelManagerNonClosingBalanceProofUpdated, error) {
	event := "NonClosingBalanceProofUpdated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerNonClosingBalanceProofUpdated)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerPayoutDeferred represents a PayoutDeferred event raised by the ChannelManager contract.
type ChannelManagerPayoutDeferred struct {
	Token   common.Address
	Account common.Address
	Amount  *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const ChannelManagerPayoutDeferredEventName = "PayoutDeferred"

// ContractEventName returns the user-defined event name.
func (ChannelManagerPayoutDeferred) ContractEventName() string {
	return ChannelManagerPayoutDeferredEventName
}

// UnpackPayoutDeferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event PayoutDeferred(address indexed token, address indexed account, uint256 amount)
func (channelManager *ChannelManager) UnpackPayoutDeferredEvent(log *types.Log) (*ChannelManagerPayoutDeferred, error) {
	event := "PayoutDeferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerPayoutDeferred)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerWithdrawn represents a Withdrawn event raised by the ChannelManager contract.
type ChannelManagerWithdrawn struct {
	ChannelId     [32]byte
	Participant   common.Address
	TotalWithdraw *big.Int
	Raw           *types.Log // Blockchain specific contextual infos
}

const ChannelManagerWithdrawnEventName = "Withdrawn"

// ContractEventName returns the user-defined event name.
func (ChannelManagerWithdrawn) ContractEventName() string {
	return ChannelManagerWithdrawnEventName
}

// UnpackWithdrawnEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Withdrawn(bytes32 indexed channelId, address indexed participant, uint256 totalWithdraw)
func (channelManager *ChannelManager) UnpackWithdrawnEvent(log *types.Log) (*ChannelManagerWithdrawn, error) {
	event := "Withdrawn"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerWithdrawn)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (channelManager *ChannelManager) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadSignature"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BalanceMismatch"].ID.Bytes()[:4]) {
		return channelManager.UnpackBalanceMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ChallengePeriodOver"].ID.Bytes()[:4]) {
		return channelManager.UnpackChallengePeriodOverError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ChannelNotClosed"].ID.Bytes()[:4]) {
		return channelManager.UnpackChannelNotClosedError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ChannelNotOpen"].ID.Bytes()[:4]) {
		return channelManager.UnpackChannelNotOpenError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["DepositLimitExceeded"].ID.Bytes()[:4]) {
		return channelManager.UnpackDepositLimitExceededError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["DepositNotIncreasing"].ID.Bytes()[:4]) {
		return channelManager.UnpackDepositNotIncreasingError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["EmptyBatch"].ID.Bytes()[:4]) {
		return channelManager.UnpackEmptyBatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["EtherTransferFailed"].ID.Bytes()[:4]) {
		return channelManager.UnpackEtherTransferFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["InvalidChallengePeriod"].ID.Bytes()[:4]) {
		return channelManager.UnpackInvalidChallengePeriodError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["InvalidEmptyProof"].ID.Bytes()[:4]) {
		return channelManager.UnpackInvalidEmptyProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["InvalidParticipants"].ID.Bytes()[:4]) {
		return channelManager.UnpackInvalidParticipantsError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["InvalidShortString"].ID.Bytes()[:4]) {
		return channelManager.UnpackInvalidShortStringError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["LocksUnsupported"].ID.Bytes()[:4]) {
		return channelManager.UnpackLocksUnsupportedError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["NonceNotIncreasing"].ID.Bytes()[:4]) {
		return channelManager.UnpackNonceNotIncreasingError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["NotParticipant"].ID.Bytes()[:4]) {
		return channelManager.UnpackNotParticipantError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["NothingToClaim"].ID.Bytes()[:4]) {
		return channelManager.UnpackNothingToClaimError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return channelManager.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return channelManager.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["SettleTooEarly"].ID.Bytes()[:4]) {
		return channelManager.UnpackSettleTooEarlyError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["StringTooLong"].ID.Bytes()[:4]) {
		return channelManager.UnpackStringTooLongError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ValueMismatch"].ID.Bytes()[:4]) {
		return channelManager.UnpackValueMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["WithdrawExpired"].ID.Bytes()[:4]) {
		return channelManager.UnpackWithdrawExpiredError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["WithdrawNotIncreasing"].ID.Bytes()[:4]) {
		return channelManager.UnpackWithdrawNotIncreasingError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["WithdrawTooLarge"].ID.Bytes()[:4]) {
		return channelManager.UnpackWithdrawTooLargeError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["WrongChannel"].ID.Bytes()[:4]) {
		return channelManager.UnpackWrongChannelError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["WrongSigner"].ID.Bytes()[:4]) {
		return channelManager.UnpackWrongSignerError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ChannelManagerBadSignature represents a BadSignature error raised by the ChannelManager contract.
type ChannelManagerBadSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignature()
func ChannelManagerBadSignatureErrorID() common.Hash {
	return common.HexToHash("0x5cd5d2335541c4f2ed05fbe44f397e8b79f8e2333157122d2dab06e378ef7685")
}

// UnpackBadSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignature()
func (channelManager *ChannelManager) UnpackBadSignatureError(raw []byte) (*ChannelManagerBadSignature, error) {
	out := new(ChannelManagerBadSignature)
	if err := channelManager.abi.UnpackIntoInterface(out, "BadSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBalanceMismatch represents a BalanceMismatch error raised by the ChannelManager contract.
type ChannelManagerBalanceMismatch struct {
	Pot      *big.Int
	BalanceA *big.Int
	BalanceB *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BalanceMismatch(uint256 pot, uint256 balanceA, uint256 balanceB)
func ChannelManagerBalanceMismatchErrorID() common.Hash {
	return common.HexToHash("0x565528fb3d45e438dc102b93b0945dd42ddb839a56a9fcd16fab6c1c7a0feef2")
}

// UnpackBalanceMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BalanceMismatch(uint256 pot, uint256 balanceA, uint256 balanceB)
func (channelManager *ChannelManager) UnpackBalanceMismatchError(raw []byte) (*ChannelManagerBalanceMismatch, error) {
	out := new(ChannelManagerBalanceMismatch)
	if err := channelManager.abi.UnpackIntoInterface(out, "BalanceMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerChallengePeriodOver represents a ChallengePeriodOver error raised by the ChannelManager contract.
type ChannelManagerChallengePeriodOver struct {
	SettleAfter *big.Int
	BlockTime   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChallengePeriodOver(uint256 settleAfter, uint256 blockTime)
func ChannelManagerChallengePeriodOverErrorID() common.Hash {
	return common.HexToHash("0xbeeb654a40343304d766cb2cd5e85d9ea8b5b31cbbbb4ed5c6dfbfc57272346e")
}

// UnpackChallengePeriodOverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChallengePeriodOver(uint256 settleAfter, uint256 blockTime)
func (channelManager *ChannelManager) UnpackChallengePeriodOverError(raw []byte) (*ChannelManagerChallengePeriodOver, error) {
	out := new(ChannelManagerChallengePeriodOver)
	if err := channelManager.abi.UnpackIntoInterface(out, "ChallengePeriodOver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerChannelNotClosed represents a ChannelNotClosed error raised by the ChannelManager contract.
type ChannelManagerChannelNotClosed struct {
	ChannelId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChannelNotClosed(bytes32 channelId)
func ChannelManagerChannelNotClosedErrorID() common.Hash {
	return common.HexToHash("0x57a57b36a726407ae14127a5316da44f9ffce2e8d1bc3c31c08e6320fadc4037")
}

// UnpackChannelNotClosedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChannelNotClosed(bytes32 channelId)
func (channelManager *ChannelManager) UnpackChannelNotClosedError(raw []byte) (*ChannelManagerChannelNotClosed, error) {
	out := new(ChannelManagerChannelNotClosed)
	if err := channelManager.abi.UnpackIntoInterface(out, "ChannelNotClosed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerChannelNotOpen represents a ChannelNotOpen error raised by the ChannelManager contract.
type ChannelManagerChannelNotOpen struct {
	ChannelId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChannelNotOpen(bytes32 channelId)
func ChannelManagerChannelNotOpenErrorID() common.Hash {
	return common.HexToHash("0x5b115874f38a562b5c93931d97b06c4a010470459a54f029a5d051f219bc1521")
}

// UnpackChannelNotOpenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChannelNotOpen(bytes32 channelId)
func (channelManager *ChannelManager) UnpackChannelNotOpenError(raw []byte) (*ChannelManagerChannelNotOpen, error) {
	out := new(ChannelManagerChannelNotOpen)
	if err := channelManager.abi.UnpackIntoInterface(out, "ChannelNotOpen", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerDepositLimitExceeded represents a DepositLimitExceeded error raised by the ChannelManager contract.
type ChannelManagerDepositLimitExceeded struct {
	TotalDeposits *big.Int
	Limit         *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositLimitExceeded(uint256 totalDeposits, uint256 limit)
func ChannelManagerDepositLimitExceededErrorID() common.Hash {
	return common.HexToHash("0xf4613197f230881358af749a9aea0e362534295f1a24cde99df42e8eac84747b")
}

// UnpackDepositLimitExceededError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositLimitExceeded(uint256 totalDeposits, uint256 limit)
func (channelManager *ChannelManager) UnpackDepositLimitExceededError(raw []byte) (*ChannelManagerDepositLimitExceeded, error) {
	out := new(ChannelManagerDepositLimitExceeded)
	if err := channelManager.abi.UnpackIntoInterface(out, "DepositLimitExceeded", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerDepositNotIncreasing represents a DepositNotIncreasing error raised by the ChannelManager contract.
type ChannelManagerDepositNotIncreasing struct {
	Current   *big.Int
	Requested *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositNotIncreasing(uint256 current, uint256 requested)
func ChannelManagerDepositNotIncreasingErrorID() common.Hash {
	return common.HexToHash("0x6a33c2d88cdae511f2556c69cc0695ed16d4b800f35b57d457d9f69cc68b6108")
}

// UnpackDepositNotIncreasingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositNotIncreasing(uint256 current, uint256 requested)
func (channelManager *ChannelManager) UnpackDepositNotIncreasingError(raw []byte) (*ChannelManagerDepositNotIncreasing, error) {
	out := new(ChannelManagerDepositNotIncreasing)
	if err := channelManager.abi.UnpackIntoInterface(out, "DepositNotIncreasing", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerEmptyBatch represents a EmptyBatch error raised by the ChannelManager contract.
type ChannelManagerEmptyBatch struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyBatch()
func ChannelManagerEmptyBatchErrorID() common.Hash {
	return common.HexToHash("0xc2e5347df6cf8d1bf68f8a9651642312bd381b900d857d97cd665976180d6ae0")
}

// UnpackEmptyBatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyBatch()
func (channelManager *ChannelManager) UnpackEmptyBatchError(raw []byte) (*ChannelManagerEmptyBatch, error) {
	out := new(ChannelManagerEmptyBatch)
	if err := channelManager.abi.UnpackIntoInterface(out, "EmptyBatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerEtherTransferFailed represents a EtherTransferFailed error raised by the ChannelManager contract.
type ChannelManagerEtherTransferFailed struct {
	To     common.Address
	Amount *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EtherTransferFailed(address to, uint256 amount)
func ChannelManagerEtherTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x2c6a51e2684f1f7a886cf191634578f6404bec70bca6691f42f1818fdb5f2acd")
}

// UnpackEtherTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EtherTransferFailed(address to, uint256 amount)
func (channelManager *ChannelManager) UnpackEtherTransferFailedError(raw []byte) (*ChannelManagerEtherTransferFailed, error) {
	out := new(ChannelManagerEtherTransferFailed)
	if err := channelManager.abi.UnpackIntoInterface(out, "EtherTransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerInvalidChallengePeriod represents a InvalidChallengePeriod error raised by the ChannelManager contract.
type ChannelManagerInvalidChallengePeriod struct {
	ChallengePeriod *big.Int
	Min             *big.Int
	Max             *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidChallengePeriod(uint256 challengePeriod, uint256 min, uint256 max)
func ChannelManagerInvalidChallengePeriodErrorID() common.Hash {
	return common.HexToHash("0x110a7a7226cdbaa01f833312cffa5d7aadafb060569e73a08681addce0aca7a8")
}

// UnpackInvalidChallengePeriodError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidChallengePeriod(uint256 challengePeriod, uint256 min, uint256 max)
func (channelManager *ChannelManager) UnpackInvalidChallengePeriodError(raw []byte) (*ChannelManagerInvalidChallengePeriod, error) {
	out := new(ChannelManagerInvalidChallengePeriod)
	if err := channelManager.abi.UnpackIntoInterface(out, "InvalidChallengePeriod", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerInvalidEmptyProof represents a InvalidEmptyProof error raised by the ChannelManager contract.
type ChannelManagerInvalidEmptyProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidEmptyProof()
func ChannelManagerInvalidEmptyProofErrorID() common.Hash {
	return common.HexToHash("0xd9821099069896032204219c9bbe3e2a9231080e949255c5fec6b4f3dfefbcdc")
}

// UnpackInvalidEmptyProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidEmptyProof()
func (channelManager *ChannelManager) UnpackInvalidEmptyProofError(raw []byte) (*ChannelManagerInvalidEmptyProof, error) {
	out := new(ChannelManagerInvalidEmptyProof)
	if err := channelManager.abi.UnpackIntoInterface(out, "InvalidEmptyProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerInvalidParticipants represents a InvalidParticipants error raised by the ChannelManager contract.
type ChannelManagerInvalidParticipants struct {
	ParticipantA common.Address
	ParticipantB common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidParticipants(address participantA, address participantB)
func ChannelManagerInvalidParticipantsErrorID() common.Hash {
	return common.HexToHash("0xee16d8059b8338aaf218a56ab7c61b1bc4f0ff156ab35ad19e346620fe96611d")
}

// UnpackInvalidParticipantsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidParticipants(address participantA, address participantB)
func (channelManager *ChannelManager) UnpackInvalidParticipantsError(raw []byte) (*ChannelManagerInvalidParticipants, error) {
	out := new(ChannelManagerInvalidParticipants)
	if err := channelManager.abi.UnpackIntoInterface(out, "InvalidParticipants", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerInvalidShortString represents a InvalidShortString error raised by the ChannelManager contract.
type ChannelManagerInvalidShortString struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidShortString()
func ChannelManagerInvalidShortStringErrorID() common.Hash {
	return common.HexToHash("0xb3512b0c6163e5f0bafab72bb631b9d58cd7a731b082f910338aa21c83d5c274")
}

// UnpackInvalidShortStringError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidShortString()
func (channelManager *ChannelManager) UnpackInvalidShortStringError(raw []byte) (*ChannelManagerInvalidShortString, error) {
	out := new(ChannelManagerInvalidShortString)
	if err := channelManager.abi.UnpackIntoInterface(out, "InvalidShortString", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerLocksUnsupported represents a LocksUnsupported error raised by the ChannelManager contract.
type ChannelManagerLocksUnsupported struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error LocksUnsupported()
func ChannelManagerLocksUnsupportedErrorID() common.Hash {
	return common.HexToHash("0x042d429724ae76a6489c16e70a5e94ce27bfb3d4e158e9faafccc516c83729fd")
}

// UnpackLocksUnsupportedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error LocksUnsupported()
func (channelManager *ChannelManager) UnpackLocksUnsupportedError(raw []byte) (*ChannelManagerLocksUnsupported, error) {
	out := new(ChannelManagerLocksUnsupported)
	if err := channelManager.abi.UnpackIntoInterface(out, "LocksUnsupported", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerNonceNotIncreasing represents a NonceNotIncreasing error raised by the ChannelManager contract.
type ChannelManagerNonceNotIncreasing struct {
	Current *big.Int
	Given   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NonceNotIncreasing(uint256 current, uint256 given)
func ChannelManagerNonceNotIncreasingErrorID() common.Hash {
	return common.HexToHash("0xad5b84d3ed232656089b3f285ca1a1b10537ae4b38bc8173ae5f85d9c4ad2ad2")
}

// UnpackNonceNotIncreasingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NonceNotIncreasing(uint256 current, uint256 given)
func (channelManager *ChannelManager) UnpackNonceNotIncreasingError(raw []byte) (*ChannelManagerNonceNotIncreasing, error) {
	out := new(ChannelManagerNonceNotIncreasing)
	if err := channelManager.abi.UnpackIntoInterface(out, "NonceNotIncreasing", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerNotParticipant represents a NotParticipant error raised by the ChannelManager contract.
type ChannelManagerNotParticipant struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotParticipant(address account)
func ChannelManagerNotParticipantErrorID() common.Hash {
	return common.HexToHash("0x7e65d0e5b3dfa6ec8c4ab8ed94d5a8a9bdfbdc202e920bd0a8d59364b0fb07c6")
}

// UnpackNotParticipantError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotParticipant(address account)
func (channelManager *ChannelManager) UnpackNotParticipantError(raw []byte) (*ChannelManagerNotParticipant, error) {
	out := new(ChannelManagerNotParticipant)
	if err := channelManager.abi.UnpackIntoInterface(out, "NotParticipant", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerNothingToClaim represents a NothingToClaim error raised by the ChannelManager contract.
type ChannelManagerNothingToClaim struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToClaim()
func ChannelManagerNothingToClaimErrorID() common.Hash {
	return common.HexToHash("0x969bf7288f744225521096ebffff657851af77dd4c63700d76b8d1cf6481d1f1")
}

// UnpackNothingToClaimError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToClaim()
func (channelManager *ChannelManager) UnpackNothingToClaimError(raw []byte) (*ChannelManagerNothingToClaim, error) {
	out := new(ChannelManagerNothingToClaim)
	if err := channelManager.abi.UnpackIntoInterface(out, "NothingToClaim", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the ChannelManager contract.
type ChannelManagerReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func ChannelManagerReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (channelManager *ChannelManager) UnpackReentrancyGuardReentrantCallError(raw []byte) (*ChannelManagerReentrancyGuardReentrantCall, error) {
	out := new(ChannelManagerReentrancyGuardReentrantCall)
	if err := channelManager.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the ChannelManager contract.
type ChannelManagerSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func ChannelManagerSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (channelManager *ChannelManager) UnpackSafeERC20FailedOperationError(raw []byte) (*ChannelManagerSafeERC20FailedOperation, error) {
	out := new(ChannelManagerSafeERC20FailedOperation)
	if err := channelManager.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerSettleTooEarly represents a SettleTooEarly error raised by the ChannelManager contract.
type ChannelManagerSettleTooEarly struct {
	SettleAfter *big.Int
	BlockTime   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SettleTooEarly(uint256 settleAfter, uint256 blockTime)
func ChannelManagerSettleTooEarlyErrorID() common.Hash {
	return common.HexToHash("0x82ccfc1678ef16eb04781f7525a89aa2f96bcc043e988dc4eaa76f33f94b9cf1")
}

// UnpackSettleTooEarlyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SettleTooEarly(uint256 settleAfter, uint256 blockTime)
func (channelManager *ChannelManager) UnpackSettleTooEarlyError(raw []byte) (*ChannelManagerSettleTooEarly, error) {
	out := new(ChannelManagerSettleTooEarly)
	if err := channelManager.abi.UnpackIntoInterface(out, "SettleTooEarly", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerStringTooLong represents a StringTooLong error raised by the ChannelManager contract.
type ChannelManagerStringTooLong struct {
	Str string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StringTooLong(string str)
func ChannelManagerStringTooLongErrorID() common.Hash {
	return common.HexToHash("0x305a27a93f8e33b7392df0a0f91d6fc63847395853c45991eec52dbf24d72381")
}

// UnpackStringTooLongError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StringTooLong(string str)
func (channelManager *ChannelManager) UnpackStringTooLongError(raw []byte) (*ChannelManagerStringTooLong, error) {
	out := new(ChannelManagerStringTooLong)
	if err := channelManager.abi.UnpackIntoInterface(out, "StringTooLong", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerValueMismatch represents a ValueMismatch error raised by the ChannelManager contract.
type ChannelManagerValueMismatch struct {
	Expected *big.Int
	Sent     *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ValueMismatch(uint256 expected, uint256 sent)
func ChannelManagerValueMismatchErrorID() common.Hash {
	return common.HexToHash("0x626ade30b602bf9a3b5aab29d4b89b4e805bf63222f673c9b10b2f6ca4f2b089")
}

// UnpackValueMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ValueMismatch(uint256 expected, uint256 sent)
func (channelManager *ChannelManager) UnpackValueMismatchError(raw []byte) (*ChannelManagerValueMismatch, error) {
	out := new(ChannelManagerValueMismatch)
	if err := channelManager.abi.UnpackIntoInterface(out, "ValueMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerWithdrawExpired represents a WithdrawExpired error raised by the ChannelManager contract.
type ChannelManagerWithdrawExpired struct {
	Expiry    *big.Int
	BlockTime *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WithdrawExpired(uint256 expiry, uint256 blockTime)
func ChannelManagerWithdrawExpiredErrorID() common.Hash {
	return common.HexToHash("0x603ab02f792cd7e3fd11af40ab7dc084c374a880bdc1d1b194c909b3f6e84fa9")
}

// UnpackWithdrawExpiredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WithdrawExpired(uint256 expiry, uint256 blockTime)
func (channelManager *ChannelManager) UnpackWithdrawExpiredError(raw []byte) (*ChannelManagerWithdrawExpired, error) {
	out := new(ChannelManagerWithdrawExpired)
	if err := channelManager.abi.UnpackIntoInterface(out, "WithdrawExpired", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerWithdrawNotIncreasing represents a WithdrawNotIncreasing error raised by the ChannelManager contract.
type ChannelManagerWithdrawNotIncreasing struct {
	Current   *big.Int
	Requested *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WithdrawNotIncreasing(uint256 current, uint256 requested)
func ChannelManagerWithdrawNotIncreasingErrorID() common.Hash {
	return common.HexToHash("0x986b26f41b3e8bdeead2d30021e890ed53987618b6bc1170fd864e6b4e94b7d8")
}

// UnpackWithdrawNotIncreasingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WithdrawNotIncreasing(uint256 current, uint256 requested)
func (channelManager *ChannelManager) UnpackWithdrawNotIncreasingError(raw []byte) (*ChannelManagerWithdrawNotIncreasing, error) {
	out := new(ChannelManagerWithdrawNotIncreasing)
	if err := channelManager.abi.UnpackIntoInterface(out, "WithdrawNotIncreasing", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerWithdrawTooLarge represents a WithdrawTooLarge error raised by the ChannelManager contract.
type ChannelManagerWithdrawTooLarge struct {
	Amount *big.Int
	Pot    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WithdrawTooLarge(uint256 amount, uint256 pot)
func ChannelManagerWithdrawTooLargeErrorID() common.Hash {
	return common.HexToHash("0x4c362064a4aea309e95438a519683e0549ed398c33d47318f111695a5056e525")
}

// UnpackWithdrawTooLargeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WithdrawTooLarge(uint256 amount, uint256 pot)
func (channelManager *ChannelManager) UnpackWithdrawTooLargeError(raw []byte) (*ChannelManagerWithdrawTooLarge, error) {
	out := new(ChannelManagerWithdrawTooLarge)
	if err := channelManager.abi.UnpackIntoInterface(out, "WithdrawTooLarge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerWrongChannel represents a WrongChannel error raised by the ChannelManager contract.
type ChannelManagerWrongChannel struct {
	Expected [32]byte
	Got      [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongChannel(bytes32 expected, bytes32 got)
func ChannelManagerWrongChannelErrorID() common.Hash {
	return common.HexToHash("0x2ce7ab11a94e08b371a92d1922b999cfd37539b45556527a73a763dbc3fc3275")
}

// UnpackWrongChannelError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongChannel(bytes32 expected, bytes32 got)
func (channelManager *ChannelManager) UnpackWrongChannelError(raw []byte) (*ChannelManagerWrongChannel, error) {
	out := new(ChannelManagerWrongChannel)
	if err := channelManager.abi.UnpackIntoInterface(out, "WrongChannel", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerWrongSigner represents a WrongSigner error raised by the ChannelManager contract.
type ChannelManagerWrongSigner struct {
	Expected  common.Address
	Recovered common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongSigner(address expected, address recovered)
func ChannelManagerWrongSignerErrorID() common.Hash {
	return common.HexToHash("0x366d29f7de543b1e5962d6f7315450f1f5ec3d853d28dca80282b4c242185268")
}

// UnpackWrongSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongSigner(address expected, address recovered)
func (channelManager *ChannelManager) UnpackWrongSignerError(raw []byte) (*ChannelManagerWrongSigner, error) {
	out := new(ChannelManagerWrongSigner)
	if err := channelManager.abi.UnpackIntoInterface(out, "WrongSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenMetaData contains all meta data concerning the ReentrantToken contract.
var ReentrantTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"arm\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "26b347cc0705e92176ad4f037ea27fe12c",
	Bin: "0x60806040523461032f57604080519081016001600160401b03811182821017610237576040908152600f82526e2932b2b73a3930b73a102a37b5b2b760891b602083015280519081016001600160401b038111828210176102375760405260048152631155925360e21b602082015281516001600160401b03811161023757600354600181811c91168015610325575b602082101461021957601f81116102b7575b50602092601f821160011461025657928192935f9261024b575b50508160011b915f199060031b1c1916176003555b80516001600160401b03811161023757600454600181811c9116801561022d575b602082101461021957601f81116101ab575b50602091601f821160011461014b579181925f92610140575b50508160011b915f199060031b1c1916176004555b604051610c5490816103348239f35b015190505f8061011c565b601f1982169260045f52805f20915f5b8581106101935750836001951061017b575b505050811b01600455610131565b01515f1960f88460031b161c191690555f808061016d565b9192602060018192868501518155019401920161015b565b818111156101035760045f52601f820160051c7f8a35acfbc15ff81a39ae7d344fd709f28e8600b4aa8c65c6b64bfe7fe36bd19b60208410610211575b81601f9101920160051c03905f5b828110610204575050610103565b5f828201556001016101f6565b5f91506101e8565b634e487b7160e01b5f52602260045260245ffd5b90607f16906100f1565b634e487b7160e01b5f52604160045260245ffd5b015190505f806100bb565b601f1982169360035f52805f20915f5b86811061029f5750836001959610610287575b505050811b016003556100d0565b01515f1960f88460031b161c191690555f8080610279565b91926020600181928685015181550194019201610266565b818111156100a15760035f52601f820160051c7fc2575a0e9e593c00f959f8c92f12db2869c3395a3b0502d05e2516446f71f85b6020841061031d575b81601f9101920160051c03905f5b8281106103105750506100a1565b5f82820155600101610302565b5f91506102f4565b90607f169061008f565b5f80fdfe6080806040526004361015610012575f80fd5b5f3560e01c90816306fdde03146107cc57508063095ea7b31461073d57806318160ddd1461072057806323b872dd146105a2578063313ce567146105875780633522bfd01461035d57806340c10f191461027c57806370a082311461023857806395d89b4114610140578063a9059cbb146101075763dd62ed3e14610095575f80fd5b34610103576040600319360112610103576100ae6108b6565b73ffffffffffffffffffffffffffffffffffffffff6100cb6108d9565b91165f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f2091165f52602052602060405f2054604051908152f35b5f80fd5b34610103576040600319360112610103576101356101236108b6565b61012b6109bb565b6024359033610b28565b602060405160018152f35b34610103575f600319360112610103576040515f600454610160816108fc565b80845290600181169081156101f65750600114610198575b610194836101888185038261094d565b6040519182918261086e565b0390f35b91905060045f527f8a35acfbc15ff81a39ae7d344fd709f28e8600b4aa8c65c6b64bfe7fe36bd19b915f905b8082106101dc57509091508101602001610188610178565b9192600181602092548385880101520191019092916101c4565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001660208086019190915291151560051b840190910191506101889050610178565b346101035760206003193601126101035773ffffffffffffffffffffffffffffffffffffffff6102666108b6565b165f525f602052602060405f2054604051908152f35b34610103576040600319360112610103576102956108b6565b73ffffffffffffffffffffffffffffffffffffffff16602435811561033157600254908082018092116103045760207fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef915f9360025584845283825260408420818154019055604051908152a3005b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b7fec442f05000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b34610103576040600319360112610103576103766108b6565b6024359067ffffffffffffffff821161010357366023830112156101035781600401359067ffffffffffffffff82116101035736602483850101116101035773ffffffffffffffffffffffffffffffffffffffff167fffffffffffffffffffffffff000000000000000000000000000000000000000060055416176005556103ff6006546108fc565b601f811161051d575b505f601f82116001146104625781925f92610454575b50507fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8260011b9260031b1c1916176006555f80f35b60249250010135828061041e565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08216927ff652222313e28459528d920b65115c16c04f3efc82aaedc97be59f3f377c0d3f915f5b858110610502575083600195106104c7575b505050811b01600655005b01602401357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff600384901b60f8161c191690558280806104bc565b909260206001819260248787010135815501940191016104aa565b8181111561040857601f820160051c906020831061057f575b601f82910160051c03905f5b828110610550575050610408565b5f8282017ff652222313e28459528d920b65115c16c04f3efc82aaedc97be59f3f377c0d3f0155600101610542565b5f9150610536565b34610103575f60031936011261010357602060405160128152f35b34610103576060600319360112610103576105bb6108b6565b6105c36108d9565b604435906105cf6109bb565b73ffffffffffffffffffffffffffffffffffffffff831692835f52600160205260405f2073ffffffffffffffffffffffffffffffffffffffff33165f5260205260405f20547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8110610647575b506101359350610b28565b8381106106ec5784156106c057331561069457610135945f52600160205260405f2073ffffffffffffffffffffffffffffffffffffffff33165f526020528360405f20910390558461063c565b7f94280d62000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b7fe602df05000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b83907ffb8f41b2000000000000000000000000000000000000000000000000000000005f523360045260245260445260645ffd5b34610103575f600319360112610103576020600254604051908152f35b34610103576040600319360112610103576107566108b6565b6024359033156106c05773ffffffffffffffffffffffffffffffffffffffff1690811561069457335f52600160205260405f20825f526020528060405f20556040519081527f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92560203392a3602060405160018152f35b34610103575f600319360112610103575f6003546107e9816108fc565b80845290600181169081156101f6575060011461081057610194836101888185038261094d565b91905060035f527fc2575a0e9e593c00f959f8c92f12db2869c3395a3b0502d05e2516446f71f85b915f905b80821061085457509091508101602001610188610178565b91926001816020925483858801015201910190929161083c565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f602060409481855280519182918282880152018686015e5f8582860101520116010190565b6004359073ffffffffffffffffffffffffffffffffffffffff8216820361010357565b6024359073ffffffffffffffffffffffffffffffffffffffff8216820361010357565b90600182811c92168015610943575b602083101461091657565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b91607f169161090b565b90601f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0910116810190811067ffffffffffffffff82111761098e57604052565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b60055473ffffffffffffffffffffffffffffffffffffffff8116908115610b24577fffffffffffffffffffffffff0000000000000000000000000000000000000000166005556040515f600654610a11816108fc565b9060018116908115610af15750600114610aa2575b5091815f809493819403925af13d15610a9a573d9067ffffffffffffffff821161098e5760405191610a8060207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f840116018461094d565b82523d5f602084013e5b15610a925750565b602081519101fd5b606090610a8a565b905060065f527ff652222313e28459528d920b65115c16c04f3efc82aaedc97be59f3f377c0d3f5f905b828210610add575050810181610a26565b600181602092548487015201910190610acc565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0016845250801515028201905081610a26565b5050565b73ffffffffffffffffffffffffffffffffffffffff16908115610bf25773ffffffffffffffffffffffffffffffffffffffff1691821561033157815f525f60205260405f2054818110610bc057817fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef92602092855f525f84520360405f2055845f525f825260405f20818154019055604051908152a3565b827fe450d38c000000000000000000000000000000000000000000000000000000005f5260045260245260445260645ffd5b7f96c6fd1e000000000000000000000000000000000000000000000000000000005f525f60045260245ffdfea2646970667358221220862a73a55fb3c6906d010a01a8f1fbe6a83a215693179dc67b1fccdd3764aba064736f6c63430008250033",
}

// ReentrantToken is an auto generated Go binding around an Ethereum contract.
type ReentrantToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ReentrantToken) GetABI() abi.ABI {
	return c.abi
}

// NewReentrantToken creates a new instance of ReentrantToken.
func NewReentrantToken() *ReentrantToken {
	parsed, err := ReentrantTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ReentrantToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ReentrantToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (reentrantToken *ReentrantToken) PackAllowance(owner common.Address, spender common.Address) []byte {
	enc, err := reentrantToken.abi.Pack("allowance", owner, spender)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (reentrantToken *ReentrantToken) TryPackAllowance(owner common.Address, spender common.Address) ([]byte, error) {
	return reentrantToken.abi.Pack("allowance", owner, spender)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (reentrantToken *ReentrantToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := reentrantToken.abi.Unpack("allowance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("approve", spender, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) UnpackApprove(data []byte) (bool, error) {
	out, err := reentrantToken.abi.Unpack("approve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackArm is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3522bfd0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function arm(address target, bytes data) returns()
func (reentrantToken *ReentrantToken) PackArm(target common.Address, data []byte) []byte {
	enc, err := reentrantToken.abi.Pack("arm", target, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackArm is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3522bfd0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function arm(address target, bytes data) returns()
func (reentrantToken *ReentrantToken) TryPackArm(target common.Address, data []byte) ([]byte, error) {
	return reentrantToken.abi.Pack("arm", target, data)
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (reentrantToken *ReentrantToken) PackBalanceOf(account common.Address) []byte {
	enc, err := reentrantToken.abi.Pack("balanceOf", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (reentrantToken *ReentrantToken) TryPackBalanceOf(account common.Address) ([]byte, error) {
	return reentrantToken.abi.Pack("balanceOf", account)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (reentrantToken *ReentrantToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := reentrantToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() view returns(uint8)
func (reentrantToken *ReentrantToken) PackDecimals() []byte {
	enc, err := reentrantToken.abi.Pack("decimals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decimals() view returns(uint8)
func (reentrantToken *ReentrantToken) TryPackDecimals() ([]byte, error) {
	return reentrantToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (reentrantToken *ReentrantToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := reentrantToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (reentrantToken *ReentrantToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("mint", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (reentrantToken *ReentrantToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("mint", to, amount)
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (reentrantToken *ReentrantToken) PackName() []byte {
	enc, err := reentrantToken.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (reentrantToken *ReentrantToken) TryPackName() ([]byte, error) {
	return reentrantToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (reentrantToken *ReentrantToken) UnpackName(data []byte) (string, error) {
	out, err := reentrantToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (reentrantToken *ReentrantToken) PackSymbol() []byte {
	enc, err := reentrantToken.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (reentrantToken *ReentrantToken) TryPackSymbol() ([]byte, error) {
	return reentrantToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (reentrantToken *ReentrantToken) UnpackSymbol(data []byte) (string, error) {
	out, err := reentrantToken.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalSupply() view returns(uint256)
func (reentrantToken *ReentrantToken) PackTotalSupply() []byte {
	enc, err := reentrantToken.abi.Pack("totalSupply")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalSupply() view returns(uint256)
func (reentrantToken *ReentrantToken) TryPackTotalSupply() ([]byte, error) {
	return reentrantToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (reentrantToken *ReentrantToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := reentrantToken.abi.Unpack("totalSupply", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("transfer", to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := reentrantToken.abi.Unpack("transfer", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("transferFrom", from, to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := reentrantToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// ReentrantTokenApproval represents a Approval event raised by the ReentrantToken contract.
type ReentrantTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const ReentrantTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (ReentrantTokenApproval) ContractEventName() string {
	return ReentrantTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (reentrantToken *ReentrantToken) UnpackApprovalEvent(log *types.Log) (*ReentrantTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != reentrantToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ReentrantTokenApproval)
	if len(log.Data) > 0 {
		if err := reentrantToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range reentrantToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ReentrantTokenTransfer represents a Transfer event raised by the ReentrantToken contract.
type ReentrantTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const ReentrantTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (ReentrantTokenTransfer) ContractEventName() string {
	return ReentrantTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (reentrantToken *ReentrantToken) UnpackTransferEvent(log *types.Log) (*ReentrantTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != reentrantToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ReentrantTokenTransfer)
	if len(log.Data) > 0 {
		if err := reentrantToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range reentrantToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (reentrantToken *ReentrantToken) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InsufficientAllowance"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InsufficientAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InsufficientBalance"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InvalidApprover"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InvalidReceiver"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InvalidSender"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InvalidSpender"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InvalidSpenderError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ReentrantTokenERC20InsufficientAllowance represents a ERC20InsufficientAllowance error raised by the ReentrantToken contract.
type ReentrantTokenERC20InsufficientAllowance struct {
	Spender   common.Address
	Allowance *big.Int
	Needed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func ReentrantTokenERC20InsufficientAllowanceErrorID() common.Hash {
	return common.HexToHash("0xfb8f41b23e99d2101d86da76cdfa87dd51c82ed07d3cb62cbc473e469dbc75c3")
}

// UnpackERC20InsufficientAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func (reentrantToken *ReentrantToken) UnpackERC20InsufficientAllowanceError(raw []byte) (*ReentrantTokenERC20InsufficientAllowance, error) {
	out := new(ReentrantTokenERC20InsufficientAllowance)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InsufficientAllowance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InsufficientBalance represents a ERC20InsufficientBalance error raised by the ReentrantToken contract.
type ReentrantTokenERC20InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func ReentrantTokenERC20InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xe450d38cd8d9f7d95077d567d60ed49c7254716e6ad08fc9872816c97e0ffec6")
}

// UnpackERC20InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func (reentrantToken *ReentrantToken) UnpackERC20InsufficientBalanceError(raw []byte) (*ReentrantTokenERC20InsufficientBalance, error) {
	out := new(ReentrantTokenERC20InsufficientBalance)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InvalidApprover represents a ERC20InvalidApprover error raised by the ReentrantToken contract.
type ReentrantTokenERC20InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidApprover(address approver)
func ReentrantTokenERC20InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xe602df05cc75712490294c6c104ab7c17f4030363910a7a2626411c6d3118847")
}

// UnpackERC20InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidApprover(address approver)
func (reentrantToken *ReentrantToken) UnpackERC20InvalidApproverError(raw []byte) (*ReentrantTokenERC20InvalidApprover, error) {
	out := new(ReentrantTokenERC20InvalidApprover)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InvalidReceiver represents a ERC20InvalidReceiver error raised by the ReentrantToken contract.
type ReentrantTokenERC20InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func ReentrantTokenERC20InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0xec442f055133b72f3b2f9f0bb351c406b178527de2040a7d1feb4e058771f613")
}

// UnpackERC20InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func (reentrantToken *ReentrantToken) UnpackERC20InvalidReceiverError(raw []byte) (*ReentrantTokenERC20InvalidReceiver, error) {
	out := new(ReentrantTokenERC20InvalidReceiver)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InvalidSender represents a ERC20InvalidSender error raised by the ReentrantToken contract.
type ReentrantTokenERC20InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSender(address sender)
func ReentrantTokenERC20InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x96c6fd1edd0cd6ef7ff0ecc0facdf53148dc0048b57fe58af65755250a7a96bd")
}

// UnpackERC20InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSender(address sender)
func (reentrantToken *ReentrantToken) UnpackERC20InvalidSenderError(raw []byte) (*ReentrantTokenERC20InvalidSender, error) {
	out := new(ReentrantTokenERC20InvalidSender)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InvalidSpender represents a ERC20InvalidSpender error raised by the ReentrantToken contract.
type ReentrantTokenERC20InvalidSpender struct {
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSpender(address spender)
func ReentrantTokenERC20InvalidSpenderErrorID() common.Hash {
	return common.HexToHash("0x94280d62c347d8d9f4d59a76ea321452406db88df38e0c9da304f58b57b373a2")
}

// UnpackERC20InvalidSpenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSpender(address spender)
func (reentrantToken *ReentrantToken) UnpackERC20InvalidSpenderError(raw []byte) (*ReentrantTokenERC20InvalidSpender, error) {
	out := new(ReentrantTokenERC20InvalidSpender)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InvalidSpender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TestTokenMetaData contains all meta data concerning the TestToken contract.
var TestTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"string\",\"name\":\"name_\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"symbol_\",\"type\":\"string\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "f55a244fd302b3ad9c29331f7b5a231b71",
	Bin: "0x60806040523461032657610c1e803803806100198161032a565b9283398101906040818303126103265780516001600160401b038111610326578261004591830161034f565b60208201519092906001600160401b03811161032657610065920161034f565b81516001600160401b03811161022e57600354600181811c9116801561031c575b602082101461021057601f81116102ae575b50602092601f821160011461024d57928192935f92610242575b50508160011b915f199060031b1c1916176003555b80516001600160401b03811161022e57600454600181811c91168015610224575b602082101461021057601f81116101a2575b50602091601f8211600114610142579181925f92610137575b50508160011b915f199060031b1c1916176004555b60405161087d90816103a18239f35b015190505f80610113565b601f1982169260045f52805f20915f5b85811061018a57508360019510610172575b505050811b01600455610128565b01515f1960f88460031b161c191690555f8080610164565b91926020600181928685015181550194019201610152565b818111156100fa5760045f52601f820160051c7f8a35acfbc15ff81a39ae7d344fd709f28e8600b4aa8c65c6b64bfe7fe36bd19b60208410610208575b81601f9101920160051c03905f5b8281106101fb5750506100fa565b5f828201556001016101ed565b5f91506101df565b634e487b7160e01b5f52602260045260245ffd5b90607f16906100e8565b634e487b7160e01b5f52604160045260245ffd5b015190505f806100b2565b601f1982169360035f52805f20915f5b868110610296575083600195961061027e575b505050811b016003556100c7565b01515f1960f88460031b161c191690555f8080610270565b9192602060018192868501518155019401920161025d565b818111156100985760035f52601f820160051c7fc2575a0e9e593c00f959f8c92f12db2869c3395a3b0502d05e2516446f71f85b60208410610314575b81601f9101920160051c03905f5b828110610307575050610098565b5f828201556001016102f9565b5f91506102eb565b90607f1690610086565b5f80fd5b6040519190601f01601f191682016001600160401b0381118382101761022e57604052565b81601f82011215610326578051906001600160401b03821161022e5761037e601f8301601f191660200161032a565b928284526020838301011161032657815f9260208093018386015e830101529056fe6080806040526004361015610012575f80fd5b5f3560e01c90816306fdde031461060a57508063095ea7b31461057b57806318160ddd1461055e57806323b872dd146103e8578063313ce567146103cd57806340c10f19146102ec57806370a08231146102a857806395d89b411461012d578063a9059cbb146100fc5763dd62ed3e1461008a575f80fd5b346100f85760406003193601126100f8576100a361070b565b73ffffffffffffffffffffffffffffffffffffffff6100c061072e565b91165f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f2091165f52602052602060405f2054604051908152f35b5f80fd5b346100f85760406003193601126100f85761012261011861070b565b6024359033610751565b602060405160018152f35b346100f8575f6003193601126100f8576040515f600454908160011c6001831692831561029e575b60208210841461027157818552849390811561022f57506001146101d3575b5003601f01601f191681019067ffffffffffffffff8211818310176101a6576101a2829182604052826106e1565b0390f35b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b60045f90815291507f8a35acfbc15ff81a39ae7d344fd709f28e8600b4aa8c65c6b64bfe7fe36bd19b5b8183106102135750508101602001601f19610174565b60209193508060019154838588010152019101909183926101fd565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001660208581019190915291151560051b84019091019150601f199050610174565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b90607f1690610155565b346100f85760206003193601126100f85773ffffffffffffffffffffffffffffffffffffffff6102d661070b565b165f525f602052602060405f2054604051908152f35b346100f85760406003193601126100f85761030561070b565b73ffffffffffffffffffffffffffffffffffffffff1660243581156103a157600254908082018092116103745760207fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef915f9360025584845283825260408420818154019055604051908152a3005b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b7fec442f05000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b346100f8575f6003193601126100f857602060405160128152f35b346100f85760606003193601126100f85761040161070b565b61040961072e565b6044359073ffffffffffffffffffffffffffffffffffffffff831692835f52600160205260405f2073ffffffffffffffffffffffffffffffffffffffff33165f5260205260405f20547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8110610485575b506101229350610751565b83811061052a5784156104fe5733156104d257610122945f52600160205260405f2073ffffffffffffffffffffffffffffffffffffffff33165f526020528360405f20910390558461047a565b7f94280d62000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b7fe602df05000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b83907ffb8f41b2000000000000000000000000000000000000000000000000000000005f523360045260245260445260645ffd5b346100f8575f6003193601126100f8576020600254604051908152f35b346100f85760406003193601126100f85761059461070b565b6024359033156104fe5773ffffffffffffffffffffffffffffffffffffffff169081156104d257335f52600160205260405f20825f526020528060405f20556040519081527f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92560203392a3602060405160018152f35b346100f8575f6003193601126100f8575f600354908160011c600183169283156106d7575b60208210841461027157818552849390811561022f575060011461067b575003601f01601f191681019067ffffffffffffffff8211818310176101a6576101a2829182604052826106e1565b60035f90815291507fc2575a0e9e593c00f959f8c92f12db2869c3395a3b0502d05e2516446f71f85b5b8183106106bb5750508101602001601f19610174565b60209193508060019154838588010152019101909183926106a5565b90607f169061062f565b601f19601f602060409481855280519182918282880152018686015e5f8582860101520116010190565b6004359073ffffffffffffffffffffffffffffffffffffffff821682036100f857565b6024359073ffffffffffffffffffffffffffffffffffffffff821682036100f857565b73ffffffffffffffffffffffffffffffffffffffff1690811561081b5773ffffffffffffffffffffffffffffffffffffffff169182156103a157815f525f60205260405f20548181106107e957817fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef92602092855f525f84520360405f2055845f525f825260405f20818154019055604051908152a3565b827fe450d38c000000000000000000000000000000000000000000000000000000005f5260045260245260445260645ffd5b7f96c6fd1e000000000000000000000000000000000000000000000000000000005f525f60045260245ffdfea264697066735822122010f8c5871e4bdbde63d2fd408372a58a69e28df894dbcb5e16802269cb99cdea64736f6c63430008250033",
}

// TestToken is an auto generated Go binding around an Ethereum contract.
type TestToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *TestToken) GetABI() abi.ABI {
	return c.abi
}

// NewTestToken creates a new instance of TestToken.
func NewTestToken() *TestToken {
	parsed, err := TestTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &TestToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *TestToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(string name_, string symbol_) returns()
func (testToken *TestToken) PackConstructor(name_ string, symbol_ string) []byte {
	enc, err := testToken.abi.Pack("", name_, symbol_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (testToken *TestToken) PackAllowance(owner common.Address, spender common.Address) []byte {
	enc, err := testToken.abi.Pack("allowance", owner, spender)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (testToken *TestToken) TryPackAllowance(owner common.Address, spender common.Address) ([]byte, error) {
	return testToken.abi.Pack("allowance", owner, spender)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (testToken *TestToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := testToken.abi.Unpack("allowance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (testToken *TestToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := testToken.abi.Pack("approve", spender, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (testToken *TestToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return testToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (testToken *TestToken) UnpackApprove(data []byte) (bool, error) {
	out, err := testToken.abi.Unpack("approve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (testToken *TestToken) PackBalanceOf(account common.Address) []byte {
	enc, err := testToken.abi.Pack("balanceOf", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (testToken *TestToken) TryPackBalanceOf(account common.Address) ([]byte, error) {
	return testToken.abi.Pack("balanceOf", account)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (testToken *TestToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := testToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() view returns(uint8)
func (testToken *TestToken) PackDecimals() []byte {
	enc, err := testToken.abi.Pack("decimals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decimals() view returns(uint8)
func (testToken *TestToken) TryPackDecimals() ([]byte, error) {
	return testToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (testToken *TestToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := testToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (testToken *TestToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := testToken.abi.Pack("mint", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (testToken *TestToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return testToken.abi.Pack("mint", to, amount)
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (testToken *TestToken) PackName() []byte {
	enc, err := testToken.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (testToken *TestToken) TryPackName() ([]byte, error) {
	return testToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (testToken *TestToken) UnpackName(data []byte) (string, error) {
	out, err := testToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (testToken *TestToken) PackSymbol() []byte {
	enc, err := testToken.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (testToken *TestToken) TryPackSymbol() ([]byte, error) {
	return testToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (testToken *TestToken) UnpackSymbol(data []byte) (string, error) {
	out, err := testToken.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalSupply() view returns(uint256)
func (testToken *TestToken) PackTotalSupply() []byte {
	enc, err := testToken.abi.Pack("totalSupply")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalSupply() view returns(uint256)
func (testToken *TestToken) TryPackTotalSupply() ([]byte, error) {
	return testToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (testToken *TestToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := testToken.abi.Unpack("totalSupply", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (testToken *TestToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := testToken.abi.Pack("transfer", to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (testToken *TestToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return testToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (testToken *TestToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := testToken.abi.Unpack("transfer", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (testToken *TestToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := testToken.abi.Pack("transferFrom", from, to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (testToken *TestToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return testToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (testToken *TestToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := testToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// TestTokenApproval represents a Approval event raised by the TestToken contract.
type TestTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const TestTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (TestTokenApproval) ContractEventName() string {
	return TestTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (testToken *TestToken) UnpackApprovalEvent(log *types.Log) (*TestTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != testToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(TestTokenApproval)
	if len(log.Data) > 0 {
		if err := testToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range testToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// TestTokenTransfer represents a Transfer event raised by the TestToken contract.
type TestTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const TestTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (TestTokenTransfer) ContractEventName() string {
	return TestTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (testToken *TestToken) UnpackTransferEvent(log *types.Log) (*TestTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != testToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(TestTokenTransfer)
	if len(log.Data) > 0 {
		if err := testToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range testToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (testToken *TestToken) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], testToken.abi.Errors["ERC20InsufficientAllowance"].ID.Bytes()[:4]) {
		return testToken.UnpackERC20InsufficientAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], testToken.abi.Errors["ERC20InsufficientBalance"].ID.Bytes()[:4]) {
		return testToken.UnpackERC20InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], testToken.abi.Errors["ERC20InvalidApprover"].ID.Bytes()[:4]) {
		return testToken.UnpackERC20InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], testToken.abi.Errors["ERC20InvalidReceiver"].ID.Bytes()[:4]) {
		return testToken.UnpackERC20InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], testToken.abi.Errors["ERC20InvalidSender"].ID.Bytes()[:4]) {
		return testToken.UnpackERC20InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], testToken.abi.Errors["ERC20InvalidSpender"].ID.Bytes()[:4]) {
		return testToken.UnpackERC20InvalidSpenderError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// TestTokenERC20InsufficientAllowance represents a ERC20InsufficientAllowance error raised by the TestToken contract.
type TestTokenERC20InsufficientAllowance struct {
	Spender   common.Address
	Allowance *big.Int
	Needed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func TestTokenERC20InsufficientAllowanceErrorID() common.Hash {
	return common.HexToHash("0xfb8f41b23e99d2101d86da76cdfa87dd51c82ed07d3cb62cbc473e469dbc75c3")
}

// UnpackERC20InsufficientAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func (testToken *TestToken) UnpackERC20InsufficientAllowanceError(raw []byte) (*TestTokenERC20InsufficientAllowance, error) {
	out := new(TestTokenERC20InsufficientAllowance)
	if err := testToken.abi.UnpackIntoInterface(out, "ERC20InsufficientAllowance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TestTokenERC20InsufficientBalance represents a ERC20InsufficientBalance error raised by the TestToken contract.
type TestTokenERC20InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func TestTokenERC20InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xe450d38cd8d9f7d95077d567d60ed49c7254716e6ad08fc9872816c97e0ffec6")
}

// UnpackERC20InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func (testToken *TestToken) UnpackERC20InsufficientBalanceError(raw []byte) (*TestTokenERC20InsufficientBalance, error) {
	out := new(TestTokenERC20InsufficientBalance)
	if err := testToken.abi.UnpackIntoInterface(out, "ERC20InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TestTokenERC20InvalidApprover represents a ERC20InvalidApprover error raised by the TestToken contract.
type TestTokenERC20InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidApprover(address approver)
func TestTokenERC20InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xe602df05cc75712490294c6c104ab7c17f4030363910a7a2626411c6d3118847")
}

// UnpackERC20InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidApprover(address approver)
func (testToken *TestToken) UnpackERC20InvalidApproverError(raw []byte) (*TestTokenERC20InvalidApprover, error) {
	out := new(TestTokenERC20InvalidApprover)
	if err := testToken.abi.UnpackIntoInterface(out, "ERC20InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TestTokenERC20InvalidReceiver represents a ERC20InvalidReceiver error raised by the TestToken contract.
type TestTokenERC20InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func TestTokenERC20InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0xec442f055133b72f3b2f9f0bb351c406b178527de2040a7d1feb4e058771f613")
}

// UnpackERC20InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func (testToken *TestToken) UnpackERC20InvalidReceiverError(raw []byte) (*TestTokenERC20InvalidReceiver, error) {
	out := new(TestTokenERC20InvalidReceiver)
	if err := testToken.abi.UnpackIntoInterface(out, "ERC20InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TestTokenERC20InvalidSender represents a ERC20InvalidSender error raised by the TestToken contract.
type TestTokenERC20InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSender(address sender)
func TestTokenERC20InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x96c6fd1edd0cd6ef7ff0ecc0facdf53148dc0048b57fe58af65755250a7a96bd")
}

// UnpackERC20InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSender(address sender)
func (testToken *TestToken) UnpackERC20InvalidSenderError(raw []byte) (*TestTokenERC20InvalidSender, error) {
	out := new(TestTokenERC20InvalidSender)
	if err := testToken.abi.UnpackIntoInterface(out, "ERC20InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TestTokenERC20InvalidSpender represents a ERC20InvalidSpender error raised by the TestToken contract.
type TestTokenERC20InvalidSpender struct {
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSpender(address spender)
func TestTokenERC20InvalidSpenderErrorID() common.Hash {
	return common.HexToHash("0x94280d62c347d8d9f4d59a76ea321452406db88df38e0c9da304f58b57b373a2")
}

// UnpackERC20InvalidSpenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSpender(address spender)
func (testToken *TestToken) UnpackERC20InvalidSpenderError(raw []byte) (*TestTokenERC20InvalidSpender, error) {
	out := new(TestTokenERC20InvalidSpender)
	if err := testToken.abi.UnpackIntoInterface(out, "ERC20InvalidSpender", raw); err != nil {
		return nil, err
	}
	return out, nil
}
