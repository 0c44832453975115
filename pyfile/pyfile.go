// Package pyfile parses and validates Pyfiles, keeping the source position of every key.
package pyfile

// File is a parsed and validated Pyfile: what its author wrote, no defaults applied.
type File struct {
	Name         string    // file name used in messages, e.g. "Pyfile"
	Python       string    // "3.12"
	Requirements []string  // paths in the build context
	Entrypoint   []string  // argv
	Cmd          []string  // default arguments, may be nil
	Base         string    // image reference, "" for the default
	Workdir      string    // "" for the default
	User         User      // zero fields for defaults
	Env          []EnvVar  // sorted by name
	Ports        []Port    // in file order
	Labels       []Label   // sorted by key
	Apt          Apt       // extra Debian packages
	Gunicorn     *Gunicorn // nil when the Pyfile has no [gunicorn] table
	Installer    string    // "uv" or "pip"; "" for the default
	Compilers    string    // "auto", "always" or "never"; "" for the default
	Warnings     []*Error  // problems that do not stop the build
	positions    positions // key path -> where it was written
}

// User is the runtime user. Zero values mean "use the default".
type User struct {
	Name string
	UID  int
	GID  int
}

// EnvVar is one variable of the [env] table.
type EnvVar struct {
	Name, Value string
}

// Port is an exposed port.
type Port struct {
	Number   int
	Protocol string // "tcp" or "udp"
}

// Label is one entry of the [labels] table.
type Label struct {
	Key, Value string
}

// Apt lists Debian packages installed in the builder stage only or in the runner stage.
type Apt struct {
	Build   []string
	Runtime []string
}

// Gunicorn holds settings applied when the entrypoint runs gunicorn. Zero values mean "default".
type Gunicorn struct {
	Bind         string
	Workers      int
	WorkerClass  string
	WorkerTmpDir string
	Threads      int
	Timeout      int
}

// Pos returns where key (a dotted path such as "apt.build" or "entrypoint") was written,
// or line 1, column 1 when the key is absent.
func (f *File) Pos(key string) Position {
	if p, ok := f.positions[key]; ok {
		return p.value
	}
	return Position{Line: 1, Column: 1}
}

// Lines returns the lines where the first of keys that the file sets was written (a
// table's header for a table), or nil when it sets none of them: build steps point
// their errors there.
func (f *File) Lines(keys ...string) []int {
	for _, k := range keys {
		if p, ok := f.positions[k]; ok {
			return []int{p.key.Line}
		}
	}
	return nil
}

// Errorf returns an error located at key's value, in the Pyfile's message format.
func (f *File) Errorf(rule Rule, key, format string, args ...any) *Error {
	return newError(rule, f.Name, f.Pos(key), key, format, args...)
}
