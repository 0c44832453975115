package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// frontendRef resolves the frontend image that `# syntax=org/pyfile` names to its digest
// in the test bed's registry, so that every A build of the run uses the same frontend even
// if a new one is pushed meanwhile.
func frontendRef(ctx context.Context, registry string) (string, error) {
	resp, err := get(ctx, "http://"+registry+"/v2/org/pyfile/manifests/latest")
	if err != nil {
		return "", fmt.Errorf("the frontend image org/pyfile:latest (hack/testbed/frontend-image.sh pushes it): %w", err)
	}
	resp.Body.Close()
	dgst := resp.Header.Get("Docker-Content-Digest")
	if !strings.HasPrefix(dgst, "sha256:") {
		return "", fmt.Errorf("the registry gave no digest for org/pyfile:latest")
	}
	return "docker.io/org/pyfile:latest@" + dgst, nil
}

// pinSyntax rewrites the Pyfile's `# syntax=org/pyfile` line to name the frontend by digest.
func pinSyntax(dir, ref string) error {
	path := filepath.Join(dir, "Pyfile")
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(first) != "# syntax=org/pyfile" {
		return fmt.Errorf("%s: first line %q, want # syntax=org/pyfile", path, first)
	}
	return os.WriteFile(path, append([]byte("# syntax="+ref+"\n"), rest...), 0o644)
}
