"""Wrappers that add timing, resource tracking, retries or a timeout around an existing scriptlet
without editing it (decorators). The Python mirror of the Java ``dev.orchestrator.scriptlet.Scriptlets``.

Each works on a ``BaseScriptlet`` subclass (it returns a NEW subclass whose ``run`` is wrapped; the
original class is untouched and ``validate`` is inherited) and on a plain step function
``f(ctx, params)``. They compose; the outermost runs first::

    from scriptlets.python.core.wrappers import retrying, timed, with_timeout
    from scriptlets.python.steps.compute_metrics import StepComputeMetrics

    # in scriptlets/python/steps/compute_metrics_robust.py; the recipe names
    # module: scriptlets.python.steps.compute_metrics_robust, function: StepComputeMetricsRobust
    StepComputeMetricsRobust = timed(retrying(3, delay=0.5)(with_timeout(30)(StepComputeMetrics)))

or as decorators on your own code: ``@timed`` / ``@retrying(3, 1.0)`` / ``@with_timeout(5)``.
Lines go to the ``orchestrator`` logger: the step's log file and stderr under the bridge or CLI.
"""

import functools
import inspect
import logging
import signal
import threading
import time

from .base import BaseScriptlet
from .errors import InvalidParams
from .timing import LOGGER_NAME, _peak_rss_kb

__all__ = ["StepTimeout", "timed", "tracked", "retrying", "with_timeout"]

_log = logging.getLogger(LOGGER_NAME + ".wrappers")


class StepTimeout(TimeoutError):
    """A wrapped ``run`` did not finish within its ``with_timeout`` limit (the step fails, exit 1)."""


def _wrap(target, around, suffix):
    """Apply ``around(run, name)`` -> new run to a BaseScriptlet subclass or to a step function."""
    if inspect.isclass(target):
        if not issubclass(target, BaseScriptlet):
            raise TypeError(f"{target.__name__} is a class but not a BaseScriptlet subclass")
        inner = target.run
        wrapped = around(inner, target.__name__)

        def run(self, ctx, params):
            return wrapped(self, ctx, params)
        run.__doc__ = inner.__doc__
        # a subclass: the original class keeps its behaviour for everyone else
        return type(target.__name__, (target,), {
            "run": run, "__doc__": target.__doc__, "__module__": target.__module__,
            "__qualname__": f"{target.__qualname__}[{suffix}]",
        })
    if not callable(target):
        raise TypeError(f"{target!r} is neither a BaseScriptlet subclass nor a function")
    name = getattr(target, "__name__", repr(target))
    wrapped = around(lambda _self, ctx, params: target(ctx, params), name)

    @functools.wraps(target)
    def step(ctx, params):
        return wrapped(None, ctx, params)
    return step


def timed(target):
    """Log the wall-clock and CPU time (this process) of every run: ``timing: X ok, wall 0.012s, cpu 0.010s``."""
    def around(run, name):
        def timed_run(self, ctx, params):
            t0, c0, outcome = time.perf_counter(), time.process_time(), "failed"
            try:
                result = run(self, ctx, params)
                outcome = "ok"
                return result
            finally:
                _log.info("timing: %s %s, wall %.3fs, cpu %.3fs", name, outcome,
                          time.perf_counter() - t0, time.process_time() - c0)
        return timed_run
    return _wrap(target, around, "timed")


def tracked(target):
    """Log the process's peak RSS before and after every run: ``resources: X peak rss 10240 -> 20480 KiB``."""
    def around(run, name):
        def tracked_run(self, ctx, params):
            before = _peak_rss_kb()
            try:
                return run(self, ctx, params)
            finally:
                _log.info("resources: %s peak rss %s -> %s KiB", name, before, _peak_rss_kb())
        return tracked_run
    return _wrap(target, around, "tracked")


def retrying(attempts, delay=0.0):
    """Decorator factory: run up to ``attempts`` times in all, ``delay`` seconds apart, until one returns.

    ``InvalidParams`` is never retried (the params will not get better), nor is ``KeyboardInterrupt``.
    When every attempt fails, the last exception is raised (the one before is its ``__context__``).
    ctx changes of a failed attempt stay: a retried step should set, not append.
    """
    if not isinstance(attempts, int) or attempts < 1:
        raise ValueError(f"attempts must be an int >= 1, found {attempts!r}")
    if delay < 0:
        raise ValueError(f"delay must not be negative, found {delay!r}")

    def decorate(target):
        def around(run, name):
            def retrying_run(self, ctx, params):
                for attempt in range(1, attempts + 1):
                    try:
                        return run(self, ctx, params)
                    except InvalidParams:
                        raise
                    except Exception as e:  # noqa: BLE001  any failure is worth another attempt
                        if attempt == attempts:
                            raise
                        _log.info("retry: %s attempt %d/%d failed (%r); next in %.3fs",
                                  name, attempt, attempts, e, delay)
                        time.sleep(delay)
            return retrying_run
        return _wrap(target, around, f"retrying({attempts})")
    return decorate


def with_timeout(seconds):
    """Decorator factory: fail the run with ``StepTimeout`` when it takes longer than ``seconds``.

    In the main thread on POSIX (how the bridge and the CLI call steps) a ``SIGALRM`` timer interrupts
    the run where it is, blocking calls included. Elsewhere the run goes to a daemon thread and the
    caller stops waiting at the limit; that thread cannot be killed and keeps running in the background.
    For recipe steps the step's ``timeout:`` key, which kills the whole process tree, is stronger.
    """
    if seconds <= 0:
        raise ValueError(f"seconds must be positive, found {seconds!r}")

    def decorate(target):
        def around(run, name):
            def message():
                return f"{name} did not finish within {seconds}s"

            def timeout_run(self, ctx, params):
                if hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread():
                    return _with_alarm(run, self, ctx, params, seconds, message)
                return _with_thread(run, self, ctx, params, seconds, message)
            return timeout_run
        return _wrap(target, around, f"with_timeout({seconds})")
    return decorate


def _with_alarm(run, self, ctx, params, seconds, message):
    # One process has one ITIMER_REAL. A with_timeout nested inside another (or inside any caller's
    # timer) must not cancel it: the timer is armed for whichever deadline comes first, the outer
    # handler gets the signal when its deadline is first, and the outer timer is re-armed with what is
    # left of it when this run ends.
    now = time.monotonic()
    deadline = now + seconds
    outer_left, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    outer_deadline = now + outer_left if outer_left > 0 else None
    previous = signal.getsignal(signal.SIGALRM)
    state = {"outer_passed": False, "outer_delivered": False}

    def on_alarm(signum, frame):
        if outer_deadline is not None and not state["outer_passed"] and outer_deadline <= deadline:
            # the outer limit came first: its handler decides (usually by raising); SIG_DFL or
            # SIG_IGN are left to the disposition restored in ``finally``, which re-arms at once
            state["outer_passed"] = True
            if callable(previous):
                state["outer_delivered"] = True
                previous(signum, frame)
            signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 1e-6))
            return
        raise StepTimeout(message())
    signal.signal(signal.SIGALRM, on_alarm)
    first = seconds if outer_deadline is None else min(seconds, outer_left)
    signal.setitimer(signal.ITIMER_REAL, first)
    try:
        return run(self, ctx, params)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_deadline is not None:
            if not state["outer_delivered"]:
                signal.setitimer(signal.ITIMER_REAL, max(outer_deadline - time.monotonic(), 1e-6),
                                 outer_interval)
            elif outer_interval > 0:
                signal.setitimer(signal.ITIMER_REAL, outer_interval, outer_interval)


def _with_thread(run, self, ctx, params, seconds, message):
    outcome = {}

    def call():
        try:
            outcome["result"] = run(self, ctx, params)
        except BaseException as e:  # noqa: BLE001  handed to the caller below
            outcome["error"] = e
    worker = threading.Thread(target=call, name="scriptlet-timeout", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise StepTimeout(message())
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
