"""Shared helpers for the scriptlet tests: temp ORCH_* files and running the bridge as a process."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

#: The repository root = the workspace the bridge runs in.
ROOT = Path(__file__).resolve().parents[3]
SAMPLE_CSV = ROOT / "templates" / "sample-data" / "raw.csv"


class BridgeRun:
    """The outcome of one bridge process: code, stdout, stderr and the ctx change lines."""

    def __init__(self, proc, changes_path):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.changes = []
        if changes_path and os.path.exists(changes_path):
            with open(changes_path, encoding="utf-8") as f:
                self.raw_changes = f.read()
            self.changes = [json.loads(line) for line in self.raw_changes.splitlines()]

    @property
    def result(self):
        return json.loads(self.stdout.splitlines()[-1])


class TempWorkspaceMixin:
    """A temp dir per test, with a fixtures package importable by the bridge (via PYTHONPATH)."""

    def setUp(self):
        super().setUp()
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)
        self.log_dir = self.tmp / "Logs"
        (self.tmp / "mods").mkdir()

    def tearDown(self):
        self._tmp.cleanup()
        super().tearDown()

    def write_module(self, name, source):
        (self.tmp / "mods" / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")

    def write_json(self, name, value):
        path = self.tmp / name
        path.write_text(json.dumps(value), encoding="utf-8")
        return str(path)

    def run_bridge(self, module, function, *, ctx=None, history=None, params=None, env=None,
                   args=None, out=True):
        environ = {k: v for k, v in os.environ.items()
                   if not k.startswith(("ORCH_", "CTX_"))}
        environ.update({
            "PYTHONPATH": str(self.tmp / "mods"),
            "ORCH_WORKSPACE": str(ROOT),
            "ORCH_LOG_DIR": str(self.log_dir),
            "ORCH_STEP": "step_under_test",
            "ORCH_RECIPE": "recipe_x",
            "ORCH_RUN_ID": "run-1",
        })
        if ctx is not None:
            environ["ORCH_CTX_FILE"] = self.write_json("ctx.json", ctx)
        if history is not None:
            environ["ORCH_CTX_HISTORY"] = self.write_json("history.json", history)
        if params is not None:
            environ["ORCH_PARAMS"] = params if isinstance(params, str) else json.dumps(params)
        changes = None
        if out:
            changes = str(self.tmp / "changes.jsonl")
            environ["ORCH_CTX_OUT"] = changes
        environ.update(env or {})
        argv = args if args is not None else ["--module", module, "--function", function]
        proc = subprocess.run([sys.executable, "-m", "scriptlets.python.core.bridge", *argv],
                              cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60)
        return BridgeRun(proc, changes)
