package distro_test

import (
	"slices"
	"testing"

	"github.com/pyfile/pyfile/distro"
)

func TestEveryRowIsWhole(t *testing.T) {
	var versions []string
	for _, r := range distro.Releases {
		versions = append(versions, r.Python)
		if len(r.Images) == 0 || r.Kind != distro.Apt || r.Interpreter != "/usr/bin/python"+r.Python {
			t.Errorf("row %+v", r)
		}
		if !slices.Contains(r.Runtime, "python"+r.Python) || !slices.Contains(r.Tools, "python"+r.Python+"-venv") ||
			!slices.Contains(r.Compilers, "python"+r.Python+"-dev") || slices.Contains(r.Runtime, "build-essential") {
			t.Errorf("python %s: runtime %q, tools %q, compilers %q", r.Python, r.Runtime, r.Tools, r.Compilers)
		}
		for _, img := range r.Images {
			name, tag, _ := cutTag(img)
			if got, ok := distro.ForImage(name, tag); !ok || got.Python != r.Python {
				t.Errorf("ForImage(%s) = %+v, %v", img, got, ok)
			}
		}
	}
	if !slices.Equal(versions, []string{"3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"}) {
		t.Errorf("versions %q", versions)
	}
}

func cutTag(img string) (string, string, bool) {
	for i := len(img) - 1; i >= 0; i-- {
		if img[i] == ':' {
			return img[:i], img[i+1:], true
		}
	}
	return img, "", false
}

func TestOfficialImages(t *testing.T) {
	r, ok := distro.ForImage("python", "3.12-slim")
	if !ok || r.Kind != distro.Official || r.Python != "3.12" || r.Interpreter != "/usr/local/bin/python3.12" || r.Runtime != nil {
		t.Errorf("python:3.12-slim = %+v, %v", r, ok)
	}
	if _, ok := distro.ForImage("python", "latest"); ok {
		t.Error("python:latest names no version, but is in the table")
	}
}

func TestAssumed(t *testing.T) {
	r := distro.Assumed("3.8")
	if !r.EOL || r.Kind != distro.Apt || !slices.Equal(r.Runtime, []string{"python3.8", "ca-certificates"}) {
		t.Errorf("Assumed(3.8) = %+v", r)
	}
}
