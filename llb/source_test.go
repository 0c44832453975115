package llb_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"

	pyllb "github.com/pyfile/pyfile/llb"
)

// A Pyfile with every key that steps point at, one per line.
const located = `# syntax=org/pyfile
python = "3.12"
requirements = "requirements.txt"
entrypoint = ["python", "app.py"]
workdir = "/srv"

[user]
name = "svc"

[apt]
build = ["libpq-dev"]
runtime = ["libpq5"]
`

// TestStepsPointAtTheirKeys: when a step fails, BuildKit shows the Pyfile lines its op is
// located at. Every step of both stages must point at the keys that caused it.
func TestStepsPointAtTheirKeys(t *testing.T) {
	for _, tc := range []struct {
		name, installer string
	}{{"uv", ""}, {"pip", "installer = \"pip\"\n"}} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(located, "workdir", tc.installer+"workdir", 1)
			f := parse(t, []byte(src))
			res := compile(t, f, nil, func(in *pyllb.Inputs) {
				in.Source = llb.NewSourceMap(nil, "Pyfile", "toml", []byte(src))
			})
			at := int32(0)
			if tc.installer != "" {
				at = 1 // one line further down
			}
			want := map[string][]int32{
				"builder: install Python 3.12 build tools":                 {2, 11 + at},
				"builder: create the venv at /opt/venv":                    {2},
				"builder: copy the requirement files":                      {3},
				"builder: install requirements":                            {3},
				"runner: install the Python 3.12 runtime":                  {2, 12 + at},
				"runner: add user svc (10001)":                             {7 + at},
				"runner: copy the venv from the builder":                   {3},
				"runner: copy the code to /srv":                            {5 + at},
				"runner: stage the code":                                   {5 + at},
				"runner: compile and seal the code (bytecode, chmod go-w)": {5 + at},
			}
			if tc.installer == "" {
				want["builder: install uv 0.13.9"] = []int32{2}
			}
			def := marshalDef(t, res.Runner)
			located := map[string][]int32{}
			for d, m := range def.Metadata {
				name := m.Description["llb.customname"]
				for _, loc := range def.Source.Locations[string(d)].GetLocations() {
					for _, r := range loc.Ranges {
						located[name] = append(located[name], r.Start.Line)
					}
				}
			}
			for name, lines := range want {
				if !slices.Equal(located[name], lines) {
					t.Errorf("%q points at lines %v, want %v", name, located[name], lines)
				}
			}
			for name := range located {
				if _, ok := want[name]; !ok && name != "" && !strings.HasPrefix(name, "pyfile: ") {
					t.Errorf("%q points at lines %v, which this test does not expect", name, located[name])
				}
			}
		})
	}
}
