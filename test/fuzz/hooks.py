"""Schemathesis hooks for fugong's fuzz run (test/fuzz/run.ts loads them through SCHEMATHESIS_HOOKS).

- `no_stack_trace`: a check that fails when any response body carries a stack trace or an internal path.
- Known ids: FUZZ_KNOWN_IDS names a JSON file {"<path template>": {"<param>": [values…]}} of records the
  run seeded, so routes with ids reach stored things (and not only 404s) in a share of the generated cases;
  its "@body" entry does the same for top-level body fields that name records (firmId, vacancyId …), so a
  body gets past "unknown firm" to the write path.
"""

import json
import os
import re

import schemathesis
from hypothesis import strategies as st

# V8 frames ("    at fn (/x/y.ts:12:3)", also JSON-escaped after a "\n"), node internals, and source paths
# of this repository.
STACK_TRACE = re.compile(
    r"(?:\n|\\n)\s*at [^\n]*?(?:/|node:|file:)[^\s)]*:\d+:\d+|node:internal/|/node_modules/"
    r"|/(?:services|packages)/[\w.-]+/src/"
)


@schemathesis.check
def no_stack_trace(ctx, response, case):
    """A response must never expose a stack trace or a source path."""
    # Bytes, not response.text: a spreadsheet (the monitor's bulletin) is not UTF-8, and a trace in it would
    # still be ASCII.
    text = (response.content or b"").decode("utf-8", errors="replace")
    match = STACK_TRACE.search(text)
    if match:
        raise AssertionError(f"stack trace or source path in the response body: {match.group(0)!r}")


def _known():
    path = os.environ.get("FUZZ_KNOWN_IDS")
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


KNOWN = _known()


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    known = KNOWN.get(context.operation.path, {}) if context.operation else {}
    if not known or not isinstance(path_parameters, dict):
        return st.just(path_parameters)
    choices = [path_parameters]
    for name, values in known.items():
        if name in path_parameters:
            choices.extend({**path_parameters, name: value} for value in values)
    return st.sampled_from(choices)


@schemathesis.hook
def flatmap_body(context, body):
    known = KNOWN.get("@body", {})
    if not known or not isinstance(body, dict):
        return st.just(body)
    choices = [body]
    for name, values in known.items():
        if isinstance(body.get(name), str):
            choices.extend({**body, name: value} for value in values)
    if len(choices) > 2:
        # Every named field at once too: an agreement needs both of its posts to be real.
        merged = dict(body)
        for name, values in known.items():
            if isinstance(body.get(name), str):
                merged[name] = values[0]
        choices.append(merged)
    return st.sampled_from(choices)
