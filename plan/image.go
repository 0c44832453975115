package plan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pyfile/pyfile/pyfile"
)

// image builds the runner's image config. The user's env comes last so it can override
// the Python defaults (but not PATH or VIRTUAL_ENV, which the pyfile package refuses).
func image(f *pyfile.File, p *Plan, entrypoint []string, ports []pyfile.Port) Image {
	env := []string{
		"PATH=" + VenvDir + "/bin:" + SystemPath,
		"VIRTUAL_ENV=" + VenvDir,
		"LANG=C.UTF-8",
		"PYTHONUNBUFFERED=1",
		"PYTHONDONTWRITEBYTECODE=1",
	}
	for _, e := range f.Env {
		env = setEnv(env, e.Name, e.Value)
	}
	exposed := make([]string, len(ports))
	for i, port := range ports {
		exposed[i] = strconv.Itoa(port.Number) + "/" + port.Protocol
	}
	labels := map[string]string{}
	for _, l := range f.Labels {
		labels[l.Key] = l.Value
	}
	return Image{
		Env:          env,
		Entrypoint:   entrypoint,
		Cmd:          f.Cmd,
		WorkingDir:   p.Workdir,
		User:         strconv.Itoa(p.User.UID) + ":" + strconv.Itoa(p.User.GID),
		ExposedPorts: exposed,
		Labels:       labels,
	}
}

// history describes the layers of the builder and of the runner, in the order the
// compiler adds them. Both start with the runner's Python layer.
func history(p *Plan) (builder, runner []string) {
	var reqs []string
	for _, r := range p.Requirements {
		reqs = append(reqs, "-r", r)
	}
	if p.Runner.System != nil {
		runner = append(runner, "pyfile runner: apt-get install "+strings.Join(aptPackages(*p.Runner.System), " "))
	}
	builder = append(slices.Clone(runner), "pyfile builder: apt-get install "+strings.Join(aptPackages(p.Builder.System), " "))
	install := "pyfile builder: pip install " + strings.Join(reqs, " ") + " into " + VenvDir + ", then remove pip"
	if p.Builder.Uv != nil {
		builder = append(builder, "pyfile builder: "+strings.TrimPrefix(p.Builder.Uv.Name, "builder: ")+" into "+UvToolDir)
		install = "pyfile builder: uv pip install " + strings.Join(reqs, " ") + " into " + VenvDir + " (compilers: " + p.Compilers + ")"
	}
	builder = append(builder, "pyfile builder: create the venv "+VenvDir+" with python"+p.Python, install)
	runner = append(runner,
		"pyfile runner: add user "+p.User.Name+" ("+strconv.Itoa(p.User.UID)+":"+strconv.Itoa(p.User.GID)+") with home /home/"+p.User.Name,
		"pyfile runner: copy "+VenvDir+" from the builder",
		"pyfile runner: copy the code to "+p.Workdir+", compiled to bytecode, owned by root, mode "+CodeMode,
	)
	return builder, runner
}

// setEnv replaces the variable name in env, or appends it.
func setEnv(env []string, name, value string) []string {
	for i, kv := range env {
		if strings.HasPrefix(kv, name+"=") {
			env[i] = name + "=" + value
			return env
		}
	}
	return append(env, name+"="+value)
}
