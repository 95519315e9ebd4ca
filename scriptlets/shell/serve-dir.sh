#!/usr/bin/env bash
# Name:
#     serve-dir.sh
#
# Description:
#     Serves a workspace folder over HTTP on 127.0.0.1 (python3 -m http.server), in the foreground, until it
#     is stopped: meant for a service step (docs/services.md), which keeps it running while the steps that
#     need it run and stops it afterwards. With --port 0 (the default) it picks a free port itself.
#     Writes ctx (before it serves, so a service step applies it when ready):
#     <port_key> = the port, serve_url = "http://127.0.0.1:<port>/".
#     Prints "Serving HTTP on 127.0.0.1 port <port> …" once it listens: a service's ready: {log: …} check.
#
# Usage:
#     scriptlets/shell/serve-dir.sh --dir Data/www [--port 8000] [--port_key serve_port]
#     In a recipe:  type: shell
#                   cmd: scriptlets/shell/serve-dir.sh
#                   args: {dir: Data/www}
#                   service: {ready: {log: "Serving HTTP on 127\\.0\\.0\\.1 port"}}
#
# Parameters:
#     dir (string, required): the workspace folder to serve.
#     port (int, default=0): the TCP port, 1..65535; 0 picks a free one.
#     port_key (string, default=serve_port): the ctx key the port is written to.
#
# Examples (CLI):
#     scriptlets/shell/serve-dir.sh --dir Data/www --port 8000
#
# Limitations/Requirements:
#     - python3 (standard library only); binds 127.0.0.1 only.
#     - A free port picked with --port 0 is free when picked; another process could take it before the server
#       binds it (the step then fails: "Address already in use").
#     - Exit codes: runs until stopped (143 after SIGTERM); 1 the server could not start, 2 invalid usage.

# Strict mode: stop on errors (-e), unset variables (-u), failures inside pipes (pipefail), and
# let the ERR trap fire inside functions and subshells (-E).
set -Eeuo pipefail

# The folder of this script, so the libraries are found from any current directory.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Logging, traps, flag parsing, exit-code helpers.
source "$HERE/lib/common.sh"
# ctx_set.
source "$HERE/lib/ctx.sh"

# Traps, log file, timing line.
orch_init "${BASH_SOURCE[0]}"
# Accept exactly these flags (and --help); anything else exits 2.
orch_parse_flags "dir port port_key" "$@"

dir=${ARGS[dir]:-}
port=${ARGS[port]:-0}
port_key=${ARGS[port_key]:-serve_port}

# A wrong call is invalid usage (exit 2), not a failure.
[[ -n "$dir" ]] || orch_die_usage "--dir is required"
[[ -d "$dir" ]] || orch_die_usage "--dir must be a folder, got '$dir'"
[[ "$port" =~ ^[0-9]+$ ]] && ((port <= 65535)) || orch_die_usage "--port must be 0..65535, got '$port'"
[[ "$port_key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || orch_die_usage "--port_key must be a ctx key name, got '$port_key'"
# The folder's real path must stay inside the workspace (a link may not lead out of it).
workspace=$(cd "${ORCH_WORKSPACE:-.}" && pwd -P)
served=$(cd "$dir" && pwd -P)
[[ "$served" == "$workspace" || "$served" == "$workspace"/* ]] \
    || orch_die_usage "--dir must be inside the workspace ($workspace), got '$dir'"

# ---- the outputs (first: a service step applies what was written by the time it is ready) ----------
if ((port == 0)); then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
fi
ctx_set "$port_key" "$port"
ctx_set_string serve_url "http://127.0.0.1:$port/"

# ---- the work --------------------------------------------------------------------------------
log_info "serving $dir on http://127.0.0.1:$port/"
# exec: the server is the step's process, so a stop's SIGTERM reaches it directly; -u: its lines are not held
# back in a buffer (a ready: {log: …} check waits for them)
exec python3 -u -m http.server "$port" --bind 127.0.0.1 --directory "$served"
