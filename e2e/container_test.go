package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	gateway "github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/solver/pb"
)

// container runs a built image with BuildKit's container API, as the image config says.
type container struct {
	b   *built
	ctr gateway.Container
}

func (b *built) start(ctx context.Context) (*container, error) {
	ctr, err := b.gw.NewContainer(ctx, gateway.NewContainerRequest{
		Mounts: []gateway.Mount{{Dest: "/", MountType: pb.MountType_BIND, Ref: b.ref}},
	})
	if err != nil {
		return nil, fmt.Errorf("new container: %w", err)
	}
	// The first process is the container's init: when it exits the container is gone. A
	// sleeping init keeps it alive for the checks after a CLI has finished.
	if _, err := ctr.Start(ctx, gateway.StartRequest{Args: []string{"sleep", "infinity"}, User: "0:0", Cwd: "/", Stdout: nopCloser{io.Discard}, Stderr: nopCloser{io.Discard}}); err != nil {
		ctr.Release(context.Background())
		return nil, fmt.Errorf("start the container's init: %w", err)
	}
	return &container{b: b, ctr: ctr}, nil
}

func (c *container) release() { c.ctr.Release(context.Background()) }

// nopCloser turns a buffer into the WriteCloser the container API wants.
type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// serve starts the image's entrypoint and cmd as its user, without waiting.
func (c *container) serve(ctx context.Context, out io.Writer) (gateway.ContainerProcess, error) {
	cfg := c.b.image.Config
	return c.ctr.Start(ctx, gateway.StartRequest{
		Args:   slices.Concat(cfg.Entrypoint, cfg.Cmd),
		Env:    cfg.Env,
		User:   cfg.User,
		Cwd:    cfg.WorkingDir,
		Stdout: nopCloser{out},
		Stderr: nopCloser{out},
	})
}

// exec runs argv in the container as user ("" for the image's user) and returns its
// output and exit error.
func (c *container) exec(ctx context.Context, user string, argv ...string) (string, error) {
	cfg := c.b.image.Config
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

// httpGet polls url until it answers or the deadline passes.
func httpGet(ctx context.Context, url string, within time.Duration) (int, string, error) {
	deadline := time.Now().Add(within)
	var lastErr error
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
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
