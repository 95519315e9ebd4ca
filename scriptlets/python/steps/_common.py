"""Helpers the library's Python steps share: workspace-confined paths and typed params.

Params come typed from a recipe (``count: 5``) but as strings from the command line
(``--count 5``); these helpers accept both and raise ``InvalidParams`` (exit 2) otherwise.
"""

import json
import os

from scriptlets.python.core import InvalidParams, workspace_path


def confined(path, name="path"):
    """``path`` resolved against the workspace; ``InvalidParams`` when it leads outside (links followed)."""
    if not isinstance(path, str) or not path:
        raise InvalidParams(f"param '{name}' must be a non-empty path")
    root = os.path.realpath(workspace_path("."))
    full = os.path.realpath(workspace_path(path))
    if full != root and not full.startswith(root + os.sep):
        raise InvalidParams(f"param '{name}': path '{path}' escapes the workspace {root}")
    return full


def as_int(params, name, default=None, minimum=None):
    """An integer param (int or its text); ``default`` when absent."""
    value = params.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidParams(f"param '{name}' must be an integer, not {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise InvalidParams(f"param '{name}' must be an integer, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise InvalidParams(f"param '{name}' must be at least {minimum}, not {number}")
    return number


def as_bool(params, name, default=False):
    """A boolean param (bool, or the text true/false)."""
    value = params.get(name, default)
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise InvalidParams(f"param '{name}' must be true or false, not {value!r}")


def as_json(params, name, default=None):
    """A structured param: the value itself, or (from the command line) its JSON text."""
    value = params.get(name, default)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise InvalidParams(f"param '{name}' must be JSON, not {value!r}") from None
    return value


def as_list(params, name, default=None):
    """A list param: a list, a JSON array text, or comma-separated text."""
    value = params.get(name, default)
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return as_json(params, name)
        return [part.strip() for part in text.split(",") if part.strip()]
    if not isinstance(value, list):
        raise InvalidParams(f"param '{name}' must be a list, not {value!r}")
    return value
