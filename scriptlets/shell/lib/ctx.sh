# shellcheck shell=bash
# ctx.sh - the shell side of the Orchestrator ctx (docs/ctx-and-bridge.md). Source it; bash >= 4.3, no jq.
#
#   ctx_get KEY          print KEY's value: a JSON string as its raw text, anything else as JSON.
#                        Looks first at this step's own earlier ctx_set/ctx_del (read back from
#                        $ORCH_CTX_OUT, so it also sees changes made in subshells), then at the
#                        engine's CTX_<KEY> variable, then at $ORCH_CTX_VALUES_DIR/CTX_<KEY> (where
#                        the engine puts a value too large for a variable). Exit 1 (message on
#                        stderr) when absent.
#   ctx_has KEY          exit 0 when ctx_get would find KEY, else 1; prints nothing.
#   ctx_set KEY JSON     append {"op":"set","key":KEY,"value":JSON} to $ORCH_CTX_OUT.
#   ctx_set_string KEY TEXT   the same with TEXT quoted as a JSON string.
#   ctx_del KEY          append {"op":"delete","key":KEY}.
#   ctx_json_string TEXT print TEXT as a JSON string literal ("..." with escapes).
#
# Keys given to ctx_set/ctx_del must match [A-Za-z0-9_.-]+ (exit 1 otherwise): they are written
# into the JSON line unescaped. The JSON value is passed through as-is after a check that it is ONE
# value (a number, true, false, null, a "..." string whose quotes are all escaped, or an object or
# array whose first bracket closes at its last character, strings inside skipped); newlines become
# spaces, which is safe for valid JSON. It is not fully parsed: the engine parses every line
# strictly (one object, no repeated field, UTF-8, no NUL or lone surrogate) and fails the step on
# a malformed one, so a value can never smuggle a second "key" into its line.
#
# Standalone (ORCH_CTX_OUT unset): changes go to a fresh temp file, announced on stderr at the
# first change; the file stays for you to inspect (common.sh removes it when it is still empty).
#
# Limitations: CTX_<KEY> variables cannot tell the string "42" from the number 42 (the bridge gives
# both as text 42); keys are mapped to variable names with ASCII rules (upper-case, every
# non-[A-Za-z0-9] -> _), so two keys differing only there collide; text must be valid UTF-8 and
# cannot hold NUL bytes (bash strings cannot).

[[ -n "${_ORCH_CTX_SH:-}" ]] && return 0
_ORCH_CTX_SH=1

if [[ -z "${ORCH_CTX_OUT:-}" ]]; then
    # Created now (not at the first write) so that subshells and the parent share one file.
    ORCH_CTX_OUT=$(mktemp "${TMPDIR:-/tmp}/orch-ctx-out.XXXXXX")
    export ORCH_CTX_OUT
    _CTX_STANDALONE=1
fi

_ctx_key_ok() {
    [[ "$1" =~ ^[A-Za-z0-9_.-]+$ ]]
}

# The environment variable of a key: CTX_ + upper-cased key, non-alphanumerics -> _.
_ctx_env_name() {
    local name=${1^^}
    printf '%s' "CTX_${name//[^A-Za-z0-9]/_}"
}

_ctx_looks_like_json() {
    case "$1" in
    \{*\} | \[*\] | \"*\" | true | false | null) return 0 ;;
    esac
    [[ "$1" =~ ^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$ ]]
}

# 0 when $1 (which starts with " { or [) is a single string, object or array: text after its end
# would be read by the engine as more fields of the change line.
_ctx_single_value() {
    local v=$1 n i c depth=0 in_string=0 string_re='^"([^"\\]|\\.)*"$'
    if [[ "$v" == \"* ]]; then
        [[ "$v" =~ $string_re ]]
        return
    fi
    local LC_ALL=C # bytes: indexing stays O(1) and multi-byte text cannot hide a quote
    n=${#v}
    for ((i = 0; i < n; i++)); do
        c=${v:i:1}
        if ((in_string)); then
            case $c in
            \\) i=$((i + 1)) ;;
            \") in_string=0 ;;
            esac
            continue
        fi
        case $c in
        \") in_string=1 ;;
        [{[]) depth=$((depth + 1)) ;;
        []}])
            depth=$((depth - 1))
            ((depth > 0 || i == n - 1)) || return 1
            ;;
        esac
    done
    ((depth == 0 && in_string == 0))
}

_ctx_append() {
    if [[ -n "${_CTX_STANDALONE:-}" && ! -s "$ORCH_CTX_OUT" ]]; then
        printf 'ctx.sh: ORCH_CTX_OUT is not set (standalone run); ctx changes go to %s\n' \
            "$ORCH_CTX_OUT" >&2
    fi
    printf '%s\n' "$1" >>"$ORCH_CTX_OUT"
}

ctx_set() {
    if (($# != 2)); then
        printf 'usage: ctx_set KEY JSON\n' >&2
        return 1
    fi
    local key=$1 value=$2
    if ! _ctx_key_ok "$key"; then
        printf "ctx_set: invalid key '%s' (allowed: [A-Za-z0-9_.-]+)\n" "$key" >&2
        return 1
    fi
    # Raw newlines can only be whitespace between tokens in valid JSON: flatten to one line.
    value=${value//$'\r'/ }
    value=${value//$'\n'/ }
    # Trim surrounding whitespace.
    value=${value#"${value%%[![:space:]]*}"}
    value=${value%"${value##*[![:space:]]}"}
    # The value is never echoed back: it may be a secret.
    if [[ -z "$value" ]] || ! _ctx_looks_like_json "$value"; then
        printf "ctx_set: value for '%s' is not JSON (quote text with ctx_json_string)\n" "$key" >&2
        return 1
    fi
    if [[ "$value" == [\"{[]* ]] && ! _ctx_single_value "$value"; then
        printf "ctx_set: value for '%s' is not one JSON value (text after its end, or unbalanced)\n" \
            "$key" >&2
        return 1
    fi
    _ctx_append "{\"op\":\"set\",\"key\":\"$key\",\"value\":$value}"
}

ctx_set_string() {
    if (($# != 2)); then
        printf 'usage: ctx_set_string KEY TEXT\n' >&2
        return 1
    fi
    ctx_set "$1" "$(ctx_json_string "$2")"
}

ctx_del() {
    if (($# != 1)); then
        printf 'usage: ctx_del KEY\n' >&2
        return 1
    fi
    if ! _ctx_key_ok "$1"; then
        printf "ctx_del: invalid key '%s' (allowed: [A-Za-z0-9_.-]+)\n" "$1" >&2
        return 1
    fi
    _ctx_append "{\"op\":\"delete\",\"key\":\"$1\"}"
}

# Look KEY up in this step's own changes. Sets _CTX_STATE (none|set|deleted) and _CTX_VALUE.
_ctx_own_lookup() {
    local key=$1 line set_prefix del_line
    _CTX_STATE=none
    _CTX_VALUE=
    _ctx_key_ok "$key" || return 0
    [[ -f "$ORCH_CTX_OUT" ]] || return 0
    set_prefix="{\"op\":\"set\",\"key\":\"$key\",\"value\":"
    del_line="{\"op\":\"delete\",\"key\":\"$key\"}"
    # The last change wins. Only lines in the exact format ctx_set writes are understood (the
    # file is this step's own; the Python bridge writes the same format).
    while IFS= read -r line || [[ -n "$line" ]]; do
        if [[ "$line" == "$set_prefix"* ]]; then
            _CTX_STATE=set
            _CTX_VALUE=${line#"$set_prefix"}
            _CTX_VALUE=${_CTX_VALUE%\}}
        elif [[ "$line" == "$del_line" ]]; then
            _CTX_STATE=deleted
        fi
    done <"$ORCH_CTX_OUT"
}

ctx_has() {
    (($# == 1)) || return 1
    _ctx_own_lookup "$1"
    case $_CTX_STATE in
    set) return 0 ;;
    deleted) return 1 ;;
    esac
    local var
    var=$(_ctx_env_name "$1")
    [[ -v $var ]] || _ctx_value_file "$var"
}

# The file of a value the engine left out of the environment (too large): sets _CTX_FILE; exit 1 when none.
_ctx_value_file() {
    _CTX_FILE=${ORCH_CTX_VALUES_DIR:+$ORCH_CTX_VALUES_DIR/$1}
    [[ -n "$_CTX_FILE" && -f "$_CTX_FILE" ]]
}

ctx_get() {
    if (($# != 1)); then
        printf 'usage: ctx_get KEY\n' >&2
        return 1
    fi
    _ctx_own_lookup "$1"
    case $_CTX_STATE in
    set)
        if [[ "$_CTX_VALUE" == \"*\" ]]; then
            _ctx_json_unquote "$_CTX_VALUE"
            printf '%s\n' "$_CTX_TEXT"
        else
            printf '%s\n' "$_CTX_VALUE"
        fi
        return 0
        ;;
    deleted)
        printf "ctx_get: no key '%s' (deleted by this step)\n" "$1" >&2
        return 1
        ;;
    esac
    local var
    var=$(_ctx_env_name "$1")
    if [[ -v $var ]]; then
        printf '%s\n' "${!var}"
        return 0
    fi
    if _ctx_value_file "$var"; then
        local text=
        # read -d '': the whole file, trailing newlines included (like the variable would hold it)
        IFS= read -r -d '' text <"$_CTX_FILE" || true
        printf '%s\n' "$text"
        return 0
    fi
    printf "ctx_get: no key '%s'\n" "$1" >&2
    return 1
}

# ctx_json_string TEXT - TEXT as a JSON string literal.
ctx_json_string() {
    local s=${1-} i ch esc
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/\\n}
    s=${s//$'\r'/\\r}
    s=${s//$'\t'/\\t}
    s=${s//$'\b'/\\b}
    s=${s//$'\f'/\\f}
    # Any other control character (0x01-0x1f) as \u00XX; the loop only runs when there is one.
    if [[ "$s" == *[$'\x01'-$'\x1f']* ]]; then
        for ((i = 1; i < 32; i++)); do
            printf -v esc '\\x%02x' "$i"
            printf -v ch "$esc"
            printf -v esc '\\u%04x' "$i"
            s=${s//"$ch"/"$esc"}
        done
    fi
    printf '"%s"\n' "$s"
}

# Code point -> UTF-8 bytes in _CTX_CH (locale independent).
_ctx_utf8() {
    local cp=$1 fmt
    if ((cp < 0x80)); then
        printf -v fmt '\\x%02x' "$cp"
    elif ((cp < 0x800)); then
        printf -v fmt '\\x%02x\\x%02x' $((0xC0 | cp >> 6)) $((0x80 | (cp & 0x3F)))
    elif ((cp < 0x10000)); then
        printf -v fmt '\\x%02x\\x%02x\\x%02x' $((0xE0 | cp >> 12)) $((0x80 | (cp >> 6 & 0x3F))) \
            $((0x80 | (cp & 0x3F)))
    else
        printf -v fmt '\\x%02x\\x%02x\\x%02x\\x%02x' $((0xF0 | cp >> 18)) $((0x80 | (cp >> 12 & 0x3F))) \
            $((0x80 | (cp >> 6 & 0x3F))) $((0x80 | (cp & 0x3F)))
    fi
    printf -v _CTX_CH "$fmt"
}

# A JSON string literal -> its text, in _CTX_TEXT. Unknown escapes are kept as written.
_ctx_json_unquote() {
    local s=${1:1:${#1}-2} out="" c hex cp lo
    while [[ "$s" == *\\* ]]; do
        out+=${s%%\\*}
        s=${s#*\\}
        c=${s:0:1}
        s=${s:1}
        case "$c" in
        n) out+=$'\n' ;;
        t) out+=$'\t' ;;
        r) out+=$'\r' ;;
        b) out+=$'\b' ;;
        f) out+=$'\f' ;;
        u)
            hex=${s:0:4}
            if [[ ! "$hex" =~ ^[0-9A-Fa-f]{4}$ ]]; then
                out+="\\u"
                continue
            fi
            s=${s:4}
            cp=$((16#$hex))
            # A high surrogate followed by a low one is one code point.
            if ((cp >= 0xD800 && cp <= 0xDBFF)) && [[ "${s:0:6}" =~ ^\\u[dD][c-fC-F][0-9A-Fa-f]{2}$ ]]; then
                lo=$((16#${s:2:4}))
                cp=$((0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)))
                s=${s:6}
            fi
            # NUL cannot live in a bash string: dropped.
            if ((cp > 0)); then
                _ctx_utf8 "$cp"
                out+=$_CTX_CH
            fi
            ;;
        *) out+=$c ;; # \" \\ \/ and anything unknown: the character itself
        esac
    done
    _CTX_TEXT=$out$s
}
