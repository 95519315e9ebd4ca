"""
Name: Seed compute metrics
Description: Put fixed example metrics and their column names into ctx (the seed's template, filled in).
Usage:
    python seed_compute_metrics.py --input Data/normalized.csv --output Data/metrics.json [--flags...]
Examples:
    python seed_compute_metrics.py --input orchestrator/Data/normalized.csv --output orchestrator/Data/metrics.json
Limitations/Requirements:
    - Assumes input schema: a CSV file with a header line (not read by this example)
    - Requires JSON-serializable outputs for ctx; no non-serializable objects
"""
import argparse
import json
import time

# Optional imports (wrap if available; otherwise fallback or no-op)
from scriptlets.python.core.logging_utils import get_logger
from scriptlets.python.core.base import BaseScriptlet
from scriptlets.python.core.resources import track_resources

class StepComputeMetrics(BaseScriptlet):  # replace BaseScriptlet if unavailable with a minimal local shim
    """Compute metrics from input and write JSON-serializable results."""
    def validate(self, ctx, params):
        # Line-by-line comments explaining every check
        return True

    def run(self, ctx, params):
        start = time.time()
        # Parse params; read input; compute; ensure JSON-serializable
        result = {"metrics": {"mean": 0.0, "std": 0.0}, "columns": ["a", "b"]}
        # Record ctx changes with metadata
        ctx["metrics"] = result["metrics"]
        ctx["metrics_columns"] = result["columns"]
        # Return only JSON-serializable
        return result

def main():
    parser = argparse.ArgumentParser(description="Compute metrics and emit JSON.")
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=False)
    args = parser.parse_args()
    # Perform processing; write to --output if provided, else print JSON to stdout
    output = {"ok": True, "wrote": args.output or "stdout"}
    print(json.dumps(output))

if __name__ == "__main__":
    main()
