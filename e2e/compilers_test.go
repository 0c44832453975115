package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyfile/pyfile/internal/bkrun"
	"github.com/pyfile/pyfile/plan"
)

// compilersNote is what the install step prints when it installs compilers.
const compilersNote = "pyfile: a requirement has no wheel for this platform"

// TestCompilersOnDemand: with every requirement a wheel, the builder installs no compilers;
// a requirement that is only an sdist with a C extension (netifaces 0.11.0 has no wheel for
// Python 3.12 on Linux) makes it install them, and the build passes as with them always.
func TestCompilersOnDemand(t *testing.T) {
	c := connect(t)
	for _, tc := range []struct {
		name, requirements string
		compiles           bool
	}{
		{"wheels only", "six==1.17.0\n", false},
		{"an sdist with a C extension", "netifaces==0.11.0\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "Pyfile"), `# syntax=org/pyfile
python = "3.12"
requirements = "requirements.txt"
entrypoint = ["python", "-c", "import sys; print('modules:', sorted(m for m in sys.modules if m in ('six', 'netifaces')))", "-"]
`)
			// A new comment makes the install step run (cache mount ids are no part of a
			// step's cache key), and the mounts of its own start empty: no wheel that an
			// earlier run built is found.
			write(t, filepath.Join(dir, "requirements.txt"), tc.requirements+"# "+stamp()+"\n")
			module, _, _ := strings.Cut(tc.requirements, "==")
			fresh := bkrun.Options{Attrs: map[string]string{"build-arg:BUILDKIT_CACHE_MOUNT_NS": "e2e-compilers-" + stamp()}}
			log, err := build(t, c, dir, "syntax", fresh, func(ctx context.Context, b *bkrun.Built) error {
				ctr, err := b.Start(ctx)
				if err != nil {
					return err
				}
				defer ctr.Release()
				out, err := ctr.Exec(ctx, "", "python", "-c", "import "+module+"; print('imported')")
				if err != nil || out != "imported" {
					return fmt.Errorf("import %s: %q (%v)", module, out, err)
				}
				if out, _ := ctr.Exec(ctx, "0:0", "/bin/sh", "-c", "command -v gcc cc; true"); out != "" {
					return fmt.Errorf("the runner has a compiler: %s", out)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			out := log.Output(plan.StepInstall)
			if got := strings.Contains(out, compilersNote); got != tc.compiles {
				t.Errorf("compilers installed: %v, want %v:\n%s\nsteps:\n%s", got, tc.compiles, out, log.Names())
			}
			if tc.compiles && !strings.Contains(out, "build-essential") {
				t.Errorf("no apt install of build-essential in the install step:\n%s", out)
			}
		})
	}
}
