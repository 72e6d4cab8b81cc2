"""A stand-in of monitor.cn.ua, served on 127.0.0.1, for tests, benchmarks and the offline demo.

`build_site()` gives a `Site`: the articles of one state and the truth tests compare a crawl
against; `serve(site)` serves it on 127.0.0.1 as a context manager yielding a `StandinServer`
with `.base_url`, `.requests` and `.set_site()`.

- `model`: the site as data, in a state, and the truth; `records`: one article and the record a
  crawl should yield; `handwritten`: articles with known text; `text`: Ukrainian words and dates.
- `layout`, `pages`, `feeds`: the frame, the pages and the RSS feeds, rendered; `hostile`: every
  way a page can fail a crawler; `routes`: which answer each path gets, as a `response`.
- `server`: serving it on 127.0.0.1; `__main__`: serving it by hand.
"""

from __future__ import annotations

from monitor_scraper.standin.model import Site, build_site
from monitor_scraper.standin.records import ExpectedArticle
from monitor_scraper.standin.server import StandinServer, serve, serve_in_background

__all__ = ["ExpectedArticle", "Site", "StandinServer", "build_site", "serve", "serve_in_background"]
