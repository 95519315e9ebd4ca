"""
Name:
    compute_metrics (class StepComputeMetrics)

Description:
    Reads a CSV file with a header line and computes, for every numeric column,
    mean, std, min, max and count. Writes them to ctx:
      metrics          {column: {"mean": .., "std": .., "min": .., "max": .., "count": ..}}
      metrics_columns  [numeric column names, in header order]
    and returns a summary: {"input", "rows", "numeric_columns", "skipped_columns"}.

Usage:
    Engine:  type: python
             module: scriptlets.python.steps.compute_metrics
             function: StepComputeMetrics
             params: {input: Data/clean.csv}
    Alone:   python3 scriptlets/python/steps/compute_metrics.py --input FILE [--ctx-file CTX.json]
                                                               [--ctx-out CHANGES.jsonl]

Parameters:
    input (path): CSV file to read, relative to the workspace (ORCH_WORKSPACE, else the current
        directory). Optional when ctx holds "clean_csv" (written by preprocess-csv.sh): that is used.

Arguments:
    --input    the parameter above (recipes: params.input).
    --ctx-file (alone only) a JSON object to start the ctx from.
    --ctx-out  (alone only) append ctx changes to this file, one JSON line each.

Examples (CLI):
    python3 scriptlets/python/steps/compute_metrics.py --input templates/sample-data/raw.csv
    echo '{"clean_csv": "Data/clean.csv"}' > /tmp/ctx.json
    python3 scriptlets/python/steps/compute_metrics.py --ctx-file /tmp/ctx.json

Limitations/Requirements:
    - Python 3.8+ standard library only; the file is read as UTF-8 (a BOM is ignored).
    - std is the POPULATION standard deviation (divides by n, like numpy's default), so a column
      with one value has std 0.0.
    - A column is numeric when every non-empty cell parses as a finite float ("nan", "inf" make it
      non-numeric); cells are trimmed first; empty cells are ignored and not counted. A column with
      no non-empty cell is skipped.
    - Missing cells at the end of a short row count as empty; extra cells beyond the header are ignored.
    - Duplicate column names fail the step (exit 1): ctx keys would collide.
    - Exit codes: 0 ok, 1 failure, 2 invalid params (no input, file missing, an undeclared or
      mistyped parameter).
"""

import csv  # the CSV reader (standard library)
import math  # isfinite: "nan"/"inf" parse as floats but are not JSON numbers
import statistics  # fmean and pstdev: exact, well-tested mean and population std
import sys  # sys.exit and sys.path for standalone runs
from pathlib import Path  # to find the workspace root from this file's location

# Run as a file (not via the bridge): make the workspace root importable, 3 levels above steps/.
if __name__ == "__main__" and not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from scriptlets.python.core import BaseScriptlet, InvalidParams, workspace_path  # noqa: E402
from scriptlets.python.core import cli  # noqa: E402  the shared standalone CLI


class StepComputeMetrics(BaseScriptlet):
    """Per-column statistics of a CSV file, into ctx ``metrics`` and ``metrics_columns``."""

    def _input(self, ctx, params):
        # The param wins; otherwise use the file the shell preprocessing step left in ctx.
        return params.get("input") or ctx.get("clean_csv")

    def validate(self, ctx, params):
        # Which file would we read? Refuse early (exit 2) when there is none.
        path = self._input(ctx, params)
        # No param and no ctx value: the recipe is wrong, not the data.
        if not path:
            raise InvalidParams("param 'input' is required (or ctx key 'clean_csv')")
        # A non-string cannot be a path (the declared type refuses it in params; ctx is checked here).
        if not isinstance(path, str):
            raise InvalidParams(f"param 'input' must be a string, not {type(path).__name__}")
        # The file must exist before we start.
        if not Path(workspace_path(path)).is_file():
            raise InvalidParams(f"input file not found: {path}")

    def run(self, ctx, params):
        # Same choice as validate made.
        path = self._input(ctx, params)
        # Log where we read from (goes to Logs/<timestamp>_<step>.log and stderr).
        self.log.info("reading %s", path)
        # utf-8-sig drops a BOM that spreadsheet tools like to add; newline="" is what csv wants.
        with open(workspace_path(path), encoding="utf-8-sig", newline="") as f:
            # One list of strings per line.
            rows = list(csv.reader(f))
        # Blank lines come back as []; they are not data.
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        # No header at all: nothing to compute, and that is a failure of the data.
        if not rows:
            raise ValueError(f"{path}: no header line")
        # The first line names the columns; trim stray spaces around names.
        header = [name.strip() for name in rows[0]]
        # Two columns with one name would overwrite each other in ctx.
        duplicates = sorted({name for name in header if header.count(name) > 1})
        if duplicates:
            raise ValueError(f"{path}: duplicate column names {duplicates}")
        # Everything after the header is data.
        data = rows[1:]
        # column name -> statistics, filled in header order (dicts keep insertion order).
        metrics = {}
        # Columns we could not treat as numbers, for the summary.
        skipped = []
        # Look at one column at a time.
        for index, name in enumerate(header):
            # The column's non-empty cells, trimmed; a short row just has no cell here.
            cells = [row[index].strip() for row in data if index < len(row) and row[index].strip()]
            # Try to read every cell as a number; None means "this column is not numeric".
            values = _as_numbers(cells)
            # Text, NaN/inf, or no value at all: skip the column.
            if not values:
                skipped.append(name)
                continue
            # The five numbers this step promises.
            metrics[name] = {
                "mean": statistics.fmean(values),
                "std": statistics.pstdev(values),
                "min": min(values),
                "max": max(values),
                "count": len(values),
            }
        # Numeric column names in header order.
        columns = list(metrics)
        # Write ctx: the engine records these changes under this step's name.
        ctx.set("metrics", metrics)
        ctx.set("metrics_columns", columns)
        # Tell the log what we found.
        self.log.info("%d data rows, numeric columns %s, skipped %s", len(data), columns, skipped)
        # The result the bridge prints as the last stdout line.
        return {"input": path, "rows": len(data), "numeric_columns": columns,
                "skipped_columns": skipped}


def _as_numbers(cells):
    """The cells as floats, or None when any of them is not a finite number (or there are none)."""
    # Collected numbers.
    numbers = []
    # Every cell must pass, or the column is text.
    for cell in cells:
        # float() accepts "1", "-2.5", "1e3" and also " 3 " (already trimmed anyway).
        try:
            number = float(cell)
        # Not a number: the whole column is not numeric.
        except ValueError:
            return None
        # "nan"/"inf" parse but have no JSON form: treat the column as text.
        if not math.isfinite(number):
            return None
        # Keep it.
        numbers.append(number)
    # An all-empty column has no numbers: None too.
    return numbers or None


# Standalone run: parse --key value flags, run validate + run, print the result, exit 0/1/2.
if __name__ == "__main__":
    sys.exit(cli.main(StepComputeMetrics))
