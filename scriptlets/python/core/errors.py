"""The two errors a scriptlet author meets, and the exit codes they map to (docs/recipes.md)."""

#: The scriptlet returned normally.
EXIT_OK = 0
#: The scriptlet raised (or its result could not be serialised).
EXIT_FAILURE = 1
#: Invalid usage: bad params, validate() refused them, module/function not found, bad ORCH_* input.
EXIT_USAGE = 2


class InvalidParams(ValueError):
    """Raised by ``validate`` (or ``run``) when the params cannot work; the process exits with 2."""


class NonJsonValueError(TypeError):
    """A value given to ``ctx.set`` is not JSON. Names the key, the path inside the value and the type.

    It subclasses ``TypeError`` so that ``except TypeError`` keeps working for callers who do not know
    this module; ``key``, ``path`` and ``type_name`` are attributes for those who do.
    """

    def __init__(self, key, path, type_name, detail=""):
        self.key = key
        self.path = path
        self.type_name = type_name
        where = f"ctx key '{key}'" + (f" at {path}" if path else "")
        extra = f" ({detail})" if detail else ""
        super().__init__(f"{where}: {type_name} is not a JSON value{extra}; nothing was stored")
