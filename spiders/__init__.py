"""The project's spiders (Scrapy's SPIDER_MODULES)."""
