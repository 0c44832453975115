package e2e

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// example is an app under examples/ and how a user checks that it works.
type example struct {
	name   string
	python string // the Pyfile's version
	file   string // a code file, which must not be writable by the app
	server bool   // listens on port 8000
	answer func(ctx context.Context, c *bkrun.Container, out *bkrun.Buffer) error
}

var examples = []example{
	{name: "flask", python: "3.12", file: "app.py", server: true, answer: func(ctx context.Context, c *bkrun.Container, log *bkrun.Buffer) error {
		if err := expectHTTP(ctx, "http://127.0.0.1:8000/", `"app":"flask"`); err != nil {
			return err
		}
		if err := expectHTTP(ctx, "http://127.0.0.1:8000/info", `"uid":10001`); err != nil {
			return err
		}
		// gunicorn creates its workers' heartbeat files and unlinks them at once, so they are
		// seen as open descriptors of the workers, readable by their own user.
		out, err := c.Exec(ctx, "", "/bin/sh", "-c", "ls -l /proc/[0-9]*/fd/ 2>/dev/null | grep -o '[^ ]*wgunicorn-[^ ]*'; true")
		if err != nil || out == "" {
			return fmt.Errorf("no gunicorn heartbeat file is open (%q, %v)", out, err)
		}
		for _, f := range strings.Fields(out) {
			if !strings.HasPrefix(f, "/dev/shm/wgunicorn-") {
				return fmt.Errorf("gunicorn heartbeat file %s is not in /dev/shm", f)
			}
		}
		if strings.Contains(log.String(), "[ERROR]") {
			return fmt.Errorf("gunicorn logged an error")
		}
		return nil
	}},
	{name: "fastapi", python: "3.13", file: "main.py", server: true, answer: func(ctx context.Context, _ *bkrun.Container, _ *bkrun.Buffer) error {
		if err := expectHTTP(ctx, "http://127.0.0.1:8000/", `"app":"fastapi"`); err != nil {
			return err
		}
		return expectHTTP(ctx, "http://127.0.0.1:8000/items/42", `{"item_id":42}`)
	}},
	{name: "pandas", python: "3.12", file: "app.py", server: true, answer: func(ctx context.Context, _ *bkrun.Container, _ *bkrun.Buffer) error {
		return expectHTTP(ctx, "http://127.0.0.1:8000/?rows=1000", `"rows":1000`)
	}},
	{name: "django", python: "3.12", file: "mysite/wsgi.py", server: true, answer: func(ctx context.Context, _ *bkrun.Container, _ *bkrun.Buffer) error {
		if err := expectHTTP(ctx, "http://127.0.0.1:8000/", `"app":"django"`); err != nil {
			return err
		}
		// The admin works before any migration (signed-cookie sessions), and whitenoise
		// serves its static files without collectstatic.
		if err := expectHTTP(ctx, "http://127.0.0.1:8000/admin/login/", "Django administration"); err != nil {
			return err
		}
		return expectHTTP(ctx, "http://127.0.0.1:8000/static/admin/css/base.css", "")
	}},
	{name: "cli", python: "3.11", file: "pyfile_cli/__main__.py", answer: func(ctx context.Context, _ *bkrun.Container, out *bkrun.Buffer) error {
		for _, want := range []string{"pyfile-cli: hello from Python 3.11", "hello, world!"} {
			if !strings.Contains(out.String(), want) {
				return fmt.Errorf("CLI output %q lacks %q", out.String(), want)
			}
		}
		return nil
	}},
}

// TestExamples builds every example through every route, runs the image as its config
// says and checks it like a user would.
func TestExamples(t *testing.T) {
	c := connect(t)
	for _, r := range bkrun.Routes {
		for _, ex := range examples {
			t.Run(r.Name+"/"+ex.name, func(t *testing.T) {
				_, err := build(t, c, "../examples/"+ex.name, r.Name, bkrun.Options{}, func(ctx context.Context, b *bkrun.Built) error {
					return runAndCheck(ctx, b, ex)
				})
				if err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func runAndCheck(ctx context.Context, b *bkrun.Built, ex example) error {
	if ex.server {
		if err := portFree(8000); err != nil {
			return err
		}
	}
	c, err := b.Start(ctx)
	if err != nil {
		return err
	}
	defer c.Release()
	out := &bkrun.Buffer{}
	p, err := c.Serve(ctx, out)
	if err != nil {
		return fmt.Errorf("start the entrypoint: %w", err)
	}
	if !ex.server {
		if err := p.Wait(); err != nil {
			return fmt.Errorf("CLI failed: %w\n%s", err, out)
		}
	}
	if err := ex.answer(ctx, c, out); err != nil {
		return fmt.Errorf("%w\ncontainer output:\n%s", err, out)
	}
	if err := checkImage(ctx, b, c, ex); err != nil {
		return fmt.Errorf("image check: %w", err)
	}
	return nil
}

// checkImage checks what every Pyfile image promises, from inside the running container.
// Each check is a script that prints the problems it finds and exits 0 (see bkrun.Container).
func checkImage(ctx context.Context, b *bkrun.Built, c *bkrun.Container, ex example) error {
	cfg := b.Image.Config
	if cfg.User != "10001:10001" {
		return fmt.Errorf("image user %q, want 10001:10001", cfg.User)
	}
	if out, err := c.Exec(ctx, "", "id", "-u"); err != nil || out != "10001" {
		return fmt.Errorf("id -u = %q (%v), want 10001", out, err)
	}
	if out, err := c.Exec(ctx, "", "python", "-V"); err != nil || !strings.HasPrefix(out, "Python "+ex.python+".") {
		return fmt.Errorf("python -V = %q (%v), want Python %s.x", out, err, ex.python)
	}
	// As the app's user: nothing of the code or the venv is writable.
	asUser := `for p in "$@"; do if test -w "$p"; then echo "writable: $p"; fi; done
if touch /app/.probe 2>/dev/null; then echo "can create files in /app"; fi
home=$(getent passwd "$(id -u)" | cut -d: -f6)
if ! test -w "$home"; then echo "home $home is not writable"; fi`
	if out, err := c.Exec(ctx, "", "/bin/sh", "-c", asUser, "check", "/app/"+ex.file, "/app", "/opt/venv", "/opt/venv/bin/python"); err != nil || out != "" {
		return fmt.Errorf("file permissions for the app's user: %q (%v)", out, err)
	}
	// As root: no compiler, headers, pip, pip cache, apt lists or downloaded packages.
	asRoot := `for p in "$@"; do if test -e "$p"; then echo "present: $p"; fi; done
ls /var/lib/apt/lists /var/cache/apt/archives /var/cache/pyfile-apt 2>/dev/null | grep -e Packages -e '[.]deb$'
dpkg-query --show --showformat='${Package}\n' | grep -x -e '.*-dev' -e 'gcc' -e 'gcc-[0-9]*' -e 'cpp' -e 'build-essential' -e 'python[0-9.]*-venv'
true`
	out, err := c.Exec(ctx, "0:0", "/bin/sh", "-c", asRoot, "check",
		"/usr/bin/gcc", "/usr/bin/cc", "/usr/include/python"+ex.python, "/root/.cache/pip", "/opt/venv/bin/pip", "/opt/pyfile", "/root/.cache/uv")
	if err != nil || out != "" {
		return fmt.Errorf("runtime image has build leftovers: %q (%v)", out, err)
	}
	// Bytecode was compiled at build time, hash-based (PEP 552 flags 1: unchecked hash), for
	// the code and the venv: reproducible, and no start compiles anything.
	pycs := `import pathlib, sys
mod = pathlib.Path(sys.argv[1])
pyc = [p for p in (mod.parent / "__pycache__").glob(mod.stem + ".*.pyc")]
venv = sorted(pathlib.Path("/opt/venv/lib").glob("python*/site-packages/*/__pycache__/__init__.*.pyc"))[:1]
if not pyc or not venv:
    print("missing .pyc:", pyc, venv)
for p in pyc + venv:
    flags = int.from_bytes(p.read_bytes()[4:8], "little")
    if flags != 1:
        print(p, "has flags", flags)
`
	if out, err := c.Exec(ctx, "", "python", "-c", pycs, "/app/"+ex.file); err != nil || out != "" {
		return fmt.Errorf("bytecode: %q (%v)", out, err)
	}
	return nil
}

func expectHTTP(ctx context.Context, url, want string) error {
	code, body, err := bkrun.Get(ctx, url, 60*time.Second)
	if err != nil {
		return err
	}
	if code != 200 || !strings.Contains(body, want) {
		return fmt.Errorf("GET %s = %d %q, want 200 with %s", url, code, body, want)
	}
	return nil
}

func portFree(port int) error {
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return fmt.Errorf("port %d is taken on this machine; the example servers need it: %w", port, err)
	}
	return l.Close()
}
