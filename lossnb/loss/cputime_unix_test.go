//go:build unix

package loss

import (
	"syscall"
	"time"
)

// cpuNow returns the CPU time (user + system) this process has used. On a
// shared machine it is a steadier clock than the wall clock: time spent
// waiting for a core does not count.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
