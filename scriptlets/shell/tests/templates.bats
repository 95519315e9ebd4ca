#!/usr/bin/env bats
# common.sh through the copyable templates: flags, help, ERR trap, exit codes.

setup() {
    ROOT="$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)"
    # A throwaway workspace: the template copied next to the real lib/, as a user would do.
    WS="$BATS_TEST_TMPDIR/ws"
    mkdir -p "$WS/scriptlets/shell" "$WS/scriptlets/python/steps"
    cp -r "$ROOT/scriptlets/shell/lib" "$WS/scriptlets/shell/lib"
    cp "$ROOT/templates/scriptlet.sh.template" "$WS/scriptlets/shell/my-step.sh"
    chmod +x "$WS/scriptlets/shell/my-step.sh"
    STEP="$WS/scriptlets/shell/my-step.sh"
    export ORCH_CTX_OUT="$BATS_TEST_TMPDIR/changes.jsonl"
    export ORCH_LOG_DIR="$BATS_TEST_TMPDIR/Logs"
    printf 'a\nb\nc\n' >"$BATS_TEST_TMPDIR/in.txt"
}

@test "shell template runs as is and writes ctx" {
    run "$STEP" --input "$BATS_TEST_TMPDIR/in.txt" --label='x "y"'
    [ "$status" -eq 0 ]
    run cat "$ORCH_CTX_OUT"
    [ "${lines[0]}" = '{"op":"set","key":"my_result","value":{"count":3}}' ]
    [ "${lines[1]}" = '{"op":"set","key":"my_label","value":"x \"y\""}' ]
}

@test "shell template: --help, unknown flag, missing input" {
    run "$STEP" --help
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "Name:" ]]
    run "$STEP" --input "$BATS_TEST_TMPDIR/in.txt" --nope 1
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown flag --nope"* ]]
    run "$STEP" --input "$BATS_TEST_TMPDIR/missing"
    [ "$status" -eq 2 ]
}

@test "ERR trap: an unexpected failure exits 1 and logs the line" {
    # Make the work fail: a command that exits 2 (like grep on an error) must still give 1.
    sed -i 's|^count=\$(wc -l <"\$input")$|count=$(wc -l <"$input"); (exit 2)|' "$STEP"
    run "$STEP" --input "$BATS_TEST_TMPDIR/in.txt"
    [ "$status" -eq 1 ]
    [[ "$output" == *"command failed (exit 2) at my-step.sh:"* ]]
    [[ "$output" == *'"status":"failed"'* ]]
}

@test "python template runs via its CLI" {
    cp -r "$ROOT/scriptlets/python/core" "$WS/scriptlets/python/core"
    touch "$WS/scriptlets/__init__.py" "$WS/scriptlets/python/__init__.py" "$WS/scriptlets/python/steps/__init__.py"
    cp "$ROOT/templates/scriptlet.py.template" "$WS/scriptlets/python/steps/my_step.py"
    run python3 "$WS/scriptlets/python/steps/my_step.py" --input "$BATS_TEST_TMPDIR/in.txt"
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = '{"count":3}' ]
    run python3 "$WS/scriptlets/python/steps/my_step.py"
    [ "$status" -eq 2 ]
    cd "$WS"
    ORCH_PARAMS="{\"input\": \"$BATS_TEST_TMPDIR/in.txt\"}" run python3 -m scriptlets.python.core.bridge \
        --module scriptlets.python.steps.my_step --function StepMyStep
    [ "$status" -eq 0 ]
    [ "$output" != "" ]
    grep -q '"key":"my_result","value":{"count":3,"after":null}' "$ORCH_CTX_OUT"
}

@test "log lines are written once when stderr already is the log file" {
    export ORCH_LOG_FILE="$BATS_TEST_TMPDIR/engine.log"
    "$STEP" --input "$BATS_TEST_TMPDIR/in.txt" 2>>"$ORCH_LOG_FILE"
    [ "$(grep -c 'counting lines of' "$ORCH_LOG_FILE")" -eq 1 ]
    [ "$(grep -c '^ORCH_METRICS ' "$ORCH_LOG_FILE")" -eq 1 ]
}

@test "log lines go to stderr only when the engine copies stderr into the log" {
    export ORCH_LOG_FILE="$BATS_TEST_TMPDIR/engine.log" ORCH_LOG_VIA_STDERR=1
    "$STEP" --input "$BATS_TEST_TMPDIR/in.txt" 2>"$BATS_TEST_TMPDIR/stderr.txt"
    [ "$(grep -c 'counting lines of' "$BATS_TEST_TMPDIR/stderr.txt")" -eq 1 ]
    [ ! -e "$ORCH_LOG_FILE" ] || [ "$(grep -c 'counting lines of' "$ORCH_LOG_FILE")" -eq 0 ]
}

@test "log lines go to ORCH_LOG_FILE when stderr is elsewhere" {
    export ORCH_LOG_FILE="$BATS_TEST_TMPDIR/own.log"
    run "$STEP" --input "$BATS_TEST_TMPDIR/in.txt"
    [ "$status" -eq 0 ]
    [ "$(grep -c 'counting lines of' "$ORCH_LOG_FILE")" -eq 1 ]
}
