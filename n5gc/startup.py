"""What the command line sets up before any model is built (kept free of imports: it runs first)."""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

_PLUGIN_LOADER = "pydantic.plugin._loader"


def without_pydantic_plugins() -> None:
    """Answer "no plugins" when pydantic looks for plugins, without looking.

    pydantic searches the entry points of every installed distribution for plugins when the first
    model class is built: importing importlib.metadata and scanning costs about 20 ms of CPU of
    each `n5gc validate` (15 % of building n5gc's models). n5gc uses no plugin, and a plugin would
    see every value validated, K/OPc of a secrets file included. Same answer as pydantic gives
    with PYDANTIC_DISABLE_PLUGINS=__all__, for this process only; left alone when pydantic has
    already loaded its plugins (n5gc imported as a library after other pydantic models).
    """
    if _PLUGIN_LOADER in sys.modules:
        return
    loader = types.ModuleType(_PLUGIN_LOADER, "n5gc: no pydantic plugins (n5gc/startup.py)")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[_PLUGIN_LOADER] = loader


@contextmanager
def without_cyclic_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block (reference counting still frees
    everything that is not in a cycle), then restored as it was.

    The front half builds a few hundred thousand small objects that live until it ends (the data,
    its source map, the model): the collector's passes walk them again and again and free next to
    nothing (about 15 % of a 1,000-slice validate). Nothing it decides depends on when garbage is
    collected.

    On the way out, what the block allocated joins the oldest generation (freeze, then unfreeze:
    two list splices) instead of waiting in the youngest, which the first allocation after the
    block would make the collector walk whole; the next full collection still frees any cycle
    among them. Skipped when something else froze objects (unfreeze would release those too).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


# What the command line leaves to the end of the process, by slot (`keep_to_exit`); None: free as usual.
_LEFT_FOR_EXIT: dict[str, tuple[object, ...]] | None = None


def leave_for_exit() -> None:
    """From now on, what `keep_to_exit` is given lives to the end of the process (or until its slot
    is given other objects). Only for a process that ends with os._exit (`n5gc.cli.run`), where it
    is never freed at all."""
    global _LEFT_FOR_EXIT
    if _LEFT_FOR_EXIT is None:
        _LEFT_FOR_EXIT = {}


def keep_to_exit(slot: str, *objects: object) -> None:
    """Keep `objects` to the end of the process when the command line ends it with os._exit
    (`leave_for_exit`); otherwise do nothing, and they are freed as usual. What `slot` held is
    dropped then: a run compiling many networks holds one compile's leftovers at most, as much as
    a compile in progress holds.

    A compile drops the network, its plan, its artifacts and the audit's data when it returns, and
    freeing those objects one by one costs about 5 ms of CPU at 1,000 slices before the output is
    written, for nothing when the process ends a moment later without freeing anything."""
    if _LEFT_FOR_EXIT is not None:
        _LEFT_FOR_EXIT[slot] = objects
