"""Resolving and invoking a scriptlet: the part the bridge and the standalone CLI share.

Everything here works on arguments; the environment is read by the callers only.
"""

import contextlib
import importlib
import json
import logging
import os
import sys

from .base import BaseScriptlet
from .errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, InvalidParams
from .params import check, declared
from .timing import LOGGER_NAME, measure, step_log

__all__ = ["UsageError", "Outcome", "resolve_target", "run_step", "result_line"]


class UsageError(Exception):
    """Bad usage before the scriptlet runs (args, ORCH_* input, module or function not found): exit 2."""


class Outcome:
    """What a step call ended with: the exit code and, when it is 0, the result."""

    def __init__(self, code, result=None):
        self.code, self.result = code, result


def _is_missing_module(error, module):
    # A ModuleNotFoundError about the target (or a parent package) means "not found" (exit 2); one
    # about a module the target itself imports is a broken scriptlet (exit 1).
    name = getattr(error, "name", None) or ""
    return name == module or module.startswith(name + ".")


def resolve_target(module, function):
    """The class or function ``function`` of module ``module``.

    :raises UsageError: the module or attribute does not exist, or is neither a BaseScriptlet
        subclass nor a function
    :raises Exception: whatever importing the module raised (a broken scriptlet)
    """
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if _is_missing_module(e, module):
            raise UsageError(f"module not found: {module}") from e
        raise
    try:
        target = getattr(mod, function)
    except AttributeError:
        raise UsageError(f"{module} has no attribute {function!r}") from None
    if isinstance(target, type):
        if not issubclass(target, BaseScriptlet):
            raise UsageError(f"{module}.{function} is a class but not a BaseScriptlet subclass")
    elif not callable(target):
        raise UsageError(f"{module}.{function} is neither a BaseScriptlet subclass nor a function")
    return target


def _invoke(target, ctx, params):
    specs = declared(target)
    if specs is not None:  # declared parameters: unknown, missing or mistyped ones never reach the code
        params = check(specs, params)
    if isinstance(target, type):
        scriptlet = target()
        scriptlet.validate(ctx, params)
        return scriptlet.run(ctx, params)
    return target(ctx, params)


@contextlib.contextmanager
def _stdout_to_stderr():
    """Send everything the scriptlet prints (its subprocesses too) to stderr.

    stdout then carries exactly one line, the result, whatever the scriptlet prints and however it
    ends its lines. Both streams land in the same step log, so nothing is lost.
    """
    sys.stdout.flush()
    try:
        out_fd, err_fd = sys.stdout.fileno(), sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # replaced streams (tests, IDEs): Python level only
        out_fd = None
    saved = None
    if out_fd is not None:
        saved = os.dup(out_fd)
        os.dup2(err_fd, out_fd)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stderr.flush()
        if saved is not None:
            os.dup2(saved, out_fd)
            os.close(saved)


def result_line(result):
    """The result as one compact ASCII JSON line (raises TypeError/ValueError when it is not JSON)."""
    return json.dumps(result, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def run_step(target, ctx, params, step, environ):
    """Validate and run ``target`` with logging and measurement; never raises for scriptlet errors.

    :return: an :class:`Outcome`; on code 0 its ``result`` is the result line (a str)
    """
    log = logging.getLogger(LOGGER_NAME)
    with step_log(step, environ), measure(step) as metrics:
        log.info("step %s start", step)
        try:
            with _stdout_to_stderr():
                result = _invoke(target, ctx, params)
        except InvalidParams as e:
            metrics.status = "invalid"
            log.error("invalid parameters: %s", e)
            return Outcome(EXIT_USAGE)
        except SystemExit as e:
            # A scriptlet calling sys.exit keeps its meaning: 0 ok (null result), 2 usage, else failure.
            if e.code in (None, 0):
                return Outcome(EXIT_OK, "null")
            code = EXIT_USAGE if e.code == EXIT_USAGE else EXIT_FAILURE
            metrics.status = "invalid" if code == EXIT_USAGE else "failed"
            log.error("scriptlet called sys.exit(%r)", e.code)
            return Outcome(code)
        except BaseException:  # KeyboardInterrupt too: report it and exit 1 rather than die silently
            metrics.status = "failed"
            log.exception("run failed")
            return Outcome(EXIT_FAILURE)
        try:
            line = result_line(result)
        except (TypeError, ValueError) as e:
            metrics.status = "failed"
            log.error("result is not JSON: %s", e)
            return Outcome(EXIT_FAILURE)
        log.info("step %s ok", step)
        return Outcome(EXIT_OK, line)
