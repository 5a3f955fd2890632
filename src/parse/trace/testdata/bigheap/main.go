// bigheap: a live heap past 2 GiB while the execution trace is recorded, so the trace's heap
// metric events carry values beyond 32 bits. Usage: bigheap OUT.trace
package main

import (
	"os"
	"runtime"
	"runtime/trace"
)

var keep [][]byte

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := trace.Start(f); err != nil {
		panic(err)
	}
	// 40 blocks of 64 MiB: 2.5 GiB live (fresh spans: the pages are never touched).
	for i := 0; i < 40; i++ {
		keep = append(keep, make([]byte, 64<<20))
	}
	runtime.GC()
	keep = keep[:20]
	runtime.GC()
	trace.Stop()
}
