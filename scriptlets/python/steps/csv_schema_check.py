"""
Name:
    csv_schema_check (class StepCsvSchemaCheck)

Description:
    Checks a CSV file against a small schema: which columns must be there, the type of each
    column's cells and which cells must not be empty. Lists every problem (up to max_errors)
    with its line number, stores the verdict in ctx and fails the step when there is any.
    The schema (a JSON/YAML-like object, inline or in a JSON file):
        {"columns": [{"name": "id", "type": "int", "required": true},
                     {"name": "email", "type": "string", "pattern": ".+@.+"},
                     {"name": "score", "type": "number"}],
         "strict": false}
    Types: string (default), int, number, bool (true/false/1/0/yes/no), date (YYYY-MM-DD).
    required: the column must exist and no cell may be empty. strict: no other columns allowed.
    Writes ctx: csv_schema = {"valid": bool, "rows": N, "errors": [...]}.

Usage:
    Engine:  type: python
             module: scriptlets.python.steps.csv_schema_check
             function: StepCsvSchemaCheck
             params: {input: Data/normalized.csv, schema: {columns: [{name: city, required: true}]}}
    Alone:   python3 scriptlets/python/steps/csv_schema_check.py --input Data/users.csv
                 --schema '{"columns": [{"name": "id", "type": "int", "required": true}]}'

Parameters:
    input (path, required): the CSV to check (header on the first line).
    schema (map): the schema, inline.
    schema_file (path): or a JSON file holding it.
    max_errors (int, default=50): stop listing after this many problems.
    fail (bool, default=true): false: only store the verdict, never fail.

Examples (CLI):
    python3 scriptlets/python/steps/csv_schema_check.py --input Data/normalized.csv --schema_file Data/csv.schema.json

Limitations/Requirements:
    - Python 3.8+ standard library only; the file is read as UTF-8 (a BOM is ignored).
    - Column names are compared exactly (run csv_normalize first for snake_case names).
    - Exit codes: 0 valid (or fail: false), 1 invalid, 2 invalid params (no schema, bad type name).
"""

import csv  # reading the CSV
import datetime  # the date type
import json  # schema_file
import os  # isfile
import re  # pattern
import sys  # sys.exit and sys.path for standalone runs
from pathlib import Path  # to find the workspace root from this file's location

# Run as a file (not via the bridge): make the workspace root importable, 3 levels above steps/.
if __name__ == "__main__" and not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from scriptlets.python.core import BaseScriptlet, InvalidParams  # noqa: E402
from scriptlets.python.core import cli  # noqa: E402  the shared standalone CLI
from scriptlets.python.steps._common import as_bool, as_int, as_json, confined  # noqa: E402

BOOLS = {"true", "false", "1", "0", "yes", "no"}


def _is_int(text):
    return re.fullmatch(r"[+-]?\d+", text) is not None


def _is_number(text):
    try:
        return float(text) == float(text) and text.lower() not in ("inf", "-inf", "+inf", "infinity")
    except ValueError:
        return False


def _is_date(text):
    try:
        datetime.date.fromisoformat(text)
        return True
    except ValueError:
        return False


CHECKS = {"string": lambda text: True, "int": _is_int, "number": _is_number,
          "bool": lambda text: text.lower() in BOOLS, "date": _is_date}


class StepCsvSchemaCheck(BaseScriptlet):
    """Columns, types and required cells of a CSV, every problem listed."""

    def _schema(self, params):
        if ("schema" in params) == ("schema_file" in params):
            raise InvalidParams("give exactly one of 'schema' and 'schema_file'")
        if "schema_file" in params:
            path = confined(params["schema_file"], "schema_file")
            try:
                with open(path, encoding="utf-8") as f:
                    schema = json.load(f)
            except (OSError, ValueError) as e:
                raise InvalidParams(f"schema_file {params['schema_file']}: {e}") from e
        else:
            schema = as_json(params, "schema")
        columns = schema.get("columns") if isinstance(schema, dict) else None
        if not isinstance(columns, list) or not all(isinstance(c, dict) and c.get("name") for c in columns):
            raise InvalidParams("the schema needs 'columns': a list of {name, type, required}")
        for column in columns:
            if column.get("type", "string") not in CHECKS:
                raise InvalidParams(f"column {column['name']}: type must be one of {sorted(CHECKS)}")
        return schema

    def validate(self, ctx, params):
        self.require(params, "input")
        if not os.path.isfile(confined(params["input"], "input")):
            raise InvalidParams(f"input file not found: {params['input']}")
        self._schema(params)
        as_int(params, "max_errors", 50, minimum=1)
        as_bool(params, "fail", True)

    def run(self, ctx, params):
        schema = self._schema(params)
        limit = as_int(params, "max_errors", 50)
        with open(confined(params["input"], "input"), encoding="utf-8-sig", newline="") as f:
            rows = [row for row in csv.reader(f) if any(cell.strip() for cell in row)]
        header = [name.strip() for name in rows[0]] if rows else []
        errors = []
        names = [c["name"] for c in schema["columns"]]
        for column in schema["columns"]:
            if column["name"] not in header and column.get("required"):
                errors.append(f"missing required column '{column['name']}'")
        if schema.get("strict"):
            errors.extend(f"unexpected column '{name}'" for name in header if name not in names)
        for line, row in enumerate(rows[1:], start=2):
            for column in schema["columns"]:
                if column["name"] not in header:
                    continue
                index = header.index(column["name"])
                cell = row[index].strip() if index < len(row) else ""
                if not cell:
                    if column.get("required"):
                        errors.append(f"line {line}: '{column['name']}' is empty")
                    continue
                kind = column.get("type", "string")
                if not CHECKS[kind](cell):
                    errors.append(f"line {line}: '{column['name']}' = {cell!r} is not {kind}")
                elif column.get("pattern") and not re.fullmatch(column["pattern"], cell):
                    errors.append(f"line {line}: '{column['name']}' = {cell!r} does not match {column['pattern']}")
        shown = errors[:limit]
        if len(errors) > limit:
            shown.append(f"... and {len(errors) - limit} more")
        verdict = {"valid": not errors, "rows": max(0, len(rows) - 1), "errors": shown}
        ctx.set("csv_schema", verdict)
        for error in shown:
            self.log.info("%s", error)
        if errors and as_bool(params, "fail", True):
            raise AssertionError(f"{params['input']} does not match the schema ({len(errors)} problem(s)): "
                                 + "; ".join(shown[:5]))
        self.log.info("%s: %d rows checked, %d problem(s)", params["input"], verdict["rows"], len(errors))
        return verdict


# Standalone run: parse --key value flags, run validate + run, print the result, exit 0/1/2.
if __name__ == "__main__":
    sys.exit(cli.main(StepCsvSchemaCheck))
