#!/usr/bin/env bash
set -Eeuo pipefail
# Name: Seed sanitize CSV
# Description: Copy the input CSV to the output path (the seed's shell template, filled in).
# Usage: ./seed_sanitize_csv.sh --input <path> --output <path>
# Example: ./sanitize_csv.sh --input orchestrator/Data/raw.csv --output orchestrator/Data/sanitized.csv
# Limitations/Requirements: bash; the input must exist
while [[ $# -gt 0 ]]; do
  case "$1" in
    --input) INPUT="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    *) echo "Unknown arg: $1" >&2; exit 2 ;;
  esac
done
# Do work; write logs to orchestrator/Logs and emit JSON if structured output is needed
cp "$INPUT" "$OUTPUT"
echo "{\"copied\": \"$OUTPUT\"}"
