"""Minimal Flask app for the Pyfile flask example (served by gunicorn + gevent)."""

import os
import platform
import shlex
import sys

from flask import Flask, jsonify

app = Flask(__name__)


def _worker_tmp_dir():
    """Return gunicorn's --worker-tmp-dir if it was given, else None.

    Gunicorn does not expose its config to the WSGI app, but workers are
    forked from the master, so sys.argv (and GUNICORN_CMD_ARGS) still hold
    the command line the server was started with.
    """
    args = list(sys.argv[1:]) + shlex.split(os.environ.get("GUNICORN_CMD_ARGS", ""))
    for i, arg in enumerate(args):
        if arg == "--worker-tmp-dir" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--worker-tmp-dir="):
            return arg.split("=", 1)[1]
    return None


@app.get("/")
def index():
    return jsonify(app="flask", message="hello from pyfile")


@app.get("/info")
def info():
    data = {"uid": os.getuid(), "python": platform.python_version()}
    tmp_dir = _worker_tmp_dir()
    if tmp_dir:
        data["worker_tmp_dir"] = tmp_dir
    return jsonify(data)
