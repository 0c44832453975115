package plan

import (
	"fmt"
	"strings"
)

// Target is a stage that --target builds.
type Target string

// The targets of every Pyfile.
const (
	TargetRunner  Target = "runner"  // the app's image, the default
	TargetBuilder Target = "builder" // the builder stage, for debugging
	TargetWheels  Target = "wheels"  // the wheel cache as an image, for WheelsFromArg
)

// Targets are every target, the default first, with what each is for.
var Targets = []struct {
	Name        Target
	Description string
}{
	{TargetRunner, "the app's image: the Python runtime, the venv, the code and a non-root user"},
	{TargetBuilder, "the builder stage, for debugging: compilers, headers and the venv, run as root"},
	{TargetWheels, "the wheel cache as an image, to seed a fresh CI builder with " + WheelsFromArg},
}

// ParseTarget returns the target called name; "" is the default target.
func ParseTarget(name string) (Target, error) {
	if name == "" {
		return TargetRunner, nil
	}
	var names []string
	for _, t := range Targets {
		if string(t.Name) == name {
			return t.Name, nil
		}
		names = append(names, string(t.Name))
	}
	return "", fmt.Errorf("unknown target %q: a Pyfile has the targets %s", name, strings.Join(names, ", "))
}
