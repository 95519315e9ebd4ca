# shellcheck shell=bash
# common.sh - the reusable part of every shell scriptlet's header. Source it, then call orch_init.
#
#   source "$HERE/lib/common.sh"
#   orch_init "${BASH_SOURCE[0]}"            # traps, log file, timing
#   orch_parse_params "$@"                   # the header's Parameters: block -> ARGS[x] and $x (params.sh)
#   orch_parse_flags "input output" "$@"     # or, undeclared: --input X --output Y -> ARGS[input], ARGS[output]
#   orch_require_args input output           # missing -> exit 2
#   log_info "hello"                         # stderr + Logs/<YYYYmmdd-HHMMSS.mmm>_<step>.log
#
# Exit codes (docs/recipes.md): 0 ok, 1 failure (any unexpected failing command, via the ERR trap),
# 2 invalid usage (orch_die_usage: unknown flag, missing value, missing required flag, bad input).
# On exit a line `ORCH_METRICS {"step":…,"status":…,"wall_s":…,"cpu_s":…,"peak_rss_kb":null}` is
# written to stderr and the log (peak memory is not measurable from bash: always null).
# Requires bash >= 5 (EPOCHREALTIME, printf %()T, associative arrays). No jq, no external tools
# except dirname/basename/mkdir.

# Sourcing twice is harmless.
[[ -n "${_ORCH_COMMON_SH:-}" ]] && return 0
_ORCH_COMMON_SH=1

# The workspace root: ORCH_WORKSPACE (the engine sets it), else three levels above this lib folder.
: "${ORCH_WORKSPACE:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"

# Parsed flags, filled by orch_parse_flags.
declare -gA ARGS=()

# orch_init SCRIPT_PATH - set traps, the step name and the log file for this run.
orch_init() {
    ORCH_SCRIPT=$1
    ORCH_SCRIPT_NAME=$(basename "$1" .sh)
    # The step name: the engine's, else the script's file name.
    ORCH_STEP_NAME=${ORCH_STEP:-$ORCH_SCRIPT_NAME}
    _ORCH_T0=${EPOCHREALTIME/[.,]/}
    local stamp ms=${_ORCH_T0: -6:3}
    printf -v stamp '%(%Y%m%d-%H%M%S)T' "${_ORCH_T0:0:${#_ORCH_T0}-6}"
    # Same name scheme as the Python core: <log dir>/<YYYYmmdd-HHMMSS.mmm>_<step>.log, or ORCH_LOG_FILE.
    ORCH_LOG_PATH=${ORCH_LOG_FILE:-${ORCH_LOG_DIR:-$ORCH_WORKSPACE/Logs}/${stamp}.${ms}_${ORCH_STEP_NAME//[^A-Za-z0-9_.-]/_}.log}
    # errtrace (set -E) makes this fire inside functions and subshells too.
    trap '_orch_on_err $? $LINENO "$BASH_COMMAND" "${BASH_SOURCE[0]:-?}"' ERR
    trap '_orch_on_exit $?' EXIT
}

# log_info / log_warn / log_error MESSAGE... - a timestamped line to stderr and to the step log.
log_info() { _orch_log INFO "$@"; }
log_warn() { _orch_log WARN "$@"; }
log_error() { _orch_log ERROR "$@"; }

_orch_log() {
    local level=$1 line
    shift
    printf -v line '%(%Y-%m-%d %H:%M:%S)T %s %s: %s' -1 "$level" "${ORCH_STEP_NAME:-shell}" "$*"
    printf '%s\n' "$line" >&2
    # A log file we cannot write costs the file, never the step (hence no failing command here).
    # Skipped when stderr already is the log file, or the engine copies stderr into it
    # (ORCH_LOG_VIA_STDERR=1): no double lines.
    if [[ -n "${ORCH_LOG_PATH:-}" && "${ORCH_LOG_VIA_STDERR:-}" != 1 ]] && ! [[ /dev/stderr -ef "$ORCH_LOG_PATH" ]]; then
        if [[ -z "${_ORCH_LOG_READY:-}" ]]; then
            mkdir -p "$(dirname "$ORCH_LOG_PATH")" 2>/dev/null || true
            _ORCH_LOG_READY=1
        fi
        { printf '%s\n' "$line" >>"$ORCH_LOG_PATH"; } 2>/dev/null || true
    fi
}

# orch_die_usage MESSAGE - invalid usage: log it and exit 2.
orch_die_usage() {
    log_error "$* (see --help)"
    exit 2
}

# orch_die MESSAGE - a failure: log it and exit 1.
orch_die() {
    log_error "$*"
    exit 1
}

# orch_print_help FILE - print FILE's leading comment block (after the shebang), without the '# '.
orch_print_help() {
    local line first=1
    while IFS= read -r line || [[ -n "$line" ]]; do
        if [[ -n "$first" ]]; then
            first=""
            [[ "$line" == '#!'* ]] && continue
        fi
        [[ "$line" == '#'* ]] || break
        line=${line#\#}
        printf '%s\n' "${line# }"
    done <"$1"
}

# orch_parse_flags "name1 name2 ..." "$@" - fill ARGS from --name value / --name=value.
# --help/-h prints the header and exits 0; unknown flags, positionals, a flag without a value or
# given twice: exit 2.
orch_parse_flags() {
    local allowed=" $1 " arg key value
    shift
    while (($#)); do
        arg=$1
        case "$arg" in
        -h | --help)
            orch_print_help "$ORCH_SCRIPT"
            exit 0
            ;;
        --?*=*)
            key=${arg%%=*}
            key=${key#--}
            value=${arg#*=}
            shift
            ;;
        --?*)
            key=${arg#--}
            (($# >= 2)) || orch_die_usage "--$key needs a value"
            value=$2
            shift 2
            ;;
        *)
            orch_die_usage "unexpected argument '$arg'"
            ;;
        esac
        [[ "$allowed" == *" $key "* ]] || orch_die_usage "unknown flag --$key"
        [[ -z "${ARGS[$key]+set}" ]] || orch_die_usage "--$key given twice"
        ARGS[$key]=$value
    done
}

# orch_require_args name... - exit 2 naming the first required flag that is missing or empty.
orch_require_args() {
    local key
    for key in "$@"; do
        [[ -n "${ARGS[$key]:-}" ]] || orch_die_usage "missing required flag --$key"
    done
}

_orch_on_err() {
    local rc=$1 line=$2 cmd=$3 src=$4
    log_error "command failed (exit $rc) at $(basename "$src"):$line: $cmd"
    # Normalise: an unexpected failure is 1, even when the command said 2 (grep does); 2 is reserved
    # for orch_die_usage, which exits directly and never reaches this trap.
    exit 1
}

# Seconds of a `times` field such as 1m2.345s.
_orch_secs() {
    local t=$1 m s
    m=${t%%m*}
    s=${t#*m}
    s=${s%s}
    printf '%s' "$((10#$m * 60 + 10#${s%%.*})).${s#*.}"
}

_orch_on_exit() {
    local rc=$1 status=ok now wall cpu=0 field us=0 t
    ((rc == 0)) || status=failed
    ((rc == 2)) && status=invalid
    now=${EPOCHREALTIME/[.,]/}
    wall=$((now - ${_ORCH_T0:-$now}))
    printf -v wall '%d.%06d' $((wall / 1000000)) $((wall % 1000000))
    # `times`: user and system CPU of this shell, then of its waited-for children.
    for field in $(times); do
        t=$(_orch_secs "$field")
        us=$((us + 10#${t%%.*} * 1000 + 10#${t#*.}))
    done
    printf -v cpu '%d.%03d' $((us / 1000)) $((us % 1000))
    log_info "step ${ORCH_STEP_NAME:-shell} $status (exit $rc): wall ${wall}s, cpu ${cpu}s"
    printf 'ORCH_METRICS {"step":"%s","status":"%s","wall_s":%s,"cpu_s":%s,"peak_rss_kb":null}\n' \
        "${ORCH_STEP_NAME//[\"\\]/_}" "$status" "$wall" "$cpu" >&2
    # A standalone run that wrote no ctx change leaves no empty temp file behind.
    if [[ -n "${_CTX_STANDALONE:-}" && -f "${ORCH_CTX_OUT:-}" && ! -s "$ORCH_CTX_OUT" ]]; then
        rm -f "$ORCH_CTX_OUT"
    fi
    exit "$rc"
}

# Declared parameters: orch_parse_params (docs/scriptlet-params.md).
source "$(dirname "${BASH_SOURCE[0]}")/params.sh"
