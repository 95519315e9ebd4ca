#!/usr/bin/env bash
# Name:        greet.sh
# Description: writes ctx greeting = "hello <name>".
# Usage:       scriptlets/shell/greet.sh --name NAME
set -Eeuo pipefail

# the engine sets ORCH_SHELL_LIB to the shell library it ships (ctx.sh, common.sh)
source "${ORCH_SHELL_LIB:?is set by the engine; to run alone see docs/getting-started.md}/common.sh"
source "$ORCH_SHELL_LIB/ctx.sh"

orch_init "${BASH_SOURCE[0]}"
orch_parse_flags "name" "$@"
orch_require_args name

ctx_set_string greeting "hello ${ARGS[name]}"
log_info "greeted ${ARGS[name]}"
