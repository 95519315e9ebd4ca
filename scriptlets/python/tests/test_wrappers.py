"""scriptlets.python.core.wrappers: timed, tracked, retrying, with_timeout on classes and functions."""

import signal
import threading
import time
import unittest

from scriptlets.python.core import BaseScriptlet, Ctx, InvalidParams
from scriptlets.python.core.wrappers import StepTimeout, retrying, timed, tracked, with_timeout


class Flaky(BaseScriptlet):
    """Fails until its class-level counter reaches ``params['succeed_at']``."""
    calls = 0

    def validate(self, ctx, params):
        self.require(params, "succeed_at")

    def run(self, ctx, params):
        Flaky.calls += 1  # on Flaky itself: a wrapped subclass would otherwise count on its own
        ctx.set("calls", Flaky.calls)
        if Flaky.calls < params["succeed_at"]:
            raise RuntimeError(f"attempt {Flaky.calls} failed")
        return {"calls": Flaky.calls}


class Sleepy(BaseScriptlet):
    def run(self, ctx, params):
        time.sleep(params.get("seconds", 5))
        return "woke"


def add_one(ctx, params):
    ctx.set("n", params["n"] + 1)
    return params["n"] + 1


class WrappersTest(unittest.TestCase):

    def setUp(self):
        Flaky.calls = 0

    def run_class(self, cls, params):
        ctx = Ctx()
        step = cls()
        step.validate(ctx, params)
        return ctx, step.run(ctx, params)

    def test_timed_logs_wall_and_cpu_and_keeps_the_result(self):
        with self.assertLogs("orchestrator.wrappers", "INFO") as logs:
            ctx, result = self.run_class(timed(Flaky), {"succeed_at": 1})
        self.assertEqual(result, {"calls": 1})
        self.assertRegex(logs.output[0], r"timing: Flaky ok, wall \d+\.\d{3}s, cpu \d+\.\d{3}s")

    def test_timed_logs_failures_and_reraises(self):
        with self.assertLogs("orchestrator.wrappers", "INFO") as logs, self.assertRaises(RuntimeError):
            self.run_class(timed(Flaky), {"succeed_at": 2})
        self.assertIn("timing: Flaky failed", logs.output[0])

    def test_wrapping_returns_a_subclass_and_leaves_the_original_alone(self):
        wrapped = timed(Flaky)
        self.assertTrue(issubclass(wrapped, Flaky))
        self.assertIsNot(wrapped.run, Flaky.run)
        self.assertEqual(wrapped.__name__, "Flaky")
        with self.assertRaises(InvalidParams):  # validate is inherited unchanged
            wrapped().validate(Ctx(), {})

    def test_tracked_logs_peak_rss(self):
        with self.assertLogs("orchestrator.wrappers", "INFO") as logs:
            self.run_class(tracked(Flaky), {"succeed_at": 1})
        self.assertRegex(logs.output[0], r"resources: Flaky peak rss \S+ -> \S+ KiB")

    def test_retrying_runs_until_an_attempt_passes(self):
        with self.assertLogs("orchestrator.wrappers", "INFO") as logs:
            ctx, result = self.run_class(retrying(3, delay=0.01)(Flaky), {"succeed_at": 3})
        self.assertEqual(result, {"calls": 3})
        self.assertEqual(ctx.get("calls"), 3)
        self.assertEqual(len([line for line in logs.output if "retry:" in line]), 2)

    def test_retrying_raises_the_last_failure_when_every_attempt_fails(self):
        with self.assertRaisesRegex(RuntimeError, "attempt 2 failed"):
            self.run_class(retrying(2)(Flaky), {"succeed_at": 10})
        self.assertEqual(Flaky.calls, 2)

    def test_retrying_does_not_retry_invalid_params(self):
        calls = []

        class Invalid(BaseScriptlet):
            def run(self, ctx, params):
                calls.append(1)
                raise InvalidParams("bad")
        with self.assertRaises(InvalidParams):
            self.run_class(retrying(5)(Invalid), {})
        self.assertEqual(len(calls), 1)

    def test_retrying_refuses_bad_arguments(self):
        with self.assertRaises(ValueError):
            retrying(0)
        with self.assertRaises(ValueError):
            retrying(2, delay=-1)

    def test_with_timeout_interrupts_a_slow_run_in_the_main_thread(self):
        started = time.monotonic()
        with self.assertRaisesRegex(StepTimeout, "Sleepy did not finish within 0.2s"):
            self.run_class(with_timeout(0.2)(Sleepy), {"seconds": 5})
        self.assertLess(time.monotonic() - started, 2)

    def test_with_timeout_passes_a_fast_run_through(self):
        _, result = self.run_class(with_timeout(2)(Sleepy), {"seconds": 0.01})
        self.assertEqual(result, "woke")

    def test_with_timeout_outside_the_main_thread_stops_waiting(self):
        box = {}

        def call():
            try:
                self.run_class(with_timeout(0.2)(Sleepy), {"seconds": 1})
            except StepTimeout as e:
                box["error"] = e
        worker = threading.Thread(target=call)
        worker.start()
        worker.join(3)
        self.assertIsInstance(box.get("error"), StepTimeout)

    def test_a_nested_timeout_that_ends_in_time_leaves_the_outer_timer_running(self):
        @with_timeout(0.1)
        def quick(ctx, params):
            return "quick"

        @with_timeout(0.5)
        def outer(ctx, params):
            quick(ctx, params)
            time.sleep(3)  # the outer limit must still interrupt this
            return "slept"
        with self.assertRaisesRegex(StepTimeout, r"outer did not finish within 0.5s"):
            outer(Ctx(), {})
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_an_outer_timeout_shorter_than_the_nested_one_still_fires_first(self):
        @with_timeout(5)
        def slow(ctx, params):
            time.sleep(3)
            return "slept"

        @with_timeout(0.3)
        def outer(ctx, params):
            return slow(ctx, params)
        with self.assertRaisesRegex(StepTimeout, r"outer did not finish within 0.3s"):
            outer(Ctx(), {})
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_a_nested_timeout_shorter_than_the_outer_one_fails_the_nested_run(self):
        @with_timeout(0.2)
        def slow(ctx, params):
            time.sleep(3)

        @with_timeout(5)
        def outer(ctx, params):
            with self.assertRaisesRegex(StepTimeout, r"slow did not finish within 0.2s"):
                slow(ctx, params)
            left, _ = signal.getitimer(signal.ITIMER_REAL)
            return left
        left = outer(Ctx(), {})
        self.assertGreater(left, 0)  # the outer timer is armed again with what is left of its 5s
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_functions_are_wrapped_too_and_wrappers_compose(self):
        step = timed(retrying(2)(with_timeout(1)(add_one)))
        ctx = Ctx()
        with self.assertLogs("orchestrator.wrappers", "INFO"):
            self.assertEqual(step(ctx, {"n": 41}), 42)
        self.assertEqual(ctx.get("n"), 42)
        self.assertEqual(step.__name__, "add_one")

    def test_a_non_scriptlet_class_is_refused(self):
        with self.assertRaises(TypeError):
            timed(int)


if __name__ == "__main__":
    unittest.main()
