"""Python scriptlets, one per file, each runnable by the bridge and alone as a CLI."""
