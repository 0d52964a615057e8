package channels_test

import (
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/meshpay/meshpay/channels"
)

// ecrecover recovers without the package's low-s rule, to prove that a
// malleated signature is otherwise valid.
func ecrecover(digest [32]byte, raw channels.Signature) (channels.Address, error) {
	pub, err := crypto.SigToPub(digest[:], raw[:])
	if err != nil {
		return channels.Address{}, err
	}
	return crypto.PubkeyToAddress(*pub), nil
}
