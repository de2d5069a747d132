"""Reading the settings from their sources with pydantic-settings: the arguments given, then AGENT_
environment variables (nested with __), then .env, then config/agent.toml. Imported only when the
settings cache cannot answer (agent/_settings_cache.py)."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError
from .settings import Settings

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
        places = [("password", data)] + [(f"stores.{i}.password", st) for i, st in enumerate(data.get("stores") or [])
                                          if isinstance(st, dict)]
        for where, table in places:
            if "password" in table:
                raise ConfigError(f"{self.path}: {where}: a password is not kept in the config file; name an environment "
                                  "variable with password_env, or use the keyring ('keyring set storeagent STORE:USERNAME')")
        return data


class _Sourced(BaseSettings, Settings):
    model_config = SettingsConfigDict(env_prefix="AGENT_", env_nested_delimiter="__", env_file=".env",
                                      extra="forbid", env_ignore_empty=True)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings):
        return init_settings, env_settings, dotenv_settings, _Toml(settings_cls, _CONFIG_PATH.get("path")), file_secret_settings


def read(path: Path, overrides: dict) -> Settings:
    """The settings from their sources (raises pydantic's ValidationError or ConfigError)."""
    _CONFIG_PATH["path"] = path
    try:
        return _Sourced(**overrides)
    finally:
        _CONFIG_PATH.pop("path", None)
