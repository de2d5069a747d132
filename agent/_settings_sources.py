"""Reading the settings from their sources with pydantic-settings: the arguments given, then AGENT_
environment variables (nested with __), then .env, then config/agent.toml. The keys and what each
must be are the `Settings` dataclass's fields and annotations (agent/settings.py, agent/_schema.py).
Imported only when the settings cache cannot answer (agent/_settings_cache.py)."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any, get_type_hints

from pydantic import Field, TypeAdapter, ValidationError, create_model
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError
from .settings import Settings, StoreSettings

_CONFIG_PATH: dict[str, Path | None] = {}


class _Toml(PydanticBaseSettingsSource):
    def __init__(self, settings_cls, path: Path | None):
        super().__init__(settings_cls)
        self.path = path

    def get_field_value(self, field, field_name):  # pragma: no cover - unused, __call__ does the work
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{self.path}: invalid TOML ({e}); fix the file and retry") from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"{self.path}: cannot read ({e})") from None
        places = [("password", data)] + [
            (f"stores.{i}.password", st) for i, st in enumerate(data.get("stores") or []) if isinstance(st, dict)
        ]
        for where, table in places:
            if "password" in table:
                raise ConfigError(
                    f"{self.path}: {where}: a password is not kept in the config file; name an environment "
                    "variable with password_env, or use the keyring ('keyring set storeagent STORE:USERNAME')"
                )
        return data


class _Sources(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="AGENT_", env_nested_delimiter="__", env_file=".env", extra="forbid", env_ignore_empty=True
    )

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            _Toml(settings_cls, _CONFIG_PATH.get("path")),
            file_secret_settings,
        )


def _field(f: dataclasses.Field, hint) -> tuple:
    return hint, (
        Field(default_factory=f.default_factory) if f.default_factory is not dataclasses.MISSING else f.default
    )


_HINTS = get_type_hints(Settings, include_extras=True)
_Sourced = create_model(
    "_Sourced", __base__=_Sources, **{f.name: _field(f, _HINTS[f.name]) for f in dataclasses.fields(Settings)}
)
_SINGLE = ("base_url", "search_url", "username", "password", "company_id")


def read(path: Path, overrides: dict) -> Settings:
    """The settings from their sources; any problem is one ConfigError line."""
    _CONFIG_PATH["path"] = path
    try:
        got = _Sourced(**overrides)
    except ValidationError as e:
        raise ConfigError(describe(e)) from None
    finally:
        _CONFIG_PATH.pop("path", None)
    values = {f.name: getattr(got, f.name) for f in dataclasses.fields(Settings)}
    if all(values[k] for k in _SINGLE if k != "password"):  # the single store given by AGENT_BASE_URL …: "default"
        try:
            default = TypeAdapter(StoreSettings).validate_python({"name": "default", **{k: values[k] for k in _SINGLE}})
        except ValidationError as e:
            raise ConfigError(describe(e)) from None
        values["stores"] = [default, *[s for s in values["stores"] if s.name != "default"]]
    try:
        return Settings(**values)
    except ValueError as e:
        raise ConfigError(line("settings", str(e))) from None


def line(where: str, msg: str) -> str:
    return f"config error: {where}: {msg}; fix it in the config file or AGENT_ environment variables"


def describe(err: ValidationError) -> str:
    e = err.errors()[0]
    loc = ".".join(str(p) for p in e["loc"]) or "settings"
    msg = e["msg"].removeprefix("Value error, ")
    unknown = e["type"] in ("extra_forbidden", "unexpected_keyword_argument")
    if unknown:
        msg = "unknown setting (check the spelling)"
    val = e.get("input")
    secretish = any(w in loc.lower() for w in ("pass", "secret", "token", "key", "cookie"))
    # an unknown key's value is never echoed: a misspelt secret key would print the secret
    shown = f" (got {val!r})" if isinstance(val, (str, int, float, bool)) and not secretish and not unknown else ""
    return line(loc, msg + shown)
