"""The archive's SQLite schema: tables, views, indexes and connection settings.

Only the modules of the archive package import this. docs/archive.md describes every table,
view, column and index here (a test compares it with a fresh archive); change both together and
bump SCHEMA_VERSION.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from monitor_scraper import urls

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 6
ARTICLES_TABLE = "articles"
IMAGES_TABLE = "image_captures"
SEARCH_TABLE = "article_search"
SEARCH_QUEUE_TABLE = "search_queue"
EARLIER_SEARCH_TABLE = "earlier_search"  # the same index over superseded versions
# bm25 weights for (title_lemmas, body_lemmas, title_forms, body_forms): a title hit counts more.
_WEIGHTS = "4.0, 1.0, 4.0, 1.0"
SEARCH_RANK = f"bm25({_WEIGHTS})"  # the table's `rank` column
# The same as an expression: `ORDER BY <this> LIMIT n` computes bm25 once per match and keeps the
# best n; `ORDER BY rank` (SQLite 3.40) computes it twice and sorts every match: ~1.6x slower.
RANK_EXPRESSION = f"bm25({SEARCH_TABLE}, {_WEIGHTS})"
EARLIER_RANK_EXPRESSION = f"bm25({EARLIER_SEARCH_TABLE}, {_WEIGHTS})"

_TABLES = """
CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY,
    mode TEXT NOT NULL,
    arguments TEXT NOT NULL DEFAULT '{}',
    started TEXT NOT NULL,
    finished TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    articles_new INTEGER NOT NULL DEFAULT 0,
    articles_changed INTEGER NOT NULL DEFAULT 0,
    articles_unchanged INTEGER NOT NULL DEFAULT 0,
    articles_withdrawn INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    exit_status INTEGER,
    warc_files TEXT NOT NULL DEFAULT '[]',
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL,
    section TEXT NOT NULL,
    title TEXT NOT NULL,
    published TEXT,
    published_month TEXT,
    published_text TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    body_html TEXT NOT NULL DEFAULT '',
    images TEXT NOT NULL DEFAULT '[]',
    videos TEXT NOT NULL DEFAULT '[]',
    links TEXT NOT NULL DEFAULT '[]',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    last_changed TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'withdrawn')),
    withdrawn_at TEXT,
    versions INTEGER NOT NULL DEFAULT 1,
    version_id INTEGER NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    warc_file TEXT,
    warc_offset INTEGER
);
CREATE TABLE IF NOT EXISTS article_versions (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL REFERENCES articles(url) DEFERRABLE INITIALLY DEFERRED,
    version INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    published TEXT,
    author TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    crawl_id INTEGER REFERENCES crawls(id),
    warc_file TEXT,
    warc_offset INTEGER,
    UNIQUE (url, version)
);
CREATE TABLE IF NOT EXISTS latest_news_items (
    id INTEGER PRIMARY KEY,
    item_key TEXT NOT NULL UNIQUE,
    url TEXT,
    title TEXT NOT NULL,
    time TEXT,
    teaser TEXT NOT NULL DEFAULT '',
    published TEXT
);
CREATE TABLE IF NOT EXISTS announcement_items (
    id INTEGER PRIMARY KEY,
    item_key TEXT NOT NULL UNIQUE,
    url TEXT,
    title TEXT NOT NULL,
    when_text TEXT NOT NULL DEFAULT '',
    teaser TEXT NOT NULL DEFAULT '',
    published TEXT
);
CREATE TABLE IF NOT EXISTS fetch_errors (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    status INTEGER,
    reason TEXT NOT NULL,
    kind TEXT NOT NULL,
    crawl_id INTEGER REFERENCES crawls(id),
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_entries (
    url TEXT NOT NULL,
    feed_url TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    published TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    crawl_id INTEGER REFERENCES crawls(id),
    PRIMARY KEY (url, feed_url)
);
CREATE TABLE IF NOT EXISTS search_queue (
    version_id INTEGER PRIMARY KEY REFERENCES article_versions(id),
    action TEXT NOT NULL  -- 'add' (current), 'remove' (superseded), 'earlier' (never current)
);
CREATE TABLE IF NOT EXISTS image_captures (
    url TEXT PRIMARY KEY,  -- canonical, as the articles' `images` name it
    content_type TEXT NOT NULL,
    length INTEGER NOT NULL,
    sha1 TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    crawl_id INTEGER REFERENCES crawls(id),
    warc_file TEXT,
    warc_offset INTEGER
);
CREATE TABLE IF NOT EXISTS archive_info (
    name TEXT PRIMARY KEY,  -- 'search_reading': how the search index read its words
    value TEXT NOT NULL
);
"""

# The blocks seen on pages, for each kind (`latest_news`, `announcement`): each distinct block once,
# its items in their positions, and one row per page capture that showed it (`sightings`).
_BLOCK_TABLES = """
CREATE TABLE IF NOT EXISTS {kind}_blocks (
    id INTEGER PRIMARY KEY,
    block_key TEXT NOT NULL UNIQUE,  -- "position:item_id" of each item, in order
    items INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS {kind}_block_items (
    block_id INTEGER NOT NULL REFERENCES {kind}_blocks(id),
    position INTEGER NOT NULL,
    item_id INTEGER NOT NULL REFERENCES {kind}_items(id),
    PRIMARY KEY (block_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {kind}_block_sightings (
    id INTEGER PRIMARY KEY,
    block_id INTEGER NOT NULL REFERENCES {kind}_blocks(id),
    page_url TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    crawl_id INTEGER REFERENCES crawls(id),
    UNIQUE (page_url, seen_at)
);
CREATE INDEX IF NOT EXISTS idx_{kind}_block_items_item ON {kind}_block_items(item_id);
CREATE INDEX IF NOT EXISTS idx_{kind}_block_sightings_block ON {kind}_block_sightings(block_id);
CREATE INDEX IF NOT EXISTS idx_{kind}_block_sightings_crawl ON {kind}_block_sightings(crawl_id);
"""
BLOCK_KINDS = ("latest_news", "announcement")

_INDEXES = """
CREATE INDEX IF NOT EXISTS idx_articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS idx_articles_section_published ON articles(section, published);
CREATE INDEX IF NOT EXISTS idx_articles_edited ON articles(last_changed) WHERE versions > 1;
CREATE INDEX IF NOT EXISTS idx_article_versions_crawl ON article_versions(crawl_id);
CREATE INDEX IF NOT EXISTS idx_latest_news_items_url ON latest_news_items(url);
CREATE INDEX IF NOT EXISTS idx_announcement_items_url ON announcement_items(url);
CREATE INDEX IF NOT EXISTS idx_fetch_errors_url ON fetch_errors(url);
CREATE INDEX IF NOT EXISTS idx_fetch_errors_crawl ON fetch_errors(crawl_id);
"""

# What an archive made by an earlier version has and this one does not. An index over every
# article's `last_changed` (schema 2) became one over edited articles: a new article then writes
# one index page less, and "recently edited" reads the same index.
_UPGRADES = """
DROP INDEX IF EXISTS idx_articles_last_changed;
"""

# One row per item per page seen: a block's sighting times the block's items.
_VIEWS = """
CREATE VIEW IF NOT EXISTS latest_news AS
SELECT s.page_url, i.url, i.title, i.time, i.published, i.teaser, b.position, s.seen_at,
       s.crawl_id, b.item_id, s.block_id
FROM latest_news_block_sightings s
JOIN latest_news_block_items b ON b.block_id = s.block_id
JOIN latest_news_items i ON i.id = b.item_id;
CREATE VIEW IF NOT EXISTS announcements AS
SELECT s.page_url, i.url, i.title, i.when_text, i.published, i.teaser, b.position, s.seen_at,
       s.crawl_id, b.item_id, s.block_id
FROM announcement_block_sightings s
JOIN announcement_block_items b ON b.block_id = s.block_id
JOIN announcement_items i ON i.id = b.item_id;
"""

# Contentless: the text lives in `articles`; the index holds folded words and dictionary forms
# of the current version of each article, keyed by article_versions.id (stable, unlike rowid).
# `earlier_search` is the same index over the versions an edit superseded.
# The text is folded before it gets here (lower case, words split by spaces), so FTS5's `ascii`
# tokenizer, which keeps every non-ASCII character in its word, splits it as `unicode61` would,
# and faster. Archives created with `unicode61` keep it until `rebuild_search_index()`.
_SEARCH = """
CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
    title_lemmas, body_lemmas, title_forms, body_forms,
    content='', tokenize='ascii'
);
"""
# Merge 8 segments of a level at a time rather than 4: about a quarter less indexing work when
# articles are stored one transaction each; searches barely notice.
SEARCH_SETTINGS = {"rank": SEARCH_RANK, "automerge": 8}


class NotAnArchive(Exception):
    """The file named is not an archive this program can open; the message says what it is, in
    one line that names the file."""


class NoArchive(NotAnArchive, FileNotFoundError):
    """There is no file at all where an archive is to be read."""


def connect(path: Path, *, readonly: bool) -> tuple[sqlite3.Connection, bool]:
    """A connection to the archive at `path` and whether it is immutable; NotAnArchive when the
    path is a folder, missing (to read), empty (to read), not SQLite, another program's database,
    or an archive of a newer schema.

    Reading writes nothing, not even a `-shm` file: an archive in WAL mode whose folder cannot be
    written (a shared read-only copy) is opened as immutable, since SQLite cannot read its WAL
    there; an immutable archive is read as the file holds it.
    """
    if path.is_dir():
        raise NotAnArchive(f"{path} is a folder, not an archive file")
    if readonly:
        if not path.exists():
            raise NoArchive(f"no archive at {path} (crawl first, or give --db)")
        if path.stat().st_size == 0:
            raise NotAnArchive(f"{path} is an empty file, not an archive")
        conn, immutable = _connect_readonly(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn, immutable = sqlite3.connect(str(path), check_same_thread=False), False
    try:
        _identify(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn, immutable


def _connect_readonly(path: Path) -> tuple[sqlite3.Connection, bool]:
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.DatabaseError as error:
        conn.close()
        if "readonly" not in str(error) and "unable to open" not in str(error):
            raise NotAnArchive(f"{path} is not an SQLite database ({error})") from None
        # A WAL archive in a folder this process cannot write: SQLite cannot read its WAL.
    logger.info("%s is opened immutable: its folder cannot be written", path)
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False), True


def _identify(conn: sqlite3.Connection, path: Path) -> None:
    """NotAnArchive unless `conn` is an archive this program reads, or an empty database."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:  # "file is not a database", encrypted, damaged
        raise NotAnArchive(f"{path} is not an SQLite database ({error})") from None
    if version > SCHEMA_VERSION:
        raise NotAnArchive(f"{path} was made by a newer monitor-scraper (archive schema "
                           f"{version}; this one reads up to {SCHEMA_VERSION}): upgrade to read "
                           "it")
    if names and ARTICLES_TABLE not in names:
        raise NotAnArchive(f"{path} is an SQLite database but not a monitor-scraper archive "
                           f"(it has no {ARTICLES_TABLE} table)")


def configure(db: sqlite_utils.Database, *, readonly: bool) -> None:
    """Connection settings: WAL so readers and one writer coexist, a busy timeout, foreign keys.

    `synchronous = NORMAL` under WAL: a commit survives the program crashing or being killed; a
    power cut or an operating-system crash may lose the last commits, never the file's
    consistency. The WAL is copied back into the file every ~40 MB rather than every 4 MB (fewer
    checkpoints while storing), and each connection caches up to 32 MiB of pages.
    """
    # The one spelling of an image's address (see `urls.image_key`), for queries joining the
    # articles' `images` with `image_captures`.
    db.conn.create_function("image_key", 1, urls.sql_image_key, deterministic=True)
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA cache_size = -32768")
    if not readonly:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA wal_autocheckpoint = 10000")


class Created(NamedTuple):
    """What `create` found missing that the caller fills, in a transaction of its own."""

    earlier_index: bool  # the index of earlier versions (schema 2)
    item_sightings: bool  # a row per item per page to turn into blocks (before schema 4)


def create(db: sqlite_utils.Database) -> Created:
    """Create whatever is missing; safe on an existing archive."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise RuntimeError(f"archive schema {current} is newer than this program's "
                           f"{SCHEMA_VERSION}")
    item_sightings = db["latest_news_sightings"].exists() or db["announcement_sightings"].exists()
    if item_sightings:  # their views read the tables that are to go
        db.conn.executescript("DROP VIEW IF EXISTS latest_news; DROP VIEW IF EXISTS announcements;")
    blocks = "".join(_BLOCK_TABLES.format(kind=kind) for kind in BLOCK_KINDS)
    db.conn.executescript(_UPGRADES + _TABLES + blocks + _INDEXES + _VIEWS)
    if not db[SEARCH_TABLE].exists():
        create_search_table(db.conn)
    earlier_missing = not db[EARLIER_SEARCH_TABLE].exists()
    if earlier_missing:
        create_search_table(db.conn, EARLIER_SEARCH_TABLE)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.conn.commit()
    return Created(earlier_missing, item_sightings)


def create_search_table(conn: sqlite3.Connection, table: str = SEARCH_TABLE) -> None:
    """An FTS5 index with its settings (which FTS5 keeps in the file)."""
    conn.execute(_SEARCH.format(table=table))
    for name, value in SEARCH_SETTINGS.items():
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", [name, value])
