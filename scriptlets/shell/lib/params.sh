# shellcheck shell=bash
# params.sh - declared parameters of a shell scriptlet (docs/scriptlet-params.md). common.sh sources it.
#
# The script's header declares its parameters once:
#
#   # Parameters:
#   #     input (path, required, env=INPUT): the CSV to read.
#   #     limit (int, default=10): the most rows to keep.
#
# and, after orch_init, calls
#
#   orch_parse_params "$@"
#
# which accepts each parameter as --name VALUE, --name=VALUE or (with env=VAR) from $VAR, fills
# ARGS[name] and the shell variable $name, applies defaults, prints a generated --help, and exits 2 on
# an unknown flag, a missing required parameter or a value of the wrong type. A list parameter may be
# repeated (the engine repeats the flag for a YAML list): ARGS[name] holds the items one per line and
# $name is a bash array. A script without a Parameters: block accepts any --name VALUE (old behaviour).

[[ -n "${_ORCH_PARAMS_SH:-}" ]] && return 0
_ORCH_PARAMS_SH=1

declare -ga ORCH_PARAM_NAMES=()
declare -gA ORCH_PARAM_TYPE=() ORCH_PARAM_REQUIRED=() ORCH_PARAM_DEFAULT=() ORCH_PARAM_ENV=() ORCH_PARAM_HELP=()

# _orch_read_params FILE - fill ORCH_PARAM_* from FILE's header block; a malformed entry exits 1.
_orch_read_params() {
    local line text indent base=-1 entry=-1 name attrs attr help last=""
    local re='^([a-z][a-z0-9_]*)[[:space:]]*\(([^()]*)\)[[:space:]]*:[[:space:]]*(.*)$'
    ORCH_PARAM_NAMES=()
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ "$line" == '#!'* ]] && continue
        [[ "$line" == '#'* ]] || break
        text=${line#\#}
        text=${text# }
        if ((base < 0)); then
            [[ "${text%"${text##*[![:space:]]}"}" =~ ^([[:space:]]*)Parameters:$ ]] && base=${#BASH_REMATCH[1]}
            continue
        fi
        [[ -n "${text//[[:space:]]/}" ]] || break
        indent=${text%%[![:space:]]*}
        indent=${#indent}
        ((indent > base)) || break
        ((entry >= 0)) || entry=$indent
        text=${text#"${text%%[![:space:]]*}"}
        if ((indent > entry)); then
            [[ -n "$last" ]] && ORCH_PARAM_HELP[$last]+=" $text"
            continue
        fi
        [[ "$text" =~ $re ]] || orch_die "malformed Parameters: entry in $(basename "$1"): '$text'"
        name=${BASH_REMATCH[1]}
        attrs=${BASH_REMATCH[2]}
        help=${BASH_REMATCH[3]}
        ORCH_PARAM_NAMES+=("$name")
        ORCH_PARAM_REQUIRED[$name]=""
        ORCH_PARAM_HELP[$name]=$help
        last=$name
        local first=1
        IFS=',' read -ra _orch_attrs <<<"$attrs"
        for attr in "${_orch_attrs[@]}"; do
            attr=${attr#"${attr%%[![:space:]]*}"}
            attr=${attr%"${attr##*[![:space:]]}"}
            if ((first)); then
                first=0
                case "$attr" in
                string | path | int | number | bool | list | map | json) ORCH_PARAM_TYPE[$name]=$attr ;;
                *) orch_die "Parameters: $name: the type must come first, one of string path int number bool list map json" ;;
                esac
            elif [[ "$attr" == required ]]; then
                ORCH_PARAM_REQUIRED[$name]=1
            elif [[ "$attr" == default=* ]]; then
                ORCH_PARAM_DEFAULT[$name]=${attr#default=}
            elif [[ "$attr" == env=* ]]; then
                ORCH_PARAM_ENV[$name]=${attr#env=}
            else
                orch_die "Parameters: $name: unknown attribute '$attr' (expected required, default=VALUE or env=VARIABLE)"
            fi
        done
    done <"$1"
}

# _orch_params_usage - the generated part of --help: one line per declared parameter.
_orch_params_usage() {
    local name line
    printf '\nOptions (from the Parameters: block):\n'
    for name in "${ORCH_PARAM_NAMES[@]}"; do
        line="  --$name ${ORCH_PARAM_TYPE[$name]^^}"
        [[ -n "${ORCH_PARAM_REQUIRED[$name]}" ]] && line+=" (required)"
        [[ -n "${ORCH_PARAM_DEFAULT[$name]+set}" ]] && line+=" (default: ${ORCH_PARAM_DEFAULT[$name]})"
        [[ -n "${ORCH_PARAM_ENV[$name]+set}" ]] && line+=" (env: \$${ORCH_PARAM_ENV[$name]})"
        printf '%s\n      %s\n' "$line" "${ORCH_PARAM_HELP[$name]}"
    done
    printf '  --help\n      print this text\n'
}

# _orch_param_type_ok TYPE VALUE - whether VALUE (text) is one of TYPE.
_orch_param_type_ok() {
    case "$1" in
    int) [[ "$2" =~ ^[-+]?[0-9]+$ ]] ;;
    number) [[ "$2" =~ ^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$ ]] ;;
    bool) [[ "$2" == true || "$2" == false ]] ;;
    map) [[ "$2" =~ ^[[:space:]]*\{.*\}[[:space:]]*$ ]] ;;
    *) return 0 ;;
    esac
}

# orch_parse_params "$@" - see the top of this file.
orch_parse_params() {
    local _op_arg _op_key _op_value _op_name _op_item _op_given
    _orch_read_params "$ORCH_SCRIPT"
    if ((${#ORCH_PARAM_NAMES[@]} == 0)); then
        _orch_parse_any "$@"
        return 0
    fi
    local -A _op_seen=()
    while (($#)); do
        _op_arg=$1
        case "$_op_arg" in
        -h | --help)
            orch_print_help "$ORCH_SCRIPT"
            _orch_params_usage
            exit 0
            ;;
        --?*=*)
            _op_key=${_op_arg%%=*}
            _op_key=${_op_key#--}
            _op_value=${_op_arg#*=}
            shift
            ;;
        --?*)
            _op_key=${_op_arg#--}
            (($# >= 2)) || orch_die_usage "--$_op_key needs a value"
            _op_value=$2
            shift 2
            ;;
        *) orch_die_usage "unexpected argument '$_op_arg'" ;;
        esac
        _op_key=${_op_key//-/_}
        [[ -n "${ORCH_PARAM_TYPE[$_op_key]+set}" ]] ||
            orch_die_usage "unknown flag --$_op_key (declared: $(printf -- '--%s ' "${ORCH_PARAM_NAMES[@]}"))"
        if [[ -n "${_op_seen[$_op_key]+set}" ]]; then
            [[ "${ORCH_PARAM_TYPE[$_op_key]}" == list ]] || orch_die_usage "--$_op_key given twice"
            ARGS[$_op_key]+=$'\n'$_op_value
        else
            ARGS[$_op_key]=$_op_value
        fi
        _op_seen[$_op_key]=1
    done
    for _op_name in "${ORCH_PARAM_NAMES[@]}"; do
        _op_given=${_op_seen[$_op_name]+set}
        if [[ -z "$_op_given" && -n "${ORCH_PARAM_ENV[$_op_name]+set}" && -n "${!ORCH_PARAM_ENV[$_op_name]:-}" ]]; then
            _op_value=${!ORCH_PARAM_ENV[$_op_name]}
            ARGS[$_op_name]=$_op_value
            _op_given=set
        fi
        if [[ -z "$_op_given" ]]; then
            if [[ -n "${ORCH_PARAM_DEFAULT[$_op_name]+set}" ]]; then
                ARGS[$_op_name]=${ORCH_PARAM_DEFAULT[$_op_name]}
            elif [[ -n "${ORCH_PARAM_REQUIRED[$_op_name]}" ]]; then
                orch_die_usage "missing required parameter --$_op_name${ORCH_PARAM_ENV[$_op_name]:+ (or \$${ORCH_PARAM_ENV[$_op_name]})}"
            else
                continue
            fi
        fi
        while IFS= read -r _op_item; do
            _orch_param_type_ok "${ORCH_PARAM_TYPE[$_op_name]}" "$_op_item" ||
                orch_die_usage "--$_op_name: expected ${ORCH_PARAM_TYPE[$_op_name]}, found '$_op_item'"
        done <<<"${ARGS[$_op_name]}"
        if [[ "${ORCH_PARAM_TYPE[$_op_name]}" == list ]]; then
            mapfile -t "$_op_name" <<<"${ARGS[$_op_name]}"
        else
            printf -v "$_op_name" '%s' "${ARGS[$_op_name]}"
        fi
    done
}

# _orch_parse_any "$@" - no declaration: any --name VALUE into ARGS (as orch_parse_flags, any name).
_orch_parse_any() {
    local arg key
    while (($#)); do
        arg=$1
        case "$arg" in
        -h | --help)
            orch_print_help "$ORCH_SCRIPT"
            exit 0
            ;;
        --?*=*) key=${arg%%=*} && ARGS[${key#--}]=${arg#*=} && shift ;;
        --?*)
            (($# >= 2)) || orch_die_usage "$arg needs a value"
            ARGS[${arg#--}]=$2
            shift 2
            ;;
        *) orch_die_usage "unexpected argument '$arg'" ;;
        esac
    done
}
