"""Configuration entry point of the project layout.

The classes live in `app/config.py` so they travel with the installed package; this module
re-exports them for `from config import ProductionConfig` in scripts at the project root.
"""

from app.config import (
    Config,
    DevelopmentConfig,
    ProductionConfig,
    TestingConfig,
    config_by_name,
)

__all__ = ["Config", "DevelopmentConfig", "ProductionConfig", "TestingConfig", "config_by_name"]
