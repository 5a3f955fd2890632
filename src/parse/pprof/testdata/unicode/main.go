// Writes cpu.pb.gz: a CPU profile of functions whose names are not ASCII (Go allows any
// Unicode letter in identifiers), so the profile's string table has UTF-8 entries.
package main

import (
	"os"
	"runtime/pprof"
	"time"
)

//go:noinline
func 計算(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i % 7
	}
	return s
}

//go:noinline
func naïveSum(n int) int {
	return 計算(n) + 計算(n/2)
}

//go:noinline
func ascii(n int) int {
	return naïveSum(n) + 計算(n)
}

var sink int

func main() {
	f, err := os.Create("cpu.pb.gz")
	if err != nil {
		panic(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		panic(err)
	}
	for end := time.Now().Add(1500 * time.Millisecond); time.Now().Before(end); {
		sink += ascii(1 << 20)
	}
	pprof.StopCPUProfile()
	f.Close()
}
