"""Per-step log files and resource measurement, so scriptlets need no boilerplate.

The bridge and the CLI wrap every call in :func:`step_log` + :func:`measure`; ``@timed_step`` gives
the same to any function called outside them. Nothing here is module-global per step: each call
builds its own handlers and removes them on the way out (a warm interpreter may serve many steps).

Log file: ``<ORCH_LOG_DIR or <workspace>/Logs>/<YYYYmmdd-HHMMSS.mmm>_<step>.log`` (appended to), or
exactly ``ORCH_LOG_FILE`` when that is set; when stderr already is that file, or ``ORCH_LOG_VIA_STDERR``
is ``1`` (the engine copies stderr into the log itself, within the log's size cap), lines are written
once, through stderr. The last stderr line of a measured call is
``ORCH_METRICS {"step":…,"status":"ok|failed|invalid","wall_s":…,"cpu_s":…,"peak_rss_kb":…}`` so an
engine capturing stderr can read the numbers without parsing prose.
"""

import contextlib
import datetime
import functools
import json
import logging
import os
import re
import sys
import time

try:  # resource is POSIX-only; on other systems peak memory is reported as null
    import resource
except ImportError:  # pragma: no cover
    resource = None

__all__ = ["LOGGER_NAME", "Metrics", "log_dir_for", "measure", "step_log", "timed_step"]

#: Every scriptlet logger lives under this name; its handlers are installed per call.
LOGGER_NAME = "orchestrator"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir_for(environ):
    """``ORCH_LOG_DIR``, else ``<ORCH_WORKSPACE or cwd>/Logs``."""
    if environ.get("ORCH_LOG_DIR"):
        return environ["ORCH_LOG_DIR"]
    return os.path.join(environ.get("ORCH_WORKSPACE") or os.getcwd(), "Logs")


def _log_path(step, environ):
    if environ.get("ORCH_LOG_FILE"):
        return environ["ORCH_LOG_FILE"]
    now = datetime.datetime.now()
    stamp = now.strftime("%Y%m%d-%H%M%S.") + f"{now.microsecond // 1000:03d}"
    return os.path.join(log_dir_for(environ), f"{stamp}_{_UNSAFE.sub('_', step) or 'step'}.log")


def _is_stream_file(stream, path):
    try:
        mine, theirs = os.fstat(stream.fileno()), os.stat(path)
    except (AttributeError, OSError, ValueError):
        return False
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


@contextlib.contextmanager
def step_log(step, environ=None, stream=None):
    """Route the ``orchestrator`` logger to the step's log file and to ``stream`` (stderr) for one call.

    Yields the log file's path. A log directory that cannot be created costs the file, not the step:
    logging then goes to the stream only, with a warning.
    """
    environ = os.environ if environ is None else environ
    stream = sys.stderr if stream is None else stream
    logger = logging.getLogger(LOGGER_NAME)
    saved = (logger.level, logger.propagate)
    handlers = [logging.StreamHandler(stream)]
    path = _log_path(step, environ)
    problem = None
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        # When the engine already sends our stderr into this very file, a file handler would write
        # every line twice.
        if environ.get("ORCH_LOG_VIA_STDERR") != "1" and not _is_stream_file(stream, path):
            handlers.append(logging.FileHandler(path, mode="a", encoding="utf-8"))
    except OSError as e:
        problem, path = e, None
    for h in handlers:
        h.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(h)
    # Our handlers own the output for this call; propagating would print twice under a root handler.
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        if problem:
            logger.warning("no log file (%s); logging to stderr only", problem)
        yield path
    finally:
        for h in handlers:
            logger.removeHandler(h)
            h.close()
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


class Metrics:
    """Wall time, CPU time (self + waited-for children) and peak RSS of one measured call."""

    def __init__(self, step):
        self.step = step
        self.status = "ok"
        self.wall_s = self.cpu_s = 0.0
        self.peak_rss_kb = None

    def as_dict(self):
        return {"step": self.step, "status": self.status, "wall_s": round(self.wall_s, 6),
                "cpu_s": round(self.cpu_s, 6), "peak_rss_kb": self.peak_rss_kb}


def _own_high_water_kb():
    """This process's own peak RSS (``VmHWM``), or None where /proc has none.

    Preferred to ``ru_maxrss``, which on Linux survives fork+exec: a process started by a JVM would
    report the JVM's peak instead of its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _peak_rss_kb():
    if resource is None:
        return None
    own = _own_high_water_kb()
    if own is None:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        own = own // 1024 if sys.platform == "darwin" else own  # Linux reports KiB, macOS bytes
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    children = children // 1024 if sys.platform == "darwin" else children
    return max(own, children)


@contextlib.contextmanager
def measure(step, stream=None):
    """Measure the block; log the numbers and write the ``ORCH_METRICS`` line to ``stream``.

    The caller sets ``metrics.status`` ("failed", "invalid") before leaving when the block did not
    succeed; an exception escaping the block marks it "failed".
    """
    stream = sys.stderr if stream is None else stream
    metrics = Metrics(step)
    t0, c0 = time.perf_counter(), os.times()
    try:
        yield metrics
    except BaseException:
        metrics.status = "failed"
        raise
    finally:
        c1 = os.times()
        metrics.wall_s = time.perf_counter() - t0
        metrics.cpu_s = sum(getattr(c1, f) - getattr(c0, f)
                            for f in ("user", "system", "children_user", "children_system"))
        metrics.peak_rss_kb = _peak_rss_kb()
        logging.getLogger(LOGGER_NAME).info(
            "step %s %s: wall %.3fs, cpu %.3fs, peak rss %s KiB", step, metrics.status,
            metrics.wall_s, metrics.cpu_s, metrics.peak_rss_kb)
        stream.write("ORCH_METRICS " + json.dumps(metrics.as_dict(), separators=(",", ":")) + "\n")
        stream.flush()


def timed_step(func=None, *, name=None):
    """Decorator: log and measure each call of ``func`` like the bridge does for a step.

    Use it for functions run outside the bridge/CLI (they already measure every step). The step name
    is ``name``, else ``ORCH_STEP``, else the function's name.
    """
    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            step = name or os.environ.get("ORCH_STEP") or f.__name__
            with step_log(step), measure(step):
                return f(*args, **kwargs)
        return wrapper
    return decorate(func) if func is not None else decorate
