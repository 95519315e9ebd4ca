"""The Python scriptlet base (docs/architecture.md, docs/ctx-and-bridge.md); standard library only.

What a scriptlet author uses::

    from scriptlets.python.core import BaseScriptlet, InvalidParams

Modules: ``ctx`` (the JSON-only ctx proxy with history), ``base`` (``BaseScriptlet``), ``bridge``
(the engine's entry point), ``cli`` (standalone runs of a step file), ``timing`` (step logs,
wall/CPU/peak-RSS measurement, ``@timed_step``), ``runner`` (shared by bridge and CLI), ``params``
(declared parameters: the ``Parameters:`` block, docs/scriptlet-params.md), and the names the seed's
template imports: ``logging_utils.get_logger``, ``resources.track_resources``.
"""

from .base import BaseScriptlet, workspace_path
from .ctx import Ctx
from .errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, InvalidParams, NonJsonValueError
from .timing import timed_step

__all__ = ["BaseScriptlet", "Ctx", "InvalidParams", "NonJsonValueError", "timed_step",
           "workspace_path", "EXIT_OK", "EXIT_FAILURE", "EXIT_USAGE"]
