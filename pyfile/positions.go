package pyfile

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// where records where a key and its value start.
type where struct {
	key, value Position
}

// positions maps a key path ("apt.build", "entrypoint[1]") to where it was written.
type positions map[string]where

// indexPositions walks the TOML syntax tree of a document that go-toml already accepted
// and records the position of every key and value.
func indexPositions(data []byte) positions {
	idx := positions{}
	p := &unstable.Parser{}
	p.Reset(data)
	var table string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			it := e.Key()
			table = idx.key(p, "", &it)
		case unstable.KeyValue:
			idx.keyValue(p, table, e)
		}
	}
	return idx
}

func (idx positions) keyValue(p *unstable.Parser, table string, kv *unstable.Node) {
	it := kv.Key()
	path := idx.key(p, table, &it)
	idx.value(p, path, kv.Value(), idx[path].key)
}

// key records each part of a dotted key under prefix and returns the full path.
func (idx positions) key(p *unstable.Parser, prefix string, it *unstable.Iterator) string {
	path := prefix
	for it.Next() {
		n := it.Node()
		path = join(path, string(n.Data))
		if _, seen := idx[path]; !seen {
			pos := posOf(p, n)
			idx[path] = where{key: pos, value: pos}
		}
	}
	return path
}

// value records the position of a value and, for arrays and inline tables, of its parts.
func (idx positions) value(p *unstable.Parser, path string, v *unstable.Node, fallback Position) {
	w := idx[path]
	w.value = fallback
	if v.Raw.Length > 0 {
		w.value = posOf(p, v)
	}
	switch v.Kind {
	case unstable.Array:
		i := 0
		for it := v.Children(); it.Next(); {
			el := it.Node()
			if el.Kind == unstable.Comment {
				continue
			}
			if i == 0 && v.Raw.Length == 0 && el.Raw.Length > 0 {
				w.value = posOf(p, el)
			}
			idx.value(p, path+"["+strconv.Itoa(i)+"]", el, w.value)
			i++
		}
	case unstable.InlineTable:
		for it := v.Children(); it.Next(); {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				idx.keyValue(p, path, kv)
			}
		}
	}
	idx[path] = w
}

// join appends a key part to a dotted path, quoting parts that are not bare keys.
func join(path, part string) string {
	if !isBare(part) {
		part = strconv.Quote(part)
	}
	if path == "" {
		return part
	}
	return path + "." + part
}

func isBare(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) < 0
}

func posOf(p *unstable.Parser, n *unstable.Node) Position {
	s := p.Shape(n.Raw).Start
	return Position{Line: s.Line, Column: s.Column}
}
