"""Declared parameters (docs/scriptlet-params.md): the ``Parameters:`` block, the generated CLI, the step check."""

import os
import subprocess
import sys
import unittest

from scriptlets.python.core.errors import InvalidParams
from scriptlets.python.core.params import check, parse_block
from scriptlets.python.tests.support import ROOT, TempWorkspaceMixin

DOC = '''
Name:
    demo

Parameters:
    input (path, required): CSV file to read.
    precision (int, default=3): digits after the decimal point;
        a continuation line of the help.
    ratio (number): a share.
    verbose (bool, default=false): say more.
    columns (list): which columns.
    options (map): extra options.
    anything (json): any JSON value.
    label (string, env=LABEL): a label.

Limitations:
    none
'''

STEP = '''"""
Name:
    declared

Parameters:
    input (path, required): the file.
    precision (int, default=3): digits.
    flags (list): extra flags.
"""
import sys
from scriptlets.python.core import BaseScriptlet, cli


class StepDeclared(BaseScriptlet):
    def run(self, ctx, params):
        return params


if __name__ == "__main__":
    sys.exit(cli.main(StepDeclared))
'''


class ParseBlockTest(unittest.TestCase):

    def test_every_attribute_and_continuation_is_read(self):
        specs = {p.name: p for p in parse_block(DOC)}
        self.assertEqual(list(specs), ["input", "precision", "ratio", "verbose", "columns", "options",
                                       "anything", "label"])
        self.assertTrue(specs["input"].required)
        self.assertEqual((specs["precision"].type, specs["precision"].default), ("int", "3"))
        self.assertEqual(specs["precision"].help, "digits after the decimal point; a continuation line of the help.")
        self.assertEqual(specs["label"].env, "LABEL")

    def test_no_block_means_nothing_declared(self):
        self.assertIsNone(parse_block("Name:\n    x\n"))
        self.assertIsNone(parse_block(None))

    def test_a_malformed_entry_is_an_error_naming_it(self):
        for line in ("input (file): x", "input (path, mandatory): x", "Input (path): x", "input: x"):
            with self.subTest(line=line), self.assertRaises(ValueError) as raised:
                parse_block("Parameters:\n    " + line + "\n")
            self.assertIn("Parameters:", str(raised.exception))


class CheckTest(unittest.TestCase):
    specs = parse_block(DOC)

    def test_valid_params_get_their_defaults(self):
        out = check(self.specs, {"input": "a.csv", "ratio": 1})
        self.assertEqual(out, {"input": "a.csv", "ratio": 1, "precision": 3, "verbose": False})

    def test_unknown_missing_and_mistyped_are_all_named(self):
        with self.assertRaises(InvalidParams) as raised:
            check(self.specs, {"precison": 2, "verbose": "yes", "columns": "a,b", "ratio": True})
        message = str(raised.exception)
        self.assertIn("unknown parameter 'precison' (did you mean 'precision'?)", message)
        self.assertIn("missing required parameter 'input' (path)", message)
        self.assertIn("parameter 'verbose' must be bool, found a string", message)
        self.assertIn("parameter 'columns' must be list, found a string", message)
        self.assertIn("parameter 'ratio' must be number, found a boolean", message)

    def test_json_accepts_anything_and_string_any_scalar(self):
        check(self.specs, {"input": "x", "anything": [1, {"a": None}], "label": 5})


class DeclaredStepTest(TempWorkspaceMixin, unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.write_module("declared", STEP)

    def cli(self, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCH_", "CTX_"))}
        env.update({"PYTHONPATH": str(ROOT), "ORCH_LOG_DIR": str(self.log_dir)})
        return subprocess.run([sys.executable, str(self.tmp / "mods" / "declared.py"), *args], cwd=self.tmp,
                              env=env, capture_output=True, text=True, timeout=60)

    def test_help_is_generated_from_the_declaration(self):
        proc = self.cli("--help")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Name:", proc.stdout)
        self.assertRegex(proc.stdout, r"--input INPUT\s+the file\. \(required\)")
        self.assertRegex(proc.stdout, r"--precision INT\s+digits\. \(default: 3\)")

    def test_values_are_converted_to_their_declared_types(self):
        proc = self.cli("--input", "a.csv", "--precision", "5", "--flags", "x,y")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1], '{"input":"a.csv","precision":5,"flags":["x","y"]}')

    def test_unknown_missing_or_mistyped_flags_exit_2_with_a_clear_message(self):
        cases = {("--input", "a", "--precison", "5"): "unrecognized arguments: --precison",
                 ("--precision", "5"): "the following arguments are required: --input",
                 ("--input", "a", "--precision", "five"): "argument --precision: expected int, found 'five'",
                 ("--input", "a", "--inp", "b"): "unrecognized arguments: --inp"}
        for args, message in cases.items():
            with self.subTest(args=args):
                proc = self.cli(*args)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn(message, proc.stderr)
                self.assertEqual(proc.stdout, "")

    def test_a_step_with_undeclared_or_mistyped_params_exits_2(self):
        run = self.run_bridge("declared", "StepDeclared", params={"input": "a", "precison": "5"})
        self.assertEqual(run.code, 2, run.stderr)
        self.assertIn("invalid parameters: unknown parameter 'precison' (did you mean 'precision'?)", run.stderr)
        run = self.run_bridge("declared", "StepDeclared", params={"input": 3})
        self.assertEqual(run.code, 2)
        self.assertIn("parameter 'input' must be path, found an integer", run.stderr)

    def test_a_step_with_valid_params_gets_the_defaults(self):
        run = self.run_bridge("declared", "StepDeclared", params={"input": "a"})
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.result, {"input": "a", "precision": 3})


if __name__ == "__main__":
    unittest.main()
