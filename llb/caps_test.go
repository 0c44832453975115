package llb_test

import (
	"testing"

	"github.com/moby/buildkit/solver/pb"
	"github.com/moby/buildkit/util/apicaps"
	apipb "github.com/moby/buildkit/util/apicaps/pb"

	pyllb "github.com/pyfile/pyfile/llb"
)

// capsWithout is a daemon's LLB capability set: every current capability but the ones named.
func capsWithout(ids ...apicaps.CapID) *apicaps.CapSet {
	var list []*apipb.APICap
	for _, c := range pb.Caps.All() {
		missing := false
		for _, id := range ids {
			missing = missing || c.ID == string(id)
		}
		if !missing {
			list = append(list, c)
		}
	}
	set := pb.Caps.CapSet(list)
	return &set
}

func TestCodeCopyOnCurrentBuildKit(t *testing.T) {
	_, res := compileExample(t, "flask", func(in *pyllb.Inputs) { in.Caps = capsWithout() })
	g := marshal(t, res.Runner)
	code, from, _ := g.copy(t, "runner: copy the code to /app")
	if code.ModeStr != "go-w" || from != "local://context" {
		t.Errorf("code copy = %v from %q, want mode go-w straight from the context", code, from)
	}
	if n := g.nodes["runner: make the code read-only (chmod go-w)"]; n != nil {
		t.Errorf("a daemon with file.copy.modestring runs the chmod fallback")
	}
}

// BuildKit before v0.17 (no exec.validexitcode, which came with mode strings) ignores a symbolic mode and copies files with mode 0000: the
// compiler must not use it there, and must make the code read-only another way.
func TestCodeCopyBeforeModeStrings(t *testing.T) {
	_, res := compileExample(t, "flask", func(in *pyllb.Inputs) { in.Caps = capsWithout(pb.CapExecValidExitCode) })
	g := marshal(t, res.Runner)
	code, from, to := g.copy(t, "runner: copy the code to /app")
	if code.ModeStr != "" || code.Mode != -1 || code.Src != "/" || code.Dest != "/app" || !code.DirCopyContents || code.Owner != nil {
		t.Errorf("code copy = %v, want / -> /app keeping the modes it finds, owned by root", code)
	}
	eq(t, "code copy onto", to, "runner: copy the venv from the builder")
	chmod := g.exec(t, "runner: make the code read-only (chmod go-w)")
	eq(t, "code copy from", from, chmod.name)
	eqs(t, "chmod argv", chmod.args(), []string{"/bin/chmod", "-R", "go-w", "/run/pyfile/code"})
	eq(t, "chmod rootfs", chmod.rootfs(t), "docker-image://docker.io/library/ubuntu:24.04")
	m := chmod.mount(t, "/run/pyfile/code")
	if m.Readonly || m.Output < 0 {
		t.Errorf("code mount = %v, want a writable mount whose output is copied", m)
	}
	staged, sfrom, sto := g.copy(t, "runner: stage the code")
	if staged.ModeStr != "" || staged.Mode != -1 || sfrom != "local://context" || sto != "" {
		t.Errorf("staged copy = %v from %q onto %q, want the context as it is onto scratch", staged, sfrom, sto)
	}
	eq(t, "chmod mount input", chmod.in(m.Input), "runner: stage the code")
	// Nothing of the compiled build may need the capability the daemon lacks.
	for name, n := range g.nodes {
		if f := n.GetFile(); f != nil {
			for _, a := range f.Actions {
				if c := a.GetCopy(); c != nil && c.ModeStr != "" {
					t.Errorf("%q uses a symbolic mode", name)
				}
			}
		}
	}
}
