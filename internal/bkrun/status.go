package bkrun

import (
	"fmt"
	"strings"
	"sync"

	"github.com/moby/buildkit/client"
)

// Status keeps the vertices and logs of a build's progress.
type Status struct {
	mu       sync.Mutex
	vertices map[string]*client.Vertex // by digest
	logs     map[string]*strings.Builder
	reused   map[string]bool // vertices reported cached, or whose result was pulled from a cache
}

func (s *Status) collect(ch chan *client.SolveStatus) {
	s.mu.Lock()
	s.vertices = map[string]*client.Vertex{}
	s.logs = map[string]*strings.Builder{}
	s.reused = map[string]bool{}
	s.mu.Unlock()
	for st := range ch {
		s.mu.Lock()
		for _, v := range st.Vertexes {
			s.vertices[v.Digest.String()] = v
			s.reused[v.Digest.String()] = s.reused[v.Digest.String()] || v.Cached
		}
		// A result found in an imported cache is downloaded and unpacked under its own
		// vertex, which BuildKit does not always mark cached; a step that runs has no such
		// progress of its own.
		for _, vs := range st.Statuses {
			if strings.HasPrefix(vs.ID, "sha256:") || strings.HasPrefix(vs.ID, "extracting sha256:") {
				s.reused[vs.Vertex.String()] = true
			}
		}
		for _, lg := range st.Logs {
			b := s.logs[lg.Vertex.String()]
			if b == nil {
				b = &strings.Builder{}
				s.logs[lg.Vertex.String()] = b
			}
			b.Write(lg.Data)
		}
		s.mu.Unlock()
	}
}

// Steps returns the vertices whose name starts with prefix (one per platform).
func (s *Status) Steps(prefix string) []*client.Vertex {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*client.Vertex
	for _, v := range s.vertices {
		if strings.HasPrefix(v.Name, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// Ran returns the names of the steps named with prefix that were executed, rather than
// taken from a local or imported cache.
func (s *Status) Ran(prefix string) []string {
	var out []string
	for _, v := range s.Steps(prefix) {
		s.mu.Lock()
		reused := s.reused[v.Digest.String()]
		s.mu.Unlock()
		if !reused {
			out = append(out, v.Name)
		}
	}
	return out
}

// Output returns the logs of the vertices named with prefix.
func (s *Status) Output(prefix string) string {
	var sb strings.Builder
	for _, v := range s.Steps(prefix) {
		s.mu.Lock()
		if b := s.logs[v.Digest.String()]; b != nil {
			sb.WriteString(b.String())
		}
		s.mu.Unlock()
	}
	return sb.String()
}

// Names lists every vertex name, for failure messages.
func (s *Status) Names() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, v := range s.vertices {
		out = append(out, fmt.Sprintf("%q cached=%v", v.Name, v.Cached))
	}
	return strings.Join(out, "\n")
}

// Failures returns the last lines of output of the steps that failed.
func (s *Status) Failures() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var sb strings.Builder
	for d, v := range s.vertices {
		if v.Error == "" {
			continue
		}
		out := ""
		if b := s.logs[d]; b != nil {
			out = b.String()
		}
		if len(out) > 4000 {
			out = "..." + out[len(out)-4000:]
		}
		fmt.Fprintf(&sb, "step %q failed: %s\n%s\n", v.Name, v.Error, out)
	}
	return sb.String()
}
