package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	// WSGI is the gunicorn application the Dockerfiles serve, as the app's Pyfile does.
	WSGI string
}

var allApps = []App{
	{Name: "flask", Main: "app.py", Workers: "2", WorkerClass: "gevent", Port: 8000, NewRequirement: "six==1.17.0", WSGI: "app:app"},
	{Name: "pandas", Main: "app.py", Workers: "2", Port: 8000, NewRequirement: "six==1.17.0", WSGI: "app:app"},
	{Name: "django", Main: "mysite/views.py", Workers: "2", Port: 8000, NewRequirement: "attrs==25.3.0", WSGI: "mysite.wsgi:application"},
}

// Contender is one way to build an app.
type Contender struct {
	Key   string // A, B, G or C
	Name  string // image repository suffix
	Label string
	Short string // the report's column header and the chart's legend
	File  string // the build definition's file name
	// Gateway is the frontend image that the build definition's first line names
	// (`# syntax=...`), pinned by digest for the run; "" for BuildKit's builtin Dockerfile
	// frontend, which runs inside buildkitd.
	Gateway string
	// Template is the Dockerfile template under dockerfiles/, "" for the app's own Pyfile.
	Template string
	// PipSteps match the names of the build steps whose pip resolves and downloads the
	// requirements (the frontend has had one or two such steps).
	PipSteps []string
}

// contenders in the order each run measures them. G is B's Dockerfile with a first line
// `# syntax=docker/dockerfile:1`: BuildKit's own Dockerfile frontend run as a gateway image,
// like A's frontend, which shows what running any frontend that way costs.
var contenders = []Contender{
	{Key: "A", Name: "pyfile", Label: "Pyfile (frontend)", Short: "Pyfile", File: "Pyfile", Gateway: "org/pyfile:latest", PipSteps: []string{"builder: download and build wheels", "builder: pip install requirements", "builder: install requirements"}},
	{Key: "B", Name: "perfect", Label: "seed's perfect Dockerfile", Short: "perfect Dockerfile", File: "Dockerfile", Template: "perfect.Dockerfile", PipSteps: perfectPipSteps},
	{Key: "G", Name: "perfect-gateway", Label: "seed's perfect Dockerfile via the docker/dockerfile:1 gateway image", Short: "perfect Dockerfile via docker/dockerfile:1", File: "Dockerfile", Template: "perfect.Dockerfile", Gateway: "docker/dockerfile:1", PipSteps: perfectPipSteps},
	{Key: "C", Name: "naive", Label: "naive Dockerfile", Short: "naive Dockerfile", File: "Dockerfile", Template: "naive.Dockerfile", PipSteps: []string{"/venv/bin/pip install -r requirements.txt"}},
}

var perfectPipSteps = []string{"pip3 install --no-cache-dir -r requirements.txt"}

// keys lists the contenders' keys: "A B G C".
func keys(cts []Contender) string {
	var out []string
	for _, ct := range cts {
		out = append(out, ct.Key)
	}
	return strings.Join(out, " ")
}

// except returns the contenders but the one with key.
func except(cts []Contender, key string) []Contender {
	return slices.DeleteFunc(slices.Clone(cts), func(ct Contender) bool { return ct.Key == key })
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
	perfect = append(perfect, "--worker-tmp-dir", "/dev/shm", app.WSGI)
	// What a naive Dockerfile passes: the app's settings, nothing container-specific.
	naive := []string{"gunicorn", "--bind", bind, "--workers", app.Workers}
	if app.WorkerClass != "" {
		naive = append(naive, "--worker-class", app.WorkerClass)
	}
	naive = append(naive, app.WSGI)
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
// removes the Pyfile, which a Dockerfile build does not need). frontend is the contender's
// gateway image pinned by digest, "" for none: A's Pyfile names it in its syntax line
// instead of org/pyfile, G's Dockerfile in a syntax line added at the top.
func NewWorkdir(root string, app App, ct Contender, dir, frontend string) (*Workdir, error) {
	if err := copyDir(filepath.Join(root, "examples", app.Name), dir); err != nil {
		return nil, err
	}
	var err error
	if ct.Template == "" {
		err = pinSyntax(dir, frontend)
	} else {
		err = writeDockerfile(dir, app, ct, frontend)
	}
	if err != nil {
		return nil, err
	}
	w := &Workdir{Dir: dir, main: filepath.Join(dir, app.Main), reqs: filepath.Join(dir, "requirements.txt")}
	if w.mainOrig, err = os.ReadFile(w.main); err != nil {
		return nil, err
	}
	if w.reqOrig, err = os.ReadFile(w.reqs); err != nil {
		return nil, err
	}
	return w, nil
}

// writeDockerfile renders the contender's Dockerfile into dir, with a first line
// `# syntax=FRONTEND` unless frontend is "", and removes the Pyfile.
func writeDockerfile(dir string, app App, ct Contender, frontend string) error {
	df, err := ct.Dockerfile(app)
	if err != nil {
		return err
	}
	if frontend != "" {
		df = append([]byte("# syntax="+frontend+"\n"), df...)
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), df, 0o644); err != nil {
		return err
	}
	return os.Remove(filepath.Join(dir, "Pyfile"))
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
