"""The warm worker as the engine drives it: a subprocess spoken to over its stdin/stdout, one fork per step."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from pathlib import Path

from scriptlets.python.tests.support import ROOT

MODULE = '''
import os, subprocess, sys, time
from scriptlets.python.core import BaseScriptlet

STATE = {"calls": 0}

class Seen(BaseScriptlet):
    def run(self, ctx, params):
        STATE["calls"] += 1
        print("to stdout from the scriptlet")
        print("to stderr from the scriptlet", file=sys.stderr)
        return {"cwd": os.getcwd(), "argv": sys.argv, "probe": os.environ.get("PROBE"),
                "leaked": os.environ.get("WORKER_ONLY"), "calls": STATE["calls"],
                "session": os.getsid(0) == os.getpid(), "preloaded": "preload_probe" in sys.modules}

class Boom(BaseScriptlet):
    def run(self, ctx, params):
        raise RuntimeError("kaboom")

class Exit77(BaseScriptlet):
    def run(self, ctx, params):
        sys.exit(77)

class Hang(BaseScriptlet):
    def run(self, ctx, params):
        subprocess.Popen(["sleep", "300"])
        time.sleep(300)

class Daemon(BaseScriptlet):
    def run(self, ctx, params):
        subprocess.Popen(["setsid", "sleep", "300"])
        return "left a daemon"
'''


class WorkerTest(unittest.TestCase):

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)
        (self.tmp / "mods").mkdir()
        (self.tmp / "mods" / "wmods.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
        (self.tmp / "mods" / "preload_probe.py").write_text(
            f"open({str(self.tmp / 'imports.txt')!r}, 'a').write('imported\\n')\n", encoding="utf-8")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCH_", "CTX_"))}
        self.env["PYTHONPATH"] = str(self.tmp / "mods")
        self.worker = None
        self.count = 0

    def tearDown(self):
        if self.worker is not None and self.worker.poll() is None:
            self.worker.stdin.close()
            self.worker.wait(timeout=30)
        if self.worker is not None:
            self.worker.stdout.close()
            self.stderr.close()
        self._tmp.cleanup()

    def start(self, preload=""):
        env = dict(self.env, WORKER_ONLY="the worker's own variable")
        self.stderr = open(self.tmp / "worker-stderr.txt", "wb")
        self.worker = subprocess.Popen([sys.executable, "-m", "scriptlets.python.core.worker", "--preload", preload],
                                       cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=self.stderr)
        ready = self.reply()
        self.assertEqual(ready["event"], "ready")
        return ready

    def reply(self):
        line = self.worker.stdout.readline()
        if not line:
            self.fail(f"the worker closed its channel (exit code {self.worker.wait(timeout=30)})")
        return json.loads(line)

    def send(self, message):
        self.worker.stdin.write((json.dumps(message) + "\n").encode())
        self.worker.stdin.flush()

    def step(self, function, env=None, kill_after=None):
        """Runs one step; returns (exited message, stdout text, stderr text)."""
        self.count += 1
        ident = str(self.count)
        folder = Path(tempfile.mkdtemp(dir=self.tmp))
        step_env = dict(self.env, ORCH_WORKSPACE=str(self.tmp), ORCH_STEP=function.lower(),
                        ORCH_LOG_VIA_STDERR="1", ORCH_CTX_OUT=str(folder / "out.jsonl"), **(env or {}))
        args = ["--module", "wmods", "--function", function]
        out, err = str(folder / "stdout"), str(folder / "stderr")
        self.send({"op": "run", "id": ident, "args": args, "env": step_env, "cwd": str(folder),
                   "stdout": out, "stderr": err})
        started = self.reply()
        self.assertEqual((started["event"], started["id"]), ("started", ident))
        texts = {}

        def read(name, path):
            with open(path, "rb") as f:
                texts[name] = f.read().decode()
        readers = [threading.Thread(target=read, args=(n, p)) for n, p in (("out", out), ("err", err))]
        for r in readers:
            r.start()
        if kill_after is not None:
            time.sleep(kill_after)
            self.send({"op": "kill", "id": ident})
        exited = self.reply()
        for r in readers:
            r.join(10)
        self.assertEqual((exited["event"], exited["id"]), ("exited", ident))
        return exited, texts["out"], texts["err"], folder

    def test_a_step_gets_its_own_environment_folder_argv_and_session_and_its_output_is_piped(self):
        self.start()
        exited, out, err, folder = self.step("Seen", env={"PROBE": "p1"})
        self.assertEqual(exited["code"], 0)
        result = json.loads(out.splitlines()[-1])
        self.assertEqual(result["cwd"], str(folder))
        self.assertEqual(result["argv"][1:], ["--module", "wmods", "--function", "Seen"])
        self.assertTrue(result["argv"][0].endswith(os.path.join("scriptlets", "python", "core", "bridge.py")))
        self.assertEqual(result["probe"], "p1")
        self.assertIsNone(result["leaked"])
        self.assertTrue(result["session"])
        self.assertIn("to stdout from the scriptlet", err)  # the bridge sends prints to stderr
        self.assertIn("to stderr from the scriptlet", err)
        self.assertIn("ORCH_METRICS", err)
        self.assertGreaterEqual(exited["maxrss_kb"], 1)

    def test_module_state_of_one_step_never_reaches_the_next(self):
        self.start()
        first = json.loads(self.step("Seen")[1].splitlines()[-1])
        second = json.loads(self.step("Seen")[1].splitlines()[-1])
        self.assertEqual((first["calls"], second["calls"]), (1, 1))

    def test_exit_codes_are_the_bridges(self):
        self.start()
        exited, _, err, _ = self.step("Boom")
        self.assertEqual(exited["code"], 1)
        self.assertIn("kaboom", err)
        self.assertEqual(self.step("Exit77")[0]["code"], 1)  # what the bridge makes of sys.exit(77) today

    def test_preloaded_modules_are_imported_once_for_every_step(self):
        ready = self.start(preload="preload_probe,no_such_module_anywhere")
        self.assertEqual(ready["preloaded"], ["preload_probe"])
        self.assertIn("cannot preload no_such_module_anywhere", (self.tmp / "worker-stderr.txt").read_text())
        for _ in range(3):
            self.assertTrue(json.loads(self.step("Seen")[1].splitlines()[-1])["preloaded"])
        self.assertEqual((self.tmp / "imports.txt").read_text().splitlines(), ["imported"])

    def test_kill_ends_the_step_and_its_child_process(self):
        self.start()
        marker = "worker-kill-" + str(os.getpid())
        exited, _, _, _ = self.step("Hang", env={"PROBE": marker}, kill_after=1.0)
        self.assertEqual(exited["code"], 128 + signal.SIGKILL)
        self.assertEqual(_survivors(marker), [])

    def test_a_daemon_left_by_a_step_is_killed_before_its_exit_is_reported(self):
        self.start()
        marker = "worker-daemon-" + str(os.getpid())
        exited, _, _, _ = self.step("Daemon", env={"PROBE": marker, "ORCH_PROCESS_TAG": marker})
        self.assertEqual(exited["code"], 0)
        deadline = time.monotonic() + 5
        while _survivors(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(_survivors(marker), [])

    def test_closing_the_channel_stops_the_worker(self):
        self.start()
        self.worker.stdin.close()
        self.assertEqual(self.worker.wait(timeout=30), 0)


def _survivors(marker):
    """Live (not zombie) processes whose environment holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if marker.encode() not in f.read():
                    continue
            with open(f"/proc/{entry}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
        except OSError:
            continue
        found.append(int(entry))
    return found


if __name__ == "__main__":
    unittest.main()
