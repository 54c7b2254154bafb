"""What the command line sets up before any model is built (kept free of imports: it runs first)."""

from __future__ import annotations

import sys
import types

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
