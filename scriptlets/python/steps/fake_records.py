"""
Name:
    fake_records (class StepFakeRecords)

Description:
    Generates deterministic fake records for test data: the same seed, count and fields
    always give the same records, on every machine and Python version 3.8+ (random.Random
    with an integer seed is stable). Each record is an object with the chosen fields:
      id       1, 2, 3, ...                     name     "Ada Lovelace" (first + last)
      first    "Ada"                            last     "Lovelace"
      email    "ada.lovelace7@example.org"      age      18..80
      score    0.0..100.0 (2 decimals)          city     a European city
      active   true/false                       joined   a date 2020-01-01..2024-12-31
      uuid     a version-4 UUID drawn from the seed
    Writes ctx: <into> = [records]; optionally the file <output> (.json: an array, .csv: a header
    line and one line per record). Returns {"count", "fields", "output"}.

Usage:
    Engine:  type: python
             module: scriptlets.python.steps.fake_records
             function: StepFakeRecords
             params: {seed: 42, count: 5, into: users, output: Data/www/users.json}
    Alone:   python3 scriptlets/python/steps/fake_records.py --seed 42 --count 3

Parameters:
    seed (int, default=42): the seed; the same seed gives the same records.
    count (int, default=10): how many records (0..100000).
    fields (list): the fields of each record, in this order (default: id name email age score).
    into (string, default=fake_records): the ctx key to store the records under.
    output (path): also write them to this workspace file (.json or .csv).

Examples (CLI):
    python3 scriptlets/python/steps/fake_records.py --seed 7 --count 2 --fields id,email,active

Limitations/Requirements:
    - Python 3.8+ standard library only. Names come from small built-in lists: records repeat names
      (never ids, and emails are unique within one call).
    - Exit codes: 0 ok, 1 failure, 2 invalid params (unknown field, count out of range, path
      outside the workspace).
"""

import csv  # writing the .csv output
import datetime  # the joined dates
import io  # building the CSV text before writing it
import json  # writing the .json output
import os  # creating the output folder
import random  # the seeded generator
import sys  # sys.exit and sys.path for standalone runs
import uuid  # formatting the drawn UUIDs
from pathlib import Path  # to find the workspace root from this file's location

# Run as a file (not via the bridge): make the workspace root importable, 3 levels above steps/.
if __name__ == "__main__" and not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from scriptlets.python.core import BaseScriptlet, InvalidParams  # noqa: E402
from scriptlets.python.core import cli  # noqa: E402  the shared standalone CLI
from scriptlets.python.steps._common import as_int, as_list, confined  # noqa: E402

# Small fixed lists: the output depends on them, so changing them changes every seed's records.
FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Niklaus",
         "Radia", "Tim", "Hedy", "John", "Katherine", "Linus"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton",
        "Wirth", "Perlman", "Berners-Lee", "Lamarr", "Backus", "Johnson", "Torvalds"]
CITIES = ["Oslo", "Bergen", "Stockholm", "Helsinki", "Copenhagen", "Tallinn", "Riga", "Vilnius"]
FIELDS = ["id", "name", "first", "last", "email", "age", "score", "city", "active", "joined", "uuid"]
START = datetime.date(2020, 1, 1)


class StepFakeRecords(BaseScriptlet):
    """Seeded fake records into ctx (and optionally a .json/.csv file)."""

    def validate(self, ctx, params):
        # Read every param once: a bad one stops the step before anything is written.
        as_int(params, "seed", 42)
        as_int(params, "count", 10, minimum=0)
        if as_int(params, "count", 10) > 100000:
            raise InvalidParams("param 'count' must be at most 100000")
        unknown = [f for f in _fields(params) if f not in FIELDS]
        if unknown:
            raise InvalidParams(f"unknown field(s) {unknown}; known: {FIELDS}")
        if params.get("output"):
            target = confined(params["output"], "output")
            if not target.endswith((".json", ".csv")):
                raise InvalidParams("param 'output' must end with .json or .csv")

    def run(self, ctx, params):
        seed = as_int(params, "seed", 42)
        count = as_int(params, "count", 10)
        fields = _fields(params)
        records = generate(seed, count, fields)
        key = params.get("into") or "fake_records"
        ctx.set(key, records)
        output = params.get("output")
        if output:
            _write(confined(output, "output"), records, fields)
        self.log.info("%d record(s) from seed %d into ctx '%s'%s", count, seed, key,
                      f" and {output}" if output else "")
        return {"count": count, "fields": fields, "output": output}


def _fields(params):
    return as_list(params, "fields") or ["id", "name", "email", "age", "score"]


def generate(seed, count, fields):
    """The records for ``seed``: a pure function of its arguments."""
    rng = random.Random(seed)
    records = []
    for index in range(1, count + 1):
        # Draw every value in a fixed order whatever the fields, so that choosing fewer fields
        # does not change the values of the others.
        first, last = rng.choice(FIRST), rng.choice(LAST)
        drawn = {
            "id": index,
            "first": first,
            "last": last,
            "name": f"{first} {last}",
            "email": f"{first}.{last}{index}@example.org".lower().replace("-", ""),
            "age": rng.randint(18, 80),
            "score": round(rng.uniform(0, 100), 2),
            "city": rng.choice(CITIES),
            "active": rng.random() < 0.7,
            "joined": (START + datetime.timedelta(days=rng.randrange(1827))).isoformat(),
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        }
        records.append({field: drawn[field] for field in fields})
    return records


def _write(path, records, fields):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if path.endswith(".json"):
        text = json.dumps(records, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: (str(v).lower() if isinstance(v, bool) else v) for k, v in r.items()}
                         for r in records)
        text = buffer.getvalue()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# Standalone run: parse --key value flags, run validate + run, print the result, exit 0/1/2.
if __name__ == "__main__":
    sys.exit(cli.main(StepFakeRecords))
