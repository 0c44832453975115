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

	"github.com/pyfile/pyfile/internal/bkrun"
)

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
	c, err := bkrun.Connect(ctx, os.Getenv("BUILDKIT_HOST"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// build builds the Pyfile in dir through the named route.
func build(t *testing.T, c *client.Client, dir, route string, o bkrun.Options, inspect func(context.Context, *bkrun.Built) error) (*bkrun.Status, error) {
	t.Helper()
	r, err := bkrun.RouteNamed(route)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	return bkrun.Build(ctx, c, dir, r, o, inspect)
}
