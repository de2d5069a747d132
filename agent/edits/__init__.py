"""Typed edits: one class per kind of change to a store, in one registry (`EDITS`) that diagnosis,
the queue, apply, the CLI, the review page and the reports all use. A new kind is one class in one
module of this package (found and imported here by name): its precondition and value, its words in
both languages (`describe`), how to read and write its screen — nothing else changes. A suggestion is
an instance of its kind from the rule that makes it to the write that applies it."""

import pkgutil
from importlib import import_module

from ._base import EDITS, SITE, Edit, Words

for _m in pkgutil.iter_modules(__path__):
    if not _m.name.startswith("_"):
        import_module(f"{__name__}.{_m.name}")  # each module registers its kinds


def kinds() -> tuple[str, ...]:
    """Every registered kind (a kind registered later, by a plug-in module, included)."""
    return tuple(EDITS)


def edit_for(kind: str) -> type[Edit]:
    from ..errors import InvalidValue

    try:
        return EDITS[kind]
    except KeyError:
        raise InvalidValue(f"unknown edit kind {kind!r}; kinds are {', '.join(EDITS)}") from None


__all__ = ["EDITS", "SITE", "Edit", "Words", "edit_for", "kinds"]
