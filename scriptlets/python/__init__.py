"""Python scriptlets: ``core`` (the base, ctx proxy, bridge, CLI) and ``steps`` (the scriptlets).

``extend_path``: see ``scriptlets/__init__.py`` (a workspace's ``steps`` beside the shipped ``core``).
"""

from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)
