package plan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pyfile/pyfile/pyfile"
)

// defaultGunicornPort is gunicorn's own default port, exposed when the Pyfile names none.
const defaultGunicornPort = 8000

// withGunicorn returns the entrypoint with container-friendly gunicorn options added:
// workers heartbeat in /dev/shm (not the overlay filesystem) and gunicorn listens on all
// interfaces. Options the entrypoint already passes are left alone (a [gunicorn] key that
// the entrypoint passes too is a Pyfile error). It also returns the ports to expose,
// defaulting to gunicorn's port.
func withGunicorn(f *pyfile.File, ports []pyfile.Port) ([]string, []pyfile.Port) {
	argv := f.Entrypoint
	if !pyfile.IsGunicorn(argv) {
		return argv, ports
	}
	g := f.Gunicorn
	if g == nil {
		g = &pyfile.Gunicorn{}
	}
	if len(ports) == 0 {
		ports = []pyfile.Port{{Number: defaultGunicornPort, Protocol: "tcp"}}
	}
	values := map[string]string{
		"bind":           orDefault(g.Bind, "0.0.0.0:"+strconv.Itoa(firstTCP(ports))),
		"worker_tmp_dir": orDefault(g.WorkerTmpDir, "/dev/shm"),
		"workers":        itoaOrEmpty(g.Workers),
		"worker_class":   g.WorkerClass,
		"threads":        itoaOrEmpty(g.Threads),
		"timeout":        itoaOrEmpty(g.Timeout),
	}
	var added []string
	for _, fl := range pyfile.GunicornFlags {
		if v := values[fl.Key]; v != "" && !pyfile.Passes(argv, fl.Spellings) {
			added = append(added, fl.Spellings[0], v)
		}
	}
	at := 1 // after "gunicorn", or after "python -m gunicorn"
	if !strings.HasSuffix(argv[0], "gunicorn") {
		at = 3
	}
	return slices.Concat(argv[:at], added, argv[at:]), ports
}

func firstTCP(ports []pyfile.Port) int {
	for _, p := range ports {
		if p.Protocol == "tcp" {
			return p.Number
		}
	}
	return defaultGunicornPort
}

func itoaOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
