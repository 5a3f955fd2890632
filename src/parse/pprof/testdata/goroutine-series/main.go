// Writes a series of goroutine profiles of one program: one site leaks goroutines steadily
// (main.leakyHandler: 5 more parked for good before each snapshot), another's count goes up and
// down (main.poolWorker: 4, 30, 10, 40 parked, batches started and released), so a leak finder
// must tell "only goes up" from "grew overall". Run in this directory with Go 1.23:
// go run main.go (stdlib only; see README.md).
//
// Files: goroutine_1.pb.gz … goroutine_4.pb.gz (pprof.Lookup("goroutine").WriteTo, debug=0:
// protobuf with time_nanos), goroutine_1_debug1.txt … goroutine_4_debug1.txt (debug=1 text of
// the same moments: no time in it), 200 ms apart.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// Channels nobody ever sends on or closes: the leaked goroutines wait on them for good.
var forgotten []chan struct{}

//go:noinline
func leakyHandler(ch chan struct{}) {
	<-ch
}

//go:noinline
func poolWorker(release chan struct{}, done chan struct{}) {
	<-release
	done <- struct{}{}
}

type batch struct {
	release chan struct{}
	done    chan struct{}
	n       int
}

func startBatch(n int) *batch {
	b := &batch{release: make(chan struct{}), done: make(chan struct{}, n), n: n}
	for i := 0; i < n; i++ {
		go poolWorker(b.release, b.done)
	}
	return b
}

func (b *batch) finish() {
	close(b.release)
	for i := 0; i < b.n; i++ {
		<-b.done
	}
}

func leak(n int) {
	for i := 0; i < n; i++ {
		ch := make(chan struct{})
		forgotten = append(forgotten, ch)
		go leakyHandler(ch)
	}
}

// settle waits until the program has exactly want goroutines (the released workers have returned).
func settle(want int) {
	for runtime.NumGoroutine() != want {
		time.Sleep(time.Millisecond)
	}
	// Let the new ones park.
	time.Sleep(20 * time.Millisecond)
}

func write(name string, debug int) {
	f, err := os.Create(name)
	if err != nil {
		panic(err)
	}
	if err := pprof.Lookup("goroutine").WriteTo(f, debug); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

func main() {
	// Parked pool workers before each snapshot: up and down. Leaked handlers: 5 more each time.
	pool := []int{4, 30, 10, 40}
	var batches []*batch
	parked := 0
	leaked := 0
	for k, want := range pool {
		leak(5)
		leaked += 5
		// Release whole batches (oldest first) while too many are parked, then start the rest.
		for parked > want {
			b := batches[0]
			batches = batches[1:]
			b.finish()
			parked -= b.n
		}
		if want > parked {
			batches = append(batches, startBatch(want-parked))
			parked = want
		}
		settle(1 + leaked + parked)
		write(fmt.Sprintf("goroutine_%d.pb.gz", k+1), 0)
		write(fmt.Sprintf("goroutine_%d_debug1.txt", k+1), 1)
		fmt.Printf("snapshot %d: %d leaked, %d pool workers, %d goroutines\n", k+1, leaked, parked, runtime.NumGoroutine())
		time.Sleep(200 * time.Millisecond)
	}
}
