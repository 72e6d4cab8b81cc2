"""What the browsing pages are told about the archive they serve, passed in through Datasette's
plugin configuration (metadata `plugins`), so that every Datasette knows its own archive.

`plugin_metadata` writes it for `serving`; `config_of` reads it back in the hooks and pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLUGIN = "monitor-scraper"
DEFAULT_DATABASE = "monitor"


@dataclass(frozen=True)
class BrowseConfig:
    """The archive's name in Datasette (its file's stem) and where its raw captures lie."""

    database: str = DEFAULT_DATABASE
    warc_dir: Path | None = None  # None: no images are served from captures


def plugin_metadata(database: str, warc_dir: str | Path | None) -> dict[str, Any]:
    """The metadata's `plugins` entry for an archive served under `database`."""
    config: dict[str, Any] = {"database": database}
    if warc_dir is not None:
        config["warc_dir"] = str(warc_dir)
    return {PLUGIN: config}


def config_of(datasette: Any) -> BrowseConfig:
    """What this Datasette was told (defaults when it was told nothing)."""
    found = datasette.plugin_config(PLUGIN) or {}
    warc_dir = found.get("warc_dir")
    return BrowseConfig(found.get("database", DEFAULT_DATABASE),
                        Path(warc_dir) if warc_dir else None)
