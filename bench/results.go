package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Figures, each a list of samples (one per run) per app and contender.
const (
	mCold         = "cold"          // s, fresh builder, nothing cached
	mNoop         = "noop"          // s, the same build again
	mCode         = "code"          // s, after a code-only change
	mReq          = "req"           // s, after one requirement was added
	mCacheFrom    = "cachefrom"     // s, fresh builder, --cache-from a mode=max registry cache, code-only change
	mOverheadNoop = "overhead_noop" // s, solve start -> first build step, no-op rebuild
	mOverheadCold = "overhead_cold" // s, the same in the cold build
	mSizeGz       = "size_gz"       // bytes, compressed layers
	mSize         = "size"          // bytes, uncompressed layers
	mHTTP         = "http"          // s, container start -> first HTTP 200
	mCPU          = "cpu_"          // + benchmark name: s, best of 5
	// Issue 4: a fresh builder after a one-line requirements change, --cache-from the
	// mode=max cache (A and B), and for A also with PYFILE_WHEELS_FROM.
	mFreshReq            = "fresh_req"
	mFreshReqDownloads   = "fresh_req_downloads"
	mFreshReqWheels      = "fresh_req_wheels"
	mFreshReqWheelsDowns = "fresh_req_wheels_downloads"
)

var cpuBenchmarks = []string{"nbody", "float", "richards", "json_dumps", "regex"}

// Results is everything a benchmark run measured; bench.json keeps it.
type Results struct {
	Command  string            `json:"command"`
	Local    bool              `json:"local,omitempty"` // -local: builder 1's figures only
	Started  time.Time         `json:"started"`
	Finished time.Time         `json:"finished"`
	Runs     int               `json:"runs"`
	Apps     []string          `json:"apps"`
	Machine  map[string]string `json:"machine"`
	// Frontend is the frontend image every A build used: org/pyfile:latest by digest.
	Frontend string `json:"frontend"`
	// FrontendG is the one every G build used: docker/dockerfile:1 by digest ("" in runs
	// from before G).
	FrontendG string `json:"frontend_g,omitempty"`
	Commit    string `json:"commit"`
	// Load is the 1-minute load average at the start and end of every sequence.
	Load []float64 `json:"load"`
	// Shared counts the 2-second samples of the process table during the run in which
	// another build ran on the machine (see idle.go), of Samples; Others names what ran.
	Samples2s int      `json:"samples_2s"`
	Shared    int      `json:"shared_samples"`
	Others    []string `json:"others"`
	// Base is the base image all contenders build on, and its sizes.
	Base      string  `json:"base"`
	BaseGz    float64 `json:"base_size_gz"`
	BaseBytes float64 `json:"base_size"`
	// Requirements counts each app's pinned requirements (before the one added).
	Requirements map[string]int `json:"requirements"`
	// Samples[app][contender key][figure] are the figure's samples in run order.
	Samples  map[string]map[string]map[string][]float64 `json:"samples"`
	Builds   []BuildLog                                 `json:"builds"`
	Runtimes []RuntimeLog                               `json:"runtimes"`
	Done     bool                                       `json:"done"`
}

// RuntimeLog is one image's run.
type RuntimeLog struct {
	Run       int    `json:"run"`
	App       string `json:"app"`
	Contender string `json:"contender"`
	Runtime
}

func (r *Results) add(app, ct, figure string, v float64) {
	if r.Samples == nil {
		r.Samples = map[string]map[string]map[string][]float64{}
	}
	if r.Samples[app] == nil {
		r.Samples[app] = map[string]map[string][]float64{}
	}
	if r.Samples[app][ct] == nil {
		r.Samples[app][ct] = map[string][]float64{}
	}
	r.Samples[app][ct][figure] = append(r.Samples[app][ct][figure], v)
}

// frontends maps each contender that a gateway image builds to where the results keep
// that image's pinned reference.
func (r *Results) frontends() map[string]*string {
	return map[string]*string{"A": &r.Frontend, "G": &r.FrontendG}
}

// frontend is the pinned gateway image of a contender, "" if it has none.
func (r *Results) frontend(key string) string {
	if p := r.frontends()[key]; p != nil {
		return *p
	}
	return ""
}

// measured lists the contenders with samples of figure for any app ("": of any figure), in
// run order; the results of runs from before G have none of G.
func (r *Results) measured(figure string) []Contender {
	var out []Contender
	for _, ct := range contenders {
		for _, app := range r.Apps {
			if n := len(r.Samples[app][ct.Key]); n > 0 && (figure == "" || len(r.get(app, ct.Key, figure)) > 0) {
				out = append(out, ct)
				break
			}
		}
	}
	return out
}

// has tells whether the results have samples of the contender with key.
func (r *Results) has(key string) bool {
	return slices.ContainsFunc(r.measured(""), func(ct Contender) bool { return ct.Key == key })
}

func (r *Results) get(app, ct, figure string) []float64 {
	return r.Samples[app][ct][figure]
}

func (r *Results) save(dir string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, "bench.json.tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "bench.json"))
}

func loadResults(dir string) (*Results, error) {
	data, err := os.ReadFile(filepath.Join(dir, "bench.json"))
	if err != nil {
		return nil, err
	}
	var r Results
	return &r, json.Unmarshal(data, &r)
}
