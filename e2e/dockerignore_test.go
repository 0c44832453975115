package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// TestDockerignore: files that .dockerignore (or Pyfile.dockerignore, which wins) excludes
// never reach the image.
func TestDockerignore(t *testing.T) {
	c := connect(t)
	for _, tc := range []struct {
		name   string
		ignore map[string]string // ignore file name -> content
		absent []string
		kept   []string
	}{
		{".dockerignore", map[string]string{".dockerignore": ".env\n.git\n"},
			[]string{".env", ".git/config"}, []string{"notes.txt"}},
		{"Pyfile.dockerignore wins", map[string]string{".dockerignore": "notes.txt\n", "Pyfile.dockerignore": ".env\n"},
			[]string{".env"}, []string{"notes.txt", ".git/config"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, "../examples/cli")
			write(t, filepath.Join(dir, ".env"), "SECRET_TOKEN=hunter2\n")
			write(t, filepath.Join(dir, ".git/config"), "[core]\n")
			write(t, filepath.Join(dir, "notes.txt"), "kept\n")
			for name, content := range tc.ignore {
				write(t, filepath.Join(dir, name), content)
			}
			_, err := build(t, c, dir, "syntax", bkrun.Options{}, func(ctx context.Context, b *bkrun.Built) error {
				ctr, err := b.Start(ctx)
				if err != nil {
					return err
				}
				defer ctr.Release()
				script := `for p in "$@"; do if test -e "/app/$p"; then echo "present: $p"; else echo "absent: $p"; fi; done`
				args := append(append([]string{"/bin/sh", "-c", script, "check"}, tc.absent...), tc.kept...)
				out, err := ctr.Exec(ctx, "0:0", args...)
				if err != nil {
					return err
				}
				want := ""
				for _, p := range tc.absent {
					want += "absent: " + p + "\n"
				}
				for _, p := range tc.kept {
					want += "present: " + p + "\n"
				}
				if out+"\n" != want {
					return fmt.Errorf("files in /app:\n%s\nwant:\n%s", out, want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
