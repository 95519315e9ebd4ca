"""``get_logger``: the name the seed's scriptlet template imports (``from scriptlets.python.core.logging_utils
import get_logger``), over the ``orchestrator`` logger the bridge and CLI route to the step's log file and stderr.
"""

import logging

from .timing import LOGGER_NAME

__all__ = ["get_logger"]


def get_logger(name=None):
    """A logger under ``orchestrator`` (``orchestrator.<name>``): its lines reach ``Logs/<stamp>_<step>.log``
    and stderr while a step runs under the bridge or the CLI. ``name`` defaults to the caller-neutral root."""
    return logging.getLogger(LOGGER_NAME if not name else f"{LOGGER_NAME}.{name}")
