"""reportlab, made ready before its first import, and the options every build uses.

Every module of this package that imports reportlab imports this one first.

reportlab.lib.utils imports Pillow when it is imported, for bitmap images; careerkit's
documents have none. Pillow costs a process about 10 ms and 2 MB, so unless something
loaded it already, `PIL.Image` is registered as a lazy module (importlib's LazyLoader):
reportlab's import binds the name, and Pillow is only loaded if an attribute of it is
ever used. Nothing else changes: code that uses Pillow later gets the real module.

`build_options()` sets, for the time one document is built, the reportlab settings that
are process-wide in `rl_config`: content streams compressed, not also ASCII85-encoded
(which makes them a quarter larger and costs time, and is needed only by 7-bit
channels no one uses any more).

`gc_paused()` holds Python's cyclic garbage collector back while a document is made:
reading fonts and laying out pages allocate hundreds of thousands of small objects that
all stay alive until the end, and the collector would walk them again and again (about
a tenth of the time of a report). Reference counting still frees what is dropped;
what survives joins the oldest generation, where a full collection still finds cycles.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["build_options", "gc_paused", "lazy_pillow"]


def lazy_pillow() -> bool:
    """Register `PIL.Image` as a lazy module if it is not loaded yet; True if it now is."""
    if "PIL.Image" in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec("PIL.Image")
    except (ImportError, ValueError):
        return False
    if spec is None or spec.loader is None:
        return False
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    loader.exec_module(module)
    package = sys.modules.get("PIL")
    if package is not None:
        # `from PIL import Image` then finds the attribute and touches nothing in the
        # module; without it, the import system would look at the module's spec and so
        # load it.
        setattr(package, "Image", module)  # noqa: B010  (mypy: ModuleType has no Image)
    return True


lazy_pillow()


@contextmanager
def build_options() -> Iterator[None]:
    """reportlab's process-wide settings as careerkit's documents want them, restored after."""
    # reportlab only after this module has set it up (see above)
    from reportlab import rl_config

    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


@contextmanager
def gc_paused(*, age_survivors: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside the block (as it was, after).

    `age_survivors` is for a process about to end (the `report` command): see
    `_age_survivors`. A library call leaves it off, so that a long-running process that
    makes many documents frees each one's cycles in its young collections (aged, they
    waited for a full collection: 40 plans in one process grew from 265 MB to 512 MB).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if age_survivors:
                _age_survivors()
            gc.enable()


def _age_survivors() -> None:
    """Move every tracked object to the oldest generation, as if it had survived the
    collections the pause skipped. Otherwise the first allocation after the pause starts
    a collection of the youngest generation holding everything allocated in it (~10 ms
    after a plan). Cycles left behind are still found, by the next full collection.
    Skipped when something froze objects on purpose: unfreezing would release them."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
