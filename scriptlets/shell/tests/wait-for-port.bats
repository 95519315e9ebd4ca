#!/usr/bin/env bats
# wait-for-port.sh: a listening port is ready, a closed one times out, bad flags exit 2.

setup() {
    SCRIPT="$BATS_TEST_DIRNAME/../wait-for-port.sh"
    export ORCH_CTX_OUT="$BATS_TEST_TMPDIR/changes.jsonl"
    export ORCH_LOG_DIR="$BATS_TEST_TMPDIR/Logs"
    unset ORCH_STEP ORCH_LOG_FILE PORT
    LISTENER_PID=""
}

teardown() {
    if [[ -n "$LISTENER_PID" ]]; then
        kill "$LISTENER_PID" 2>/dev/null || true
        wait "$LISTENER_PID" 2>/dev/null || true
    fi
}

# A port nobody listens on: bind, note the port, close.
closed_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

@test "a listening port is ready at once and ctx says so" {
    python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5)
open(sys.argv[1], "w").write(str(s.getsockname()[1])); time.sleep(120)' "$BATS_TEST_TMPDIR/port" 3>&- &
    LISTENER_PID=$!
    for _ in $(seq 1 200); do [[ -s "$BATS_TEST_TMPDIR/port" ]] && break; sleep 0.1; done
    port=$(cat "$BATS_TEST_TMPDIR/port")
    run "$SCRIPT" --port "$port" --timeout 30
    [ "$status" -eq 0 ]
    [[ "$output" == *"127.0.0.1:$port ready after 1 attempt"* ]]
    [[ "$output" != *"attempt(s)"* && "$output" != *"1 attempts"* ]]
    run cat "$ORCH_CTX_OUT"
    [ "${lines[0]}" = "{\"op\":\"set\",\"key\":\"wait_for_port\",\"value\":{\"host\":\"127.0.0.1\",\"port\":$port,\"attempts\":1}}" ]
}

@test "the port may come from PORT" {
    port=$(closed_port)
    PORT=$port run "$SCRIPT" --timeout 0
    [ "$status" -eq 1 ]
    [[ "$output" == *"127.0.0.1:$port not ready within 0s (1 attempt)"* ]]
}

@test "the port may come from a ctx key" {
    port=$(closed_port)
    CTX_WEB_PORT=$port run "$SCRIPT" --port_key web_port --timeout 0
    [ "$status" -eq 1 ]
    [[ "$output" == *"127.0.0.1:$port not ready"* ]]
    run "$SCRIPT" --port_key missing_key --timeout 0
    [ "$status" -eq 2 ]
}

@test "a closed port fails after the timeout" {
    port=$(closed_port)
    run "$SCRIPT" --port "$port" --timeout 1
    [ "$status" -eq 1 ]
    [[ "$output" =~ "not ready within 1s ("[0-9]+" attempts)" ]]
    [ ! -s "$ORCH_CTX_OUT" ]
}

@test "bad or missing flags are invalid usage" {
    run "$SCRIPT"
    [ "$status" -eq 2 ]
    run "$SCRIPT" --port 70000
    [ "$status" -eq 2 ]
    run "$SCRIPT" --port 80 --host 'x/../y'
    [ "$status" -eq 2 ]
    run "$SCRIPT" --port 80 --timeout soon
    [ "$status" -eq 2 ]
    run "$SCRIPT" --port 80 --unknown 1
    [ "$status" -eq 2 ]
}

@test "--help prints the block with its Parameters" {
    run "$SCRIPT" --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"Parameters:"* ]]
    [[ "$output" == *"port (int, env=PORT)"* ]]
}
