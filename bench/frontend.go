package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// pinFrontends resolves the gateway image of every contender of the run that has one and
// records it in the results.
func pinFrontends(ctx context.Context, res *Results, registry string, cts []Contender) error {
	for _, ct := range cts {
		if ct.Gateway == "" {
			continue
		}
		ref, err := frontendRef(ctx, registry, ct.Gateway)
		if err != nil {
			return err
		}
		*res.frontends()[ct.Key] = ref
	}
	return nil
}

// frontendRef resolves a frontend image that a syntax line names (org/pyfile:latest,
// docker/dockerfile:1) to its digest in the test bed's registry, which buildkitd uses as its
// docker.io mirror, so that every build of the run uses the same frontend even if a new one
// is pushed meanwhile.
func frontendRef(ctx context.Context, registry, image string) (string, error) {
	desc, err := manifest(ctx, registry+"/"+image)
	if err != nil {
		return "", fmt.Errorf("the frontend image %s (hack/testbed/up.sh pushes it): %w", image, err)
	}
	return "docker.io/" + image + "@" + desc.Digest.String(), nil
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
