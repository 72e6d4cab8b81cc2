"""End-to-end crawl speed and memory: a backfill of a 10,000-article stand-in served on 127.0.0.1
with politeness off (fetch, extract, capture, store), beside `scrapy bench` run in the same
benchmark: Scrapy's bare link-following rate on this machine, the ceiling for any Scrapy project.

Both servers run in their own process, as the crawl's does. Peak memory is the crawl process's
largest resident set, sampled while it runs; the samples also show whether memory grows with the
number of pages.

    .venv/bin/python bench/run.py crawl          # or: make bench
    BENCH_CRAWL_ARTICLES=2000 .venv/bin/python bench/run.py crawl
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent
ARTICLES = int(os.environ.get("BENCH_CRAWL_ARTICLES", "10000"))
UNPOLITE = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "MONITOR_PROGRESS": "off",
    "LOG_LEVEL": "WARNING",
}


def scrapy_bench_rate(seconds: int = 20) -> float:
    """Pages per second of `scrapy bench`, run outside the project so its settings don't apply."""
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [str(BIN / "scrapy"), "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}",
             "-s", "LOGSTATS_INTERVAL=5"],
            capture_output=True, text=True, cwd=folder, check=False,
        )
    rates = [float(rate) for rate in re.findall(r"Crawled \d+ pages \(at (\d+) pages/min\)",
                                                 result.stderr)]
    steady = [rate for rate in rates if rate > 0][1:] or rates  # skip the warm-up interval
    return sum(steady) / len(steady) / 60 if steady else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_standin(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "monitor_scraper.standin", "--articles", str(ARTICLES),
         "--no-hostile", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the stand-in site did not start")


def crawl(base_url: str, folder: Path) -> tuple[float, int, list[int]]:
    """Run the backfill; return its duration, pages fetched and RSS samples (bytes)."""
    command = [str(BIN / "monitor-scraper"), "crawl", "--mode", "backfill", "--json",
               "--base-url", base_url, "--db", str(folder / "bench.db"),
               "--set", f"MONITOR_WARC_DIR={folder / 'warc'}",
               "--set", f"MONITOR_LOG_DIR={folder / 'logs'}"]
    for name, value in UNPOLITE.items():
        command += ["--set", f"{name}={value}"]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, cwd=folder)
    watched = psutil.Process(process.pid)
    samples: list[int] = []
    while process.poll() is None:
        try:
            samples.append(watched.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.5)
    output = process.stdout.read() if process.stdout else ""
    duration = time.monotonic() - started
    pages = int(re.search(r'"pages_fetched": (\d+)', output).group(1)) if output else 0
    return duration, pages, samples


def growth(samples: list[int]) -> str:
    """Resident memory at each quarter of the crawl, in MB."""
    if len(samples) < 4:
        return "too few samples"
    quarters = [samples[len(samples) * q // 4 - 1] for q in (1, 2, 3, 4)]
    return " → ".join(f"{value / 2**20:.0f}" for value in quarters)


def main() -> None:
    bench_rate = scrapy_bench_rate()
    print(f"scrapy bench: {bench_rate:.1f} pages/s (Scrapy's bare link-following rate here)")
    port = free_port()
    server = serve_standin(port)
    try:
        with tempfile.TemporaryDirectory(prefix="monitor-bench-crawl-") as folder:
            duration, pages, samples = crawl(f"http://127.0.0.1:{port}", Path(folder))
    finally:
        server.terminate()
        server.wait()
    rate = pages / duration if duration else 0.0
    print(f"backfill of a {ARTICLES}-article stand-in: {pages} pages in {duration:.1f} s, "
          f"{rate:.1f} pages/s = {rate / bench_rate:.0%} of scrapy bench (target ≥ 60%)")
    peak = max(samples, default=0) / 2**20
    print(f"peak memory {peak:.0f} MB (target < 300 MB); RSS at each quarter: {growth(samples)} MB")


if __name__ == "__main__":
    main()
