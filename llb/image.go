package llb

import (
	"slices"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/pyfile/pyfile/plan"
)

// imageConfig is the final image's config: the base image's history and metadata, with
// the plan's env, user, entrypoint, ports and labels. os/architecture come from the
// target platform, which inline cache export needs.
func imageConfig(p *plan.Plan, in Inputs) *dockerspec.DockerOCIImage {
	img := &dockerspec.DockerOCIImage{}
	if in.BaseImage != nil {
		img.History = slices.Clone(in.BaseImage.History)
	}
	img.Platform = in.Platform
	img.RootFS.Type = "layers"
	img.History = append(img.History, layers(p.Image.History)...)
	c := &img.Config
	c.Env = slices.Clone(p.Image.Env)
	c.Entrypoint = slices.Clone(p.Image.Entrypoint)
	c.Cmd = slices.Clone(p.Image.Cmd)
	c.WorkingDir = p.Image.WorkingDir
	c.User = p.Image.User
	if len(p.Image.ExposedPorts) > 0 {
		c.ExposedPorts = map[string]struct{}{}
		for _, port := range p.Image.ExposedPorts {
			c.ExposedPorts[port] = struct{}{}
		}
	}
	c.Labels = map[string]string{}
	if in.BaseImage != nil {
		for k, v := range in.BaseImage.Config.Labels {
			c.Labels[k] = v
		}
	}
	if in.BaseName != "" {
		c.Labels[ocispecs.AnnotationBaseImageName] = in.BaseName
	}
	if in.BaseDigest != "" {
		c.Labels[ocispecs.AnnotationBaseImageDigest] = in.BaseDigest
	}
	for k, v := range p.Image.Labels {
		c.Labels[k] = v
	}
	return img
}

// builderConfig is the config of the builder stage, for debugging with --target builder:
// the runner's env and labels, run as root from /, with no entrypoint.
func builderConfig(p *plan.Plan, in Inputs) *dockerspec.DockerOCIImage {
	img := imageConfig(p, in)
	img.History = append(img.History[:len(img.History)-len(p.Image.History)], layers(p.Builder.History)...)
	c := &img.Config
	c.User, c.WorkingDir, c.Entrypoint, c.Cmd, c.ExposedPorts = "", "/", nil, nil, nil
	return img
}

// wheelsConfig is the config of the wheels image: files only, for the target platform.
func wheelsConfig(in Inputs) *dockerspec.DockerOCIImage {
	img := &dockerspec.DockerOCIImage{}
	img.Platform = in.Platform
	img.RootFS.Type = "layers"
	img.Config.Labels = map[string]string{"org.opencontainers.image.description": "wheel cache of a Pyfile build (--target wheels)"}
	img.History = layers([]string{"pyfile wheels: the wheel cache"})
	return img
}

// layers are history entries, one per layer, described as the plan describes them.
func layers(describe []string) []ocispecs.History {
	out := make([]ocispecs.History, len(describe))
	for i, d := range describe {
		out[i] = ocispecs.History{CreatedBy: d, Comment: "pyfile"}
	}
	return out
}
