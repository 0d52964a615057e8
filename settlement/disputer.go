package settlement

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/contracts/bindings"
)

// Engine is what the disputer needs of a node's channels; *engine.Engine has it.
type Engine interface {
	Address() channels.Address
	Channel(id channels.ChannelID) (channels.Channel, error)
	Channels() []channels.Channel
	AddChannel(ctx context.Context, ch channels.Channel) error
	Apply(ctx context.Context, id channels.ChannelID, ev channels.Event) (channels.Channel, error)
}

var _ Engine = (*engine.Engine)(nil)

// Disputer turns chain events into channel events for a node's engine and
// defends its channels: when the partner closes, it submits the closer's
// latest proof we hold within the challenge period; after the period it
// settles.
type Disputer struct {
	client *Client
	engine Engine
	log    *slog.Logger
}

var _ EventHandler = (*Disputer)(nil)

// NewDisputer returns a disputer for eng over client.
func NewDisputer(client *Client, eng Engine, log *slog.Logger) *Disputer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Disputer{client: client, engine: eng, log: log}
}

// HandleEvent applies one chain event; it is idempotent.
func (d *Disputer) HandleEvent(ctx context.Context, ev ChainEvent) error {
	if ev.Kind == EventOpened {
		return d.opened(ctx, ev)
	}
	ch, err := d.engine.Channel(ev.ChannelID)
	if errors.Is(err, engine.ErrUnknownChannel) {
		return nil // not one of ours
	}
	if err != nil {
		return err
	}
	apply := func(e channels.Event) error {
		_, err := d.engine.Apply(ctx, ev.ChannelID, e)
		return err
	}
	switch ev.Kind {
	case EventDeposited:
		i, err := ch.Params.Index(ev.Participant)
		if err != nil {
			return err
		}
		total := amount(ev.Amount)
		if total.Gt(&ch.Deposit[i]) && (ch.Phase == channels.PhaseOpen || ch.Phase == channels.PhaseSettling) {
			return apply(channels.Deposited{Participant: i, Total: total})
		}
	case EventWithdrawn:
		i, err := ch.Params.Index(ev.Participant)
		if err != nil {
			return err
		}
		total := amount(ev.Amount)
		if total.Gt(&ch.Withdrawn[i]) && (ch.Phase == channels.PhaseOpen || ch.Phase == channels.PhaseSettling) {
			return apply(channels.Withdrawn{Participant: i, Total: total})
		}
	case EventClosed:
		closer, err := ch.Params.Index(ev.Participant)
		if err != nil {
			return err
		}
		if ch.Phase == channels.PhaseOpen || ch.Phase == channels.PhaseSettling {
			if ch, err = d.engine.Apply(ctx, ev.ChannelID, channels.Closed{Closer: closer, At: ev.SettleAfter - ch.Params.ChallengePeriod}); err != nil {
				return err
			}
		}
		if ch.Phase == channels.PhaseClosing && ch.Params.Participants[closer] != d.engine.Address() {
			return d.answerClose(ctx, &ch, closer)
		}
	case EventNonClosingUpdated:
		if ch.Phase == channels.PhaseClosing {
			return apply(channels.NonClosingUpdated{Nonce: ev.Nonce})
		}
	case EventSettled, EventCooperativeSettled:
		if ch.Phase != channels.PhaseSettled {
			return apply(channels.Settled{})
		}
	}
	return nil
}

func (d *Disputer) opened(ctx context.Context, ev ChainEvent) error {
	if _, err := ev.Params.Index(d.engine.Address()); err != nil {
		return nil // not ours
	}
	if _, err := d.engine.Channel(ev.ChannelID); err == nil {
		return nil
	}
	ch, err := channels.NewChannel(ev.Params)
	if err != nil {
		return err
	}
	if ch, err = ch.Apply(channels.Opened{}); err != nil {
		return err
	}
	if err := d.engine.AddChannel(ctx, ch); err != nil && !errors.Is(err, engine.ErrChannelExists) {
		return err
	}
	return nil
}

// answerClose submits the closer's latest proof we hold, if the chain has
// an older one. Done when the contract already has it.
func (d *Disputer) answerClose(ctx context.Context, ch *channels.Channel, closer int) error {
	proof := ch.Proofs[closer]
	if proof.IsZero() {
		return nil
	}
	info, err := d.client.ChannelInfo(ctx, ch.ID)
	if err != nil {
		return err
	}
	onChain := info.NonceFromA
	if closer == channels.PartB {
		onChain = info.NonceFromB
	}
	if onChain.IsUint64() && onChain.Uint64() >= proof.Proof.Nonce {
		return nil
	}
	_, err = d.client.UpdateNonClosing(ctx, &proof, channels.Signature{})
	if err != nil {
		if bindings.IsRevert(err, bindingsErrorID("NonceNotIncreasing")) {
			return nil
		}
		return fmt.Errorf("answer close of %s: %w", ch.ID, err)
	}
	d.log.Info("answered unilateral close", "channel", ch.ID, "nonce", proof.Proof.Nonce)
	return nil
}

// SettleDue settles every closing channel whose challenge period is over
// at the chain's head time.
func (d *Disputer) SettleDue(ctx context.Context) error {
	head, err := d.client.Eth().HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("head: %w", err)
	}
	var errs []error
	for _, ch := range d.engine.Channels() {
		if ch.Phase != channels.PhaseClosing || head.Time <= ch.SettleAfter {
			continue
		}
		if _, err := d.client.Settle(ctx, ch.ID); err != nil && !errors.Is(err, ErrReverted) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Run settles due channels every interval until ctx ends.
func (d *Disputer) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := d.SettleDue(ctx); err != nil && ctx.Err() == nil {
			d.log.Warn("settle due channels", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func bindingsErrorID(name string) [32]byte {
	return bindings.NewChannelManager().GetABI().Errors[name].ID
}
