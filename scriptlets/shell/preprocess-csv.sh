#!/usr/bin/env bash
# Name:
#     preprocess-csv.sh
#
# Description:
#     Sanitises a CSV file so that later steps can read it plainly:
#       - line endings CRLF and lone CR become LF;
#       - whitespace (spaces, tabs) around every cell is trimmed; text inside quotes is kept;
#       - blank (empty or whitespace-only) lines are dropped;
#       - the header (the first non-blank line) is kept.
#     Writes ctx: clean_csv  = the output path (a JSON string, as given),
#                 preprocess = {"rows": <data rows written>, "dropped": <blank lines dropped>}.
#
# Usage:
#     scriptlets/shell/preprocess-csv.sh --input IN.csv --output OUT.csv
#     In a recipe:  type: shell
#                   cmd: scriptlets/shell/preprocess-csv.sh
#                   args: {input: Data/raw.csv, output: Data/clean.csv}
#
# Parameters:
#     input (path, required, env=INPUT): the CSV to read (relative paths: to the current
#         directory, which the engine sets to the workspace). Must exist.
#     output (path, required, env=OUTPUT): where to write the clean CSV; its directory is
#         created. May equal --input.
#
# Arguments:
#     --input FILE / --output FILE as declared above (or $INPUT / $OUTPUT); --help prints this block.
#
# Examples (CLI):
#     scriptlets/shell/preprocess-csv.sh --input templates/sample-data/raw.csv --output Data/clean.csv
#     ORCH_CTX_OUT=/tmp/changes.jsonl scriptlets/shell/preprocess-csv.sh \
#         --input templates/sample-data/raw.csv --output /tmp/clean.csv && cat /tmp/changes.jsonl
#
# Limitations/Requirements:
#     - bash >= 5, awk (mawk or gawk), mktemp, mv; no jq.
#     - Commas separate cells. A quoted cell ("a, b") may contain commas and doubled quotes ("");
#       its quotes are kept and the text between them is not trimmed. A quoted cell spanning
#       several lines is NOT supported: each line is handled on its own (a warning is logged
#       when a line ends inside quotes).
#     - A line of only commas (",,,") is not blank: it is kept as a row of empty cells.
#     - Exit codes: 0 ok, 1 failure (e.g. no header line), 2 invalid usage (missing/unknown
#       flags, input file missing or unreadable, output is a directory).

# Strict mode: stop on errors (-e), on unset variables (-u), on failures inside pipes (pipefail),
# and let the ERR trap fire inside functions and subshells (-E).
set -Eeuo pipefail

# The folder of this script, so the libraries are found from any current directory.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Logging, traps, flag parsing, exit-code helpers.
source "$HERE/lib/common.sh"
# ctx_get / ctx_set / ctx_del / ctx_json_string.
source "$HERE/lib/ctx.sh"

# Traps (ERR -> exit 1 with the failing line logged; EXIT -> timing line), log file name.
orch_init "${BASH_SOURCE[0]}"
# The flags declared in the Parameters: block above (--input, --output, --help; or $INPUT, $OUTPUT);
# an unknown flag or a missing one exits 2.
orch_parse_params "$@"

# The paths as given.
input=${ARGS[input]}
output=${ARGS[output]}

# The input must be a readable regular file: otherwise the step was called wrongly (exit 2).
[[ -f "$input" && -r "$input" ]] || orch_die_usage "input file not found or not readable: $input"
# Writing onto a directory cannot work either.
[[ ! -d "$output" ]] || orch_die_usage "output is a directory: $output"

# Create the output's directory (dirname of "x.csv" is ".", which exists).
out_dir=$(dirname "$output")
mkdir -p "$out_dir"

# Write next to the output first, then move: readers never see half a file, and --output may
# equal --input.
tmp_out=$(mktemp "$out_dir/.preprocess-csv.XXXXXX")
# mktemp makes the file private (0600); the output gets the permissions any new file would (the umask's).
chmod "$(printf '%o' $((0666 & ~0$(umask))))" "$tmp_out"
# Counters from awk come back through this file.
stats=$(mktemp "${TMPDIR:-/tmp}/preprocess-csv-stats.XXXXXX")
# Remove both temp files however we leave. This replaces the EXIT trap set by orch_init,
# so it calls that handler (timing line, exit code) itself.
trap '_rc=$?; rm -f "$tmp_out" "$stats"; _orch_on_exit "$_rc"' EXIT

log_info "cleaning $input -> $output"

# One awk pass does it all. Comments inside explain each rule.
awk -v statsfile="$stats" '
    # Trim spaces and tabs at both ends of one cell.
    function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
    # Clean one physical line: split on commas outside quotes, trim each cell, re-join.
    function clean(line,    out, cell, c, i, n, inq) {
        out = ""; cell = ""; inq = 0; n = length(line)
        for (i = 1; i <= n; i++) {
            c = substr(line, i, 1)
            # A quote opens or closes a quoted part ("" inside toggles twice: stays quoted).
            if (c == "\"") { inq = !inq; cell = cell c }
            # A comma outside quotes ends the cell.
            else if (c == "," && !inq) { out = out trim(cell) ","; cell = "" }
            # Anything else belongs to the cell.
            else cell = cell c
        }
        # A line ending inside quotes: count it for the warning.
        if (inq) unbalanced++
        return out trim(cell)
    }
    {
        # CRLF: drop the CR before the LF awk already split on.
        sub(/\r$/, "")
        # Lone CRs (old Mac files) are line breaks too: split on them.
        n = split($0, parts, "\r")
        # An empty line splits into nothing: it is a blank line too.
        if (n == 0) dropped++
        for (p = 1; p <= n; p++) {
            # Blank or whitespace-only: drop and count.
            if (parts[p] ~ /^[ \t]*$/) { dropped++; continue }
            # Everything else (the header first) is cleaned and written.
            print clean(parts[p])
            kept++
        }
    }
    # Hand the counters back: data rows (all kept lines but the header), dropped, unbalanced.
    END { print (kept > 0 ? kept - 1 : -1), dropped + 0, unbalanced + 0 > statsfile }
' "$input" >"$tmp_out"

# Read the three counters.
read -r rows dropped unbalanced <"$stats"

# Not even a header line: there is nothing to clean (a failure of the data, exit 1).
((rows >= 0)) || orch_die "no header line in $input"
# Quoted cells spanning lines are not supported; say so rather than fail.
((unbalanced == 0)) || log_warn "$unbalanced line(s) end inside quotes; multi-line quoted cells are not supported"

# Put the clean file in place.
mv -f "$tmp_out" "$output"

# Tell the next steps where the clean file is (a JSON string)...
ctx_set_string clean_csv "$output"
# ...and what happened (a JSON object built from two integers).
ctx_set preprocess "{\"rows\":$rows,\"dropped\":$dropped}"

log_info "wrote $rows data rows to $output, dropped $dropped blank line(s)"
