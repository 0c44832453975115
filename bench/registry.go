package main

import (
	"context"
	"runtime"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// manifest fetches what ref (HOST/REPO:TAG) names in the test bed's registry, which speaks
// plain HTTP and wants no credentials. An index resolves, in Image, to its linux image for
// this machine's architecture.
func manifest(ctx context.Context, ref string) (*remote.Descriptor, error) {
	r, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		return nil, err
	}
	return remote.Get(r, remote.WithContext(ctx), remote.WithPlatform(v1.Platform{OS: "linux", Architecture: runtime.GOARCH}))
}
