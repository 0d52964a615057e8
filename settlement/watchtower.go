package settlement

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// Authorization lets a watchtower answer a close for an offline node: the
// closer's latest proof the node holds, and the node's UpdateAuthorization
// signature over it (SignUpdateAuthorization).
type Authorization struct {
	Proof   channels.SignedBalanceProof
	AuthSig channels.Signature
}

// Watchtower answers unilateral closes on behalf of nodes that handed it
// authorizations. It keeps them in its store, so a restart keeps watching.
type Watchtower struct {
	client *Client
	store  CursorStore
	log    *slog.Logger
}

var _ EventHandler = (*Watchtower)(nil)

// NewWatchtower returns a watchtower sending from client's account.
func NewWatchtower(client *Client, st CursorStore, log *slog.Logger) *Watchtower {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watchtower{client: client, store: st, log: log}
}

func authKey(id channels.ChannelID) string { return "watchtower/" + id.Hex() }

// Watch stores an authorization; a newer proof replaces an older one.
func (w *Watchtower) Watch(ctx context.Context, a Authorization) error {
	id := a.Proof.Proof.ChannelID
	if old, ok, err := w.authorization(ctx, id); err != nil {
		return err
	} else if ok && old.Proof.Proof.Nonce >= a.Proof.Proof.Nonce {
		return nil
	}
	b, _ := a.Proof.MarshalBinary()
	b = append(b, a.AuthSig[:]...)
	if err := w.store.Commit(ctx, store.Update{Meta: map[string][]byte{authKey(id): b}}); err != nil {
		return fmt.Errorf("watch %s: %w", id, err)
	}
	return nil
}

func (w *Watchtower) authorization(ctx context.Context, id channels.ChannelID) (Authorization, bool, error) {
	var a Authorization
	b, err := w.store.Meta(ctx, authKey(id))
	if err != nil {
		if isNotFound(err) {
			return a, false, nil
		}
		return a, false, err
	}
	if len(b) != channels.SignedBalanceProofSize+channels.SignatureLen {
		return a, false, fmt.Errorf("authorization for %s: %w", id, store.ErrCorrupt)
	}
	if err := a.Proof.UnmarshalBinary(b[:channels.SignedBalanceProofSize]); err != nil {
		return a, false, fmt.Errorf("authorization for %s: %w: %v", id, store.ErrCorrupt, err)
	}
	copy(a.AuthSig[:], b[channels.SignedBalanceProofSize:])
	return a, true, nil
}

// HandleEvent submits the held proof when a watched channel is closed.
func (w *Watchtower) HandleEvent(ctx context.Context, ev ChainEvent) error {
	if ev.Kind != EventClosed {
		return nil
	}
	a, ok, err := w.authorization(ctx, ev.ChannelID)
	if err != nil || !ok {
		return err
	}
	if _, err := w.client.UpdateNonClosing(ctx, &a.Proof, a.AuthSig); err != nil {
		// The node may have answered already, or the closer was the
		// other side of this proof: the contract says so; nothing to redo.
		w.log.Warn("watchtower update refused", "channel", ev.ChannelID, "err", err)
		return nil
	}
	w.log.Info("watchtower answered close", "channel", ev.ChannelID, "nonce", a.Proof.Proof.Nonce)
	return nil
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
