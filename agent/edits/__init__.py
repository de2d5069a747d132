"""Typed edits: one class per kind of change to a store, in one registry (`EDITS`) that diagnosis,
the queue, apply, the CLI and the review page all use. A new kind is one class in one module here."""

from . import cbu, crm, marketing, messages, p4p, products  # noqa: F401  (each registers its kinds)
from ._base import EDITS, SITE, Edit

KINDS = tuple(EDITS)


def edit_for(kind: str) -> type[Edit]:
    from ..errors import InvalidValue

    try:
        return EDITS[kind]
    except KeyError:
        raise InvalidValue(f"unknown edit kind {kind!r}; kinds are {', '.join(KINDS)}") from None


__all__ = ["EDITS", "KINDS", "SITE", "Edit", "edit_for"]
