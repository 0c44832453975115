// Command pyfile-run builds a directory's Pyfile on the test bed's buildkitd and runs the
// image as its config says, with BuildKit's container API (no Docker engine needed).
//
//	go run ./hack/pyfile-run -get http://127.0.0.1:8000/ examples/flask
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/pyfile/pyfile/internal/bkrun"
)

func main() {
	route := flag.String("route", "syntax", "how to reach the frontend: syntax (# syntax=org/pyfile), gateway or inprocess")
	get := flag.String("get", "", "once the app runs, GET this URL, print the answer and stop")
	serve := flag.Bool("serve", false, "keep the app running until interrupted")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: pyfile-run [-route R] [-get URL] [-serve] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *route, *get, *serve); err != nil {
		fmt.Fprintln(os.Stderr, "pyfile-run:", err)
		os.Exit(1)
	}
}

func run(dir, routeName, get string, serve bool) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := bkrun.RouteNamed(routeName)
	if err != nil {
		return err
	}
	c, err := bkrun.Connect(ctx, os.Getenv("BUILDKIT_HOST"))
	if err != nil {
		return err
	}
	defer c.Close()
	start := time.Now()
	_, err = bkrun.Build(ctx, c, dir, r, bkrun.Options{}, func(ctx context.Context, b *bkrun.Built) error {
		cfg := b.Image.Config
		fmt.Printf("built %s in %s: user %s, entrypoint %q\n", dir, time.Since(start).Round(time.Millisecond), cfg.User, append(cfg.Entrypoint, cfg.Cmd...))
		ctr, err := b.Start(ctx)
		if err != nil {
			return err
		}
		defer ctr.Release()
		out := &bkrun.Buffer{}
		var w io.Writer = out
		if serve {
			w = io.MultiWriter(out, os.Stdout)
		}
		p, err := ctr.Serve(ctx, w)
		if err != nil {
			return err
		}
		switch {
		case get != "":
			code, body, err := bkrun.Get(ctx, get, time.Minute)
			if err != nil {
				return fmt.Errorf("%w\napp output:\n%s", err, out)
			}
			fmt.Printf("GET %s -> %d %s\n", get, code, strings.TrimSpace(body))
			if code != 200 {
				return fmt.Errorf("the app answered %d", code)
			}
		case !serve:
			err := p.Wait()
			fmt.Print(out)
			return err
		}
		if serve {
			fmt.Println("serving; Ctrl-C stops")
			<-ctx.Done()
		}
		return nil
	})
	return err
}
