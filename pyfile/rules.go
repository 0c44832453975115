package pyfile

import (
	"regexp"
	"strings"
)

var (
	// debPackage is a Debian package name, optionally pinned: "libpq5", "libpq-dev=15.4-0+deb12u1".
	debPackage = regexp.MustCompile(`^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$`)
	// envName is a portable environment variable name.
	envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// userName is a name useradd accepts everywhere.
	userName = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)
	// secretName matches variable names that usually hold credentials.
	secretName = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)`)
)

// reservedEnv are variables the frontend sets itself; changing them breaks the venv.
var reservedEnv = map[string]string{
	"PATH":        "the frontend puts /opt/venv/bin first on PATH",
	"VIRTUAL_ENV": "the frontend sets VIRTUAL_ENV=/opt/venv",
}

// looksSecret reports whether an env variable name suggests a credential.
// Names ending in _FILE point at a secret rather than holding it and are allowed.
func looksSecret(name string) bool {
	return secretName.MatchString(name) && !strings.HasSuffix(strings.ToUpper(name), "_FILE")
}

// cleanRelPath reports whether p is a clean relative path inside the build context.
func cleanRelPath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// cleanAbsPath reports whether p is a clean absolute path other than "/".
func cleanAbsPath(p string) bool {
	return strings.HasPrefix(p, "/") && len(p) > 1 && cleanRelPath(p[1:])
}
