package plan

// The shell scripts Pyfile runs are constants, mounted read-only as files at ScriptsDir:
// values reach them as positional arguments ("$@", "$1"...), never as script text, and
// were validated by the pyfile package. Progress and errors show "/bin/sh
// /run/pyfile/scripts/apt-install python3.12 ...", not the script.

// AptScript installs packages. Official images delete downloaded packages after each
// install (the docker-clean hook removes /var/cache/apt/archives/*.deb); apt keeps its
// downloads in the cache mount at AptArchives instead, which the hook leaves alone, and
// the image's apt configuration is not touched.
var AptScript = Script{Name: "apt-install", Text: `set -eu
apt-get update -qq
apt-get install -qq --yes --no-install-recommends -o Dir::Cache::Archives=` + AptArchives + `/ -o APT::Keep-Downloaded-Packages=true "$@"
`}

// PipScript makes the venv's packages: pip wheel fetches or builds every wheel into the
// wheel cache (files already there are not fetched again), pip install takes them from
// there only, pip leaves the venv, since the runtime never installs anything, and the
// venv is compiled again with hash-based .pyc, which keep digests reproducible (pip's
// own are timestamp-based).
// Arguments: the venv's python, the wheel cache, then pip's requirement options.
var PipScript = Script{Name: "pip-install", Text: `set -eu
python=$1 wheels=$2
shift 2
"$python" -m pip wheel --wheel-dir "$wheels" --find-links "$wheels" "$@"
"$python" -m pip install --no-index --find-links "$wheels" "$@"
"$python" -m pip uninstall --yes --quiet pip
"$python" -m compileall -q -f -j0 --invalidation-mode unchecked-hash "$(dirname "$(dirname "$python")")/lib"
`}

// SealScript compiles the code to bytecode and makes it read-only, on a copy mounted at
// CodeDir, before the runner copies it: hash-based .pyc (unchecked: the code never changes
// in the image), so that digests are reproducible and no start compiles the code again,
// and no file group- or world-writable, on every BuildKit (symbolic copy modes came in
// v0.17). A file that does not compile is left to Python, as without the step.
// Arguments: the Python, the code, the workdir the code lands in.
var SealScript = Script{Name: "seal-code", Text: `set -eu
python=$1 code=$2 workdir=$3
"$python" -m compileall -q -j0 --invalidation-mode unchecked-hash -d "$workdir" "$code" ||
	echo "pyfile: some files do not compile to bytecode; Python compiles them when it imports them" >&2
chmod -R go-w "$code"
`}

// UserScript creates the runtime group and user, with a home directory of its own (many
// libraries, and gunicorn's control socket, want a writable $HOME); its values come as
// positional arguments.
var UserScript = Script{Name: "add-user", Text: `set -eu
groupadd --gid "$3" "$1"
useradd --uid "$2" --gid "$3" --no-create-home --home-dir "$4" --shell /usr/sbin/nologin --no-log-init "$1"
install -d -m 0700 -o "$2" -g "$3" "$4"
`}

// UvBootstrapScript installs uv into a venv of its own in the builder, from the package
// index the build is configured with (the pip.conf secret, a private mirror), checked
// against the hashes of UvRequirement; nothing of it reaches the runner.
// Arguments: the Python that makes the tool venv.
var UvBootstrapScript = Script{Name: "uv-bootstrap", Text: `set -eu
"$1" -m venv ` + UvToolDir + `
` + UvToolDir + `/bin/pip install --quiet --no-deps --require-hashes --requirement ` + ScriptsDir + `/uv.txt
` + UvToolDir + `/bin/uv --version
`}

// UvInstallScript installs the requirements into the venv with uv. uv does not read
// pip.conf, so the documented pip.conf secret is told to it in its own terms; requirement
// files with hashes are checked (uv checks only the hashes it sees unless told to require them); with
// compilers "auto", wheels are tried first and compilers are installed only when a
// requirement has none for this platform. Run by the distro's Python.
// Arguments: the venv's python, the compilers mode, then uv's requirement options.
var UvInstallScript = Script{Name: "uv-install.py", Text: `"""pyfile: install the requirements into the venv with uv."""
import configparser
import os
import subprocess
import sys

UV = "` + UvToolDir + `/bin/uv"


def pip_conf(env):
    conf = configparser.RawConfigParser()
    conf.read("/etc/pip.conf")  # the pip.conf build secret, when the build has it

    def get(key):
        for section in ("install", "global"):
            if conf.has_option(section, key):
                return conf.get(section, key)
        return None

    for key, name in (("index-url", "UV_DEFAULT_INDEX"), ("extra-index-url", "UV_INDEX"), ("trusted-host", "UV_INSECURE_HOST")):
        value = get(key)
        if value:
            env[name] = " ".join(value.split())


def hashed(top):
    for root, _, files in os.walk(top):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                if "--hash" in f.read():
                    return True
    return False


def main():
    python, compilers, reqs = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = dict(os.environ)
    pip_conf(env)
    args = [UV, "pip", "install", "--python", python]
    if hashed("` + RequirementsDir + `"):
        args.append("--require-hashes")
    args += reqs
    if compilers != "auto":
        return subprocess.call(args, env=env)
    if subprocess.call(args + ["--only-binary", ":all:"], env=env) == 0:
        return 0
    print("pyfile: a requirement has no wheel for this platform, or the install failed:"
          " installing compilers and headers, then trying again with source builds", flush=True)
    apt = subprocess.call(["/bin/sh", "` + ScriptsDir + `/apt-install"] + os.environ["PYFILE_COMPILERS"].split(), env=env)
    if apt != 0:
        return apt
    return subprocess.call(args, env=env)


sys.exit(main())
`}
