// idle: does nothing for 10 s while the execution trace is recorded. Run with GOMAXPROCS=1
// and stopped from outside (kill -STOP, then -CONT 6 s later), its trace has a 6 s gap
// between two consecutive events: times more than 2^32 ns after their block's first event.
// Usage: idle OUT.trace
package main

import (
	"os"
	"runtime/trace"
	"time"
)

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := trace.Start(f); err != nil {
		panic(err)
	}
	time.Sleep(10 * time.Second)
	trace.Stop()
}
