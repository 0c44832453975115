package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/buildkit/client"
	"github.com/moby/buildkit/exporter/containerimage/exptypes"
	gateway "github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/session"
	"github.com/moby/buildkit/session/secrets/secretsprovider"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/tonistiigi/fsutil"

	"github.com/pyfile/pyfile/frontend"
)

// route is one way users reach the frontend.
type route struct {
	name  string
	solve func(ctx context.Context, gw gateway.Client, attrs map[string]string) (*gateway.Result, error)
}

var routes = []route{
	// docker buildx build -f Pyfile: the Dockerfile frontend reads `# syntax=org/pyfile`
	// and forwards the build to the frontend image.
	{"syntax", func(ctx context.Context, gw gateway.Client, attrs map[string]string) (*gateway.Result, error) {
		return gw.Solve(ctx, gateway.SolveRequest{Frontend: "dockerfile.v0", FrontendOpt: attrs})
	}},
	// buildctl build --frontend gateway.v0 --opt source=org/pyfile
	{"gateway", func(ctx context.Context, gw gateway.Client, attrs map[string]string) (*gateway.Result, error) {
		attrs = maps.Clone(attrs)
		attrs["source"] = FrontendImage
		return gw.Solve(ctx, gateway.SolveRequest{Frontend: "gateway.v0", FrontendOpt: attrs})
	}},
	// the frontend's Build function in this process, over the client's gateway
	{"inprocess", func(ctx context.Context, gw gateway.Client, _ map[string]string) (*gateway.Result, error) {
		return frontend.Build(ctx, gw)
	}},
}

func routeNamed(name string) route {
	for _, r := range routes {
		if r.name == name {
			return r
		}
	}
	panic("no route " + name)
}

// built is a finished build, still inside its session so containers can run from it.
type built struct {
	gw     gateway.Client
	ref    gateway.Reference
	image  dockerspec.DockerOCIImage
	status *statusLog
}

// buildOpts are per-build options.
type buildOpts struct {
	attrs   map[string]string // frontend options beyond filename
	exports []client.ExportEntry
	imports []client.CacheOptionsEntry
}

// build builds the Pyfile in dir through r and calls inspect while the result is alive.
// It returns the status log and the build error, if any.
func build(t *testing.T, c *client.Client, dir string, r route, o buildOpts, inspect func(context.Context, *built) error) (*statusLog, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	fs, err := fsutil.NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string]string{"filename": "Pyfile"}
	maps.Copy(attrs, o.attrs)
	opt := client.SolveOpt{
		LocalMounts:   map[string]fsutil.FS{"context": fs, "dockerfile": fs},
		FrontendAttrs: attrs,
		Exports:       o.exports,
		CacheImports:  o.imports,
		Session:       []session.Attachable{hostCA(t)},
	}
	log := &statusLog{}
	ch := make(chan *client.SolveStatus)
	done := make(chan struct{})
	go func() { log.collect(ch); close(done) }()
	_, err = c.Build(ctx, opt, "pyfile-e2e", func(ctx context.Context, gw gateway.Client) (*gateway.Result, error) {
		res, err := r.solve(ctx, gw, attrs)
		if err != nil {
			return nil, err
		}
		if inspect != nil {
			b, err := newBuilt(gw, res, log)
			if err != nil {
				return nil, err
			}
			if err := inspect(ctx, b); err != nil {
				return nil, fmt.Errorf("check the image: %w", err)
			}
		}
		return res, nil
	}, ch)
	<-done
	if err != nil {
		err = fmt.Errorf("%w\n%s", err, log.failures())
	}
	return log, err
}

func newBuilt(gw gateway.Client, res *gateway.Result, log *statusLog) (*built, error) {
	ref, err := res.SingleRef()
	if err != nil {
		return nil, err
	}
	b := &built{gw: gw, ref: ref, status: log}
	cfg, ok := res.Metadata[exptypes.ExporterImageConfigKey]
	if !ok {
		return nil, fmt.Errorf("result has no image config")
	}
	if err := json.Unmarshal(cfg, &b.image); err != nil {
		return nil, fmt.Errorf("parse image config: %w", err)
	}
	return b, nil
}

// statusLog keeps the vertices and logs of a build's progress.
type statusLog struct {
	mu       sync.Mutex
	vertices map[string]*client.Vertex // by digest
	logs     map[string]*strings.Builder
}

func (l *statusLog) collect(ch chan *client.SolveStatus) {
	l.vertices = map[string]*client.Vertex{}
	l.logs = map[string]*strings.Builder{}
	for s := range ch {
		l.mu.Lock()
		for _, v := range s.Vertexes {
			l.vertices[v.Digest.String()] = v
		}
		for _, lg := range s.Logs {
			b := l.logs[lg.Vertex.String()]
			if b == nil {
				b = &strings.Builder{}
				l.logs[lg.Vertex.String()] = b
			}
			b.Write(lg.Data)
		}
		l.mu.Unlock()
	}
}

// step finds the vertices whose name starts with prefix (one per platform).
func (l *statusLog) step(prefix string) []*client.Vertex {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []*client.Vertex
	for _, v := range l.vertices {
		if strings.HasPrefix(v.Name, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// output returns the logs of the vertices named with prefix.
func (l *statusLog) output(prefix string) string {
	var sb strings.Builder
	for _, v := range l.step(prefix) {
		l.mu.Lock()
		if b := l.logs[v.Digest.String()]; b != nil {
			sb.WriteString(b.String())
		}
		l.mu.Unlock()
	}
	return sb.String()
}

// names lists every vertex name, for failure messages.
func (l *statusLog) names() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, v := range l.vertices {
		out = append(out, fmt.Sprintf("%q cached=%v", v.Name, v.Cached))
	}
	return strings.Join(out, "\n")
}

// failures returns the last lines of output of the steps that failed.
func (l *statusLog) failures() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var sb strings.Builder
	for d, v := range l.vertices {
		if v.Error == "" {
			continue
		}
		out := ""
		if b := l.logs[d]; b != nil {
			out = b.String()
		}
		if len(out) > 4000 {
			out = "..." + out[len(out)-4000:]
		}
		fmt.Fprintf(&sb, "step %q failed: %s\n%s\n", v.Name, v.Error, out)
	}
	return sb.String()
}

// hostCA passes this machine's CA bundle as the ca-certificates build secret, so pip in
// the build trusts the same TLS roots as the host (needed behind an intercepting proxy).
func hostCA(t *testing.T) session.Attachable {
	t.Helper()
	data, err := os.ReadFile(caBundle())
	if err != nil {
		t.Fatalf("read the host CA bundle: %v", err)
	}
	return secretsprovider.FromMap(map[string][]byte{"ca-certificates": data})
}
