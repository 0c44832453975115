package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// imageSizes returns the sum of an image's compressed layer sizes, from its manifest in
// the test bed's registry, and of its uncompressed layer sizes, by reading every layer blob
// through gunzip (what `docker image ls` shows as SIZE).
func imageSizes(ctx context.Context, ref string) (compressed, uncompressed int64, err error) {
	desc, err := manifest(ctx, ref)
	if err != nil {
		return 0, 0, err
	}
	img, err := desc.Image()
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", ref, err)
	}
	layers, err := img.Layers()
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", ref, err)
	}
	if len(layers) == 0 {
		return 0, 0, fmt.Errorf("%s: manifest without layers", ref)
	}
	for _, l := range layers {
		gz, err := l.Size()
		if err != nil {
			return 0, 0, err
		}
		compressed += gz
		n, err := gunzippedSize(l)
		if err != nil {
			dgst, _ := l.Digest()
			return 0, 0, fmt.Errorf("layer %s of %s: %w", dgst, ref, err)
		}
		uncompressed += n
	}
	return compressed, uncompressed, nil
}

// gunzippedSize reads a gzip layer's blob and counts the bytes gunzip gives.
func gunzippedSize(l v1.Layer) (int64, error) {
	mt, err := l.MediaType()
	if err != nil {
		return 0, err
	}
	if !strings.HasSuffix(string(mt), "gzip") {
		return 0, fmt.Errorf("media type %s: only gzip layers are measured", mt)
	}
	rc, err := l.Uncompressed()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	return io.Copy(io.Discard, rc)
}
