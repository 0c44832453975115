package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/pyfile/pyfile/internal/bkrun"
)

//go:embed pybench/cpu.py
var cpuScript string

// Runtime is what one image did when run.
type Runtime struct {
	HTTPSeconds float64            `json:"http_seconds"` // container start to first HTTP 200
	Python      string             `json:"python"`
	Executable  string             `json:"executable"`
	CPU         map[string]float64 `json:"cpu_seconds"`
}

// measureRuntime runs the image twice with BuildKit's container API on the host network,
// one container at a time: the app until it first answers 200 on GET /, then the CPU
// benchmarks with the image's own python (the first python on the image's PATH, which is
// each contender's venv).
func measureRuntime(ctx context.Context, b *bkrun.Built, app App) (Runtime, error) {
	var rt Runtime
	took, err := startToFirst200(ctx, b, app)
	if err != nil {
		return rt, err
	}
	rt.HTTPSeconds = took.Seconds()

	ctr, err := b.Start(ctx)
	if err != nil {
		return rt, err
	}
	defer ctr.Release()
	out, err := ctr.Exec(ctx, "", "python", "-c", cpuScript)
	if err != nil {
		return rt, fmt.Errorf("CPU benchmarks: %w\n%s", err, out)
	}
	lines := strings.Split(out, "\n")
	var res struct {
		Python     string             `json:"python"`
		Executable string             `json:"executable"`
		Seconds    map[string]float64 `json:"seconds"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		return rt, fmt.Errorf("CPU benchmarks printed %q: %w", out, err)
	}
	rt.Python, rt.Executable, rt.CPU = res.Python, res.Executable, res.Seconds
	return rt, nil
}

// startToFirst200 measures from creating the container to the app's first 200 on GET /.
func startToFirst200(ctx context.Context, b *bkrun.Built, app App) (time.Duration, error) {
	addr := fmt.Sprintf("127.0.0.1:%d", app.Port)
	if err := waitPortFree(addr, 30*time.Second); err != nil {
		return 0, err
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	url := "http://" + addr + "/"
	start := time.Now()
	ctr, err := b.Start(ctx)
	if err != nil {
		return 0, err
	}
	defer func() {
		ctr.Release()
		waitPortFree(addr, 30*time.Second)
	}()
	log := &bkrun.Buffer{}
	if _, err := ctr.Serve(ctx, log); err != nil {
		return 0, fmt.Errorf("start the app: %w", err)
	}
	want := fmt.Sprintf(`"app":%q`, app.Name)
	deadline := start.Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := hc.Do(req)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				took := time.Since(start)
				if !strings.Contains(string(body), want) {
					return 0, fmt.Errorf("GET %s answered %q, want %s", url, body, want)
				}
				return took, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return 0, fmt.Errorf("no 200 from %s within 2 minutes; app output:\n%s", url, log)
}

// waitPortFree waits until nothing listens on addr: the benchmark runs one app at a time.
func waitPortFree(addr string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		l, err := net.Listen("tcp", addr)
		if err == nil {
			return l.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s is taken; the benchmark needs it free: %w", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
