#!/usr/bin/env bats
# ctx.sh: get / set / del / escaping / standalone runs.

setup() {
    export LIB="$BATS_TEST_DIRNAME/../lib"
    export ORCH_CTX_OUT="$BATS_TEST_TMPDIR/changes.jsonl"
    # No CTX_* from the calling environment.
    unset $(compgen -v CTX_) 2>/dev/null || true
}

# Run a snippet in a fresh strict bash with ctx.sh sourced.
in_bash() {
    run bash -c 'set -Eeuo pipefail; source "$LIB/ctx.sh"; '"$1"
}

@test "ctx_set appends one bridge line per change" {
    in_bash 'ctx_set n 42; ctx_set obj "{\"a\":[1,2]}"; ctx_set t true; ctx_del n'
    [ "$status" -eq 0 ]
    run cat "$ORCH_CTX_OUT"
    [ "${lines[0]}" = '{"op":"set","key":"n","value":42}' ]
    [ "${lines[1]}" = '{"op":"set","key":"obj","value":{"a":[1,2]}}' ]
    [ "${lines[2]}" = '{"op":"set","key":"t","value":true}' ]
    [ "${lines[3]}" = '{"op":"delete","key":"n"}' ]
    [ "${#lines[@]}" -eq 4 ]
}

@test "multi-line JSON is flattened to one line" {
    in_bash $'ctx_set obj \'{"a":\n  1}\''
    [ "$status" -eq 0 ]
    run cat "$ORCH_CTX_OUT"
    [ "${#lines[@]}" -eq 1 ]
    [ "${lines[0]}" = '{"op":"set","key":"obj","value":{"a":   1}}' ]
}

@test "ctx_get prefers this step's own changes over CTX_ variables" {
    export CTX_COLOR=red
    in_bash 'ctx_get color; ctx_set color "\"blue\""; ctx_get color'
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "red" ]
    [ "${lines[1]}" = "blue" ]
}

@test "ctx_get prints strings raw and other values as JSON" {
    in_bash 'ctx_set s "\"a \\\"q\\\" b\""; ctx_set o "{\"k\":1}"; ctx_get s; ctx_get o'
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = 'a "q" b' ]
    [ "${lines[1]}" = '{"k":1}' ]
}

@test "ctx_get sees changes made in a subshell" {
    in_bash '( ctx_set inner 1 ); ctx_get inner'
    [ "$status" -eq 0 ]
    [ "$output" = "1" ]
}

@test "ctx_get maps keys to CTX_ names" {
    export CTX_MY_KEY_V2='{"x":[1]}' CTX_CLEAN_CSV=Data/clean.csv
    in_bash 'ctx_get my-key.v2; ctx_get clean_csv'
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = '{"x":[1]}' ]
    [ "${lines[1]}" = 'Data/clean.csv' ]
}

@test "ctx_get and ctx_has read a value the engine left out of the environment from its file" {
    mkdir "$BATS_TEST_TMPDIR/values"
    printf 'big text\n\n' >"$BATS_TEST_TMPDIR/values/CTX_BIG"
    export ORCH_CTX_VALUES_DIR="$BATS_TEST_TMPDIR/values"
    in_bash 'ctx_has big && echo has; v=$(ctx_get big; echo .); printf "[%s]" "${v%.}"'
    [ "$status" -eq 0 ]
    [ "$output" = $'has\n[big text\n\n\n]' ]
}

@test "ctx_get of an absent or deleted key fails with exit 1" {
    in_bash 'ctx_get nope'
    [ "$status" -eq 1 ]
    [[ "$output" == *"no key 'nope'"* ]]
    export CTX_GONE=1
    in_bash 'ctx_del gone; ctx_get gone'
    [ "$status" -eq 1 ]
    [[ "$output" == *"deleted by this step"* ]]
}

@test "ctx_has is silent" {
    export CTX_HERE=""
    in_bash 'ctx_has here && echo yes; ctx_has nope || echo no'
    [ "$status" -eq 0 ]
    [ "$output" = $'yes\nno' ]
}

@test "ctx_set refuses bad keys and non-JSON values" {
    for key in 'a b' 'a"b' '' 'k$'; do
        in_bash "ctx_set '$key' 1"
        [ "$status" -eq 1 ]
    done
    for value in 'hello' '' '   ' '1.2.3' '{unclosed' '"open'; do
        in_bash "ctx_set k '$value'"
        [ "$status" -eq 1 ]
        [[ "$output" == *"not JSON"* ]]
    done
    in_bash 'ctx_set onlyone'
    [ "$status" -eq 1 ]
    [ ! -s "$ORCH_CTX_OUT" ]
}

@test "ctx_set refuses a value that would smuggle more fields into its line, without echoing it" {
    for value in '"a","key":"other"' '{"a":1},"key":"other","op":"set","value":{"b":1}' '[1],"x":[2]' \
        '{"a":"}"' '{"a":1}}'; do
        in_bash "ctx_set k '$value'"
        [ "$status" -eq 1 ]
        [[ "$output" == *"value for 'k'"* ]]
        [[ "$output" != *other* ]]
    done
    [ ! -s "$ORCH_CTX_OUT" ]
    in_bash 'ctx_set k "{\"a\":\"}{\\\"]\",\"b\":[1,{\"c\":\"é\"}]}"; ctx_set s "\"q\\\"x\""'
    [ "$status" -eq 0 ]
    run cat "$ORCH_CTX_OUT"
    [ "${lines[0]}" = '{"op":"set","key":"k","value":{"a":"}{\"]","b":[1,{"c":"é"}]}}' ]
    [ "${lines[1]}" = '{"op":"set","key":"s","value":"q\"x"}' ]
}

@test "ctx_json_string escapes quotes, backslashes and control characters" {
    in_bash 'ctx_json_string "$(printf "a\"b\\\\c\td\x01e")"'
    [ "$status" -eq 0 ]
    [ "$output" = '"a\"b\\c\td\u0001e"' ]
    in_bash $'ctx_json_string "l1\nl2\r"'
    [ "$output" = '"l1\nl2\r"' ]
    in_bash 'ctx_json_string ""'
    [ "$output" = '""' ]
}

@test "ctx_set_string round-trips through JSON and ctx_get" {
    text=$'tab\there "q" \\ back\nline é'
    run bash -c 'set -Eeuo pipefail; source "$LIB/ctx.sh"; ctx_set_string t "$1"; ctx_get t' _ "$text"
    [ "$status" -eq 0 ]
    [ "$output" = "$text" ]
    run python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["value"] == sys.argv[2])' \
        "$ORCH_CTX_OUT" "$text"
    [ "$output" = "True" ]
}

@test "ctx_get decodes \\u escapes, surrogate pairs included" {
    printf '%s\n' '{"op":"set","key":"u","value":"\u00e9\ud83d\ude00\/x"}' >"$ORCH_CTX_OUT"
    in_bash 'ctx_get u'
    [ "$status" -eq 0 ]
    [ "$output" = "é😀/x" ]
}

@test "standalone: without ORCH_CTX_OUT changes go to a temp file, announced once" {
    unset ORCH_CTX_OUT
    export TMPDIR="$BATS_TEST_TMPDIR"
    in_bash 'ctx_set a 1; ctx_set b 2; ctx_get a; printf "%s\n" "$ORCH_CTX_OUT"'
    [ "$status" -eq 0 ]
    [ "$(grep -c 'ORCH_CTX_OUT is not set' <<<"$output")" -eq 1 ]
    file=${lines[-1]}
    [[ "$file" == "$BATS_TEST_TMPDIR"/orch-ctx-out.* ]]
    run cat "$file"
    [ "${lines[1]}" = '{"op":"set","key":"b","value":2}' ]
}
