"""The README and docs/ say what the code does: the schema, the tests, paths and modules they name,
the command lines they show, and every link.

- docs/archive.md names every table, view, column and index of a fresh archive, and nothing else;
- every `tests/...py::test_name` named exists, and every row of docs/survives.md names one;
- every `monitor-scraper COMMAND --option` shown uses a command and options that exist;
- every repository path and `monitor_scraper` module named exists, and each package's docstring
  names its modules;
- the README is the front door: at most 200 lines, with the two commands;
- every relative link, and its #anchor, resolves.
"""

from __future__ import annotations

import ast
import importlib
import re
import sqlite3
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from paths import REPO

from monitor_scraper.archive import Archive
from monitor_scraper.archive.schema import SCHEMA_VERSION
from monitor_scraper.cli import cli

README = REPO / "README.md"
DOCS = REPO / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
README_MAX_LINES = 200
# The top folders of the repository and the packages of monitor_scraper a docs path may start with.
PACKAGES = sorted(path.name for path in (REPO / "monitor_scraper").iterdir()
                  if (path / "__init__.py").is_file())


@cache
def text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def name_of(page: Path) -> str:
    return str(page.relative_to(REPO))


def without_fences(markdown: str) -> str:
    return re.sub(r"^```.*?^```", "", markdown, flags=re.M | re.S)


def fenced_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.M | re.S)


def inline_code(markdown: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", without_fences(markdown))


def table_rows(markdown: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in markdown.splitlines()
            if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line)]


# --- the schema ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fresh_archive(tmp_path_factory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("schema") / "monitor.db"
    Archive(path).close()
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def created_schema(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Every table, view and virtual table (FTS5's shadow tables left out) -> its columns."""
    names = [name for _, name, kind, *_ in conn.execute("PRAGMA table_list")
             if kind in ("table", "view", "virtual") and not name.startswith("sqlite_")]
    return {name: {row[1] for row in conn.execute(f"PRAGMA table_info('{name}')")}
            for name in names}


def documented_schema() -> dict[str, set[str]]:
    """From docs/archive.md: each `### `table`` heading (one or more names sharing a layout)
    -> the column names in the first cells of the table under it."""
    schema: dict[str, set[str]] = {}
    for section in re.split(r"^### ", text(DOCS / "archive.md"), flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        body = body.split("\n## ")[0]
        columns = {name for row in table_rows(body) for name in re.findall(r"`(\w+)`", row[0])}
        for table in re.findall(r"`(\w+)`", heading):
            schema[table] = columns
    return schema


def test_archive_md_names_every_table_and_view_and_nothing_else(fresh_archive):
    created, documented = created_schema(fresh_archive), documented_schema()
    assert sorted(documented) == sorted(created)


def test_archive_md_names_every_column_and_nothing_else(fresh_archive):
    created, documented = created_schema(fresh_archive), documented_schema()
    wrong = {table: {"undocumented": sorted(columns - documented.get(table, set())),
                     "not in the schema": sorted(documented.get(table, set()) - columns)}
             for table, columns in created.items() if documented.get(table) != columns}
    assert wrong == {}


def test_archive_md_names_every_index_and_nothing_else(fresh_archive):
    created = {name for (name,) in fresh_archive.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    documented = set(re.findall(r"`(idx_\w+)`", text(DOCS / "archive.md")))
    assert documented == created


def test_archive_md_gives_the_schema_version(fresh_archive):
    assert fresh_archive.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert f"`PRAGMA user_version` ({SCHEMA_VERSION})" in text(DOCS / "archive.md")


# --- tests named ----------------------------------------------------------------------------------

TEST_REFERENCE = re.compile(r"(tests/[\w/]+\.py)(?:::(\w+))?")


@cache
def defined_names(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(node.name for node in ast.walk(tree)
                     if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef))


def named_tests() -> list[tuple[str, str, str]]:
    """(page, path, test name or "") for every `tests/...py` and `tests/...py::test_name`."""
    return sorted({(name_of(page), path, test) for page in PAGES
                   for path, test in TEST_REFERENCE.findall(text(page))})


@pytest.mark.parametrize(("page", "path", "test"), named_tests())
def test_every_test_named_exists(page, path, test):
    assert (REPO / path).is_file(), f"{page} names {path}, which does not exist"
    if test:
        assert test in defined_names(REPO / path), f"{page} names {path}::{test}"


def test_every_fault_in_survives_md_names_its_test():
    rows = table_rows(text(DOCS / "survives.md"))[1:]
    assert rows
    for row in rows:
        assert re.search(r"`tests/\w+/test_\w+\.py::test_\w+`", row[-1]), row[0]


# --- command lines shown --------------------------------------------------------------------------

COMMAND_LINE = re.compile(r"(?:^|[\s/(])monitor-scraper[ \t]+(\S+)(.*)$")
PLACEHOLDERS = {"...", "COMMAND"}
HELP_OPTIONS = {"-h", "--help"}
# A token that ends the command: a shell pipe, list, redirection or comment.
SHELL_ENDS = re.compile(r"\||;|&&?|\d?>.*|#.*")


def command_lines() -> list[tuple[str, str, str]]:
    """(page, command, the rest of the line) for every `monitor-scraper ...` in code."""
    found = []
    for page in PAGES:
        markdown = text(page)
        code = [block.replace("\\\n", " ") for block in fenced_blocks(markdown)]
        for snippet in [*code, *inline_code(markdown)]:
            for line in snippet.splitlines():
                for command, rest in COMMAND_LINE.findall(line):
                    found.append((name_of(page), command, " ".join(own_words(rest))))
    return sorted(set(found))


def own_words(rest: str) -> list[str]:
    """The words of a command line that belong to the command, up to a pipe or a comment."""
    words = []
    for word in rest.split():
        if SHELL_ENDS.fullmatch(word):
            break
        words.append(word)
    return words


@pytest.mark.parametrize(("page", "command", "rest"), command_lines())
def test_every_command_line_shown_uses_real_options(page, command, rest):
    if command in PLACEHOLDERS or command in ("--version", *HELP_OPTIONS):
        return
    assert command in cli.commands, f"{page}: no command {command!r}"
    options = {opt for param in cli.commands[command].params
               for opt in [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]}
    for token in rest.split():
        option = token.strip("[]'\"").split("=")[0]
        if re.fullmatch(r"--?[a-z][\w-]*", option):
            assert option in options | HELP_OPTIONS, f"{page}: {command} has no {option}"


def test_the_command_lines_are_found():
    commands = {command for _, command, _ in command_lines()}
    assert set(cli.commands) <= commands


# --- paths and modules named ----------------------------------------------------------------------

def named_paths() -> list[tuple[str, str]]:
    """(page, path) for every repository path in inline code: one that starts with a top folder
    of the repository, or with a package of monitor_scraper (read inside it)."""
    tops = {path.name for path in REPO.iterdir()
            if not path.name.startswith(".") or path.name == ".ci"} - {"data"}
    found = set()
    for page in PAGES:
        for span in inline_code(text(page)):
            is_path = re.fullmatch(r"[\w.-]+(/[\w.-]+)*/?", span) and "/" in span
            if is_path and span.split("/")[0] in tops | set(PACKAGES):
                found.add((name_of(page), span))
    return sorted(found)


@pytest.mark.parametrize(("page", "path"), named_paths())
def test_every_path_named_exists(page, path):
    places = [REPO / path, REPO / "monitor_scraper" / path]
    assert any(place.exists() for place in places), f"{page} names {path}"


@cache
def source_files() -> frozenset[str]:
    """The names of the project's own files, wherever they are."""
    folders = ("monitor_scraper", "spiders", "tests", "bench")
    return frozenset(path.name for folder in folders for path in (REPO / folder).rglob("*")
                     if path.is_file())


def named_files() -> list[tuple[str, str]]:
    """(page, name) for every bare file name (`pages.py`, `expected.json`) in inline code."""
    return sorted({(name_of(page), span) for page in PAGES for span in inline_code(text(page))
                   if re.fullmatch(r"\w+\.(py|json|html|css)", span)})


@pytest.mark.parametrize(("page", "name"), named_files())
def test_every_file_named_exists(page, name):
    assert name in source_files(), f"{page} names {name}, which no file of the project is"


def named_modules() -> list[tuple[str, str]]:
    """(page, dotted name) for `monitor_scraper.x.y` and `package.module.name` in inline code."""
    found = set()
    for page in PAGES:
        for span in inline_code(text(page)):
            if not re.fullmatch(r"\w+(\.\w+)+", span):
                continue
            if span.startswith("monitor_scraper."):
                found.add((name_of(page), span))
            elif span.split(".")[0] in PACKAGES:
                found.add((name_of(page), f"monitor_scraper.{span}"))
    return sorted(found)


@pytest.mark.parametrize(("page", "dotted"), named_modules())
def test_every_module_and_name_named_exists(page, dotted):
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            assert hasattr(found, attribute), f"{page} names {dotted}"
            found = getattr(found, attribute)
        return
    pytest.fail(f"{page} names {dotted}, which cannot be imported")


# --- the packages' own docstrings -----------------------------------------------------------------

def package_modules() -> list[tuple[str, str]]:
    """(package, module) for every module of every package of monitor_scraper."""
    return [(package, path.stem) for package in PACKAGES
            for path in sorted((REPO / "monitor_scraper" / package).glob("*.py"))
            if path.stem != "__init__"]


@pytest.mark.parametrize(("package", "module"), package_modules())
def test_every_package_docstring_names_its_modules(package, module):
    docstring = ast.get_docstring(ast.parse(
        (REPO / "monitor_scraper" / package / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert f"`{module}`" in docstring, f"monitor_scraper/{package}/__init__.py: {module}"


# --- the front door and the links -----------------------------------------------------------------

def test_the_readme_is_the_front_door():
    readme = text(README)
    assert len(readme.splitlines()) <= README_MAX_LINES
    assert "make crawl" in readme and "make test" in readme
    for page in DOCS.glob("*.md"):
        assert f"](docs/{page.name})" in readme, f"the README does not link {page.name}"


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it."""
    plain = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return plain.replace(" ", "-")


@cache
def anchors(page: Path) -> frozenset[str]:
    headings = re.findall(r"^#{1,6} (.+)$", without_fences(text(page)), flags=re.M)
    return frozenset(slug(heading) for heading in headings)


def links() -> list[tuple[str, str]]:
    found = set()
    for page in PAGES:
        for target in re.findall(r"\]\(([^)\s]+)\)", without_fences(text(page))):
            if not re.match(r"[a-z]+:", target):
                found.add((name_of(page), target))
    return sorted(found)


@pytest.mark.parametrize(("page", "target"), links())
def test_every_relative_link_resolves(page, target):
    path, _, anchor = target.partition("#")
    linked = (REPO / page).parent / path if path else REPO / page
    assert linked.exists(), f"{page} links {target}"
    if anchor:
        assert anchor in anchors(linked.resolve()), f"{page} links {target}: no such heading"
