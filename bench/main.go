// Command bench compares building and running Python apps with the Pyfile frontend, the seed's "perfect" Dockerfile (through BuildKit's builtin Dockerfile frontend and through the docker/dockerfile:1 gateway image) and a naive Dockerfile on the test bed, and writes docs/bench.md and docs/bench.png.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/pyfile/pyfile/internal/bkrun"
)

func main() {
	runs := flag.Int("runs", 5, "runs per app and contender; every figure is the median of the runs")
	quick := flag.Bool("quick", false, "smoke test: 3 runs, flask only")
	out := flag.String("out", "docs", "directory for bench.md, bench.png and bench.json (the raw samples), relative to the repository root")
	appList := flag.String("apps", "flask,pandas", "apps under examples/ to benchmark, comma-separated")
	report := flag.Bool("report", false, "measure nothing: render bench.md and bench.png from OUT/bench.json")
	cts := flag.String("contenders", "A,B,G,C", "contenders to measure, comma-separated, in the order of the list")
	local := flag.Bool("local", false, "only builder 1's figures: cold build, no-op and code-only rebuilds, frontend overhead, image size")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run -C bench . [-runs N] [-quick] [-out DIR] [-apps flask,pandas] [-contenders A,B,G,C] [-local] [-report]")
		fmt.Fprintln(os.Stderr, "Needs the test bed: hack/testbed/up.sh, then `. .testbed/env`.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*runs, *quick, *out, *appList, *cts, *local, *report); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(runs int, quick bool, out, appList, ctList string, local, reportOnly bool) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	// go run -C bench runs in bench/: a relative -out names a directory of the repository.
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if reportOnly {
		res, err := loadResults(out)
		if err != nil {
			return err
		}
		return render(res, out)
	}
	if quick {
		runs, appList = 3, "flask"
	}
	if runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	var apps []App
	for _, name := range strings.Split(appList, ",") {
		i := slices.IndexFunc(allApps, func(a App) bool { return a.Name == name })
		if i < 0 {
			return fmt.Errorf("no app %q (have flask, pandas)", name)
		}
		apps = append(apps, allApps[i])
	}
	cts, err := pickContenders(ctList)
	if err != nil {
		return err
	}
	for _, v := range []string{"BUILDKIT_HOST", "PYFILE_REGISTRY", "PYFILE_TESTBED"} {
		if os.Getenv(v) == "" {
			return fmt.Errorf("%s is not set: the benchmark runs on the test bed; run hack/testbed/up.sh, then `. .testbed/env`", v)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// The test bed must be up: its buildkitd answers, and its binary and config are what
	// every fresh builder of the benchmark runs.
	c, err := bkrun.Connect(ctx, os.Getenv("BUILDKIT_HOST"))
	if err != nil {
		return err
	}
	info, err := c.Info(ctx)
	c.Close()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "pyfile-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	res := &Results{
		Command: commandLine(), Started: time.Now(), Runs: runs, Local: local,
		Machine: map[string]string{
			"cpus":     fmt.Sprint(runtime.NumCPU()),
			"buildkit": info.BuildkitVersion.Version,
			"go":       runtime.Version(),
			"os/arch":  runtime.GOOS + "/" + runtime.GOARCH,
		},
		Requirements: map[string]int{},
	}
	if err := pinFrontends(ctx, res, os.Getenv("PYFILE_REGISTRY"), cts); err != nil {
		return err
	}
	res.Commit = gitCommit(root)
	res.Base = os.Getenv("PYFILE_REGISTRY") + "/library/ubuntu:24.04"
	gz, raw, err := imageSizes(ctx, res.Base)
	if err != nil {
		return fmt.Errorf("the base image: %w", err)
	}
	res.BaseGz, res.BaseBytes = float64(gz), float64(raw)
	for _, a := range apps {
		res.Apps = append(res.Apps, a.Name)
		n, err := countRequirements(filepath.Join(root, "examples", a.Name, "requirements.txt"))
		if err != nil {
			return err
		}
		res.Requirements[a.Name] = n
	}
	b := &bench{
		root: root, tmp: tmp, registry: os.Getenv("PYFILE_REGISTRY"),
		stamp: time.Now().UTC().Format("20060102t150405"), res: res,
		logf: func(format string, args ...any) {
			fmt.Printf("%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
		},
	}
	b.logf("%s: %d runs of %s, contenders %s alternating; frontends A %s, G %s", res.Command, runs, appList, keys(cts), res.Frontend, res.FrontendG)
	shared := startSharing()
	finish := func() { res.Samples2s, res.Shared, res.Others = shared.done() }
	// A B G C, A B G C...: each run measures every app with every contender in turn, so
	// anything that drifts during the benchmark (network, registry, disk) hits all alike.
	for i := 1; i <= runs; i++ {
		for _, app := range apps {
			for _, ct := range cts {
				if err := b.sequence(ctx, i, app, ct); err != nil {
					finish()
					res.save(out)
					return fmt.Errorf("%w\n(the samples so far are in %s)", err, filepath.Join(out, "bench.json"))
				}
				if err := res.save(out); err != nil {
					return err
				}
			}
		}
	}
	finish()
	res.Finished, res.Done = time.Now(), true
	if err := res.save(out); err != nil {
		return err
	}
	b.logf("done in %s; another build was running in %d of %d samples %v", res.Finished.Sub(res.Started).Round(time.Second), res.Shared, res.Samples2s, res.Others)
	return render(res, out)
}

// pickContenders selects contenders by key, in the order of the contenders list.
func pickContenders(list string) ([]Contender, error) {
	want := strings.Split(list, ",")
	for _, k := range want {
		if !slices.ContainsFunc(contenders, func(ct Contender) bool { return ct.Key == k }) {
			return nil, fmt.Errorf("no contender %q (have %s)", k, keys(contenders))
		}
	}
	var out []Contender
	for _, ct := range contenders {
		if slices.Contains(want, ct.Key) {
			out = append(out, ct)
		}
	}
	return out, nil
}

// gitCommit describes the checkout: its commit, "+dirty" if tracked files changed.
func gitCommit(root string) string {
	out, err := exec.Command("git", "-C", root, "describe", "--always", "--dirty=+dirty", "--abbrev=12").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// benchCommand runs the benchmark from the repository root; bench is a module of its own.
const benchCommand = "go run -C bench ."

func commandLine() string {
	return strings.TrimSpace(benchCommand + " " + strings.Join(os.Args[1:], " "))
}

// repoRoot is the directory holding go.mod and examples/, from the working directory up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "examples", "flask", "Pyfile")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run the benchmark inside the pyfile repository")
		}
		dir = parent
	}
}

func countRequirements(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "==") && !strings.HasPrefix(strings.TrimSpace(line), "#") {
			n++
		}
	}
	return n, nil
}
