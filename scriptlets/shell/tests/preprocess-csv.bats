#!/usr/bin/env bats
# preprocess-csv.sh: cleaning rules, exit codes, ctx lines.

setup() {
    SCRIPT="$BATS_TEST_DIRNAME/../preprocess-csv.sh"
    SAMPLE="$BATS_TEST_DIRNAME/../../../templates/sample-data/raw.csv"
    export ORCH_CTX_OUT="$BATS_TEST_TMPDIR/changes.jsonl"
    export ORCH_LOG_DIR="$BATS_TEST_TMPDIR/Logs"
    unset ORCH_STEP ORCH_LOG_FILE
    IN="$BATS_TEST_TMPDIR/in.csv"
    OUT="$BATS_TEST_TMPDIR/out/nested/clean.csv"
}

@test "happy path on the sample: trimmed, blank lines dropped, ctx written" {
    run "$SCRIPT" --input "$SAMPLE" --output "$OUT"
    [ "$status" -eq 0 ]
    [ -f "$OUT" ]
    run head -3 "$OUT"
    [ "${lines[0]}" = "city,temperature,humidity,pressure" ]
    [ "${lines[2]}" = "Bergen,6.1,88,1008.9" ]
    [ "$(wc -l <"$OUT")" -eq 20 ]
    [ "$(grep -c $'\r' "$OUT")" -eq 0 ]
    [ "$(grep -cE '^[[:space:]]*$' "$OUT")" -eq 0 ]
    run cat "$ORCH_CTX_OUT"
    [ "${lines[0]}" = "{\"op\":\"set\",\"key\":\"clean_csv\",\"value\":\"$OUT\"}" ]
    [ "${lines[1]}" = '{"op":"set","key":"preprocess","value":{"rows":19,"dropped":3}}' ]
}

@test "the output gets the permissions the umask gives, not mktemp's 0600" {
    umask 022
    run "$SCRIPT" --input "$SAMPLE" --output "$OUT"
    [ "$status" -eq 0 ]
    [ "$(stat -c %a "$OUT")" = "644" ]
    umask 027
    run "$SCRIPT" --input "$SAMPLE" --output "$OUT"
    [ "$(stat -c %a "$OUT")" = "640" ]
}

@test "CRLF and lone CR become LF" {
    printf 'a,b\r\n1,2\r\n3,4\r5,6\r\n' >"$IN"
    run "$SCRIPT" --input "$IN" --output "$OUT"
    [ "$status" -eq 0 ]
    [ "$(cat "$OUT")" = $'a,b\n1,2\n3,4\n5,6' ]
    [ "$(od -An -c "$OUT" | grep -c '\\r')" -eq 0 ]
    grep -q '"rows":3,"dropped":0' "$ORCH_CTX_OUT"
}

@test "blank and whitespace-only lines are dropped and counted; header kept" {
    printf '\n  \nh1 , h2\n\n 1 ,2\n\t\n3,  4  \n\n' >"$IN"
    run "$SCRIPT" --input "$IN" --output "$OUT"
    [ "$status" -eq 0 ]
    [ "$(cat "$OUT")" = $'h1,h2\n1,2\n3,4' ]
    grep -q '{"rows":2,"dropped":5}' "$ORCH_CTX_OUT"
}

@test "quoted cells keep their commas and inner text" {
    printf 'name, note\n "Smith, J" , " keep  spaces "\n"a ""q"" b",x\n' >"$IN"
    run "$SCRIPT" --input "$IN" --output "$OUT"
    [ "$status" -eq 0 ]
    [ "$(cat "$OUT")" = $'name,note\n"Smith, J"," keep  spaces "\n"a ""q"" b",x' ]
}

@test "a line ending inside quotes is kept with a warning" {
    printf 'a,b\n"open,1\n' >"$IN"
    run "$SCRIPT" --input "$IN" --output "$OUT"
    [ "$status" -eq 0 ]
    [[ "$output" == *"multi-line quoted cells are not supported"* ]]
}

@test "output may be the input" {
    printf 'a , b\n1 , 2\n' >"$IN"
    run "$SCRIPT" --input "$IN" --output "$IN"
    [ "$status" -eq 0 ]
    [ "$(cat "$IN")" = $'a,b\n1,2' ]
    [ -z "$(ls -A "$BATS_TEST_TMPDIR" | grep preprocess-csv || true)" ]
}

@test "exit 2: missing flags, unknown flag, flag without value, positional" {
    for args in "" "--input $SAMPLE" "--output $OUT" "--input $SAMPLE --output $OUT --extra 1" \
        "--input" "stray" "--input $SAMPLE --input $SAMPLE --output $OUT"; do
        run "$SCRIPT" $args
        [ "$status" -eq 2 ]
    done
    [ ! -e "$ORCH_CTX_OUT" ]
}

@test "exit 2: input file missing or a directory; output a directory" {
    run "$SCRIPT" --input "$BATS_TEST_TMPDIR/nope.csv" --output "$OUT"
    [ "$status" -eq 2 ]
    [[ "$output" == *"input file not found"* ]]
    run "$SCRIPT" --input "$BATS_TEST_TMPDIR" --output "$OUT"
    [ "$status" -eq 2 ]
    run "$SCRIPT" --input "$SAMPLE" --output "$BATS_TEST_TMPDIR"
    [ "$status" -eq 2 ]
    [ ! -e "$ORCH_CTX_OUT" ]
}

@test "exit 1: no header line at all, nothing written" {
    printf '\n   \n\r\n' >"$IN"
    run "$SCRIPT" --input "$IN" --output "$OUT"
    [ "$status" -eq 1 ]
    [[ "$output" == *"no header line"* ]]
    [ ! -e "$OUT" ]
    [ -z "$(ls -A "$(dirname "$OUT")")" ]
    [ ! -e "$ORCH_CTX_OUT" ]
}

@test "--help prints the documentation block" {
    run "$SCRIPT" --help
    [ "$status" -eq 0 ]
    for heading in "Name:" "Description:" "Usage:" "Arguments:" "Examples (CLI):" "Limitations/Requirements:"; do
        [[ "$output" == *"$heading"* ]]
    done
    [[ "$output" != *"set -Eeuo"* ]]
    [[ "$output" != *"#!"* ]]
}

@test "logs to ORCH_LOG_DIR with timing; last stderr line is ORCH_METRICS" {
    export ORCH_STEP=preprocess_csv
    run "$SCRIPT" --input "$SAMPLE" --output "$OUT"
    [ "$status" -eq 0 ]
    [[ "${lines[-1]}" =~ ^ORCH_METRICS\ \{\"step\":\"preprocess_csv\",\"status\":\"ok\",\"wall_s\":[0-9.]+,\"cpu_s\":[0-9.]+,\"peak_rss_kb\":null\}$ ]]
    log=$(ls "$ORCH_LOG_DIR")
    [[ "$log" =~ ^[0-9]{8}-[0-9]{6}\.[0-9]{3}_preprocess_csv\.log$ ]]
    grep -q "wrote 19 data rows" "$ORCH_LOG_DIR/$log"
    grep -q "step preprocess_csv ok (exit 0): wall" "$ORCH_LOG_DIR/$log"
}

@test "standalone run without ORCH_CTX_OUT still works and says where ctx went" {
    unset ORCH_CTX_OUT
    export TMPDIR="$BATS_TEST_TMPDIR"
    run "$SCRIPT" --input "$SAMPLE" --output "$OUT"
    [ "$status" -eq 0 ]
    [[ "$output" == *"ORCH_CTX_OUT is not set (standalone run)"* ]]
    grep -q '"key":"preprocess"' "$BATS_TEST_TMPDIR"/orch-ctx-out.*
}
