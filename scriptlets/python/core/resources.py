"""``track_resources``: wall time, CPU time and peak RSS of a block or a function, plus Python allocations
(``tracemalloc``) when asked. The name the seed's scriptlet template imports
(``from scriptlets.python.core.resources import track_resources``).

As a context manager, the numbers are on the object it yields once the block ends::

    with track_resources("load", allocations=True) as usage:
        rows = load(path)
    ctx["load_usage"] = usage.as_dict()

As a decorator (``@track_resources``, ``@track_resources()`` or ``@track_resources("name", allocations=True)``)
every call is measured and the numbers of the last call are ``wrapper.last_usage``. Either way one line
``resources: <name> wall 0.012s, cpu 0.010s, peak rss 10240 KiB[, python alloc peak 2048 KiB]`` goes to the
step log (the ``orchestrator`` logger). The bridge already measures every whole step; this is for parts.
"""

import functools
import logging
import os
import time
import tracemalloc

from .timing import LOGGER_NAME, _peak_rss_kb

__all__ = ["ResourceUsage", "track_resources"]

_log = logging.getLogger(LOGGER_NAME + ".resources")


class ResourceUsage:
    """The numbers of one measured block: ``name``, ``wall_s``, ``cpu_s``, ``peak_rss_kb`` (None where the
    system has none), ``alloc_peak_kb`` / ``alloc_current_kb`` (None unless allocations were tracked)."""

    def __init__(self, name):
        self.name = name
        self.wall_s = self.cpu_s = 0.0
        self.peak_rss_kb = self.alloc_peak_kb = self.alloc_current_kb = None

    def as_dict(self):
        """The numbers as a JSON-ready dict (for ``ctx`` or a step's result)."""
        return {"name": self.name, "wall_s": round(self.wall_s, 6), "cpu_s": round(self.cpu_s, 6),
                "peak_rss_kb": self.peak_rss_kb, "alloc_peak_kb": self.alloc_peak_kb,
                "alloc_current_kb": self.alloc_current_kb}

    def __repr__(self):
        return f"ResourceUsage({self.as_dict()!r})"


class _Tracker:
    """One measurement; a context manager, and a decorator that measures each call afresh."""

    def __init__(self, name, allocations):
        self.name, self.allocations = name, allocations
        self.usage = None

    def __enter__(self):
        self.usage = ResourceUsage(self.name or "block")
        # tracemalloc may already run (a caller's, or python -X tracemalloc): then leave it running
        self._started_tracing = self.allocations and not tracemalloc.is_tracing()
        if self._started_tracing:
            tracemalloc.start()
        elif self.allocations and hasattr(tracemalloc, "reset_peak"):  # Python 3.9+
            tracemalloc.reset_peak()
        self._t0, self._c0 = time.perf_counter(), os.times()
        return self.usage

    def __exit__(self, *exc):
        usage = self.usage
        c1 = os.times()
        usage.wall_s = time.perf_counter() - self._t0
        usage.cpu_s = sum(getattr(c1, f) - getattr(self._c0, f)
                          for f in ("user", "system", "children_user", "children_system"))
        usage.peak_rss_kb = _peak_rss_kb()
        if self.allocations:
            current, peak = tracemalloc.get_traced_memory()
            usage.alloc_current_kb, usage.alloc_peak_kb = current // 1024, peak // 1024
            if self._started_tracing:
                tracemalloc.stop()
        alloc = f", python alloc peak {usage.alloc_peak_kb} KiB" if self.allocations else ""
        _log.info("resources: %s wall %.3fs, cpu %.3fs, peak rss %s KiB%s", usage.name, usage.wall_s,
                  usage.cpu_s, usage.peak_rss_kb, alloc)
        return False

    def __call__(self, func):
        name, allocations = self.name or func.__name__, self.allocations

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            tracker = _Tracker(name, allocations)
            try:
                with tracker:
                    return func(*args, **kwargs)
            finally:
                wrapper.last_usage = tracker.usage
        wrapper.last_usage = None
        return wrapper


def track_resources(name=None, *, allocations=False):
    """Measure a block (``with``) or every call of a function (decorator); see the module docstring.

    :param name: the name in the log line (default: the function's name, or ``block``); a function given
        directly (``@track_resources`` without parentheses) is decorated with the defaults
    :param allocations: also trace Python allocations with ``tracemalloc`` (slower; off by default)
    """
    if callable(name):
        return _Tracker(None, allocations)(name)
    return _Tracker(name, allocations)
