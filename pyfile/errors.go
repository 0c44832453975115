package pyfile

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Position is a 1-based line and column in a Pyfile.
type Position struct {
	Line, Column int
}

// Error is one problem in a Pyfile, located at a key.
type Error struct {
	File string
	Pos  Position
	Key  string // dotted key path, "" for syntax errors
	Msg  string // what is wrong and what to do
	Rule Rule   // the check it fails
}

func newError(rule Rule, file string, pos Position, key, format string, args ...any) *Error {
	return &Error{File: file, Pos: pos, Key: key, Msg: fmt.Sprintf(format, args...), Rule: rule}
}

// Error reads like `Pyfile:4:1: unknown key "entrypont" (did you mean "entrypoint"?)`.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Column, e.Msg)
}

// Errors is every problem found in one Pyfile, in source order.
type Errors []*Error

// Error lists one problem per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// err returns nil for no problems, else the problems sorted by position.
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Pos, es[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return es
}

// AsErrors returns the located problems inside err, if any.
func AsErrors(err error) Errors {
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	var e *Error
	if errors.As(err, &e) {
		return Errors{e}
	}
	return nil
}
