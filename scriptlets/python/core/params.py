"""Declared parameters (docs/scriptlet-params.md): the ``Parameters:`` block of a module docstring.

One declaration gives a scriptlet its ``--help``, its command-line parsing (an unknown flag, a missing
required one or a wrong type exits 2) and the check of a recipe's ``params`` when it runs as a step::

    \"\"\"
    Parameters:
        input (path, required): CSV file to read, relative to the workspace.
        precision (int, default=3): digits after the decimal point.
    \"\"\"

A module without the block keeps the old, permissive behaviour (any ``--key value``). The engine reads
the same block, without running Python, when it validates a recipe.
"""

import argparse
import json
import re
import sys

from .errors import InvalidParams

__all__ = ["Param", "TYPES", "parse_block", "declared", "check", "from_text", "build_parser"]

#: The accepted types, as in Java's ``ParamType``.
TYPES = ("string", "path", "int", "number", "bool", "list", "map", "json")

_ENTRY = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)\s*\((?P<attrs>[^()]*)\)\s*:\s*(?P<help>.*)$")


class Param:
    """One declared parameter: ``name``, ``type``, ``required``, ``default`` (text or None), ``env``, ``help``."""

    def __init__(self, name, type_="string", required=False, default=None, env=None, help_=""):
        self.name, self.type, self.required = name, type_, required
        self.default, self.env, self.help = default, env, help_

    def __repr__(self):
        return f"Param({self.name!r}, {self.type!r}, required={self.required}, default={self.default!r})"


def _indent(line):
    return len(line) - len(line.lstrip())


def parse_block(doc):
    """The parameters declared in ``doc`` (a docstring), in order; ``None`` when it has no ``Parameters:`` block.

    :raises ValueError: a malformed entry (unknown type or attribute, bad name), naming the line
    """
    lines = (doc or "").splitlines()
    for start, line in enumerate(lines):
        if line.strip() == "Parameters:":
            break
    else:
        return None
    base = _indent(lines[start])
    params, entry_indent = [], None
    for line in lines[start + 1:]:
        if not line.strip() or _indent(line) <= base:
            break
        if entry_indent is None:
            entry_indent = _indent(line)
        if _indent(line) > entry_indent:  # a continuation of the previous entry's help
            if params:
                params[-1].help += " " + line.strip()
            continue
        params.append(_entry(line.strip()))
    return params


def _entry(text):
    match = _ENTRY.match(text)
    if not match:
        raise ValueError(f"Parameters: expected 'name (type[, required][, default=V][, env=VAR]): help',"
                         f" found {text!r}")
    attrs = [a.strip() for a in match.group("attrs").split(",") if a.strip()]
    if not attrs or attrs[0] not in TYPES:
        raise ValueError(f"Parameters: {match.group('name')}: the type must come first, one of {', '.join(TYPES)}")
    param = Param(match.group("name"), attrs[0], help_=match.group("help").strip())
    for attr in attrs[1:]:
        key, eq, value = attr.partition("=")
        if attr == "required":
            param.required = True
        elif eq and key.strip() == "default":
            param.default = value.strip()
        elif eq and key.strip() == "env":
            param.env = value.strip()
        else:
            raise ValueError(f"Parameters: {param.name}: unknown attribute {attr!r}"
                             " (expected required, default=VALUE or env=VARIABLE)")
    return param


def declared(target):
    """The parameters declared by the module of ``target`` (a class or function), or ``None``."""
    module = sys.modules.get(getattr(target, "__module__", ""), None)
    return parse_block(getattr(module, "__doc__", None))


def _type_ok(kind, value):
    if kind == "json":
        return True
    if kind == "string":
        return type(value) in (str, int, float, bool)
    if kind == "path":
        return type(value) is str
    if kind == "int":
        return type(value) is int
    if kind == "number":
        return type(value) in (int, float)
    if kind == "bool":
        return type(value) is bool
    if kind == "list":
        return type(value) is list
    return type(value) is dict  # map


def _json_kind(value):
    return {str: "a string", bool: "a boolean", int: "an integer", float: "a number", list: "a list",
            dict: "a mapping"}.get(type(value), "null")


def check(specs, params):
    """Check ``params`` (a recipe step's) against ``specs``; return them with defaults filled in.

    :raises InvalidParams: naming every unknown key (with the nearest declared name), missing required
        parameter and value of the wrong type
    """
    names = [p.name for p in specs]
    problems = []
    for key in params:
        if key not in names:
            near = _nearest(key, names)
            problems.append(f"unknown parameter '{key}'"
                            + (f" (did you mean '{near}'?)" if near else f" (declared: {', '.join(names)})"))
    out = dict(params)
    for p in specs:
        if p.name not in params or params[p.name] is None:
            if p.required:
                problems.append(f"missing required parameter '{p.name}' ({p.type})")
            elif p.default is not None:
                out[p.name] = from_text(p, p.default)
            continue
        if not _type_ok(p.type, params[p.name]):
            problems.append(f"parameter '{p.name}' must be {p.type}, found {_json_kind(params[p.name])}")
    if problems:
        raise InvalidParams("; ".join(problems))
    return out


def from_text(param, text):
    """A command-line value as the JSON value of ``param``'s type; raises ValueError when it is not one."""
    kind = param.type
    if kind in ("string", "path"):
        return text
    if kind == "int":
        return int(text)
    if kind == "number":
        number = float(text)
        return int(number) if re.fullmatch(r"[+-]?\d+", text.strip()) else number
    if kind == "bool":
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise ValueError(f"expected true or false, found {text!r}")
    if kind == "list":
        if text.lstrip().startswith("["):
            value = json.loads(text)
            if type(value) is not list:
                raise ValueError("expected a JSON array")
            return value
        return [item.strip() for item in text.split(",") if item.strip()]
    if kind == "map":
        value = json.loads(text)
        if type(value) is not dict:
            raise ValueError("expected a JSON object")
        return value
    try:  # json: any JSON value, else the text itself
        return json.loads(text)
    except ValueError:
        return text


def _nearest(typed, names):
    best, best_distance = None, 3
    for name in names:
        distance = _distance(typed, name)
        if distance < best_distance or (best is None and (name.startswith(typed) or typed.startswith(name))):
            best, best_distance = name, min(distance, best_distance)
    return best


def _distance(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j - 1] + (ca != cb), previous[j] + 1, current[j - 1] + 1))
        previous = current
    return previous[-1]


def _converter(param):
    def convert(text):
        try:
            return from_text(param, text)
        except ValueError as e:
            # argparse turns this into "argument --x: invalid <type> value: ..." and exit 2
            raise argparse.ArgumentTypeError(f"expected {param.type}, found {text!r} ({e})") from None
    convert.__name__ = param.type
    return convert


def build_parser(prog, doc, specs, extra=()):
    """An ``argparse`` parser for ``specs``: ``--help`` shows ``doc`` and the generated options.

    ``extra``: ``(flag, help)`` pairs of options every step file has (``--ctx-file``, ``--ctx-out``).
    """
    parser = argparse.ArgumentParser(prog=prog, description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False)
    for p in specs:
        metavar = p.name.upper() if p.type in ("string", "path") else p.type.upper()
        text = p.help + (" (required)" if p.required else "")
        if p.default is not None:
            text += f" (default: {p.default})"
        flags = ["--" + p.name] + (["--" + p.name.replace("_", "-")] if "_" in p.name else [])
        parser.add_argument(*flags, dest=p.name, type=_converter(p), required=p.required,
                            metavar=metavar, help=text)
    for flag, text in extra:
        parser.add_argument(flag, help=text)
    return parser
