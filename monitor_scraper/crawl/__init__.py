"""The crawl: everything around the spider that a run needs.

- `run`: `run_crawl`, one crawl in this process, with its lock, log file and summary.
- `arguments`: the modes and the checks of a crawl's arguments.
- `frontier`: the ledger that makes a crawl resumable; `pipelines`, `middlewares`: the Scrapy
  components; `engine`: ending a crawl from inside one of them; `progress`: the progress line;
  `report`, `drift`: the summary, the exit status and the drift alarm; `runlock`: one crawl at a
  time per archive.
"""
