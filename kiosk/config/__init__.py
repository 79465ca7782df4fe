"""The terminal's configuration: schema, loading with overrides and migration, reference docs."""

from kiosk.config.loader import (
    ConfigError,
    ConfigProblem,
    ConfigSource,
    LoadedConfig,
    config_path,
    load_config,
)
from kiosk.config.schema import CURRENT_SCHEMA_VERSION, KioskConfig

__all__ = [
    "CURRENT_SCHEMA_VERSION",
    "ConfigError",
    "ConfigProblem",
    "ConfigSource",
    "KioskConfig",
    "LoadedConfig",
    "config_path",
    "load_config",
]
