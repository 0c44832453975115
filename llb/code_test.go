package llb_test

import (
	"testing"
)

// The code reaches the image compiled and read-only through a step of its own, so the
// copy needs no symbolic modes, which BuildKit before v0.17 ignores (copying every file
// with mode 0000): the same LLB, files and modes on every daemon.
func TestCodeIsSealed(t *testing.T) {
	_, res := compileExample(t, "flask", nil)
	g := marshal(t, res.Runner)
	code, from, to := g.copy(t, "runner: copy the code to /app")
	if code.ModeStr != "" || code.Mode != -1 || code.Src != "/" || code.Dest != "/app" || !code.DirCopyContents || code.Owner != nil {
		t.Errorf("code copy = %v, want / -> /app keeping the modes it finds, owned by root", code)
	}
	eq(t, "code copy onto", to, "runner: copy the venv from the builder")
	seal := g.exec(t, "runner: compile and seal the code (bytecode, chmod go-w)")
	eq(t, "code copy from", from, seal.name)
	eqs(t, "seal argv", seal.args(), sh(sealScript, "/usr/bin/python3.12", "/run/pyfile/code", "/app"))
	eq(t, "seal rootfs", seal.rootfs(t), "runner: install the Python 3.12 runtime")
	m := seal.mount(t, "/run/pyfile/code")
	if m.Readonly || m.Output < 0 {
		t.Errorf("code mount = %v, want a writable mount whose output is copied", m)
	}
	staged, sfrom, sto := g.copy(t, "runner: stage the code")
	if staged.ModeStr != "" || staged.Mode != -1 || sfrom != "local://context" || sto != "" {
		t.Errorf("staged copy = %v from %q onto %q, want the context as it is onto scratch", staged, sfrom, sto)
	}
	eq(t, "seal mount input", seal.in(m.Input), "runner: stage the code")
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
