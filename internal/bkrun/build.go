// Package bkrun builds Pyfiles on a real buildkitd and runs the images with BuildKit's
// container API; the end-to-end tests and hack/pyfile-run share it.
package bkrun

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"

	"github.com/moby/buildkit/client"
	"github.com/moby/buildkit/exporter/containerimage/exptypes"
	gateway "github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/session"
	"github.com/moby/buildkit/session/secrets/secretsprovider"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/tonistiigi/fsutil"

	"github.com/pyfile/pyfile/frontend"
)

// FrontendImage is where hack/testbed/frontend-image.sh pushes the frontend; the test
// bed's registry mirrors docker.io, so this is what `# syntax=org/pyfile` pulls.
const FrontendImage = "docker.io/org/pyfile:latest"

// Route is one way users reach the frontend. The nested routes pass on every option the
// client sent (filename, cache imports, build args...), as buildx does.
type Route struct {
	Name  string
	solve func(ctx context.Context, gw gateway.Client) (*gateway.Result, error)
}

func clientOpts(gw gateway.Client) map[string]string {
	return maps.Clone(gw.BuildOpts().Opts)
}

// Routes are every way to reach the frontend.
var Routes = []Route{
	// docker buildx build -f Pyfile: the Dockerfile frontend reads `# syntax=org/pyfile`
	// and forwards the build to the frontend image.
	{"syntax", func(ctx context.Context, gw gateway.Client) (*gateway.Result, error) {
		return gw.Solve(ctx, gateway.SolveRequest{Frontend: "dockerfile.v0", FrontendOpt: clientOpts(gw)})
	}},
	// buildctl build --frontend gateway.v0 --opt source=org/pyfile
	{"gateway", func(ctx context.Context, gw gateway.Client) (*gateway.Result, error) {
		attrs := clientOpts(gw)
		attrs["source"] = FrontendImage
		return gw.Solve(ctx, gateway.SolveRequest{Frontend: "gateway.v0", FrontendOpt: attrs})
	}},
	// the frontend's Build function in this process, over the client's gateway
	{"inprocess", func(ctx context.Context, gw gateway.Client) (*gateway.Result, error) {
		return frontend.Build(ctx, gw)
	}},
}

// RouteNamed returns the route called name.
func RouteNamed(name string) (Route, error) {
	for _, r := range Routes {
		if r.Name == name {
			return r, nil
		}
	}
	return Route{}, fmt.Errorf("no route %q", name)
}

// Connect returns a client of the buildkitd at addr after checking that it answers.
func Connect(ctx context.Context, addr string) (*client.Client, error) {
	if addr == "" {
		return nil, fmt.Errorf("BUILDKIT_HOST is not set: run hack/testbed/up.sh and `. .testbed/env`")
	}
	c, err := client.New(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("connect to buildkitd at %s: %w", addr, err)
	}
	if _, err := c.ListWorkers(ctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("buildkitd at %s does not answer (run hack/testbed/up.sh): %w", addr, err)
	}
	return c, nil
}

// Built is a finished build, still inside its session so containers can run from it.
type Built struct {
	gw    gateway.Client
	ref   gateway.Reference
	Image dockerspec.DockerOCIImage
}

// Options are per-build options.
type Options struct {
	Attrs        map[string]string // frontend options beyond filename
	Exports      []client.ExportEntry
	CacheImports []client.CacheOptionsEntry // --cache-from
	CacheExports []client.CacheOptionsEntry // --cache-to
	Secrets      map[string][]byte          // build secrets beside ca-certificates, by id
}

// Build builds the Pyfile in dir through r and calls inspect, if set, while the result is
// alive. It returns the build's progress and its error, with the failed steps' output.
func Build(ctx context.Context, c *client.Client, dir string, r Route, o Options, inspect func(context.Context, *Built) error) (*Status, error) {
	fs, err := fsutil.NewFS(dir)
	if err != nil {
		return nil, err
	}
	ca, err := HostCA(o.Secrets)
	if err != nil {
		return nil, err
	}
	attrs := map[string]string{"filename": "Pyfile"}
	maps.Copy(attrs, o.Attrs)
	opt := client.SolveOpt{
		LocalMounts:   map[string]fsutil.FS{"context": fs, "dockerfile": fs},
		FrontendAttrs: attrs,
		Exports:       o.Exports,
		CacheImports:  o.CacheImports,
		CacheExports:  o.CacheExports,
		Session:       []session.Attachable{ca},
	}
	status := &Status{}
	ch := make(chan *client.SolveStatus)
	done := make(chan struct{})
	go func() { status.collect(ch); close(done) }()
	_, err = c.Build(ctx, opt, "pyfile", func(ctx context.Context, gw gateway.Client) (*gateway.Result, error) {
		res, err := r.solve(ctx, gw)
		if err != nil || inspect == nil {
			return res, err
		}
		b, err := newBuilt(ctx, gw, res)
		if err != nil {
			return nil, err
		}
		if err := inspect(ctx, b); err != nil {
			return nil, fmt.Errorf("check the image: %w", err)
		}
		return res, nil
	}, ch)
	<-done
	if err != nil {
		err = fmt.Errorf("%w\n%s", err, status.Failures())
	}
	return status, err
}

func newBuilt(ctx context.Context, gw gateway.Client, res *gateway.Result) (*Built, error) {
	ref, err := res.SingleRef()
	if err != nil {
		return nil, err
	}
	// Solve results are lazy: build now, so the build and the run are not mixed up.
	if err := ref.Evaluate(ctx); err != nil {
		return nil, err
	}
	b := &Built{gw: gw, ref: ref}
	cfg, ok := res.Metadata[exptypes.ExporterImageConfigKey]
	if !ok {
		return nil, fmt.Errorf("result has no image config")
	}
	if err := json.Unmarshal(cfg, &b.Image); err != nil {
		return nil, fmt.Errorf("parse image config: %w", err)
	}
	return b, nil
}

// CABundle is this machine's CA bundle: $SSL_CERT_FILE or Debian's.
func CABundle() string {
	if p := os.Getenv("SSL_CERT_FILE"); p != "" {
		return p
	}
	return "/etc/ssl/certs/ca-certificates.crt"
}

// HostCA passes this machine's CA bundle as the ca-certificates build secret, so the
// installers in the build trust the same TLS roots as the host (needed behind an
// intercepting proxy), with the other secrets given.
func HostCA(others map[string][]byte) (session.Attachable, error) {
	data, err := os.ReadFile(CABundle())
	if err != nil {
		return nil, fmt.Errorf("read the host CA bundle: %w", err)
	}
	secrets := map[string][]byte{"ca-certificates": data}
	maps.Copy(secrets, others)
	return secretsprovider.FromMap(secrets), nil
}
