package pyfile

import (
	"errors"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Parse reads a Pyfile. name is used in messages ("Pyfile:3:1: ...").
// The error, if any, is an Errors value listing every problem in the file.
func Parse(name string, data []byte) (*File, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(name, err)
	}
	d := &decoder{f: &File{Name: name, positions: indexPositions(data)}}
	d.file(doc)
	if err := d.errs.err(); err != nil {
		return nil, err
	}
	return d.f, nil
}

// syntaxError turns go-toml's error into a located Pyfile error.
func syntaxError(name string, err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		return Errors{newError(RuleSyntax, name, Position{line, col}, "", "invalid TOML: %s; fix the syntax (see https://toml.io)", strings.TrimPrefix(de.Error(), "toml: "))}
	}
	return Errors{newError(RuleSyntax, name, Position{1, 1}, "", "invalid TOML: %s", err)}
}
