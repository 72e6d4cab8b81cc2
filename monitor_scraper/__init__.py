"""monitor-scraper: crawler and searchable archive of «Чернігівський монітор» (monitor.cn.ua)."""

__version__ = "0.1.0"
