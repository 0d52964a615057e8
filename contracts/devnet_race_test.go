//go:build race

package contracts_test

import "time"

// devnetBlockPeriod is the shared devnet's block period. Under the race
// detector an empty block costs the node about 80 ms of CPU time: at the
// usual 50 ms the node alone would take both cores of a small machine.
const devnetBlockPeriod = 200 * time.Millisecond
