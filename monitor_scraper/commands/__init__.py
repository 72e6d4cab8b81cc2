"""Scrapy commands of the project (`COMMANDS_MODULE`): `crawl` exits with the crawl's status."""
