"""Python and shell scriptlets share ctx through the bridge's line format (docs/ctx-and-bridge.md)."""

import json
import os
import subprocess
import unittest

from scriptlets.python.core import Ctx
from scriptlets.python.tests.support import ROOT, SAMPLE_CSV, TempWorkspaceMixin

CTX_SH = ROOT / "scriptlets" / "shell" / "lib" / "ctx.sh"
PREPROCESS = ROOT / "scriptlets" / "shell" / "preprocess-csv.sh"


def apply_changes(values, lines):
    """What the engine does after a process step: apply the change lines to the snapshot."""
    values = dict(values)
    for change in lines:
        if change["op"] == "set":
            values[change["key"]] = change["value"]
        else:
            values.pop(change["key"], None)
    return values


class ShellToPythonTest(TempWorkspaceMixin, unittest.TestCase):

    def shell(self, script, *args, env=None):
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("ORCH_", "CTX_"))}
        environ.update({"ORCH_CTX_OUT": str(self.tmp / "shell.jsonl"),
                        "ORCH_LOG_DIR": str(self.log_dir)})
        environ.update(env or {})
        proc = subprocess.run(["bash", "-c", script, *args], cwd=ROOT, env=environ,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = self.tmp / "shell.jsonl"
        lines = out.read_text().splitlines() if out.exists() else []
        return proc, [json.loads(line) for line in lines]

    def test_python_step_reads_what_ctx_sh_wrote(self):
        tricky = 'say "hi"\\ \ttab\nnew line, é, \x01'
        _, lines = self.shell('set -Eeuo pipefail; source "$0"; ctx_set_string note "$1"; '
                              'ctx_set n 3; ctx_set obj \'{"a": [1, true, null]}\'; '
                              'ctx_set gone 1; ctx_del gone', str(CTX_SH), tricky)
        ctx = apply_changes({}, lines)
        self.assertEqual(ctx, {"note": tricky, "n": 3, "obj": {"a": [1, True, None]}})
        self.write_module("reader", '''
            def read(ctx, params):
                return {"note": ctx.get("note"), "n": ctx.get("n") + 1, "obj": ctx.get("obj"),
                        "gone": ctx.has("gone")}
        ''')
        run = self.run_bridge("reader", "read", ctx=ctx)
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.result, {"note": tricky, "n": 4, "obj": {"a": [1, True, None]},
                                      "gone": False})

    def test_preprocess_then_compute_metrics(self):
        out = self.tmp / "Data" / "clean.csv"
        _, lines = self.shell('"$0" --input "$1" --output "$2"', str(PREPROCESS), str(SAMPLE_CSV), str(out))
        ctx = apply_changes({}, lines)
        self.assertEqual(ctx, {"clean_csv": str(out), "preprocess": {"rows": 19, "dropped": 3}})
        run = self.run_bridge("scriptlets.python.steps.compute_metrics", "StepComputeMetrics", ctx=ctx)
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.result["input"], str(out))
        self.assertEqual(run.result["rows"], 19)
        metrics = apply_changes(ctx, run.changes)["metrics"]
        self.assertEqual(metrics["temperature"]["count"], 19)
        self.assertEqual(metrics["pressure"]["min"], 1001.4)

    def test_shell_reads_what_python_exposes(self):
        ctx = Ctx({"clean_csv": "Data/clean.csv", "preprocess": {"rows": 2}, "my-key": "x y"})
        proc, _ = self.shell('set -Eeuo pipefail; source "$0"; ctx_get clean_csv; ctx_get preprocess; '
                             'ctx_get my-key; ctx_has nope || echo absent', str(CTX_SH),
                             env=ctx.expose_for_shell())
        self.assertEqual(proc.stdout.splitlines(), ["Data/clean.csv", '{"rows":2}', "x y", "absent"])


if __name__ == "__main__":
    unittest.main()
