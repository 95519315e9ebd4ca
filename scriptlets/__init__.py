"""Workspace scriptlets. A package so that ``scriptlets.python.steps.x`` imports from the workspace root.

The engine jar ships this package with ``python/core`` and puts it on ``PYTHONPATH`` for workspaces without
a core of their own. ``extend_path`` joins every ``scriptlets`` folder on ``sys.path`` into this package,
so a workspace's ``scriptlets/python/steps`` imports beside the shipped core, and the first folder found
(the workspace, which the bridge runs from) wins where both have a module.
"""

from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)
