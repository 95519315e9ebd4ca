"""Workspace scriptlets. A package so that ``scriptlets.python.steps.x`` imports from the workspace root."""
