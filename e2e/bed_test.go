// Package e2e tests the frontend end to end on a real buildkitd (hack/testbed/up.sh).
package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/moby/buildkit/client"
)

// FrontendImage is where hack/testbed/frontend-image.sh pushes the frontend; the
// testbed's registry mirrors docker.io, so this is what `# syntax=org/pyfile` pulls.
const FrontendImage = "docker.io/org/pyfile:latest"

func TestMain(m *testing.M) {
	flag.Parse()
	if !testing.Short() && os.Getenv("BUILDKIT_HOST") == "" {
		fmt.Fprintln(os.Stderr, "e2e: BUILDKIT_HOST is not set: run hack/testbed/up.sh and `. .testbed/env` first (go test -short skips the end-to-end tests)")
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// connect returns a client of the test bed's buildkitd. End-to-end tests call it first:
// it skips them only under -short; a missing or dead buildkitd fails them.
func connect(t *testing.T) *client.Client {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test: skipped with -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.New(ctx, os.Getenv("BUILDKIT_HOST"))
	if err != nil {
		t.Fatalf("connect to buildkitd at %s: %v", os.Getenv("BUILDKIT_HOST"), err)
	}
	if _, err := c.ListWorkers(ctx); err != nil {
		t.Fatalf("buildkitd at %s does not answer (run hack/testbed/up.sh): %v", os.Getenv("BUILDKIT_HOST"), err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
