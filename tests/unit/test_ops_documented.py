"""Every setting, command, option and exit status is documented as the code has it.

The settings tables and the exit statuses are in docs/crawling.md, the commands and their options
in docs/commands.md, the Scrapy components in docs/development.md. Each test reads the code's own
values (settings.py, click's params, crawl/report.py) and fails when a page says otherwise.
"""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

import click
import pytest
from click.testing import CliRunner
from paths import REPO

from monitor_scraper import settings
from monitor_scraper.cli import cli
from monitor_scraper.crawl import report
from monitor_scraper.ops import status

DOCS = REPO / "docs"
CRAWLING = (DOCS / "crawling.md").read_text(encoding="utf-8")
COMMANDS = (DOCS / "commands.md").read_text(encoding="utf-8")
DEVELOPMENT = (DOCS / "development.md").read_text(encoding="utf-8")

SETTINGS = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
MONITOR_SETTINGS = sorted(name for name in SETTINGS if name.startswith("MONITOR_"))
# Scrapy's settings the project sets to a plain value; its components are in development.md.
SCRAPY_SETTINGS = sorted(name for name, value in SETTINGS.items()
                         if not name.startswith("MONITOR_") and not isinstance(value, dict))
EXIT_STATUSES = {value for name, value in vars(report).items() if name.startswith("EXIT_")}
BAD_ARGUMENT = 2  # click's usage error, and `scrapy crawl`'s bad -a argument


def table_rows(text: str) -> list[list[str]]:
    """The cells of every Markdown table row in `text` (separator rows left out)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def code_spans(cell: str) -> list[str]:
    return re.findall(r"`([^`]*)`", cell)


def shown(value: Any) -> str:
    """A setting's value as the docs show it: text as it is (`""` when empty), numbers and
    booleans as Python prints them, dicts as JSON (what `--set` takes), lists as JSON but for a
    class in them, named."""
    if isinstance(value, str):
        return value or '""'
    if value is None or isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(item.__name__ if isinstance(item, type)
                               else json.dumps(item, ensure_ascii=False) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def documented_settings() -> dict[str, str]:
    """Setting name -> the default shown, from every table row of crawling.md that opens with
    a setting's name."""
    found = {}
    for row in table_rows(CRAWLING):
        names = code_spans(row[0])
        if len(names) == 1 and re.fullmatch(r"[A-Z][A-Z0-9_]+", names[0]) and len(row) > 1:
            defaults = code_spans(row[1])
            found[names[0]] = defaults[0] if defaults else ""
    return found


@pytest.mark.parametrize("name", MONITOR_SETTINGS)
def test_every_monitor_setting_has_a_row_with_the_codes_default(name):
    documented = documented_settings()
    assert name in documented, f"{name} has no row in the settings table of docs/crawling.md"
    assert documented[name] == shown(SETTINGS[name])


@pytest.mark.parametrize("name", SCRAPY_SETTINGS)
def test_every_scrapy_setting_the_project_sets_is_shown_as_set(name):
    documented = documented_settings()
    assert name in documented, f"{name} has no row in the Scrapy settings table of crawling.md"
    assert documented[name] == shown(SETTINGS[name])


def test_the_settings_tables_name_no_setting_the_code_lacks():
    assert set(documented_settings()) - set(SETTINGS) == set()


def test_every_monitor_setting_the_code_reads_is_in_settings_py():
    read = set()
    for folder in ("monitor_scraper", "spiders"):
        for path in (REPO / folder).rglob("*.py"):
            read |= set(re.findall(r"[\"'](MONITOR_[A-Z0-9_]+)[\"']", path.read_text("utf-8")))
    assert read - set(MONITOR_SETTINGS) == set()


def components() -> list[tuple[str, int | None]]:
    """Every class settings.py plugs into Scrapy, with its order (None for the scheduler)."""
    plugged = [(path, order) for table in ("DOWNLOADER_MIDDLEWARES", "ITEM_PIPELINES",
                                           "EXTENSIONS")
               for path, order in SETTINGS[table].items() if order is not None]
    return [*plugged, (SETTINGS["SCHEDULER"], None)]


@pytest.mark.parametrize(("path", "order"), components())
def test_every_scrapy_component_is_in_the_development_table_with_its_order(path, order):
    rows = [row for row in table_rows(DEVELOPMENT) if code_spans(row[0]) == [path]]
    assert rows, f"{path} has no row in docs/development.md"
    assert rows[0][1] == ("" if order is None else str(order))


# --- commands ---------------------------------------------------------------------------------

def command_sections() -> dict[str, str]:
    """Command name -> its section of commands.md (`## `monitor-scraper NAME``)."""
    sections = {}
    for section in re.split(r"^## ", COMMANDS, flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        named = re.fullmatch(r"`monitor-scraper ([\w-]+)`", heading.strip())
        if named:
            sections[named.group(1)] = body
    return sections


def param_names(param: click.Parameter) -> list[str]:
    if isinstance(param, click.Argument):
        return [param.metavar or (param.name or "").upper()]
    return [*param.opts, *param.secondary_opts]


def param_default(param: click.Parameter) -> str:
    """The default a reader is told: a value the option really has, else nothing."""
    value = param.default
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def documented_params(section: str) -> dict[str, list[str]]:
    """Each row's first name -> its cells, for the rows that name arguments or options."""
    found = {}
    for row in table_rows(section):
        names = code_spans(row[0])
        if names and (names[0].startswith("-") or names[0].isupper()):
            found[" ".join(names)] = row
    return found


def test_every_command_has_a_section_in_commands_md():
    assert sorted(command_sections()) == sorted(cli.commands)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_argument_and_option_is_documented_with_its_default(name):
    documented = documented_params(command_sections().get(name, ""))
    expected = {" ".join(param_names(param)): param for param in cli.commands[name].params}
    assert sorted(documented) == sorted(expected), f"docs/commands.md, {name}"
    for names, param in expected.items():
        row = documented[names]
        shown_default = (code_spans(row[1]) or [""])[0]
        assert shown_default == param_default(param), f"{name} {names}: default"
        envvar = getattr(param, "envvar", None)
        if envvar:
            assert f"`{envvar}`" in row[-1], f"{name} {names}: environment variable {envvar}"


@pytest.mark.parametrize("name", ["", *sorted(cli.commands)])
def test_every_help_ends_in_an_example(name):
    command = cli.commands[name] if name else cli
    last = inspect.cleandoc(command.help or "").splitlines()[-1]
    assert last.startswith(f"Example: monitor-scraper {name}".rstrip() + " ")


# --- exit statuses ------------------------------------------------------------------------------

def documented_exit_statuses() -> dict[int, str]:
    return {int(row[0]): " | ".join(row[1:]) for row in table_rows(CRAWLING)
            if row[0].isdigit()}


def test_the_exit_statuses_documented_are_the_crawls():
    assert set(documented_exit_statuses()) == EXIT_STATUSES | {BAD_ARGUMENT}


def test_the_unwritable_archive_status_is_documented_as_such():
    meaning = documented_exit_statuses()[report.EXIT_ARCHIVE_UNWRITABLE]
    assert meaning.startswith("the archive cannot be written")


@pytest.mark.parametrize("arguments", [["--mode", "sideways"], ["--since", "yesterday"],
                                       ["--max-pages", "0"], ["--set", "no-equals-sign"]])
def test_a_bad_crawl_argument_exits_with_the_status_documented(arguments):
    result = CliRunner().invoke(cli, ["crawl", *arguments])
    assert result.exit_code == BAD_ARGUMENT, result.output


def test_status_names_every_exit_status():
    assert EXIT_STATUSES - set(status.EXIT_NAMES) == set()
