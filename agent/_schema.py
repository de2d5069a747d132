"""What pydantic checks in the settings, written as markers in their annotations
(`Annotated[int, Rule(ge=1, le=32)]`, `Annotated[str, Check(_url)]`) so that the settings are plain
dataclasses: a command whose settings come from the cache imports no pydantic (agent/_settings_cache.py).
pydantic reads a marker only when it validates — when the settings are read from their sources
(agent/_settings_sources.py) — and pydantic-core is imported then, not before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Rule:
    """Limits pydantic enforces with its own messages: ge, gt, le, pattern, min_length."""

    def __init__(self, **limits: Any):
        self.limits = limits

    def __get_pydantic_core_schema__(self, source, handler):
        schema = handler(source)
        schema.update(self.limits)
        return schema


class Check:
    """A function run on the value once pydantic has checked its type: it returns the value (perhaps
    normalised) or raises ValueError, reported against the key. With `siblings=True` it also gets the
    values of the keys declared before it."""

    def __init__(self, fn: Callable, siblings: bool = False):
        self.fn, self.siblings = fn, siblings

    def __get_pydantic_core_schema__(self, source, handler):
        from pydantic_core import core_schema

        if self.siblings:
            return core_schema.with_info_after_validator_function(
                lambda v, info: self.fn(v, info.data), handler(source)
            )
        return core_schema.no_info_after_validator_function(self.fn, handler(source))


class Secret:
    """A password: '**********' wherever it is printed, logged or dumped; `get_secret_value()` gives it."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    def __eq__(self, other) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        from pydantic_core import core_schema

        return core_schema.union_schema(
            [
                core_schema.is_instance_schema(cls),
                core_schema.no_info_after_validator_function(cls, core_schema.str_schema()),
            ],
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )
