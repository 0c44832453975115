package pyfile

import "strings"

// Rule is one check a Pyfile can fail, as `docker buildx build --call check` names it.
// The README's reference describes each under "Check rules".
type Rule struct {
	Name        string
	Description string
}

// URL points at the rule in the README's reference.
func (r Rule) URL() string {
	return RulesURL + "#rule-" + strings.ToLower(r.Name)
}

// RulesURL is the README's list of rules.
const RulesURL = "https://github.com/pyfile/pyfile/blob/main/README.md"

// The rules, as data; every problem the format and the plan report names one.
var (
	RuleSyntax            = Rule{"Syntax", "The file is valid TOML."}
	RuleUnknownKey        = Rule{"UnknownKey", "Every key is one Pyfile knows."}
	RuleMissingKey        = Rule{"MissingKey", "python, requirements and entrypoint are set."}
	RuleWrongType         = Rule{"WrongType", "Every value has the TOML type its key takes (python is a string)."}
	RuleEmptyValue        = Rule{"EmptyValue", "Required lists and strings are not empty."}
	RuleUnsupportedPython = Rule{"UnsupportedPython", "python is a version of the distro table, 3.8 to 3.14."}
	RuleEndOfLifePython   = Rule{"EndOfLifePython", "python still gets security fixes (a warning)."}
	RuleInvalidPath       = Rule{"InvalidPath", "Context paths are relative and stay inside the context; workdir is absolute."}
	RuleOutOfRange        = Rule{"OutOfRange", "Numbers are within their key's range."}
	RuleBaseImage         = Rule{"BaseImage", "base is a Debian or Ubuntu image that ships the Pyfile's Python, or python:X.Y of the same version."}
	RuleNonRootUser       = Rule{"NonRootUser", "The image's user is not root and has a valid name."}
	RuleEnvName           = Rule{"EnvName", "[env] names are valid and do not replace PATH or VIRTUAL_ENV."}
	RuleSecretInEnv       = Rule{"SecretInEnv", "[env] holds no credentials, which anyone who pulls the image could read."}
	RuleInvalidPort       = Rule{"InvalidPort", "ports are port numbers with tcp or udp, each once."}
	RuleDebianPackage     = Rule{"DebianPackage", "[apt] lists Debian package names."}
	RuleGunicorn          = Rule{"GunicornOptions", "[gunicorn] goes with a gunicorn entrypoint, and sets no option the entrypoint also passes."}
	RuleChoice            = Rule{"Choice", "installer and compilers take one of their values."}
	RuleRequirementFiles  = Rule{"RequirementFiles", "The requirement files, and the files they include, are in the build context."}
)

// Rules are every rule, in the README's order.
var Rules = []Rule{RuleSyntax, RuleUnknownKey, RuleMissingKey, RuleWrongType, RuleEmptyValue,
	RuleUnsupportedPython, RuleEndOfLifePython, RuleInvalidPath, RuleOutOfRange, RuleBaseImage,
	RuleNonRootUser, RuleEnvName, RuleSecretInEnv, RuleInvalidPort, RuleDebianPackage, RuleGunicorn,
	RuleChoice, RuleRequirementFiles}
