"""Keys never reach a stream (issue 8, item 8 and "Secrets never in messages").

Random K and OPc go through every error path of the front end that a secrets file, an intent or an
overlay can reach (duplicate keys, tags, lengths, types, names, headers, syntax, unknown
credentials, overlays) and through a good compile; `validate` (text, json, github), `compile`
(text, json, github) and `plan` (text, json) run in-process, and both streams of every run are
scanned for each key in hex (both cases), base64 of its raw bytes and base64 of its hex text.

More examples per scenario: N5GC_KEY_EXAMPLES=50 (default 2: every scenario runs in CI).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from frontend_runs import Run, leaks, run
from intents import NETWORK, edit

EXAMPLES = int(os.environ.get("N5GC_KEY_EXAMPLES", "2"))
HEADER = "apiVersion: n5gc.io/v1alpha1\nkind: Network\n"


@dataclass(frozen=True)
class Case:
    """What one scenario writes: the secrets file, the intent, an overlay, and more forbidden text."""

    secrets: str
    intent: str = NETWORK
    overlay: str | None = None
    forbidden: tuple[str, ...] = ()  # other spellings of a key this scenario writes (e.g. decimal)
    compiles: bool = False


def secrets(
    entry: str, *, top: str = "", header: str = "apiVersion: n5gc.io/v1alpha1\nkind: Secrets\n"
) -> str:
    return f"{header}{top}credentials:\n  keys: {entry}\n"


def long_enough(text: str) -> tuple[str, ...]:
    """`text` as a forbidden string when it is long enough to be recognised as a key (not "0")."""
    return (text,) if len(text) >= 8 else ()


def q(text: str) -> str:
    """`text` as a double-quoted YAML scalar (a hex key of digits only must stay a string)."""
    return f'"{text}"'


def good(k: str, opc: str) -> str:
    return secrets(f"{{k: {q(k)}, opc: {q(opc)}}}")


SCENARIOS: dict[str, Callable[[str, str], Case]] = {
    "compiles": lambda k, o: Case(good(k, o), compiles=True),
    "reused anchors": lambda k, o: Case(secrets(f"{{k: &x {q(k)}, opc: &x {q(o)}}}"), compiles=True),
    "duplicate k": lambda k, o: Case(secrets(f"{{k: {q(k)}, k: {q(o)}, opc: {q(o)}}}")),
    "duplicate opc": lambda k, o: Case(secrets(f"{{k: {q(k)}, opc: {q(o)}, opc: {q(k)}}}")),
    "duplicate entry": lambda k, o: Case(good(k, o) + f"  keys: {{k: {q(o)}, opc: {q(k)}}}\n"),
    "!!int k": lambda k, o: Case(secrets(f"{{k: !!int {k}, opc: {q(o)}}}")),
    "!!float opc": lambda k, o: Case(secrets(f"{{k: {q(k)}, opc: !!float {o}}}")),
    "!!bool k": lambda k, o: Case(secrets(f"{{k: !!bool {k}, opc: {q(o)}}}")),
    "!!timestamp k": lambda k, o: Case(secrets(f"{{k: !!timestamp {k}, opc: {q(o)}}}")),
    "!!binary k": lambda k, o: Case(secrets(f"{{k: !!binary {k}, opc: {q(o)}}}")),
    "!!omap k": lambda k, o: Case(secrets(f"{{k: !!omap [{k}], opc: {q(o)}}}")),
    "unknown tag": lambda k, o: Case(secrets(f"{{k: !key {q(k)}, opc: !{o} x}}")),
    "k too short": lambda k, o: Case(secrets(f"{{k: {q(k[:-1])}, opc: {q(o)}}}"), forbidden=(k[:-1],)),
    "opc too long": lambda k, o: Case(secrets(f"{{k: {q(k)}, opc: {q(o + '0')}}}")),
    "k not hex": lambda k, o: Case(
        secrets(f"{{k: {q(k[:7] + 'G' + k[8:])}, opc: {q(o)}}}"), forbidden=(k[8:],)
    ),
    "k as decimal": lambda k, o: Case(
        secrets(f"{{k: {int(k, 16)}, opc: {q(o)}}}"), forbidden=long_enough(str(int(k, 16)))
    ),
    "k as a list": lambda k, o: Case(secrets(f"{{k: [{q(k)}], opc: {q(o)}}}")),
    "k as a mapping": lambda k, o: Case(secrets(f"{{k: {{{k}: {q(o)}}}, opc: {q(o)}}}")),
    "key named by k": lambda k, o: Case(secrets(f"{{{k}: {q(o)}, opc: {q(o)}}}")),
    "credential named by k": lambda k, o: Case(good(k, o).replace("keys:", f"{k}:")),
    "amf is k": lambda k, o: Case(secrets(f"{{k: {q(k)}, opc: {q(o)}, amf: {q(k)}}}")),
    "top-level k": lambda k, o: Case(good(k, o) + f"{k}: {q(o)}\n"),
    "kind is k": lambda k, o: Case(good(k, o).replace("kind: Secrets", f"kind: {q(k)}")),
    "apiVersion is o": lambda k, o: Case(good(k, o).replace("n5gc.io/v1alpha1", o)),
    "credentials a list": lambda k, o: Case(
        good(k, o).replace("credentials:\n  keys:", f"credentials: [{q(k)}, {q(o)}]\nx:")
    ),
    "unclosed quote": lambda k, o: Case(secrets(f'{{k: {q(k)}, opc: "{o}}}')),
    "tab after k": lambda k, o: Case(secrets(f"{{k: {q(k)},\t opc: {q(o)}}}\n\tx: {o}")),
    "complex key": lambda k, o: Case(good(k, o) + f"? [{q(k)}, {q(o)}]\n: x\n"),
    "unknown credentials": lambda k, o: Case(
        good(k, o), intent=NETWORK.replace("credentials: keys", "credentials: other")
    ),
    "overlay breaks the intent": lambda k, o: Case(
        good(k, o), overlay=HEADER + 'spec:\n  slices:\n    - name: urllc\n      sd: "2"\n'
    ),
    "overlay deletes the credentials": lambda k, o: Case(
        good(k, o),
        overlay=HEADER + "spec:\n  subscribers:\n    - name: phones\n      credentials: {$patch: delete}\n",
    ),
    "intent broken, secrets good": lambda k, o: Case(
        good(k, o), intent=edit(NETWORK, "  tac: 1\n", "  tac: !!int one\n")
    ),
}

keys = st.binary(min_size=16, max_size=16).map(lambda b: b.hex().upper())


def all_runs(folder: Path, case: Case) -> list[Run]:
    """validate, compile and plan of `case` in every output format, from `folder`."""
    intent = intents.write(folder, case.intent)
    intents.write(folder, case.secrets, "network.secrets.yaml")  # the default: plan reads it too
    overlay: list[str] = []
    if case.overlay is not None:
        overlay = ["--overlay", str(intents.write(folder, case.overlay, "ov.yaml"))]
    out = folder / "out"
    runs = [run("validate", str(intent), *overlay, "--format", fmt) for fmt in ("text", "json", "github")]
    runs += [
        run("compile", str(intent), *overlay, "-o", str(out), "--format", fmt)
        for fmt in ("text", "json", "github")
    ]
    runs += [run("plan", str(intent), *overlay, "-o", fmt) for fmt in ("text", "json")]
    return runs


@pytest.mark.parametrize("scenario", list(SCENARIOS))
@settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate])
@given(k=keys, opc=keys)
def test_no_key_in_any_stream(scenario: str, k: str, opc: str) -> None:
    case = SCENARIOS[scenario](k, opc)
    with tempfile.TemporaryDirectory() as folder:
        runs = all_runs(Path(folder), case)
        found = leaks(runs, [k, opc], case.forbidden)
        assert not found, f"{scenario}: a key reached a stream: {found[0]}"
        expected = 0 if case.compiles else 1
        wrong = [r for r in runs if r.code != expected]
        assert not wrong, f"{scenario}: expected exit {expected}: {wrong[0]}"
        assert case.compiles == (Path(folder) / "out").exists(), "nothing is written on an error"
