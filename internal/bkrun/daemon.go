package bkrun

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/moby/buildkit/client"
)

// Daemon is an extra buildkitd with a state directory of its own, like a fresh CI runner:
// it shares nothing with the test bed's buildkitd but the registry.
type Daemon struct {
	Client *client.Client
	cmd    *exec.Cmd
	dir    string
}

// StartDaemon starts buildkitd with the test bed's config (the registry mirror) and an
// empty state in dir.
func StartDaemon(ctx context.Context, dir string) (*Daemon, error) {
	config := filepath.Join(os.Getenv("PYFILE_TESTBED"), "buildkitd.toml")
	if _, err := os.Stat(config); err != nil {
		return nil, fmt.Errorf("no test bed config (run hack/testbed/up.sh and `. .testbed/env`): %w", err)
	}
	sock := filepath.Join(dir, "buildkitd.sock")
	logf, err := os.Create(filepath.Join(dir, "buildkitd.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("buildkitd", "--config", config, "--root", filepath.Join(dir, "root"), "--addr", "unix://"+sock,
		"--oci-worker=true", "--containerd-worker=false", "--oci-worker-net=host")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start buildkitd: %w", err)
	}
	d := &Daemon{cmd: cmd, dir: dir}
	deadline := time.Now().Add(60 * time.Second)
	for {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		c, err := Connect(cctx, "unix://"+sock)
		cancel()
		if err == nil {
			d.Client = c
			return d, nil
		}
		if time.Now().After(deadline) {
			d.Stop()
			return nil, fmt.Errorf("buildkitd in %s did not answer: %w (see %s)", dir, err, logf.Name())
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// Stop ends the daemon and waits for it.
func (d *Daemon) Stop() {
	if d.Client != nil {
		d.Client.Close()
	}
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}
