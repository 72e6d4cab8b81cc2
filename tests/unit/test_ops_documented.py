"""Every command and every MONITOR_ setting is documented: a command in the README and with an
example in its help, a setting as a row of the README's settings table."""

from __future__ import annotations

import pytest
from paths import REPO

from monitor_scraper import settings
from monitor_scraper.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")
SETTINGS = sorted(name for name in dir(settings) if name.startswith("MONITOR_"))


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme_with_an_example(name):
    assert f"monitor-scraper {name}" in README
    assert "Example: monitor-scraper " in (cli.commands[name].help or "")


@pytest.mark.parametrize("name", SETTINGS)
def test_every_setting_has_a_row_in_the_settings_table(name):
    assert f"\n| `{name}` |" in README
