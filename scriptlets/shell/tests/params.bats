#!/usr/bin/env bats
# params.sh: orch_parse_params reads the header's Parameters: block (docs/scriptlet-params.md).

setup() {
    export ORCH_LOG_DIR="$BATS_TEST_TMPDIR/Logs"
    export ORCH_CTX_OUT="$BATS_TEST_TMPDIR/changes.jsonl"
    unset LABEL_FROM_ENV
    SCRIPT="$BATS_TEST_TMPDIR/declared.sh"
    cat >"$SCRIPT" <<EOS
#!/usr/bin/env bash
# Name:
#     declared
#
# Parameters:
#     input (path, required): the file to read.
#     limit (int, default=10): the most rows;
#         a second line of help.
#     ratio (number): a share.
#     strict (bool, default=false): refuse odd rows.
#     cols (list): columns to keep.
#     label (string, env=LABEL_FROM_ENV): a label.
#
# Limitations:
#     none
set -Eeuo pipefail
source "$BATS_TEST_DIRNAME/../lib/common.sh"
orch_init "\${BASH_SOURCE[0]}"
orch_parse_params "\$@"
printf 'input=%s limit=%s strict=%s label=%s ratio=%s cols=%s\n' "\$input" "\$limit" "\$strict" "\${label:-}" "\${ratio:-}" "\${cols[*]:-}"
EOS
}

@test "declared flags become shell variables, with defaults" {
    run bash "$SCRIPT" --input a.csv --ratio 0.5 --cols x --cols y
    [ "$status" -eq 0 ]
    [[ "$output" == *"input=a.csv limit=10 strict=false label= ratio=0.5 cols=x y"* ]]
}

@test "a parameter with env= is read from its environment variable" {
    LABEL_FROM_ENV=nightly run bash "$SCRIPT" --input a.csv --limit=3
    [ "$status" -eq 0 ]
    [[ "$output" == *"input=a.csv limit=3 strict=false label=nightly"* ]]
}

@test "--help prints the header and the generated options" {
    run bash "$SCRIPT" --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"Name:"* ]]
    [[ "$output" == *"--input PATH (required)"* ]]
    [[ "$output" == *"--limit INT (default: 10)"* ]]
    [[ "$output" == *"the most rows; a second line of help."* ]]
    [[ "$output" == *"--label STRING (env: \$LABEL_FROM_ENV)"* ]]
}

@test "exit 2: unknown flag, missing required, wrong type, given twice" {
    run bash "$SCRIPT" --input a --limt 3
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown flag --limt (declared: --input --limit"* ]]
    run bash "$SCRIPT" --limit 3
    [ "$status" -eq 2 ]
    [[ "$output" == *"missing required parameter --input"* ]]
    run bash "$SCRIPT" --input a --limit three
    [ "$status" -eq 2 ]
    [[ "$output" == *"--limit: expected int, found 'three'"* ]]
    run bash "$SCRIPT" --input a --strict yes
    [ "$status" -eq 2 ]
    run bash "$SCRIPT" --input a --ratio 1e
    [ "$status" -eq 2 ]
    run bash "$SCRIPT" --input a --input b
    [ "$status" -eq 2 ]
    [[ "$output" == *"--input given twice"* ]]
}

@test "a script without a Parameters: block accepts any --name value" {
    cat >"$SCRIPT" <<EOS
#!/usr/bin/env bash
# Name: loose
set -Eeuo pipefail
source "$BATS_TEST_DIRNAME/../lib/common.sh"
orch_init "\${BASH_SOURCE[0]}"
orch_parse_params "\$@"
printf 'a=%s b=%s\n' "\${ARGS[a]}" "\${ARGS[b]}"
EOS
    run bash "$SCRIPT" --a 1 --b=2
    [ "$status" -eq 0 ]
    [[ "$output" == *"a=1 b=2"* ]]
}

@test "a malformed declaration is the script's failure (exit 1)" {
    sed -i 's/(int, default=10)/(integer)/' "$SCRIPT"
    run bash "$SCRIPT" --input a
    [ "$status" -eq 1 ]
    [[ "$output" == *"the type must come first"* ]]
}
