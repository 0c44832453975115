package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// TestBuildOptions checks the dockerui options users pass on the command line.
func TestBuildOptions(t *testing.T) {
	c := connect(t)
	reg := os.Getenv("PYFILE_REGISTRY")

	t.Run("named context replaces the base", func(t *testing.T) {
		// --build-context debian:bookworm-slim=docker-image://REG/library/debian:bookworm
		replacement := reg + "/library/debian:bookworm"
		log, err := build(t, c, "../examples/cli", "inprocess", bkrun.Options{Attrs: map[string]string{
			"context:debian:bookworm-slim": "docker-image://" + replacement,
		}}, func(ctx context.Context, b *bkrun.Built) error {
			if got := b.Image.Config.Labels["org.opencontainers.image.base.name"]; got != "debian:bookworm-slim" {
				return fmt.Errorf("base.name label %q", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(log.Steps("[context debian:bookworm-slim] "+replacement)) == 0 {
			t.Errorf("the build did not use %s; steps:\n%s", replacement, log.Names())
		}
	})

	t.Run("target builder", func(t *testing.T) {
		_, err := build(t, c, "../examples/cli", "syntax", bkrun.Options{Attrs: map[string]string{"target": "builder"}},
			func(ctx context.Context, b *bkrun.Built) error {
				ctr, err := b.Start(ctx)
				if err != nil {
					return err
				}
				defer ctr.Release()
				// The builder has the venv and uv; gcc only when a package needed it.
				out, err := ctr.Exec(ctx, "0:0", "/bin/sh", "-c", "test -x /opt/pyfile/uv/bin/uv && test -x /opt/venv/bin/python && echo builder")
				if err != nil || out != "builder" {
					return fmt.Errorf("the builder stage has no uv or venv: %q %v", out, err)
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("unknown target", func(t *testing.T) {
		_, err := build(t, c, "../examples/cli", "inprocess", bkrun.Options{Attrs: map[string]string{"target": "test"}}, nil)
		if err == nil || !strings.Contains(err.Error(), `unknown target "test"`) {
			t.Fatalf("err = %v, want unknown target", err)
		}
	})

	t.Run("labels and default filename", func(t *testing.T) {
		_, err := build(t, c, "../examples/cli", "gateway", bkrun.Options{Attrs: map[string]string{
			"filename":   "", // the frontend reads "Pyfile" when the build names no file
			"label:team": "cli",
		}}, func(ctx context.Context, b *bkrun.Built) error {
			if got := b.Image.Config.Labels["team"]; got != "cli" {
				return fmt.Errorf("label team = %q, want cli", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("target platform without a base image", func(t *testing.T) {
		// The test bed's base images are amd64 only: asking for arm64 must name the
		// platform, not build an amd64 image.
		_, err := build(t, c, "../examples/cli", "inprocess", bkrun.Options{Attrs: map[string]string{"platform": "linux/arm64"}}, nil)
		if err == nil || !strings.Contains(err.Error(), "linux/arm64") {
			t.Fatalf("err = %v, want an error naming linux/arm64", err)
		}
	})
}
