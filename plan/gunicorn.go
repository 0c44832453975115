package plan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pyfile/pyfile/pyfile"
)

// defaultGunicornPort is gunicorn's own default port, exposed when the Pyfile names none.
const defaultGunicornPort = 8000

// gunicornFlag is one gunicorn option the frontend can set, with its spellings.
type gunicornFlag struct {
	key       string   // key in the [gunicorn] table
	spellings []string // command-line spellings, long form first
}

var gunicornFlags = []gunicornFlag{
	{"bind", []string{"--bind", "-b"}},
	{"worker_tmp_dir", []string{"--worker-tmp-dir"}},
	{"workers", []string{"--workers", "-w"}},
	{"worker_class", []string{"--worker-class", "-k"}},
	{"threads", []string{"--threads"}},
	{"timeout", []string{"--timeout", "-t"}},
}

// withGunicorn returns the entrypoint with container-friendly gunicorn options added:
// workers heartbeat in /dev/shm (not the overlay filesystem) and gunicorn listens on all
// interfaces. Options the entrypoint already passes are left alone. It also returns the
// ports to expose, defaulting to gunicorn's port.
func withGunicorn(f *pyfile.File, ports []pyfile.Port) ([]string, []pyfile.Port, error) {
	argv := f.Entrypoint
	if !pyfile.IsGunicorn(argv) {
		return argv, ports, nil
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
	explicit := map[string]bool{
		"bind": g.Bind != "", "worker_tmp_dir": g.WorkerTmpDir != "",
		"workers": g.Workers != 0, "worker_class": g.WorkerClass != "", "threads": g.Threads != 0, "timeout": g.Timeout != 0,
	}
	var added []string
	for _, fl := range gunicornFlags {
		v := values[fl.key]
		if v == "" {
			continue
		}
		if passes(argv, fl.spellings) {
			if explicit[fl.key] {
				return nil, nil, f.Errorf("gunicorn."+fl.key, "key \"gunicorn.%s\" is set and the entrypoint also passes %s; keep one of them", fl.key, fl.spellings[0])
			}
			continue
		}
		added = append(added, fl.spellings[0], v)
	}
	at := 1 // after "gunicorn", or after "python -m gunicorn"
	if !strings.HasSuffix(argv[0], "gunicorn") {
		at = 3
	}
	out := slices.Concat(argv[:at], added, argv[at:])
	return out, ports, nil
}

// passes reports whether argv already sets an option, as "--opt v", "--opt=v" or "-ov".
func passes(argv []string, spellings []string) bool {
	for _, a := range argv[1:] {
		for _, s := range spellings {
			if a == s || strings.HasPrefix(a, s+"=") || len(s) == 2 && strings.HasPrefix(a, s) {
				return true
			}
		}
	}
	return false
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
