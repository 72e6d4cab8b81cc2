"""Serve the stand-in site by hand.

python -m monitor_scraper.standin --articles 240 --state 1 --port 8123
"""

from __future__ import annotations

import argparse
import sys
import time

from monitor_scraper.standin.model import build_site
from monitor_scraper.standin.server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monitor_scraper.standin",
        description="Serve a stand-in of monitor.cn.ua on 127.0.0.1.",
    )
    parser.add_argument("--articles", type=int, default=240, help="articles in state 1")
    parser.add_argument(
        "--state", type=int, choices=(1, 2), default=1, help="1, or 2 = a day later"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--markup", choices=("normal", "drift"), default="normal")
    parser.add_argument("--no-hostile", action="store_true", help="no failing endpoints")
    parser.add_argument("--port", type=int, default=8123, help="0 picks a free port")
    args = parser.parse_args(argv)
    site = build_site(args.articles, seed=args.seed, state=args.state, markup=args.markup,
                      hostile=not args.no_hostile)  # fmt: skip
    with serve(site, port=args.port) as server:
        print(f"Stand-in of monitor.cn.ua at {server.base_url}/ua/ (Ctrl-C stops)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
