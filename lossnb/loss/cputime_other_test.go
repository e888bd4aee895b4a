//go:build !unix

package loss

import "time"

// cpuNow is not available here: the cpu-ns/op metric reads 0.
func cpuNow() time.Duration { return 0 }
