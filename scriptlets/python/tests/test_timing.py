import contextlib
import io
import json
import os
import tempfile
import unittest
from unittest import mock

from scriptlets.python.core import timed_step


class TimedStepTest(unittest.TestCase):

    def test_decorator_logs_timing_and_metrics(self):
        with tempfile.TemporaryDirectory() as tmp:
            @timed_step(name="my step")
            def work(x):
                return sum(range(x))

            err = io.StringIO()
            with mock.patch.dict(os.environ, {"ORCH_LOG_DIR": tmp}), contextlib.redirect_stderr(err):
                self.assertEqual(work(1000), 499500)
            [name] = os.listdir(tmp)
            self.assertTrue(name.endswith("_my_step.log"), name)
            with open(os.path.join(tmp, name)) as f:
                self.assertIn("step my step ok: wall", f.read())
            metrics = json.loads(err.getvalue().strip().splitlines()[-1].split(" ", 1)[1])
            self.assertEqual((metrics["step"], metrics["status"]), ("my step", "ok"))

    def test_failure_is_reported_and_reraised(self):
        with tempfile.TemporaryDirectory() as tmp:
            @timed_step
            def broken():
                raise KeyError("x")

            err = io.StringIO()
            with mock.patch.dict(os.environ, {"ORCH_LOG_DIR": tmp, "ORCH_STEP": "s"}), \
                    contextlib.redirect_stderr(err), self.assertRaises(KeyError):
                broken()
            self.assertIn('"status":"failed"', err.getvalue())

    def test_unwritable_log_dir_costs_the_file_not_the_call(self):
        err = io.StringIO()
        with mock.patch.dict(os.environ, {"ORCH_LOG_DIR": "/proc/no/such/dir"}), \
                contextlib.redirect_stderr(err):
            self.assertEqual(timed_step(lambda: 5)(), 5)
        self.assertIn("no log file", err.getvalue())


if __name__ == "__main__":
    unittest.main()
