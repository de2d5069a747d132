"""Typed edits: one class per kind of change to a store, in one registry (`EDITS`) that diagnosis,
the queue, apply, the CLI, the review page and the reports all use. A kind is one class in its
site's edits (`agent/sites/<site>/edits`, imported here through the site's name for them): its
precondition and value, its words in both languages (`describe`), how to read and write its screen
— nothing else changes. A suggestion is an instance of its kind from the rule that makes it to the
write that applies it."""

from importlib import import_module

from .. import sites
from ._base import EDITS, Edit, Urgency, Words

for _site in sites.SITES:
    import_module(sites.get(_site).edits)  # each site's kinds register themselves


def kinds() -> tuple[str, ...]:
    """Every registered kind (a kind registered later, by a plug-in module, included)."""
    return tuple(EDITS)


def edit_for(kind: str) -> type[Edit]:
    from ..errors import InvalidValue

    try:
        return EDITS[kind]
    except KeyError:
        raise InvalidValue(f"unknown edit kind {kind!r}; kinds are {', '.join(EDITS)}") from None


__all__ = ["EDITS", "Edit", "Urgency", "Words", "edit_for", "kinds"]
