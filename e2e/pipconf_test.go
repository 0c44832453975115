package e2e

import (
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// TestPipConfReachesUv: the documented pip.conf secret works with uv, which does not read
// pip.conf itself. Its index-url names an index on this host that logs every request and
// sends the installer on to PyPI; uv's requests for the build's requirements must reach it.
func TestPipConfReachesUv(t *testing.T) {
	c := connect(t)
	var (
		mu   sync.Mutex
		seen []string
	)
	l, err := net.Listen("tcp", "127.0.0.1:0") // build steps share the host's network
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.UserAgent()+" "+r.URL.Path)
		mu.Unlock()
		http.Redirect(w, r, "https://pypi.org"+r.URL.Path, http.StatusFound)
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })

	dir := t.TempDir()
	write(t, filepath.Join(dir, "Pyfile"), "# syntax=org/pyfile\npython = \"3.12\"\nrequirements = \"requirements.txt\"\nentrypoint = [\"python\", \"-c\", \"import six\"]\n")
	// A new comment makes the install step run in every run of the test.
	write(t, filepath.Join(dir, "requirements.txt"), "six==1.17.0  # "+stamp()+"\n")
	conf := "[global]\nindex-url = http://" + l.Addr().String() + "/simple\ntrusted-host = " + strings.Split(l.Addr().String(), ":")[0] + "\n"
	o := bkrun.Options{Secrets: map[string][]byte{"pip.conf": []byte(conf)}}
	if _, err := build(t, c, dir, "syntax", o, nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	found := false
	for _, s := range seen {
		found = found || strings.HasPrefix(s, "uv/") && strings.HasSuffix(s, "/simple/six/")
	}
	if !found {
		t.Errorf("uv did not ask the pip.conf index for six; requests: %q", seen)
	}
}
