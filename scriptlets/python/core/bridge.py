"""The process bridge (docs/ctx-and-bridge.md): ``python3 -m scriptlets.python.core.bridge --module M --function F``.

Run from the workspace. Reads (all optional; an absent one means empty):

* ``ORCH_CTX_FILE``    the ctx snapshot, a JSON object
* ``ORCH_CTX_HISTORY`` this run's change records so far, a JSON array
* ``ORCH_PARAMS_FILE`` the step's params, a JSON object (the engine always sets it); a hand-made call
  may instead give the JSON text itself in ``ORCH_PARAMS`` (used only when ``ORCH_PARAMS_FILE`` is unset)
* ``ORCH_CTX_OUT``     file the changes are appended to, one compact JSON object a line, as they happen:
  ``{"op":"set","key":"k","value":<json>}`` / ``{"op":"delete","key":"k"}``
* ``ORCH_STEP``, ``ORCH_RECIPE``, ``ORCH_RUN_ID`` recorded on the changes' history;
  ``ORCH_WORKSPACE`` (default: the cwd) put first on ``sys.path``; ``ORCH_LOG_DIR`` / ``ORCH_LOG_FILE``
  for the step log (see ``timing``)

Writes: on exit 0 the result as the last (and only) line of stdout, compact ASCII JSON; everything
the scriptlet prints goes to stderr. The last stderr line is ``ORCH_METRICS {...}``.
Exit codes: 0 ok, 1 the scriptlet raised (traceback on stderr) or returned a non-JSON result,
2 bad usage / bad ORCH_* input / module or function not found / InvalidParams.

No module-global state: :func:`main` builds everything per call, so a warm (forking) interpreter
may call it once per step.
"""

import argparse
import json
import os
import sys

from .ctx import Ctx
from .errors import EXIT_FAILURE, EXIT_USAGE
from .runner import UsageError, resolve_target, run_step

__all__ = ["main"]


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python3 -m scriptlets.python.core.bridge",
                                     description="Run one Python scriptlet for the Orchestrator engine.")
    parser.add_argument("--module", required=True, help="dotted module under the workspace")
    parser.add_argument("--function", required=True, help="a BaseScriptlet subclass or a function")
    return parser.parse_args(argv)


def _refuse_constant(name):
    # Python's json accepts NaN/Infinity; JSON (and the engine) does not.
    raise ValueError(f"{name} is not JSON")


def _json_from_file(environ, var, kind, default):
    path = environ.get(var)
    if not path:
        return default
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f, parse_constant=_refuse_constant)
    except (OSError, ValueError) as e:
        raise UsageError(f"{var}={path}: cannot read JSON: {e}") from e
    if type(value) is not kind:
        raise UsageError(f"{var}={path}: expected a JSON {'object' if kind is dict else 'array'}")
    return value


def _params(environ):
    # A file, not the variable's value: large params in the environment stop any process from starting.
    if environ.get("ORCH_PARAMS_FILE"):
        return _json_from_file(environ, "ORCH_PARAMS_FILE", dict, {})
    text = environ.get("ORCH_PARAMS")
    if not text or not text.strip():
        return {}
    try:
        params = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as e:
        raise UsageError(f"ORCH_PARAMS is not JSON: {e}") from e
    if type(params) is not dict:
        raise UsageError("ORCH_PARAMS must be a JSON object")
    return params


class _ChangeWriter:
    """Appends each change to ORCH_CTX_OUT at once, so a killed process still leaves what it did."""

    def __init__(self, path):
        self._file = open(path, "a", encoding="utf-8")

    def __call__(self, change):
        self._file.write(json.dumps(change, separators=(",", ":"), ensure_ascii=True,
                                    allow_nan=False) + "\n")
        self._file.flush()

    def close(self):
        self._file.close()


def main(argv=None, environ=None):
    """Run one step; return the exit code."""
    environ = os.environ if environ is None else environ
    try:
        args = _parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as e:  # argparse has printed the usage
        return EXIT_USAGE if e.code else 0
    writer = None
    try:
        values = _json_from_file(environ, "ORCH_CTX_FILE", dict, {})
        history = _json_from_file(environ, "ORCH_CTX_HISTORY", list, [])
        if any(type(record) is not dict for record in history):
            raise UsageError("ORCH_CTX_HISTORY: every record must be a JSON object")
        params = _params(environ)
        workspace = os.path.abspath(environ.get("ORCH_WORKSPACE") or os.getcwd())
        if workspace not in (os.path.abspath(p or ".") for p in sys.path):
            sys.path.insert(0, workspace)
        target = resolve_target(args.module, args.function)
        out = environ.get("ORCH_CTX_OUT")
        if out:
            try:
                writer = _ChangeWriter(out)
            except OSError as e:
                raise UsageError(f"ORCH_CTX_OUT={out}: {e}") from e
        else:
            print("bridge: ORCH_CTX_OUT is not set; ctx changes are kept in memory only",
                  file=sys.stderr)
    except UsageError as e:
        print(f"bridge: {e}", file=sys.stderr)
        return EXIT_USAGE
    except Exception:  # importing the scriptlet raised: a broken scriptlet, not bad usage
        import traceback
        traceback.print_exc()
        return EXIT_FAILURE
    try:
        step = environ.get("ORCH_STEP") or "standalone"
        ctx = Ctx(values, history, who=step, what=f"{args.module}:{args.function}",
                  recipe=environ.get("ORCH_RECIPE", ""), run_id=environ.get("ORCH_RUN_ID", ""),
                  sink=writer)
        outcome = run_step(target, ctx, params, step, environ)
    finally:
        if writer is not None:
            writer.close()
    if outcome.code == 0:
        sys.stdout.write(outcome.result + "\n")
        sys.stdout.flush()
    return outcome.code


if __name__ == "__main__":
    sys.exit(main())
