"""The ctx proxy a Python scriptlet sees: JSON values only, every change recorded (docs/ctx-and-bridge.md).

A ``Ctx`` is created per step call (by the bridge or the CLI) from a snapshot and the run's history
so far; it never reads or writes module-global state, so one interpreter can serve many steps.
Changes are handed to a *sink* (a callable taking one change dict: one ``ORCH_CTX_OUT`` line, docs/ctx-and-bridge.md) as they happen;
the bridge's sink appends them to ```ORCH_CTX_OUT```.
"""

import copy
import datetime
import json
import math
import re
import threading

from .errors import NonJsonValueError

__all__ = ["Ctx", "check_json", "shell_name", "utc_now"]

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")
# NUL cannot reach a process (environment variables and shell strings cannot hold it); a surrogate in a
# Python str is always lone (os.listdir's surrogateescape for bytes that are not UTF-8) and has no UTF-8 form.
_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")


def _check_text(key, text, path, what):
    found = _UNSAFE_TEXT.search(text)
    if found:
        char = "a NUL character" if found.group() == "\x00" else f"a lone surrogate U+{ord(found.group()):04X}"
        # the position, never the text: it may be a secret
        raise NonJsonValueError(key, path, what, f"holds {char} at index {found.start()}, which no later "
                                "step could receive")


def utc_now():
    """Now as an ISO-8601 UTC instant with a ``Z`` (what Java's ``Instant.parse`` reads)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def shell_name(key):
    """``CTX_<KEY>``: upper-cased, every non-ASCII-alphanumeric replaced by ``_`` (docs/ctx-and-bridge.md)."""
    return "CTX_" + _NON_ALNUM.sub("_", key.upper())


def check_json(key, value, path=""):
    """Raise ``NonJsonValueError`` unless ``value`` is JSON all the way down.

    Exact types are checked (not ``isinstance``) because subclasses such as ``IntEnum`` or a ``dict``
    subclass would serialise but not round-trip. Tuples are refused on purpose: they would come back
    from ``get`` as lists, so what was stored would not be what is read.
    """
    kind = type(value)
    if kind is str:
        _check_text(key, value, path, "str")
        return
    if value is None or kind in (bool, int):
        return
    if kind is float:
        if not math.isfinite(value):
            raise NonJsonValueError(key, path, "float", f"{value!r} has no JSON form")
        return
    if kind is list:
        for i, item in enumerate(value):
            check_json(key, item, f"{path}[{i}]")
        return
    if kind is dict:
        for k, item in value.items():
            if type(k) is not str:
                raise NonJsonValueError(key, path, type(k).__name__, "object keys must be str")
            _check_text(key, k, path, "object key")
            check_json(key, item, f"{path}.{k}" if path else k)
        return
    hint = " (use a list)" if kind is tuple else ""
    raise NonJsonValueError(key, path, kind.__name__, f"refused{hint}" if hint else "")


class Ctx:
    """The shared JSON context of one recipe run, as seen by one step.

    :param values: the snapshot (a JSON object as a dict); copied, never mutated
    :param history: the run's change records so far (dicts with ``key, op, old, new, who, what, when,
        recipe, run_id``), oldest first; copied
    :param who: the step name recorded on this process's changes
    :param what: the scriptlet id (``module:function``) recorded on this process's changes
    :param recipe: the recipe's test_id; ``run_id``: the run id
    :param sink: called with ``{"op": "set", "key": k, "value": v}`` / ``{"op": "delete", "key": k}``
        after each change; ``None`` keeps changes in memory only
    """

    def __init__(self, values=None, history=None, *, who="standalone", what="", recipe="",
                 run_id="", sink=None):
        values = {} if values is None else values
        if type(values) is not dict:
            raise TypeError(f"ctx snapshot must be a JSON object, not {type(values).__name__}")
        self._values = copy.deepcopy(values)
        self._history = [dict(r) for r in (history or [])]
        self._own = []
        self._who, self._what, self._recipe, self._run_id = who, what, recipe, run_id
        self._sink = sink
        # Scriptlets may use threads; one lock keeps a change and its record together.
        self._lock = threading.RLock()

    # -- reading ---------------------------------------------------------------------------------
    def get(self, key, default=None):
        """A copy of the value of ``key`` (so mutating it changes nothing unrecorded), else ``default``."""
        with self._lock:
            if key not in self._values:
                return default
            return copy.deepcopy(self._values[key])

    def has(self, key):
        with self._lock:
            return key in self._values

    __contains__ = has

    def keys(self):
        """The keys present now, in insertion order (a new list)."""
        with self._lock:
            return list(self._values)

    # -- the mapping form (the seed's ``ctx["k"] = v``): the same recording as get/set/delete ----
    def __getitem__(self, key):
        """A copy of the value of ``key``; :raises KeyError: when absent."""
        with self._lock:
            if key not in self._values:
                raise KeyError(key)
            return copy.deepcopy(self._values[key])

    def __setitem__(self, key, value):
        """``ctx[key] = value`` is :meth:`set`: JSON only, recorded with who/what/when."""
        self.set(key, value)

    def __delitem__(self, key):
        """``del ctx[key]`` is :meth:`delete`, recorded; :raises KeyError: when absent (as for a dict)."""
        if not self.delete(key):
            raise KeyError(key)

    def __len__(self):
        with self._lock:
            return len(self._values)

    def __iter__(self):
        """Iterates over a snapshot of the keys, so the ctx may change meanwhile."""
        return iter(self.keys())

    def items(self):
        """``(key, copy of value)`` pairs present now, in insertion order (a new list)."""
        with self._lock:
            return [(k, copy.deepcopy(v)) for k, v in self._values.items()]

    def values(self):
        """Copies of the values present now, in insertion order (a new list)."""
        with self._lock:
            return [copy.deepcopy(v) for v in self._values.values()]

    def to_dict(self):
        """A deep copy of every value."""
        with self._lock:
            return copy.deepcopy(self._values)

    # -- writing ---------------------------------------------------------------------------------
    def set(self, key, value):
        """Set ``key`` to ``value`` and record it.

        :raises NonJsonValueError: (a ``TypeError``) when the value is not JSON; nothing is stored
        :raises TypeError: when ``key`` is not a non-empty str
        """
        self._check_key(key)
        check_json(key, value)
        stored = copy.deepcopy(value)
        with self._lock:
            old = copy.deepcopy(self._values.get(key))
            # Emit first: if the sink fails (disk full), nothing is stored, as with a refused value.
            self._emit({"op": "set", "key": key, "value": copy.deepcopy(stored)})
            self._values[key] = stored
            self._record(key, "set", old, copy.deepcopy(stored))

    def delete(self, key):
        """Remove ``key``; returns False (and records nothing) when it was absent, like Java's remove."""
        self._check_key(key)
        with self._lock:
            if key not in self._values:
                return False
            self._emit({"op": "delete", "key": key})
            old = self._values.pop(key)
            self._record(key, "delete", old, None)
            return True

    # -- history ---------------------------------------------------------------------------------
    def get_history(self, key):
        """Every change of ``key`` this run (loaded ones, then this process's), oldest first; copies."""
        with self._lock:
            return [copy.deepcopy(r) for r in self._history if r.get("key") == key]

    def history(self):
        """Every change of every key, oldest first; copies."""
        with self._lock:
            return copy.deepcopy(self._history)

    def changes(self):
        """Only the changes this process made (the ``ORCH_CTX_OUT`` lines of docs/ctx-and-bridge.md), in order; copies."""
        with self._lock:
            return copy.deepcopy(self._own)

    def last_modified(self, key):
        """The latest change record of ``key``, or None when it was never changed."""
        records = self.get_history(key)
        return records[-1] if records else None

    # -- shell -----------------------------------------------------------------------------------
    def expose_for_shell(self):
        """``{CTX_<KEY>: text}``: a string as its text, anything else as compact JSON (docs/ctx-and-bridge.md)."""
        with self._lock:
            return {shell_name(k): v if type(v) is str else json.dumps(v, separators=(",", ":"))
                    for k, v in self._values.items()}

    # -- internals -------------------------------------------------------------------------------
    @staticmethod
    def _check_key(key):
        if type(key) is not str or not key:
            raise TypeError(f"ctx key must be a non-empty str, not {key!r}")
        _check_text(ascii(key), key, "", "key")

    def _record(self, key, op, old, new):
        self._history.append({"key": key, "op": op, "old": old, "new": new, "who": self._who,
                              "what": self._what, "when": utc_now(), "recipe": self._recipe,
                              "run_id": self._run_id})

    def _emit(self, change):
        if self._sink is not None:
            self._sink(copy.deepcopy(change))
        self._own.append(change)

    def __repr__(self):
        return f"Ctx(keys={self.keys()!r}, who={self._who!r})"
