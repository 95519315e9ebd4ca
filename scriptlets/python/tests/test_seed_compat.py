"""The seed's scriptlet style runs unchanged: ``ctx[key] = v``, ``get_logger``, ``BaseScriptlet`` from ``base``,
``track_resources`` — and the seed's own template, filled in, as a step and as a command."""

import json
import logging
import os
import shutil
import subprocess
import sys
import unittest

from scriptlets.python.core.base import BaseScriptlet
from scriptlets.python.core.ctx import Ctx
from scriptlets.python.core.logging_utils import get_logger
from scriptlets.python.core.resources import track_resources
from scriptlets.python.core.timing import step_log
from scriptlets.python.tests.support import ROOT, TempWorkspaceMixin

SEED = ROOT / "engine/src/test/resources/dev/orchestrator/junit/seed/seed_compute_metrics.py"


class CtxMappingTest(unittest.TestCase):

    def test_item_assignment_is_recorded_like_set(self):
        ctx = Ctx({"a": 1}, who="step_a", what="m:f")
        ctx["b"] = {"x": [1, 2]}
        record = ctx.last_modified("b")
        self.assertEqual((record["op"], record["who"], record["what"], record["new"]), ("set", "step_a", "m:f", {"x": [1, 2]}))
        self.assertTrue(record["when"].endswith("Z"))
        self.assertEqual(ctx.changes(), [{"op": "set", "key": "b", "value": {"x": [1, 2]}}])

    def test_reading_a_missing_key_raises_key_error_and_get_defaults(self):
        ctx = Ctx({"a": 1})
        with self.assertRaises(KeyError):
            ctx["missing"]
        self.assertEqual(ctx.get("missing", 7), 7)
        self.assertEqual(ctx["a"], 1)

    def test_item_reads_are_copies(self):
        ctx = Ctx({"a": [1]})
        ctx["a"].append(2)
        self.assertEqual(ctx["a"], [1])

    def test_del_records_a_delete_and_raises_key_error_when_absent(self):
        ctx = Ctx({"a": 1}, who="s")
        del ctx["a"]
        self.assertNotIn("a", ctx)
        self.assertEqual(ctx.last_modified("a")["op"], "delete")
        with self.assertRaises(KeyError):
            del ctx["a"]

    def test_len_iteration_keys_items_values(self):
        ctx = Ctx({"a": 1, "b": "two"})
        self.assertEqual(len(ctx), 2)
        self.assertEqual(list(ctx), ["a", "b"])
        self.assertEqual(ctx.keys(), ["a", "b"])
        self.assertEqual(ctx.items(), [("a", 1), ("b", "two")])
        self.assertEqual(ctx.values(), [1, "two"])
        self.assertIn("b", ctx)

    def test_a_non_json_value_is_refused_through_item_assignment_too(self):
        ctx = Ctx()
        with self.assertRaises(TypeError):
            ctx["t"] = (1, 2)
        self.assertNotIn("t", ctx)


class SeedImportsTest(TempWorkspaceMixin, unittest.TestCase):

    def test_get_logger_writes_to_the_step_log(self):
        with step_log("logger_step", {"ORCH_LOG_DIR": str(self.log_dir)}) as path:
            get_logger("seed").info("hello from the seed")
        with open(path, encoding="utf-8") as f:
            self.assertIn("orchestrator.seed: hello from the seed", f.read())

    def test_track_resources_as_context_manager_reports_time_rss_and_allocations(self):
        with self.assertLogs("orchestrator", level=logging.INFO) as logs:
            with track_resources("build", allocations=True) as usage:
                data = [bytes(1024) for _ in range(2000)]
        self.assertGreater(len(data), 0)
        numbers = usage.as_dict()
        self.assertEqual(numbers["name"], "build")
        self.assertGreater(numbers["wall_s"], 0)
        self.assertGreaterEqual(numbers["cpu_s"], 0)
        self.assertGreater(numbers["peak_rss_kb"], 0)
        self.assertGreaterEqual(numbers["alloc_peak_kb"], 2000)
        self.assertTrue(any("resources: build wall" in line and "python alloc peak" in line for line in logs.output))
        json.dumps(numbers)

    def test_track_resources_as_decorator_keeps_the_last_usage(self):
        @track_resources
        def work(n):
            return sum(range(n))

        @track_resources("named")
        def other():
            return 1

        self.assertEqual(work(1000), 499500)
        self.assertEqual(work.last_usage.name, "work")
        self.assertIsNone(work.last_usage.alloc_peak_kb)
        self.assertEqual(other(), 1)
        self.assertEqual(other.last_usage.name, "named")

    def test_base_scriptlet_is_importable_from_base(self):
        from scriptlets.python.core import BaseScriptlet as exported
        self.assertIs(BaseScriptlet, exported)


class SeedTemplateTest(TempWorkspaceMixin, unittest.TestCase):
    """The seed's Python template with its placeholders filled and its optional imports uncommented."""

    def test_runs_unchanged_as_a_step_and_records_who_and_when(self):
        shutil.copy(SEED, self.tmp / "mods" / "seed_compute_metrics.py")
        run = self.run_bridge("seed_compute_metrics", "StepComputeMetrics", params={"input": "x.csv"})
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.result["metrics"], {"mean": 0.0, "std": 0.0})
        self.assertEqual([(c["op"], c["key"]) for c in run.changes],
                         [("set", "metrics"), ("set", "metrics_columns")])
        self.assertEqual(run.changes[1]["value"], ["a", "b"])

    def test_runs_unchanged_as_a_command(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCH_", "CTX_"))}
        env["PYTHONPATH"] = str(ROOT)
        proc = subprocess.run([sys.executable, str(SEED), "--input", "x"], cwd=self.tmp, env=env,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout), {"ok": True, "wrote": "stdout"})


if __name__ == "__main__":
    unittest.main()
