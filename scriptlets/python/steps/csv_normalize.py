"""
Name:
    csv_normalize (class StepCsvNormalize)

Description:
    Normalises a CSV file so that later steps (and people) can rely on its shape:
      - a BOM is dropped, line endings become LF, the file is UTF-8;
      - header names are trimmed and turned into snake_case ("Unit Price" -> unit_price);
      - cells are trimmed; blank lines are dropped; short rows are padded with empty cells;
      - with dedupe: true, repeated rows are dropped (the first one is kept).
    A row with more cells than the header fails the step (the data is broken, not untidy).
    Writes ctx: normalized_csv = the output path,
                normalize = {"rows": N, "columns": [...], "dropped_blank": N, "dropped_duplicates": N}.

Usage:
    Engine:  type: python
             module: scriptlets.python.steps.csv_normalize
             function: StepCsvNormalize
             params: {input: Data/raw.csv}
    Alone:   python3 scriptlets/python/steps/csv_normalize.py --input templates/sample-data/raw.csv

Parameters:
    input (path, required): the CSV to read, relative to the workspace.
    output (path, default=Data/normalized.csv): where to write the normalised CSV.
    delimiter (string): the input's cell separator, one character (default: a comma; the output always uses commas).
    snake_case_header (bool, default=true): turn header names into snake_case.
    dedupe (bool, default=false): drop repeated data rows.

Examples (CLI):
    python3 scriptlets/python/steps/csv_normalize.py --input Data/raw.csv --output Data/normalized.csv

Limitations/Requirements:
    - Python 3.8+ standard library only. Quoted cells may hold commas, quotes and line breaks
      (the csv module's rules); the output quotes only where needed.
    - Duplicate header names (after snake_case) fail the step.
    - Exit codes: 0 ok, 1 failure (no header, a too-long row), 2 invalid params (input missing,
      path outside the workspace).
"""

import csv  # reading and writing CSV (standard library)
import os  # creating the output folder, atomic replace
import re  # snake_case
import sys  # sys.exit and sys.path for standalone runs
import tempfile  # write beside the target, then rename
from pathlib import Path  # to find the workspace root from this file's location

# Run as a file (not via the bridge): make the workspace root importable, 3 levels above steps/.
if __name__ == "__main__" and not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from scriptlets.python.core import BaseScriptlet, InvalidParams  # noqa: E402
from scriptlets.python.core import cli  # noqa: E402  the shared standalone CLI
from scriptlets.python.steps._common import as_bool, confined  # noqa: E402


class StepCsvNormalize(BaseScriptlet):
    """A tidy copy of a CSV: snake_case header, trimmed cells, no blank lines."""

    def validate(self, ctx, params):
        self.require(params, "input")
        if not os.path.isfile(confined(params["input"], "input")):
            raise InvalidParams(f"input file not found: {params['input']}")
        confined(params.get("output") or "Data/normalized.csv", "output")
        if len(params.get("delimiter", ",")) != 1:
            raise InvalidParams("param 'delimiter' must be one character")
        as_bool(params, "snake_case_header", True)
        as_bool(params, "dedupe", False)

    def run(self, ctx, params):
        source = confined(params["input"], "input")
        output = params.get("output") or "Data/normalized.csv"
        target = confined(output, "output")
        with open(source, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=params.get("delimiter", ",")))
        blank = sum(1 for row in rows if not any(cell.strip() for cell in row))
        rows = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            raise ValueError(f"{params['input']}: no header line")
        header = rows[0]
        if as_bool(params, "snake_case_header", True):
            header = [snake_case(name) for name in header]
        duplicates = sorted({name for name in header if header.count(name) > 1})
        if duplicates:
            raise ValueError(f"{params['input']}: duplicate column names {duplicates}")
        data, seen, dropped = [], set(), 0
        for number, row in enumerate(rows[1:], start=2):
            if len(row) > len(header):
                raise ValueError(f"{params['input']}: data row {number - 1} has {len(row)} cells, "
                                 f"the header {len(header)}")
            row = row + [""] * (len(header) - len(row))
            if as_bool(params, "dedupe", False):
                if tuple(row) in seen:
                    dropped += 1
                    continue
                seen.add(tuple(row))
            data.append(row)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".normalize.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        summary = {"rows": len(data), "columns": header, "dropped_blank": blank,
                   "dropped_duplicates": dropped}
        ctx.set("normalized_csv", output)
        ctx.set("normalize", summary)
        self.log.info("%s -> %s: %d rows, columns %s", params["input"], output, len(data), header)
        return summary


def snake_case(name):
    """``" Unit Price (EUR)"`` → ``unit_price_eur``; ``"rowID"`` → ``row_id``."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name.strip())
    name = re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_").lower()
    return name or "column"


# Standalone run: parse --key value flags, run validate + run, print the result, exit 0/1/2.
if __name__ == "__main__":
    sys.exit(cli.main(StepCsvNormalize))
