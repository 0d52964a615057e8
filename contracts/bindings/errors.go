package bindings

import (
	"bytes"
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// RevertData returns the revert data carried by err, the error of an
// eth_call or eth_estimateGas that reverted (what bind returns when a
// transaction would fail), and whether there was any.
func RevertData(err error) ([]byte, bool) {
	var dataErr rpc.DataError
	if !errors.As(err, &dataErr) {
		return nil, false
	}
	switch data := dataErr.ErrorData().(type) {
	case string:
		b, decErr := hexutil.Decode(data)
		return b, decErr == nil && len(b) > 0
	case []byte:
		return data, len(data) > 0
	default:
		return nil, false
	}
}

// IsRevert reports whether err is a revert with the custom error whose ID
// (as from ChannelManagerWithdrawExpiredErrorID()) is errorID.
func IsRevert(err error, errorID common.Hash) bool {
	data, ok := RevertData(err)
	return ok && len(data) >= 4 && bytes.Equal(data[:4], errorID[:4])
}

// DecodeChannelManagerError decodes err into the ChannelManager custom error
// it carries, e.g. *ChannelManagerWithdrawExpired.
func DecodeChannelManagerError(err error) (any, bool) {
	data, ok := RevertData(err)
	if !ok || len(data) < 4 {
		return nil, false
	}
	decoded, decErr := NewChannelManager().UnpackError(data)
	return decoded, decErr == nil
}
