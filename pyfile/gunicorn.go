package pyfile

import "strings"

// GunicornFlag is a gunicorn option that a [gunicorn] key sets, with its spellings.
type GunicornFlag struct {
	Key       string   // key in the [gunicorn] table
	Spellings []string // command-line spellings, long form first
}

// GunicornFlags are the options the frontend can set for gunicorn, in the order it adds them.
var GunicornFlags = []GunicornFlag{
	{"bind", []string{"--bind", "-b"}},
	{"worker_tmp_dir", []string{"--worker-tmp-dir"}},
	{"workers", []string{"--workers", "-w"}},
	{"worker_class", []string{"--worker-class", "-k"}},
	{"threads", []string{"--threads"}},
	{"timeout", []string{"--timeout", "-t"}},
}

// IsGunicorn reports whether argv starts gunicorn, directly or with "python -m gunicorn".
func IsGunicorn(argv []string) bool {
	if len(argv) == 0 {
		return false
	}
	prog := argv[0][strings.LastIndex(argv[0], "/")+1:]
	if prog == "gunicorn" {
		return true
	}
	return strings.HasPrefix(prog, "python") && len(argv) > 2 && argv[1] == "-m" && argv[2] == "gunicorn"
}

// Passes reports whether argv already sets an option, as "--opt v", "--opt=v" or "-ov".
func Passes(argv []string, spellings []string) bool {
	for _, a := range argv[1:] {
		for _, s := range spellings {
			if a == s || strings.HasPrefix(a, s+"=") || len(s) == 2 && strings.HasPrefix(a, s) {
				return true
			}
		}
	}
	return false
}
