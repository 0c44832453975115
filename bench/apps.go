package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"text/template"
)

// App is an example app the contenders build.
type App struct {
	Name        string // directory under examples/
	Main        string // the code file a code-only change edits
	Workers     string // gunicorn --workers, as in the app's Pyfile
	WorkerClass string // gunicorn --worker-class, "" for sync workers
	Port        int
	// BuildEssential: the naive Dockerfile installs compilers only when a requirement
	// must be compiled; both apps install wheels only.
	BuildEssential bool
	// NewRequirement is the line a requirement change appends; it must be new to the app.
	NewRequirement string
}

var allApps = []App{
	{Name: "flask", Main: "app.py", Workers: "2", WorkerClass: "gevent", Port: 8000, NewRequirement: "six==1.17.0"},
	{Name: "pandas", Main: "app.py", Workers: "2", Port: 8000, NewRequirement: "six==1.17.0"},
}

// Contender is one way to build an app.
type Contender struct {
	Key   string // A, B or C
	Name  string // image repository suffix and JSON key
	Label string
	File  string // the build definition's file name
	// Template is the Dockerfile template under dockerfiles/, "" for the app's own Pyfile.
	Template string
	// PipSteps match the names of the build steps whose pip resolves and downloads the
	// requirements (the frontend has had one or two such steps).
	PipSteps []string
}

var contenders = []Contender{
	{Key: "A", Name: "pyfile", Label: "Pyfile (frontend)", File: "Pyfile", PipSteps: []string{"builder: download and build wheels", "builder: pip install requirements"}},
	{Key: "B", Name: "perfect", Label: "seed's perfect Dockerfile", File: "Dockerfile", Template: "perfect.Dockerfile", PipSteps: []string{"pip3 install --no-cache-dir -r requirements.txt"}},
	{Key: "C", Name: "naive", Label: "naive Dockerfile", File: "Dockerfile", Template: "naive.Dockerfile", PipSteps: []string{"/venv/bin/pip install -r requirements.txt"}},
}

//go:embed dockerfiles/*.Dockerfile
var dockerfiles embed.FS

// Dockerfile renders a contender's Dockerfile for app.
func (ct Contender) Dockerfile(app App) ([]byte, error) {
	tpl, err := template.ParseFS(dockerfiles, "dockerfiles/"+ct.Template)
	if err != nil {
		return nil, err
	}
	bind := fmt.Sprintf("0.0.0.0:%d", app.Port)
	// The seed's CMD with the app's port and worker settings.
	perfect := []string{"gunicorn", "-b", bind, "-w", app.Workers}
	if app.WorkerClass != "" {
		perfect = append(perfect, "-k", app.WorkerClass)
	}
	perfect = append(perfect, "--worker-tmp-dir", "/dev/shm", "app:app")
	// What a naive Dockerfile passes: the app's settings, nothing container-specific.
	naive := []string{"gunicorn", "--bind", bind, "--workers", app.Workers}
	if app.WorkerClass != "" {
		naive = append(naive, "--worker-class", app.WorkerClass)
	}
	naive = append(naive, "app:app")
	pj, _ := json.Marshal(perfect)
	nj, _ := json.Marshal(naive)
	var out bytes.Buffer
	err = tpl.Execute(&out, map[string]any{
		"Port": app.Port, "PerfectCmd": string(pj), "NaiveCmd": string(nj), "BuildEssential": app.BuildEssential,
	})
	return out.Bytes(), err
}

// Workdir is a copy of an app's directory set up for one contender, whose code and
// requirements the benchmark changes.
type Workdir struct {
	Dir               string
	main, reqs        string
	mainOrig, reqOrig []byte
}

// NewWorkdir copies examples/<app> into dir and drops in the contender's Dockerfile (and
// removes the Pyfile, which a Dockerfile build does not need); for A it pins the Pyfile's
// syntax line to the frontend image's digest.
// frontend is the pinned frontend reference for the Pyfile's syntax line.
func NewWorkdir(root string, app App, ct Contender, dir, frontend string) (*Workdir, error) {
	if err := copyDir(filepath.Join(root, "examples", app.Name), dir); err != nil {
		return nil, err
	}
	if ct.Template == "" {
		if err := pinSyntax(dir, frontend); err != nil {
			return nil, err
		}
	} else {
		df, err := ct.Dockerfile(app)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), df, 0o644); err != nil {
			return nil, err
		}
		if err := os.Remove(filepath.Join(dir, "Pyfile")); err != nil {
			return nil, err
		}
	}
	w := &Workdir{Dir: dir, main: filepath.Join(dir, app.Main), reqs: filepath.Join(dir, "requirements.txt")}
	var err error
	if w.mainOrig, err = os.ReadFile(w.main); err != nil {
		return nil, err
	}
	if w.reqOrig, err = os.ReadFile(w.reqs); err != nil {
		return nil, err
	}
	return w, nil
}

// Set writes the app's code and requirements as they were plus the given extra lines.
func (w *Workdir) Set(codeLines, reqLines []string) error {
	if err := os.WriteFile(w.main, withLines(w.mainOrig, codeLines), 0o644); err != nil {
		return err
	}
	return os.WriteFile(w.reqs, withLines(w.reqOrig, reqLines), 0o644)
}

func withLines(orig []byte, lines []string) []byte {
	out := bytes.Clone(orig)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	for _, l := range lines {
		out = append(out, l...)
		out = append(out, '\n')
	}
	return out
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == "__pycache__" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
}
