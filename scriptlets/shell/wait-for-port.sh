#!/usr/bin/env bash
# Name:
#     wait-for-port.sh
#
# Description:
#     Waits until a TCP port accepts connections (bash's /dev/tcp, no extra tools), or fails after
#     a timeout. For shell-only recipes; Java recipes have wait-for-service (also for HTTP URLs).
#     Writes ctx: wait_for_port = {"host": "127.0.0.1", "port": 8080, "attempts": N}.
#
# Usage:
#     scriptlets/shell/wait-for-port.sh --port 8080 [--host 127.0.0.1] [--timeout 30]
#     In a recipe:  type: shell
#                   cmd: scriptlets/shell/wait-for-port.sh
#                   args: {port: 8080, timeout: 10}      (or {port_key: web_port})
#
# Parameters:
#     port (int, env=PORT): the TCP port, 1..65535 (required unless port_key is given).
#     port_key (string): or the ctx key holding the port (e.g. what background-process's free_port stored).
#     host (string, default=127.0.0.1): the host to connect to.
#     timeout (int, default=30): give up after this many seconds.
#
# Examples (CLI):
#     scriptlets/shell/wait-for-port.sh --port 5432 --timeout 5
#
# Limitations/Requirements:
#     - bash >= 5 (built with /dev/tcp, as Debian's is), timeout (coreutils).
#     - One connection attempt every 0.2 s, each bounded to 1 s.
#     - Exit codes: 0 ready, 1 not ready within the timeout, 2 invalid usage (bad or missing port).

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
orch_parse_flags "port port_key host timeout" "$@"

# The port comes from the flag, else from $PORT (declared above with env=PORT), else from ctx.
port=${ARGS[port]:-${PORT:-}}
if [[ -z "$port" && -n "${ARGS[port_key]:-}" ]]; then
    port=$(ctx_get "${ARGS[port_key]}") || orch_die_usage "ctx has no key '${ARGS[port_key]}'"
fi
host=${ARGS[host]:-127.0.0.1}
timeout_s=${ARGS[timeout]:-30}

# A wrong call is invalid usage (exit 2), not a failure.
[[ -n "$port" ]] || orch_die_usage "--port (or --port_key) is required"
[[ "$port" =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || orch_die_usage "--port must be 1..65535, got '$port'"
[[ "$timeout_s" =~ ^[0-9]+$ ]] || orch_die_usage "--timeout must be whole seconds, got '$timeout_s'"
[[ "$host" =~ ^[A-Za-z0-9.:-]+$ ]] || orch_die_usage "--host must be a host name or address, got '$host'"

# ---- the work --------------------------------------------------------------------------------
log_info "waiting up to ${timeout_s}s for $host:$port"
# SECONDS counts from here; each attempt opens and closes one connection in a child bash.
SECONDS=0
attempts=0
attempts_text() { if ((attempts == 1)); then echo "1 attempt"; else echo "$attempts attempts"; fi; }
while true; do
    attempts=$((attempts + 1))
    # The host and port are checked above, so they are safe inside the /dev/tcp path.
    if timeout 1 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
        break
    fi
    if ((SECONDS >= timeout_s)); then
        orch_die "$host:$port not ready within ${timeout_s}s ($(attempts_text))"
    fi
    sleep 0.2
done

# ---- the outputs -----------------------------------------------------------------------------
ctx_set wait_for_port "{\"host\":$(ctx_json_string "$host"),\"port\":$port,\"attempts\":$attempts}"
log_info "$host:$port ready after $(attempts_text)"
