// Command pyfile-frontend is the entrypoint of the org/pyfile BuildKit frontend image.
package main

import (
	"fmt"
	"os"

	"github.com/moby/buildkit/frontend/gateway/grpcclient"
	"github.com/moby/buildkit/util/appcontext"

	"github.com/pyfile/pyfile/frontend"
)

func main() {
	if err := grpcclient.RunFromEnvironment(appcontext.Context(), frontend.Build); err != nil {
		fmt.Fprintf(os.Stderr, "pyfile-frontend: %v\n", err)
		os.Exit(1)
	}
}
