package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// sharing samples the process table every 2 seconds and counts the samples in which
// something that is not the benchmark's own descendant was building: a runc container of
// another buildkitd, or a Go compiler, linker or test binary. The benchmark wants the
// machine to itself; this shows whether it had it.
type sharing struct {
	self int

	mu            sync.Mutex
	samples, busy int
	seen          map[string]bool // what was seen, by program name
	stop          chan struct{}
}

func startSharing() *sharing {
	s := &sharing{self: os.Getpid(), seen: map[string]bool{}, stop: make(chan struct{})}
	go func() {
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *sharing) sample() {
	entries, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	names := map[int]string{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		i := strings.LastIndexByte(string(stat), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 2 {
			continue
		}
		parent[pid], _ = strconv.Atoi(f[1])
		if raw, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline")); err == nil && len(raw) > 0 {
			names[pid] = filepath.Base(strings.SplitN(string(raw), "\x00", 2)[0])
		}
	}
	mine := func(pid int) bool {
		for n := 0; pid > 1 && n < 64; n++ {
			if pid == s.self {
				return true
			}
			pid = parent[pid]
		}
		return false
	}
	var found []string
	for pid, name := range names {
		if name != "runc" && name != "compile" && name != "link" && !strings.HasSuffix(name, ".test") {
			continue
		}
		if !mine(pid) {
			found = append(found, name)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.samples++
	if len(found) > 0 {
		s.busy++
		for _, n := range found {
			s.seen[n] = true
		}
	}
}

// done stops sampling and returns the samples taken, those in which the machine was
// shared, and the programs seen.
func (s *sharing) done() (samples, busy int, seen []string) {
	close(s.stop)
	s.mu.Lock()
	defer s.mu.Unlock()
	for n := range s.seen {
		seen = append(seen, n)
	}
	return s.samples, s.busy, seen
}
