package pyfile

import (
	"github.com/distribution/reference"

	"github.com/pyfile/pyfile/distro"
)

// Base describes a base image reference.
type Base struct {
	Ref     string         // as written or defaulted
	Release distro.Release // the table's row for the image; the zero Release when unknown
	Known   bool           // whether the image is in the table
}

// ClassifyBase looks an image reference up in the distro table.
func ClassifyBase(ref string) (Base, error) {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return Base{}, err
	}
	b := Base{Ref: ref}
	if tagged, ok := named.(reference.Tagged); ok {
		b.Release, b.Known = distro.ForImage(reference.FamiliarName(named), tagged.Tag())
	}
	return b, nil
}
