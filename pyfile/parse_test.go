package pyfile_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyfile/pyfile/pyfile"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGood parses every testdata/good Pyfile and compares the result with its .golden JSON.
func TestGood(t *testing.T) {
	for _, path := range glob(t, "testdata/good/*.Pyfile") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := pyfile.Parse("Pyfile", read(t, path))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := json.MarshalIndent(struct {
				*pyfile.File
				Source   string `json:"Source,omitempty"`
				Warnings []string
			}{File: f, Warnings: messages(f.Warnings)}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(path, ".Pyfile")+".golden", string(got)+"\n")
		})
	}
}

// TestBad parses every testdata/bad Pyfile and compares its errors with the .err file.
func TestBad(t *testing.T) {
	for _, path := range glob(t, "testdata/bad/*.Pyfile") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := pyfile.Parse("Pyfile", read(t, path))
			if err == nil {
				t.Fatalf("Parse accepted a bad file: %+v", f)
			}
			if len(pyfile.AsErrors(err)) == 0 {
				t.Fatalf("error %v carries no located problems", err)
			}
			golden(t, strings.TrimSuffix(path, ".Pyfile")+".err", err.Error()+"\n")
		})
	}
}

func TestAllProblemsAtOnce(t *testing.T) {
	_, err := pyfile.Parse("Pyfile", read(t, "testdata/bad/many-problems.Pyfile"))
	if n := len(pyfile.AsErrors(err)); n < 10 {
		t.Fatalf("got %d problems, want every problem of the file (at least 10):\n%v", n, err)
	}
}

func TestPositions(t *testing.T) {
	f, err := pyfile.Parse("Pyfile", read(t, "testdata/good/full.Pyfile"))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]pyfile.Position{
		"python":          {Line: 2, Column: 10},
		"requirements[1]": {Line: 3, Column: 42},
		"apt.runtime[1]":  {Line: 25, Column: 22},
		`labels."org.opencontainers.image.source"`: {Line: 21, Column: 37},
		"gunicorn.timeout":                         {Line: 29, Column: 11},
	} {
		if got := f.Pos(key); got != want {
			t.Errorf("Pos(%s) = %+v, want %+v", key, got, want)
		}
	}
}

func TestIsGunicorn(t *testing.T) {
	for argv, want := range map[string]bool{
		"gunicorn app:app":               true,
		"/opt/venv/bin/gunicorn app:app": true,
		"python -m gunicorn app:app":     true,
		"python3.12 -m gunicorn app:app": true,
		"uvicorn main:app":               false,
		"python -m uvicorn main:app":     false,
		"python gunicorn.py":             false,
		"gunicorn-wrapper --serve":       false,
	} {
		if got := pyfile.IsGunicorn(strings.Fields(argv)); got != want {
			t.Errorf("IsGunicorn(%q) = %v, want %v", argv, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, path := range append(glob(f, "testdata/good/*.Pyfile"), glob(f, "testdata/bad/*.Pyfile")...) {
		f.Add(read(f, path))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := pyfile.Parse("Pyfile", data)
		if err == nil && file == nil {
			t.Fatal("no file and no error")
		}
		if err != nil && len(pyfile.AsErrors(err)) == 0 {
			t.Fatalf("error without location: %v", err)
		}
	})
}

func messages(es []*pyfile.Error) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Error())
	}
	return out
}

func glob(t testing.TB, pattern string) []string {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files match %s: %v", pattern, err)
	}
	return paths
}

func read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pyfile -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// Every problem names a rule of pyfile.Rules, and the README describes every rule.
func TestRules(t *testing.T) {
	readme := string(read(t, "../README.md"))
	for _, r := range pyfile.Rules {
		if r.Name == "" || r.Description == "" || !strings.Contains(readme, `<a id="rule-`+strings.ToLower(r.Name)+`"></a>`+r.Name) {
			t.Errorf("rule %+v is not described in the README's Check rules", r)
		}
	}
	for _, path := range glob(t, "testdata/bad/*.Pyfile") {
		_, err := pyfile.Parse("Pyfile", read(t, path))
		for _, e := range pyfile.AsErrors(err) {
			if !slices.Contains(pyfile.Rules, e.Rule) {
				t.Errorf("%s: %q names no rule of pyfile.Rules (%+v)", path, e.Msg, e.Rule)
			}
		}
	}
}
