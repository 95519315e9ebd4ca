"""A step file run alone: python3 scriptlets/python/steps/compute_metrics.py …"""

import json
import os
import subprocess
import sys
import unittest

from scriptlets.python.core.cli import parse_flags
from scriptlets.python.core.runner import UsageError
from scriptlets.python.tests.support import ROOT, TempWorkspaceMixin

STEP = ROOT / "scriptlets" / "python" / "steps" / "compute_metrics.py"


class ParseFlagsTest(unittest.TestCase):

    def test_key_value_pairs(self):
        self.assertEqual(parse_flags(["--input", "a.csv", "--max-rows=3", "--empty", ""]),
                         {"input": "a.csv", "max_rows": "3", "empty": ""})

    def test_errors(self):
        for argv in (["positional"], ["--input"], ["--a", "1", "--a", "2"], ["--"], ["-x", "1"]):
            with self.subTest(argv=argv), self.assertRaises(UsageError):
                parse_flags(argv)


class StepCliTest(TempWorkspaceMixin, unittest.TestCase):

    def cli(self, *args, cwd=ROOT):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCH_", "CTX_"))}
        env["ORCH_LOG_DIR"] = str(self.log_dir)
        # Run from elsewhere too: the step file finds the workspace from its own location.
        return subprocess.run([sys.executable, str(STEP), *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=60)

    def test_help_prints_the_documentation_block(self):
        proc = self.cli("--help")
        self.assertEqual(proc.returncode, 0)
        for heading in ("Name:", "Description:", "Usage:", "Arguments:", "Examples (CLI):",
                        "Limitations/Requirements:"):
            self.assertIn(heading, proc.stdout)

    def test_runs_and_prints_the_result_last(self):
        proc = self.cli("--input", "templates/sample-data/raw.csv")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        result = json.loads(proc.stdout.splitlines()[-1])
        self.assertEqual(result["numeric_columns"], ["temperature", "humidity", "pressure"])
        self.assertIn('ctx {"op":"set","key":"metrics_columns"', proc.stderr)
        self.assertTrue(any(n.endswith("_compute_metrics.log") for n in os.listdir(self.log_dir)))

    def test_works_from_another_directory(self):
        proc = self.cli("--input", str(ROOT / "templates/sample-data/raw.csv"), cwd=self.tmp)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_ctx_file_seeds_and_ctx_out_collects(self):
        csv = self.tmp / "c.csv"
        csv.write_text("v\n1\n2\n")
        ctx_file = self.write_json("ctx.json", {"clean_csv": str(csv)})
        out = self.tmp / "out.jsonl"
        proc = self.cli("--ctx-file", ctx_file, "--ctx-out", str(out))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        self.assertEqual([line["key"] for line in lines], ["metrics", "metrics_columns"])
        self.assertEqual(lines[1]["value"], ["v"])

    def test_invalid_usage_exits_2(self):
        for args in ((), ("--input", "missing.csv"), ("--input",), ("stray",),
                     ("--ctx-file", "/nonexistent.json")):
            with self.subTest(args=args):
                proc = self.cli(*args)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertEqual(proc.stdout, "")

    def test_failure_exits_1(self):
        csv = self.tmp / "dup.csv"
        csv.write_text("a,a\n1,2\n")
        proc = self.cli("--input", str(csv))
        self.assertEqual(proc.returncode, 1)
        self.assertIn("duplicate column names", proc.stderr)


if __name__ == "__main__":
    unittest.main()
