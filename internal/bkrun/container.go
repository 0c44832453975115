package bkrun

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	gateway "github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/solver/pb"
)

// Container runs a built image with BuildKit's container API, as the image config says.
// It shares the host's network (buildkitd runs with --oci-worker-net=host).
// A process that exits non-zero ends a BuildKit container: run checks as scripts that
// print what they find and exit 0.
type Container struct {
	b   *Built
	ctr gateway.Container
}

// Start creates a container from the image with a sleeping init, so it outlives the
// processes started in it.
func (b *Built) Start(ctx context.Context) (*Container, error) {
	ctr, err := b.gw.NewContainer(ctx, gateway.NewContainerRequest{
		Mounts: []gateway.Mount{{Dest: "/", MountType: pb.MountType_BIND, Ref: b.ref}},
	})
	if err != nil {
		return nil, fmt.Errorf("new container: %w", err)
	}
	if _, err := ctr.Start(ctx, gateway.StartRequest{
		Args: []string{"sleep", "infinity"}, User: "0:0", Cwd: "/",
		Stdout: nopCloser{io.Discard}, Stderr: nopCloser{io.Discard},
	}); err != nil {
		ctr.Release(context.Background())
		return nil, fmt.Errorf("start the container's init: %w", err)
	}
	return &Container{b: b, ctr: ctr}, nil
}

// Release stops every process and removes the container.
func (c *Container) Release() { c.ctr.Release(context.Background()) }

// Serve starts the image's entrypoint and cmd as its user, without waiting.
func (c *Container) Serve(ctx context.Context, out io.Writer) (gateway.ContainerProcess, error) {
	cfg := c.b.Image.Config
	return c.ctr.Start(ctx, gateway.StartRequest{
		Args: slices.Concat(cfg.Entrypoint, cfg.Cmd), Env: cfg.Env, User: cfg.User, Cwd: cfg.WorkingDir,
		Stdout: nopCloser{out}, Stderr: nopCloser{out},
	})
}

// Exec runs argv as user ("" for the image's user) and returns its output.
func (c *Container) Exec(ctx context.Context, user string, argv ...string) (string, error) {
	cfg := c.b.Image.Config
	if user == "" {
		user = cfg.User
	}
	var out bytes.Buffer
	p, err := c.ctr.Start(ctx, gateway.StartRequest{
		Args: argv, Env: cfg.Env, User: user, Cwd: cfg.WorkingDir,
		Stdout: nopCloser{&out}, Stderr: nopCloser{&out},
	})
	if err != nil {
		return "", err
	}
	err = p.Wait()
	return strings.TrimSpace(out.String()), err
}

// Get polls url until it answers or within passes, and returns the status and body.
func Get(ctx context.Context, url string, within time.Duration) (int, string, error) {
	deadline := time.Now().Add(within)
	var lastErr error
	for time.Now().Before(deadline) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return 0, "", err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, string(body), err
		}
		lastErr = err
		time.Sleep(200 * time.Millisecond)
	}
	return 0, "", fmt.Errorf("no answer from %s within %s: %w", url, within, lastErr)
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// Buffer is written by a container while others read it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
