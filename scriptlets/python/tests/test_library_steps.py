"""fake_records, csv_normalize and csv_schema_check: in-process, and one standalone CLI run each."""

import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from scriptlets.python.core import Ctx, InvalidParams
from scriptlets.python.steps.csv_normalize import StepCsvNormalize, snake_case
from scriptlets.python.steps.csv_schema_check import StepCsvSchemaCheck
from scriptlets.python.steps.fake_records import StepFakeRecords, generate
from scriptlets.python.tests.support import ROOT


class WorkspaceTest(unittest.TestCase):
    """A temp folder as ORCH_WORKSPACE for each test."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.ws = Path(self._tmp.name)
        patcher = mock.patch.dict(os.environ, {"ORCH_WORKSPACE": str(self.ws)})
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(self._tmp.cleanup)

    def write(self, name, text):
        path = self.ws / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return name

    def run_step(self, step, params, ctx=None):
        ctx = ctx or Ctx()
        step.validate(ctx, params)
        return ctx, step.run(ctx, params)

    def cli(self, script, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCH_", "CTX_"))}
        env["ORCH_WORKSPACE"] = str(self.ws)
        env["ORCH_LOG_DIR"] = str(self.ws / "Logs")
        return subprocess.run([sys.executable, str(ROOT / "scriptlets/python/steps" / script), *args],
                              capture_output=True, text=True, env=env, cwd=str(self.ws), timeout=60)


class FakeRecordsTest(WorkspaceTest):

    def test_the_same_seed_gives_the_same_records_and_another_seed_others(self):
        self.assertEqual(generate(7, 20, ["id", "name", "email", "uuid"]),
                         generate(7, 20, ["id", "name", "email", "uuid"]))
        self.assertNotEqual(generate(7, 20, ["name"]), generate(8, 20, ["name"]))

    def test_known_values_for_seed_42_stay_stable(self):
        # a change of the generator changes every team's test data: it must be deliberate
        first = generate(42, 1, ["id", "name", "email", "age", "score", "active"])[0]
        self.assertEqual(first, {"id": 1, "name": "Edsger Lovelace", "email": "edsger.lovelace1@example.org",
                                 "age": 65, "score": 27.5, "active": True})

    def test_choosing_fewer_fields_keeps_the_values_of_the_others(self):
        full = generate(3, 5, ["id", "email", "city"])
        some = generate(3, 5, ["city"])
        self.assertEqual([r["city"] for r in full], [r["city"] for r in some])

    def test_emails_are_unique_and_ids_count_up(self):
        records = generate(1, 300, ["id", "email"])
        self.assertEqual([r["id"] for r in records], list(range(1, 301)))
        self.assertEqual(len({r["email"] for r in records}), 300)

    def test_writes_ctx_and_a_json_or_csv_file(self):
        ctx, result = self.run_step(StepFakeRecords(), {"seed": 5, "count": 3, "fields": ["id", "active"],
                                                         "into": "people", "output": "Data/p.json"})
        self.assertEqual(json.loads((self.ws / "Data/p.json").read_text()), ctx.get("people"))
        self.assertEqual(result["count"], 3)
        self.run_step(StepFakeRecords(), {"seed": "5", "count": "3", "fields": "id,active", "output": "Data/p.csv"})
        with (self.ws / "Data/p.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["active"] for r in rows], [str(r["active"]).lower() for r in ctx.get("people")])

    def test_bad_params_are_invalid(self):
        for params in ({"fields": ["id", "ssn"]}, {"count": -1}, {"count": "many"},
                       {"output": "../out.json"}, {"output": "Data/x.txt"}):
            with self.subTest(params=params), self.assertRaises(InvalidParams):
                StepFakeRecords().validate(Ctx(), params)

    def test_runs_alone_and_exits_two_on_a_bad_field(self):
        ok = self.cli("fake_records.py", "--seed", "1", "--count", "2", "--output", "Data/x.json")
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertEqual(json.loads(ok.stdout.splitlines()[-1])["count"], 2)
        bad = self.cli("fake_records.py", "--fields", "nope")
        self.assertEqual(bad.returncode, 2)


class CsvNormalizeTest(WorkspaceTest):

    def test_snake_case_header_trimmed_cells_no_blank_lines_padded_rows(self):
        self.write("in.csv", "\ufeff Unit Price ,rowID,City Name\r\n 1.5 , 7 ,\"Oslo, NO\"\r\n\r\n  ,  ,  \r\n2,8\r\n")
        ctx, summary = self.run_step(StepCsvNormalize(), {"input": "in.csv"})
        self.assertEqual((self.ws / "Data/normalized.csv").read_text(),
                         'unit_price,row_id,city_name\n1.5,7,"Oslo, NO"\n2,8,\n')
        self.assertEqual(summary, {"rows": 2, "columns": ["unit_price", "row_id", "city_name"],
                                   "dropped_blank": 2, "dropped_duplicates": 0})
        self.assertEqual(ctx.get("normalized_csv"), "Data/normalized.csv")

    def test_dedupe_and_a_tab_delimiter(self):
        self.write("in.tsv", "a\tb\n1\t2\n1\t2\n3\t4\n")
        _, summary = self.run_step(StepCsvNormalize(), {"input": "in.tsv", "output": "o.csv", "delimiter": "\t",
                                                        "dedupe": True})
        self.assertEqual((self.ws / "o.csv").read_text(), "a,b\n1,2\n3,4\n")
        self.assertEqual(summary["dropped_duplicates"], 1)

    def test_a_row_longer_than_the_header_fails(self):
        self.write("in.csv", "a,b\n1,2,3\n")
        with self.assertRaisesRegex(ValueError, "data row 1 has 3 cells"):
            self.run_step(StepCsvNormalize(), {"input": "in.csv"})

    def test_paths_must_stay_in_the_workspace(self):
        self.write("in.csv", "a\n1\n")
        with self.assertRaises(InvalidParams):
            StepCsvNormalize().validate(Ctx(), {"input": "in.csv", "output": "../../x.csv"})
        with self.assertRaises(InvalidParams):
            StepCsvNormalize().validate(Ctx(), {"input": "/etc/passwd"})

    def test_snake_case(self):
        self.assertEqual(snake_case(" Unit Price (EUR)"), "unit_price_eur")
        self.assertEqual(snake_case("rowID"), "row_id")
        self.assertEqual(snake_case("%%"), "column")

    def test_the_sample_data_normalises_alone(self):
        (self.ws / "raw.csv").write_bytes((ROOT / "templates/sample-data/raw.csv").read_bytes())
        done = self.cli("csv_normalize.py", "--input", "raw.csv")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout.splitlines()[-1])["columns"],
                         ["city", "temperature", "humidity", "pressure"])


class CsvSchemaCheckTest(WorkspaceTest):

    SCHEMA = {"strict": True, "columns": [
        {"name": "id", "type": "int", "required": True},
        {"name": "email", "pattern": ".+@.+"},
        {"name": "score", "type": "number"},
        {"name": "joined", "type": "date"},
        {"name": "active", "type": "bool"}]}

    def test_a_valid_file_passes(self):
        self.write("u.csv", "id,email,score,joined,active\n1,a@x,1.5,2024-02-29,yes\n2,,,,\n")
        ctx, verdict = self.run_step(StepCsvSchemaCheck(), {"input": "u.csv", "schema": self.SCHEMA})
        self.assertEqual(verdict, {"valid": True, "rows": 2, "errors": []})
        self.assertTrue(ctx.get("csv_schema")["valid"])

    def test_every_problem_is_listed_with_its_line(self):
        self.write("u.csv", "id,email,score,joined,extra\nx,nope,1e3,2024-02-30,1\n,b@y,inf,,\n")
        schema_file = self.write("schema.json", json.dumps(self.SCHEMA))
        with self.assertRaises(AssertionError):
            self.run_step(StepCsvSchemaCheck(), {"input": "u.csv", "schema_file": schema_file})
        ctx, verdict = self.run_step(StepCsvSchemaCheck(), {"input": "u.csv", "schema_file": schema_file,
                                                            "fail": False})
        self.assertEqual(verdict["errors"], [
            "unexpected column 'extra'",
            "line 2: 'id' = 'x' is not int",
            "line 2: 'email' = 'nope' does not match .+@.+",
            "line 2: 'joined' = '2024-02-30' is not date",
            "line 3: 'id' is empty",
            "line 3: 'score' = 'inf' is not number"])
        self.assertFalse(ctx.get("csv_schema")["valid"])

    def test_missing_required_column_and_max_errors(self):
        self.write("u.csv", "email\na\nb\nc\n")
        _, verdict = self.run_step(StepCsvSchemaCheck(), {
            "input": "u.csv", "fail": False, "max_errors": 2,
            "schema": {"columns": [{"name": "id", "required": True}, {"name": "email", "type": "int"}]}})
        self.assertEqual(verdict["errors"], ["missing required column 'id'", "line 2: 'email' = 'a' is not int",
                                             "... and 2 more"])

    def test_a_bad_schema_is_invalid(self):
        self.write("u.csv", "a\n1\n")
        for params in ({}, {"schema": {"columns": [{"name": "a", "type": "float"}]}},
                       {"schema": {"cols": []}}, {"schema": {"columns": []}, "schema_file": "s.json"}):
            with self.subTest(params=params), self.assertRaises(InvalidParams):
                StepCsvSchemaCheck().validate(Ctx(), {"input": "u.csv", **params})

    def test_runs_alone_with_the_schema_as_json_text(self):
        self.write("u.csv", "id\n1\nx\n")
        done = self.cli("csv_schema_check.py", "--input", "u.csv", "--schema",
                        '{"columns": [{"name": "id", "type": "int"}]}')
        self.assertEqual(done.returncode, 1)
        self.assertIn("line 3: 'id' = 'x' is not int", done.stderr)


if __name__ == "__main__":
    unittest.main()
