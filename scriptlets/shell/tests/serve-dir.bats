#!/usr/bin/env bats
# serve-dir.sh: serves a workspace folder on 127.0.0.1 and says where in ctx; bad flags and folders exit 2.

setup() {
    SCRIPT="$BATS_TEST_DIRNAME/../serve-dir.sh"
    export ORCH_WORKSPACE="$BATS_TEST_TMPDIR/ws"
    export ORCH_CTX_OUT="$BATS_TEST_TMPDIR/changes.jsonl"
    export ORCH_LOG_DIR="$BATS_TEST_TMPDIR/Logs"
    unset ORCH_STEP ORCH_LOG_FILE
    mkdir -p "$ORCH_WORKSPACE/www"
    echo '{"ok": true}' > "$ORCH_WORKSPACE/www/status.json"
    SERVER_PID=""
}

teardown() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}

@test "serves the folder on the port it wrote to ctx, and says so on stdout" {
    cd "$ORCH_WORKSPACE"
    "$SCRIPT" --dir www --port_key web_port > "$BATS_TEST_TMPDIR/out" 2>&1 3>&- &
    SERVER_PID=$!
    for _ in $(seq 1 300); do grep -qs "Serving HTTP on 127.0.0.1 port" "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    port=$(python3 -c 'import json, sys
for line in open(sys.argv[1]):
    change = json.loads(line)
    if change["key"] == "web_port":
        print(change["value"])' "$ORCH_CTX_OUT")
    [ -n "$port" ]
    grep -q "{\"op\":\"set\",\"key\":\"serve_url\",\"value\":\"http://127.0.0.1:$port/\"}" "$ORCH_CTX_OUT"
    run python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
        "http://127.0.0.1:$port/status.json"
    [ "$status" -eq 0 ]
    [[ "$output" == *'"ok": true'* ]]
}

@test "a folder outside the workspace is invalid usage" {
    cd "$ORCH_WORKSPACE"
    run "$SCRIPT" --dir /etc
    [ "$status" -eq 2 ]
    [[ "$output" == *"--dir must be inside the workspace"* ]]
    [ ! -s "$ORCH_CTX_OUT" ]
}

@test "a missing folder, a bad port and a missing --dir are invalid usage" {
    cd "$ORCH_WORKSPACE"
    run "$SCRIPT" --dir nowhere
    [ "$status" -eq 2 ]
    run "$SCRIPT" --dir www --port 70000
    [ "$status" -eq 2 ]
    [[ "$output" == *"--port must be 0..65535"* ]]
    run "$SCRIPT"
    [ "$status" -eq 2 ]
}
