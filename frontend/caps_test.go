package frontend

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	gwpb "github.com/moby/buildkit/frontend/gateway/pb"
	"github.com/moby/buildkit/solver/pb"
	"github.com/moby/buildkit/util/apicaps"
	apipb "github.com/moby/buildkit/util/apicaps/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	pyllb "github.com/pyfile/pyfile/llb"
	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// without is a daemon's capability set from list: every capability but the ones named.
func without(list *apicaps.CapList, ids ...apicaps.CapID) apicaps.CapSet {
	var caps []*apipb.APICap
	for _, c := range list.All() {
		if !slices.Contains(ids, apicaps.CapID(c.ID)) {
			caps = append(caps, c)
		}
	}
	return list.CapSet(caps)
}

// release parses "v0.10.0" for comparison.
func release(t *testing.T, v string) [3]int {
	t.Helper()
	var out [3]int
	parts := strings.Split(strings.TrimPrefix(v, "v"), ".")
	if len(parts) != 3 || !strings.HasPrefix(v, "v") {
		t.Fatalf("release %q is not vX.Y.Z", v)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			t.Fatalf("release %q: %v", v, err)
		}
		out[i] = n
	}
	return out
}

func TestMinimumIsNewestFeature(t *testing.T) {
	newest := "v0.0.0"
	for _, f := range slices.Concat(gatewayFeatures, llbFeatures) {
		r, n := release(t, f.since), release(t, newest)
		if slices.Compare(r[:], n[:]) > 0 {
			newest = f.since
		}
	}
	if newest != MinBuildKit {
		t.Errorf("the newest feature needs BuildKit %s, but MinBuildKit is %s", newest, MinBuildKit)
	}
}

// compiledCaps compiles every example for every target and returns the LLB capabilities
// the definitions record.
func compiledCaps(t *testing.T) []apicaps.CapID {
	t.Helper()
	dirs, err := filepath.Glob("../examples/*/Pyfile")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var used []apicaps.CapID
	amd64 := ocispecs.Platform{OS: "linux", Architecture: "amd64"}
	for _, path := range dirs {
		dt, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := pyfile.Parse("Pyfile", dt)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		p, err := plan.New(f, plan.Options{Platform: "linux/amd64"})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		in := pyllb.Inputs{
			Context:  llb.Local("context", llb.ExcludePatterns([]string{".git"}), llb.SharedKeyHint("context"), llb.LocalUniqueID("x")),
			Base:     llb.Image(p.Base.Ref, llb.Platform(amd64)),
			Platform: amd64,
			NoCache:  map[plan.Target]bool{plan.TargetBuilder: true},
		}
		out := pyllb.Compile(p, in)
		for _, st := range []llb.State{out.Runner, out.Builder, out.Wheels} {
			def, err := st.Marshal(context.Background(), llb.Platform(amd64))
			if err != nil {
				t.Fatal(err)
			}
			for _, md := range def.Metadata {
				for id := range md.Caps {
					if !slices.Contains(used, id) {
						used = append(used, id)
					}
				}
			}
		}
	}
	return used
}

func TestLLBFeaturesCoverCompiledBuilds(t *testing.T) {
	used := compiledCaps(t)
	if !slices.Contains(used, pb.CapExecMountCache) {
		t.Fatalf("compiled builds record %q, not even cache mounts: the walk is broken", used)
	}
	for _, id := range used {
		if !slices.ContainsFunc(llbFeatures, func(f feature) bool { return f.id == id }) {
			t.Errorf("compiled builds use LLB capability %q, which llbFeatures does not list with the release that added it", id)
		}
	}
}

func TestCheckGateway(t *testing.T) {
	if err := checkGateway(without(&gwpb.Caps)); err != nil {
		t.Fatalf("a current daemon: %v", err)
	}
	err := checkGateway(without(&gwpb.Caps, gwpb.CapGatewayWarnings))
	if err == nil {
		t.Fatal("a daemon without gateway.warnings passed")
	}
	for _, want := range []string{`"gateway.warnings"`, "v0.10.0", "BuildKit " + MinBuildKit + " or later", "Docker Engine " + MinEngine, "--driver docker-container"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %s", err, want)
		}
	}
}

func TestCheckDefinition(t *testing.T) {
	st := llb.Image("docker.io/library/debian:bookworm-slim").Run(llb.Args([]string{"true"}),
		llb.AddMount("/c", llb.Scratch(), llb.AsPersistentCacheDir("c", llb.CacheMountLocked))).Root()
	def, err := st.Marshal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := checkDefinition(def, without(&pb.Caps)); err != nil {
		t.Fatalf("a current daemon: %v", err)
	}
	err = checkDefinition(def, without(&pb.Caps, pb.CapExecMountCache))
	if err == nil || !strings.Contains(err.Error(), `"exec.mount.cache" (cache mounts for apt and pip)`) {
		t.Errorf("a daemon without cache mounts: %v", err)
	}
	// A capability the table does not know still stops the build.
	err = checkDefinition(def, without(&pb.Caps, pb.CapExecMountCacheSharing, pb.CapExecMetaBase))
	if err == nil || !strings.Contains(err.Error(), `"exec.meta.base"`) {
		t.Errorf("a daemon without exec.meta.base: %v", err)
	}
}
