"""Scrapy settings of the project: polite defaults for the live site, and the MONITOR_* settings.

Every setting can be overridden with `-s NAME=VALUE` (scrapy) or `--set NAME=VALUE`
(monitor-scraper crawl). docs/crawling.md shows each in its settings tables (a test
keeps them in step).
"""

from __future__ import annotations

BOT_NAME = "monitor_scraper"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- What and where -----------------------------------------------------------------------------
# Where requests go. A link to any monitor.cn.ua host variant is fetched from here; what is stored
# is always the canonical https://monitor.cn.ua/... URL.
MONITOR_BASE_URL = "https://monitor.cn.ua"
# The SQLite archive.
MONITOR_DB = "data/monitor.db"
# Feeds fetched besides those found on the pages (paths or absolute URLs).
MONITOR_FEEDS: list[str] = ["/news_author-58.xml"]
# A latest run re-fetches archived articles published in the last N days, to catch edits.
MONITOR_REFRESH_DAYS = 3
# ... each of them once this share of its age has passed since it was last fetched: an hourly
# run looks again at a two-hour-old article after 30 minutes, at a two-day-old one after 12 hours.
# 0: every run re-fetches all of them.
MONITOR_REFRESH_AGE_SHARE = 0.25
# The moment a crawl takes as "now" for its refresh window (ISO 8601); empty: the clock.
MONITOR_NOW = ""
# Raw capture: every HTTP exchange as WARC records, one file set per crawl, rolled over by size.
MONITOR_WARC_ENABLED = True
MONITOR_WARC_DIR = "data/warc"
MONITOR_WARC_MAX_MB = 100
# Also fetch the images inside article bodies (on the site only, each address once) into the raw
# captures, so that the archive shows them when the site no longer does; at most this size each.
MONITOR_IMAGES = False
MONITOR_IMAGE_MAX_MB = 16
# An image whose fetch failed is not asked for again until this many days have passed.
MONITOR_IMAGE_RETRY_DAYS = 7
# Named in the User-Agent so the site's operators can reach whoever runs the crawl.
MONITOR_CONTACT = "https://monitor-scraper.invalid/contact"
# Keep the pause between requests that robots.txt asks for (Crawl-delay, Request-rate), which
# Scrapy reads but does not apply; at most MONITOR_ROBOTS_DELAY_MAX seconds.
MONITOR_ROBOTS_DELAY = True
MONITOR_ROBOTS_DELAY_MAX = 60.0
# Retries wait MONITOR_RETRY_BACKOFF * 2**(attempt-1) seconds, at most MONITOR_RETRY_BACKOFF_MAX.
MONITOR_RETRY_BACKOFF = 2.0
MONITOR_RETRY_BACKOFF_MAX = 60.0
# Drift alarm: a required field (title, published, body, latest_news) found on fewer than this
# share of a crawl's article pages makes it exit with status 5; per-field overrides as a dict;
# judged only when the crawl extracted at least MONITOR_DRIFT_MIN_PAGES article pages.
MONITOR_DRIFT_THRESHOLD = 0.9
MONITOR_DRIFT_THRESHOLDS: dict[str, float] = {}
MONITOR_DRIFT_MIN_PAGES = 5
# `monitor-scraper crawl` writes one log file per crawl here (empty: no file, log to the console).
MONITOR_LOG_DIR = "data/logs"
# Crawl logs there older than this many days are deleted when a crawl starts (0: keep them all).
MONITOR_LOG_KEEP_DAYS = 90
# A crawl stops (exit status 3) when robots.txt cannot be fetched for want of a connection, or when
# this many requests in a row fail to connect after their retries: the site cannot be reached.
MONITOR_UNREACHABLE_AFTER = 10
# One updating progress line on stderr: auto (when stderr is a terminal), on or off.
MONITOR_PROGRESS = "auto"

# --- Manners ------------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 2
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 4 * 1024 * 1024
DOWNLOAD_WARNSIZE = 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Scrapy's list without CannotResolveHostError: a name that does not resolve is not a busy server.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,
    "scrapy.core.downloader.handlers.http11.TunnelError",
]
# A request given up after its retries is recorded in fetch_errors and warned once, by the pipeline.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
# The User-Agent is built from MONITOR_CONTACT by the spider unless USER_AGENT is set.
USER_AGENT = None

# --- Components ---------------------------------------------------------------------------------
# `scrapy crawl` exits with the crawl's status (monitor_scraper/commands/crawl.py).
COMMANDS_MODULE = "monitor_scraper.commands"
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's, mended: every request that waited for robots.txt is judged by it.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "monitor_scraper.crawl.middlewares.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "monitor_scraper.crawl.middlewares.BackoffRetryMiddleware": 550,
    # Inside the retries: a failure to connect that they gave up on.
    "monitor_scraper.crawl.middlewares.ReachabilityMiddleware": 540,
    # Redirects kept on the site; off-site ones and loops are recorded as failures.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "monitor_scraper.crawl.middlewares.SiteRedirectMiddleware": 600,
    # After robots.txt (100): the pause between requests that robots.txt asks for.
    "monitor_scraper.crawl.middlewares.RobotsDelayMiddleware": 110,
    # Next to the downloader: it sees every answer raw, before decompression, redirects, retries.
    "monitor_scraper.captures.warc.WarcCaptureMiddleware": 950,
}
ITEM_PIPELINES = {
    "monitor_scraper.crawl.pipelines.FieldRatePipeline": 400,
    "monitor_scraper.crawl.pipelines.ArchivePipeline": 500,
}
EXTENSIONS = {
    "monitor_scraper.crawl.progress.ProgressExtension": 500,
}

# With JOBDIR, the spider's frontier ledger (not a pickled queue) makes the crawl resumable.
SCHEDULER = "monitor_scraper.crawl.frontier.LedgerScheduler"

# --- Housekeeping -------------------------------------------------------------------------------
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
