"""The archive: the only code that names the SQLite tables and columns.

Everyone else (the pipelines, the command line, Datasette's pages, `status`, `export`, `verify`,
the demo) asks it through what this package exports.

- `store`: `Archive`, opening an archive and every write: crawls, articles and their versions,
  failures, feed entries, images.
- `reading`: the reading calls of `Archive`, for the crawl, `status`, `export`, `verify` and the
  demo.
- `schema`: tables, views, indexes, connection settings, the schema version and its upgrades.
- `rows`: the rows of one article and its versions.
- `sightings`: the latest-news and announcement blocks seen on pages.
- `runs`: the crawls' records, for `status`.
- `indexing`: the search index and its queue; `search`: ranked search; `textsearch`: how
  Ukrainian words are folded and read for the index and for queries.
- `check`: integrity checks and the rows that point at raw captures, for `verify`.
- `metadata`: what Datasette is told: descriptions, facets, sortable columns, canned queries;
  `browsing`: the read-only SQL of Datasette's browsing pages.
"""

from __future__ import annotations

from monitor_scraper.archive.schema import NotAnArchive
from monitor_scraper.archive.search import SearchHit
from monitor_scraper.archive.store import Archive
from monitor_scraper.archive.textsearch import BadQuery

__all__ = ["Archive", "BadQuery", "NotAnArchive", "SearchHit"]
