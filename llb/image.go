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
	return img
}
