package frontend

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/moby/buildkit/frontend/subrequests/targets"

	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

func TestListTargets(t *testing.T) {
	src := &dockerui.Source{SourceMap: sourceMap()}
	res, err := listTargets(src).ToResult()
	if err != nil {
		t.Fatal(err)
	}
	var l targets.List
	if err := json.Unmarshal(res.Metadata["result.json"], &l); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tg := range l.Targets {
		names = append(names, tg.Name)
		if tg.Description == "" {
			t.Errorf("target %s has no description", tg.Name)
		}
		if tg.Default != (tg.Name == "runner") {
			t.Errorf("target %s: default = %v", tg.Name, tg.Default)
		}
	}
	if strings.Join(names, " ") != "runner builder wheels" {
		t.Errorf("targets %q", names)
	}
	if !strings.Contains(string(res.Metadata["result.txt"]), "runner (default)") {
		t.Errorf("result.txt:\n%s", res.Metadata["result.txt"])
	}
}

func TestOutline(t *testing.T) {
	const pf = "# syntax=org/pyfile\npython = \"3.12\"\n\nrequirements = \"requirements.txt\"\nentrypoint = [\"python\", \"app.py\"]\n"
	f, err := pyfile.Parse("Pyfile", []byte(pf))
	if err != nil {
		t.Fatal(err)
	}
	res, err := outlineOf(&dockerui.Source{SourceMap: sourceMap()}, f, plan.TargetRunner).ToResult()
	if err != nil {
		t.Fatal(err)
	}
	var o outline.Outline
	if err := json.Unmarshal(res.Metadata["result.json"], &o); err != nil {
		t.Fatal(err)
	}
	if o.Name != "runner" || o.Description == "" {
		t.Errorf("outline of %q: %q", o.Name, o.Description)
	}
	var args, secrets []string
	for _, a := range o.Args {
		args = append(args, a.Name)
	}
	for _, s := range o.Secrets {
		secrets = append(secrets, s.Name)
		if s.Required || s.Location == nil || s.Location.Ranges[0].Start.Line != 4 {
			t.Errorf("secret %s = %+v, want optional, at the requirements line 4", s.Name, s)
		}
	}
	if strings.Join(args, " ") != "PYFILE_WHEELS_FROM BUILDKIT_CACHE_MOUNT_NS PYFILE_UV" || strings.Join(secrets, " ") != "ca-certificates pip.conf" {
		t.Errorf("args %q, secrets %q", args, secrets)
	}
}
