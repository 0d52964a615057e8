//go:build !race

package contracts_test

import "time"

// devnetBlockPeriod is the shared devnet's block period. An empty block
// costs the node about 5 ms of CPU time.
const devnetBlockPeriod = 50 * time.Millisecond
