"""``BaseScriptlet``: what a Python scriptlet author extends (docs/getting-started.md, docs/ctx-and-bridge.md)."""

import logging
import os

from .errors import InvalidParams
from .timing import LOGGER_NAME

__all__ = ["BaseScriptlet", "workspace_path"]


def workspace_path(path, environ=None):
    """``path`` as given when absolute, else resolved against ``ORCH_WORKSPACE`` (else the cwd).

    Under the engine the cwd is the workspace anyway; this keeps a step correct when run from
    elsewhere with ``ORCH_WORKSPACE`` set.
    """
    environ = os.environ if environ is None else environ
    if os.path.isabs(path):
        return path
    return os.path.join(environ.get("ORCH_WORKSPACE") or os.getcwd(), path)


class BaseScriptlet:
    """A step's code. The bridge makes one instance per call, then calls ``validate`` and ``run``.

    Subclasses override :meth:`run` and usually :meth:`validate`. Keep per-call state on ``self`` or
    in locals, never in module globals: one interpreter may serve many steps.
    """

    def validate(self, ctx, params):
        """Check ``params`` (a dict from the recipe's ``params``) before anything runs.

        :raises InvalidParams: when the params cannot work; the step then exits with 2. The default
            accepts everything.
        """

    def run(self, ctx, params):
        """Do the work; read and write ``ctx``; return a JSON-serialisable result (or None).

        Any exception fails the step (exit 1) with its traceback in the log.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement run(ctx, params)")

    @property
    def log(self):
        """A logger whose output goes to the step's log file and stderr."""
        return logging.getLogger(f"{LOGGER_NAME}.{type(self).__name__}")

    @staticmethod
    def require(params, *names):
        """Raise ``InvalidParams`` naming every one of ``names`` missing or empty in ``params``."""
        missing = [n for n in names if params.get(n) in (None, "")]
        if missing:
            raise InvalidParams("missing required param(s): " + ", ".join(missing))
