"""The process bridge as the engine runs it: a subprocess with real temp ORCH_* files."""

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unittest

from scriptlets.python.core import bridge
from scriptlets.python.tests.support import ROOT, SAMPLE_CSV, TempWorkspaceMixin

FIXTURES = '''
import subprocess, sys
from scriptlets.python.core import BaseScriptlet, InvalidParams

class Echo(BaseScriptlet):
    def validate(self, ctx, params):
        if "fail_validate" in params:
            raise InvalidParams("no good: " + params["fail_validate"])
    def run(self, ctx, params):
        ctx.set("seen_params", params)
        ctx.set("from_ctx", ctx.get("input_value"))
        ctx.delete("to_delete")
        ctx.delete("never_there")
        self.log.info("logged from the scriptlet")
        return {"ok": True, "keys": ctx.keys()}

class Noisy(BaseScriptlet):
    def run(self, ctx, params):
        print("chatter without newline", end="")
        sys.stdout.flush()
        subprocess.run(["echo", "from a child process"], check=True)
        return "quiet result"

class History(BaseScriptlet):
    def run(self, ctx, params):
        ctx.set("a", 2)
        return {"a": ctx.get_history("a"), "last": ctx.last_modified("a"),
                "b": ctx.last_modified("b")}

class Boom(BaseScriptlet):
    def run(self, ctx, params):
        ctx.set("before_boom", 1)
        raise RuntimeError("kaboom")

class BadSet(BaseScriptlet):
    def run(self, ctx, params):
        ctx.set("when", {1, 2})

class BadResult(BaseScriptlet):
    def run(self, ctx, params):
        return {"x": float("nan")}

class RunInvalid(BaseScriptlet):
    def run(self, ctx, params):
        raise InvalidParams("run found the params bad")

class Exits(BaseScriptlet):
    def run(self, ctx, params):
        sys.exit(int(params["code"]))

class NotAScriptlet:
    def run(self, ctx, params):
        return 1

NOT_CALLABLE = 42

def plain(ctx, params):
    ctx.set("plain", params.get("n", 0) + 1)
    return [1, "two", None]

def returns_none(ctx, params):
    pass
'''


class BridgeTest(TempWorkspaceMixin, unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.write_module("fixtures", FIXTURES)

    def assert_result_only_on_stdout(self, run, expected):
        self.assertEqual(run.stdout.count("\n"), 1, run.stdout)
        self.assertEqual(json.loads(run.stdout), expected)

    def test_runs_validate_then_run_writes_changes_and_prints_result(self):
        run = self.run_bridge("fixtures", "Echo", ctx={"input_value": "hi", "to_delete": 1},
                              params={"p": [1, 2]})
        self.assertEqual(run.code, 0, run.stderr)
        self.assert_result_only_on_stdout(run, {"ok": True, "keys": ["input_value", "seen_params",
                                                                     "from_ctx"]})
        self.assertEqual(run.raw_changes.splitlines(), [
            '{"op":"set","key":"seen_params","value":{"p":[1,2]}}',
            '{"op":"set","key":"from_ctx","value":"hi"}',
            '{"op":"delete","key":"to_delete"}',
        ])

    def test_result_is_one_compact_ascii_line(self):
        self.write_module("uni", 'def f(ctx, params):\n    return {"t": "é\\nx", "n": [1, 2]}\n')
        run = self.run_bridge("uni", "f")
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.stdout, '{"t":"\\u00e9\\nx","n":[1,2]}\n')

    def test_params_absent_means_empty_object(self):
        run = self.run_bridge("fixtures", "Echo")
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.changes[0], {"op": "set", "key": "seen_params", "value": {}})

    def test_plain_function_target(self):
        run = self.run_bridge("fixtures", "plain", params={"n": 41})
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.result, [1, "two", None])
        self.assertEqual(run.changes, [{"op": "set", "key": "plain", "value": 42}])

    def test_none_result_prints_null(self):
        run = self.run_bridge("fixtures", "returns_none")
        self.assertEqual((run.code, run.stdout), (0, "null\n"))

    def test_everything_the_scriptlet_prints_goes_to_stderr(self):
        run = self.run_bridge("fixtures", "Noisy")
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.stdout, '"quiet result"\n')
        self.assertIn("chatter without newline", run.stderr)
        self.assertIn("from a child process", run.stderr)

    def test_history_from_file_plus_own_changes(self):
        loaded = [{"key": "a", "op": "set", "old": None, "new": 1, "who": "runner", "what": "runner",
                   "when": "2024-01-01T00:00:00Z", "recipe": "recipe_x", "run_id": "run-1"},
                  {"key": "b", "op": "set", "old": None, "new": "x", "who": "prep", "what": "s.sh",
                   "when": "2024-01-01T00:00:01Z", "recipe": "recipe_x", "run_id": "run-1"}]
        run = self.run_bridge("fixtures", "History",
                              ctx={"a": 1, "b": "x"}, history=loaded)
        self.assertEqual(run.code, 0, run.stderr)
        result = run.result
        self.assertEqual(result["a"][0], loaded[0])
        self.assertEqual(result["b"], loaded[1])
        own = result["last"]
        self.assertEqual((own["key"], own["op"], own["old"], own["new"]), ("a", "set", 1, 2))
        self.assertEqual((own["who"], own["what"], own["recipe"], own["run_id"]),
                         ("step_under_test", "fixtures:History", "recipe_x", "run-1"))

    def test_validate_failure_exits_2_with_no_result(self):
        run = self.run_bridge("fixtures", "Echo", params={"fail_validate": "because"})
        self.assertEqual(run.code, 2)
        self.assertEqual(run.stdout, "")
        self.assertIn("no good: because", run.stderr)
        self.assertEqual(run.changes, [])

    def test_invalid_params_from_run_exits_2(self):
        self.assertEqual(self.run_bridge("fixtures", "RunInvalid").code, 2)

    def test_run_raising_exits_1_with_traceback(self):
        run = self.run_bridge("fixtures", "Boom")
        self.assertEqual(run.code, 1)
        self.assertEqual(run.stdout, "")
        self.assertIn("Traceback", run.stderr)
        self.assertIn("RuntimeError: kaboom", run.stderr)
        # Changes are appended as they happen; the engine decides what a failed step's lines mean.
        self.assertEqual(run.changes, [{"op": "set", "key": "before_boom", "value": 1}])

    def test_non_json_set_fails_naming_key_and_type(self):
        run = self.run_bridge("fixtures", "BadSet")
        self.assertEqual(run.code, 1)
        self.assertRegex(run.stderr, r"NonJsonValueError: ctx key 'when'.*set is not a JSON value")
        self.assertEqual(run.changes, [])

    def test_non_json_result_exits_1(self):
        run = self.run_bridge("fixtures", "BadResult")
        self.assertEqual((run.code, run.stdout), (1, ""))
        self.assertIn("result is not JSON", run.stderr)

    def test_sys_exit_keeps_its_meaning(self):
        self.assertEqual(self.run_bridge("fixtures", "Exits", params={"code": 2}).code, 2)
        self.assertEqual(self.run_bridge("fixtures", "Exits", params={"code": 3}).code, 1)
        run = self.run_bridge("fixtures", "Exits", params={"code": 0})
        self.assertEqual((run.code, run.stdout), (0, "null\n"))

    def test_not_found_and_wrong_targets_exit_2(self):
        for module, function, message in [
            ("no_such_module", "X", "module not found: no_such_module"),
            ("fixtures", "Missing", "has no attribute 'Missing'"),
            ("fixtures", "NotAScriptlet", "not a BaseScriptlet subclass"),
            ("fixtures", "NOT_CALLABLE", "neither"),
        ]:
            with self.subTest(function=function):
                run = self.run_bridge(module, function)
                self.assertEqual(run.code, 2, run.stderr)
                self.assertIn(message, run.stderr)

    def test_module_crashing_on_import_exits_1(self):
        self.write_module("broken", "import not_installed_anywhere\n")
        run = self.run_bridge("broken", "f")
        self.assertEqual(run.code, 1)
        self.assertIn("not_installed_anywhere", run.stderr)

    def test_bad_usage_exits_2(self):
        self.assertEqual(self.run_bridge("m", "f", args=["--module", "fixtures"]).code, 2)
        self.assertEqual(self.run_bridge("m", "f", args=["--bogus"]).code, 2)

    def test_bad_orch_input_exits_2(self):
        self.assertEqual(self.run_bridge("fixtures", "Echo", params="{not json").code, 2)
        self.assertEqual(self.run_bridge("fixtures", "Echo", params="[1]").code, 2)
        self.assertEqual(self.run_bridge("fixtures", "Echo", ctx=[1, 2]).code, 2)
        self.assertEqual(self.run_bridge("fixtures", "Echo", history={"not": "array"}).code, 2)
        self.assertEqual(self.run_bridge("fixtures", "Echo", history=[1]).code, 2)
        run = self.run_bridge("fixtures", "Echo", env={"ORCH_CTX_FILE": str(self.tmp / "absent")})
        self.assertEqual(run.code, 2)

    def test_without_ctx_out_changes_stay_in_memory(self):
        run = self.run_bridge("fixtures", "plain", out=False)
        self.assertEqual(run.code, 0, run.stderr)
        self.assertIn("ORCH_CTX_OUT is not set", run.stderr)

    def test_writes_a_step_log_with_timing_and_metrics_line(self):
        run = self.run_bridge("fixtures", "Echo")
        self.assertEqual(run.code, 0, run.stderr)
        logs = os.listdir(self.log_dir)
        self.assertEqual(len(logs), 1)
        self.assertRegex(logs[0], r"^\d{8}-\d{6}\.\d{3}_step_under_test\.log$")
        text = (self.log_dir / logs[0]).read_text()
        self.assertIn("logged from the scriptlet", text)
        self.assertRegex(text, r"step step_under_test ok: wall [\d.]+s, cpu [\d.]+s, peak rss \d+ KiB")
        metrics_line = run.stderr.strip().splitlines()[-1]
        self.assertTrue(metrics_line.startswith("ORCH_METRICS "), metrics_line)
        metrics = json.loads(metrics_line[len("ORCH_METRICS "):])
        self.assertEqual(metrics["status"], "ok")
        self.assertEqual(set(metrics), {"step", "status", "wall_s", "cpu_s", "peak_rss_kb"})
        self.assertGreater(metrics["peak_rss_kb"], 0)

    def test_log_file_override(self):
        target = self.tmp / "exact.log"
        run = self.run_bridge("fixtures", "Boom", env={"ORCH_LOG_FILE": str(target)})
        self.assertEqual(run.code, 1)
        self.assertIn("kaboom", target.read_text())

    def test_stderr_already_in_the_log_file_is_not_written_twice(self):
        target = self.tmp / "engine.log"
        with open(target, "a") as log:
            environ = {k: v for k, v in os.environ.items() if not k.startswith(("ORCH_", "CTX_"))}
            environ.update({"PYTHONPATH": str(self.tmp / "mods"), "ORCH_LOG_FILE": str(target),
                            "ORCH_STEP": "s"})
            proc = subprocess.run([sys.executable, "-m", "scriptlets.python.core.bridge", "--module",
                                   "fixtures", "--function", "Echo"], cwd=ROOT, env=environ,
                                  stdout=subprocess.PIPE, stderr=log, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(target.read_text().count("logged from the scriptlet"), 1)

    def test_stderr_copied_by_the_engine_is_not_written_to_the_log_file_too(self):
        target = self.tmp / "engine.log"
        run = self.run_bridge("fixtures", "Echo", env={"ORCH_LOG_FILE": str(target), "ORCH_LOG_VIA_STDERR": "1"})
        self.assertEqual(run.code, 0, run.stderr)
        self.assertIn("logged from the scriptlet", run.stderr)
        self.assertFalse(target.exists() and "logged from the scriptlet" in target.read_text())

    def test_params_come_from_the_params_file_even_when_large(self):
        big = "x" * 300_000
        params_file = self.write_json("params.json", {"n": 41, "big": big})
        run = self.run_bridge("fixtures", "Echo", env={"ORCH_PARAMS_FILE": params_file,
                                                       "ORCH_PARAMS": '{"ignored": true}'})
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.changes[0], {"op": "set", "key": "seen_params", "value": {"n": 41, "big": big}})

    def test_a_params_file_that_is_not_an_object_exits_2(self):
        params_file = self.write_json("params.json", [1, 2])
        run = self.run_bridge("fixtures", "Echo", env={"ORCH_PARAMS_FILE": params_file})
        self.assertEqual(run.code, 2)
        self.assertIn("ORCH_PARAMS_FILE", run.stderr)

    def test_nan_in_inputs_is_refused(self):
        self.assertEqual(self.run_bridge("fixtures", "Echo", params='{"x": NaN}').code, 2)
        ctx_file = self.tmp / "nan.json"
        ctx_file.write_text('{"x": Infinity}')
        self.assertEqual(self.run_bridge("fixtures", "Echo", env={"ORCH_CTX_FILE": str(ctx_file)}).code, 2)

    def test_compute_metrics_end_to_end(self):
        shutil.copy(SAMPLE_CSV, self.tmp / "raw.csv")
        run = self.run_bridge("scriptlets.python.steps.compute_metrics", "StepComputeMetrics",
                              params={"input": str(self.tmp / "raw.csv")})
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.result["numeric_columns"], ["temperature", "humidity", "pressure"])
        keys = [c["key"] for c in run.changes]
        self.assertEqual(keys, ["metrics", "metrics_columns"])


class BridgeInProcessTest(TempWorkspaceMixin, unittest.TestCase):
    """main() keeps no state between calls: a warm interpreter may serve many steps."""

    def call(self, environ):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = bridge.main(["--module", "scriptlets.python.steps.compute_metrics",
                                "--function", "StepComputeMetrics"], environ)
        return code, out.getvalue(), err.getvalue()

    def test_two_calls_in_one_interpreter_are_independent(self):
        a, b = self.tmp / "a.csv", self.tmp / "b.csv"
        a.write_text("x\n1\n3\n")
        b.write_text("y,z\n10,t\n")
        base = {"ORCH_WORKSPACE": str(ROOT), "ORCH_LOG_DIR": str(self.log_dir)}
        code1, out1, _ = self.call({**base, "ORCH_STEP": "one", "ORCH_PARAMS": json.dumps({"input": str(a)}),
                                    "ORCH_CTX_OUT": str(self.tmp / "one.jsonl")})
        code2, out2, _ = self.call({**base, "ORCH_STEP": "two", "ORCH_PARAMS": json.dumps({"input": str(b)}),
                                    "ORCH_CTX_OUT": str(self.tmp / "two.jsonl")})
        self.assertEqual((code1, code2), (0, 0))
        self.assertEqual(json.loads(out1)["numeric_columns"], ["x"])
        self.assertEqual(json.loads(out2)["numeric_columns"], ["y"])
        two = [json.loads(line) for line in (self.tmp / "two.jsonl").read_text().splitlines()]
        self.assertEqual(two[0]["value"], {"y": {"mean": 10.0, "std": 0.0, "min": 10.0, "max": 10.0,
                                                 "count": 1}})
        self.assertEqual(sorted(re.sub(r"^.*_", "", n) for n in os.listdir(self.log_dir)),
                         ["one.log", "two.log"])
        code3, out3, err3 = self.call({**base, "ORCH_PARAMS": json.dumps({"input": str(self.tmp / "no.csv")})})
        self.assertEqual((code3, out3), (2, ""))
        self.assertIn("input file not found", err3)


if __name__ == "__main__":
    unittest.main()
