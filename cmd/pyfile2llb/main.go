// Command pyfile2llb compiles a Pyfile to LLB on stdout, for buildctl.
//
//	pyfile2llb -f examples/flask/Pyfile | buildctl build --local context=examples/flask --output type=image,name=app
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/imagemetaresolver"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"google.golang.org/protobuf/proto"

	"github.com/pyfile/pyfile/internal/offline"
	pyllb "github.com/pyfile/pyfile/llb"
	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	file := flag.String("f", "Pyfile", "the Pyfile to compile")
	contextDir := flag.String("context", "", "build context directory, for .dockerignore and included requirement files (default: the Pyfile's directory)")
	platform := flag.String("platform", platforms.Format(platforms.DefaultSpec()), "target platform")
	target := flag.String("target", "runner", `what to output: "runner" (the image), "builder" or "wheels"`)
	configOut := flag.String("image-config", "", "also write the image config JSON to this file")
	resolve := flag.Bool("resolve", false, "resolve base images in their registry and pin them by digest (needs network)")
	flag.Parse()
	t, err := plan.ParseTarget(*target)
	if err != nil {
		return fmt.Errorf("-target: %w", err)
	}
	if *contextDir == "" {
		*contextDir = filepath.Dir(*file)
	}

	data, err := os.ReadFile(*file)
	if err != nil {
		return fmt.Errorf("read the Pyfile: %w", err)
	}
	f, err := pyfile.Parse(filepath.Base(*file), data)
	if err != nil {
		return err
	}
	for _, w := range f.Warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	p, err := platforms.Parse(*platform)
	if err != nil {
		return fmt.Errorf("parse -platform: %w", err)
	}
	p = platforms.Normalize(p)
	includes, err := offline.Includes(*contextDir, f)
	if err != nil {
		return err
	}
	pl, err := plan.New(f, plan.Options{Platform: platforms.Format(p), Includes: includes})
	if err != nil {
		return err
	}
	excludes, err := offline.Excludes(*contextDir, *file)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(*contextDir)
	if err != nil {
		return err
	}
	in := offline.Inputs(pl, offline.Context(abs, excludes), p)
	if *resolve {
		if err := pin(&in, pl.Base.Ref, p); err != nil {
			return err
		}
	}
	st, img := pyllb.Compile(pl, in).Target(t)
	if *configOut != "" {
		dt, err := json.MarshalIndent(img, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*configOut, dt, 0o644); err != nil {
			return fmt.Errorf("write image config: %w", err)
		}
	}
	def, err := st.Marshal(context.Background(), llb.Platform(p))
	if err != nil {
		return fmt.Errorf("marshal LLB: %w", err)
	}
	// Deterministic: the same Pyfile gives the same bytes, not only the same op digests.
	dt, err := proto.MarshalOptions{Deterministic: true}.Marshal(def.ToPB())
	if err != nil {
		return fmt.Errorf("marshal LLB: %w", err)
	}
	_, err = os.Stdout.Write(dt)
	return err
}

// pin resolves the base image in its registry and uses it by digest.
func pin(in *pyllb.Inputs, ref string, p ocispecs.Platform) error {
	resolved, dgst, _, err := imagemetaresolver.Default().ResolveImageConfig(context.Background(), ref,
		sourceresolver.Opt{ImageOpt: &sourceresolver.ResolveImageOpt{Platform: &p}})
	if err != nil {
		return fmt.Errorf("resolve base image %s: %w", ref, err)
	}
	in.Base = llb.Image(resolved+"@"+dgst.String(), llb.Platform(p))
	in.BaseName, in.BaseDigest = resolved, dgst.String()
	return nil
}
