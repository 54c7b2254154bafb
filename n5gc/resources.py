"""Where the data folders are: the repository's blueprints/ and schemas/ in a checkout or an
editable install, or their copies inside the wheel (data packages n5gc_blueprints, n5gc_schemas)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


@cache
def data_dir(name: str) -> Path:
    """The folder `blueprints` or `schemas`."""
    in_checkout = _CHECKOUT / name
    if in_checkout.is_dir():
        return in_checkout
    import importlib.util

    spec = importlib.util.find_spec(f"n5gc_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"n5gc data folder {name!r} is missing from this installation")
    return Path(next(iter(spec.submodule_search_locations)))
