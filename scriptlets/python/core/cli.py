"""Standalone CLI shared by every step file: ``python3 scriptlets/python/steps/x.py --input … ``.

A step file ends with::

    if __name__ == "__main__":
        sys.exit(cli.main(StepSomething))

When the module declares its parameters (a ``Parameters:`` block in its docstring,
docs/scriptlet-params.md), the flags are exactly those: ``--help`` is generated (the docstring, then the
options), values are converted to the declared types, and an unknown flag, a missing required one or a
value of the wrong type exits 2 with argparse's message. Otherwise (no block), ``--key value`` or
``--key=value`` become ``params[key]`` (dashes in the key become underscores; values stay strings). Reserved: ``--help``/``-h`` prints the step file's docstring
(its documentation block); ``--ctx-file F`` seeds the in-memory ctx from a JSON object;
``--ctx-out F`` appends the ctx changes to F in the bridge's line format. The result is printed as
the last line of stdout; exit codes as the bridge: 0 ok, 1 failure, 2 invalid usage or params.
"""

import json
import os
import sys

from .ctx import Ctx
from .errors import EXIT_USAGE
from .params import build_parser, declared
from .runner import run_step, UsageError

__all__ = ["main", "parse_flags"]

_RESERVED = {"ctx_file", "ctx_out"}


def parse_flags(argv):
    """``['--a', '1', '--b=2']`` → ``{'a': '1', 'b': '2'}``; raises UsageError on anything else."""
    params, i = {}, 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("--") or len(arg) == 2:
            raise UsageError(f"expected --key value, got {arg!r}")
        key, eq, value = arg[2:].partition("=")
        if not eq:
            if i + 1 >= len(argv):
                raise UsageError(f"--{key} needs a value")
            value = argv[i + 1]
            i += 1
        key = key.replace("-", "_")
        if key in params:
            raise UsageError(f"--{key} given twice")
        params[key] = value
        i += 1
    return params


def _declared_flags(step_class, specs, argv):
    """Parse ``argv`` with the parser generated from ``specs``; None after ``--help``; argparse exits 2 itself."""
    module = sys.modules.get(step_class.__module__)
    prog = os.path.basename(getattr(module, "__file__", "") or step_class.__name__)
    parser = build_parser(prog, _doc_of(step_class), specs, extra=(
        ("--ctx-file", "seed the ctx from this JSON object"),
        ("--ctx-out", "append the ctx changes to this file, one JSON line each")))
    try:
        namespace = parser.parse_args(argv)
    except SystemExit as e:
        if e.code in (None, 0):
            return None
        raise UsageError("invalid parameters") from None
    return {k: v for k, v in vars(namespace).items() if v is not None}


def _doc_of(step_class):
    module = sys.modules.get(step_class.__module__)
    return (getattr(module, "__doc__", None) or step_class.__doc__ or "(no documentation)").strip()


def main(step_class, argv=None, environ=None):
    """Run ``step_class`` once from the command line; return the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    environ = os.environ if environ is None else environ
    try:
        specs = declared(step_class)
    except ValueError as e:
        print(f"{step_class.__name__}: {e}", file=sys.stderr)
        return EXIT_USAGE
    if specs is None and any(a in ("-h", "--help") for a in argv):
        print(_doc_of(step_class))
        return 0
    writer = None
    try:
        params = parse_flags(argv) if specs is None else _declared_flags(step_class, specs, argv)
        if params is None:  # --help was printed
            return 0
        values = {}
        if "ctx_file" in params:
            path = params["ctx_file"]
            try:
                with open(path, encoding="utf-8") as f:
                    values = json.load(f)
            except (OSError, ValueError) as e:
                raise UsageError(f"--ctx-file {path}: {e}") from e
            if type(values) is not dict:
                raise UsageError(f"--ctx-file {path}: expected a JSON object")
        if "ctx_out" in params:
            out = open(params["ctx_out"], "a", encoding="utf-8")
            writer = lambda change: (out.write(json.dumps(change, separators=(",", ":")) + "\n"),
                                     out.flush())
    except (UsageError, OSError) as e:
        print(f"{step_class.__name__}: {e} (see --help)", file=sys.stderr)
        return EXIT_USAGE
    try:
        for key in _RESERVED:
            params.pop(key, None)
        module = step_class.__module__
        name = os.path.splitext(os.path.basename(getattr(sys.modules.get(module), "__file__", "") or ""))[0]
        step = environ.get("ORCH_STEP") or name or step_class.__name__
        ctx = Ctx(values, who=step, what=f"{module}:{step_class.__name__}", sink=writer)
        outcome = run_step(step_class, ctx, params, step, environ)
    finally:
        if writer is not None:
            out.close()
    for change in ctx.changes():
        print("ctx " + json.dumps(change, separators=(",", ":")), file=sys.stderr)
    sys.stderr.flush()
    if outcome.code == 0:
        sys.stdout.write(outcome.result + "\n")
        sys.stdout.flush()
    return outcome.code
