#!/bin/sh
# Starts Deno's Jupyter kernel for the stockflow notebooks. Jupyter passes the connection file; this
# script lives at <repo>/examples/notebooks/jupyter/kernels/stockflow-deno, so the repo's pinned deno
# (the root devDependency `deno-cli`) is found relative to it, wherever Jupyter was started from.
# Without a `pnpm install` it falls back to a `deno` on PATH.
here=$(cd "$(dirname "$0")" && pwd)
deno="$here/../../../../../node_modules/.bin/deno"
[ -x "$deno" ] || deno=deno
exec "$deno" jupyter --kernel --conn "$1"
