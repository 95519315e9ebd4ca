"""Python scriptlets: ``core`` (the base, ctx proxy, bridge, CLI) and ``steps`` (the scriptlets)."""
