package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
)

// imageSizes returns the sum of an image's compressed layer sizes, from its manifest in
// the test bed's plain-HTTP registry, and of its uncompressed layer sizes, by reading
// every layer blob through gunzip (what `docker image ls` shows as SIZE).
func imageSizes(ctx context.Context, ref string) (compressed, uncompressed int64, err error) {
	host, repo, tag, err := splitRef(ref)
	if err != nil {
		return 0, 0, err
	}
	base := "http://" + host + "/v2/" + repo
	var m manifest
	if err := getJSON(ctx, base+"/manifests/"+tag, &m); err != nil {
		return 0, 0, err
	}
	if len(m.Manifests) > 0 { // an index: take this platform's image
		dgst := ""
		for _, d := range m.Manifests {
			if d.Platform != nil && d.Platform.OS == "linux" && d.Platform.Architecture == runtime.GOARCH {
				dgst = d.Digest
				break
			}
		}
		if dgst == "" {
			return 0, 0, fmt.Errorf("%s has no linux/%s image", ref, runtime.GOARCH)
		}
		m = manifest{}
		if err := getJSON(ctx, base+"/manifests/"+dgst, &m); err != nil {
			return 0, 0, err
		}
	}
	if len(m.Layers) == 0 {
		return 0, 0, fmt.Errorf("%s: manifest without layers", ref)
	}
	for _, l := range m.Layers {
		compressed += l.Size
		n, err := gunzippedSize(ctx, base+"/blobs/"+l.Digest, l.MediaType)
		if err != nil {
			return 0, 0, fmt.Errorf("layer %s of %s: %w", l.Digest, ref, err)
		}
		uncompressed += n
	}
	return compressed, uncompressed, nil
}

type manifest struct {
	Manifests []struct {
		Digest   string `json:"digest"`
		Platform *struct {
			OS           string `json:"os"`
			Architecture string `json:"architecture"`
		} `json:"platform"`
	} `json:"manifests"`
	Layers []struct {
		MediaType string `json:"mediaType"`
		Digest    string `json:"digest"`
		Size      int64  `json:"size"`
	} `json:"layers"`
}

func splitRef(ref string) (host, repo, tag string, err error) {
	host, rest, ok := strings.Cut(ref, "/")
	i := strings.LastIndex(rest, ":")
	if !ok || i < 0 {
		return "", "", "", fmt.Errorf("%q is not HOST/REPO:TAG", ref)
	}
	return host, rest[:i], rest[i+1:], nil
}

func get(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", strings.Join([]string{
		"application/vnd.oci.image.index.v1+json",
		"application/vnd.oci.image.manifest.v1+json",
		"application/vnd.docker.distribution.manifest.list.v2+json",
		"application/vnd.docker.distribution.manifest.v2+json",
	}, ", "))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return resp, nil
}

func getJSON(ctx context.Context, url string, v any) error {
	resp, err := get(ctx, url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

func gunzippedSize(ctx context.Context, url, mediaType string) (int64, error) {
	if !strings.HasSuffix(mediaType, "gzip") {
		return 0, fmt.Errorf("media type %s: only gzip layers are measured", mediaType)
	}
	resp, err := get(ctx, url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		return 0, err
	}
	return io.Copy(io.Discard, zr)
}
