"""Serve a stand-in site over HTTP on 127.0.0.1, in a daemon thread, for tests and demos.

    with serve(build_site()) as server:
        urlopen(server.base_url + "/ua/")
        server.requests  # [(method, path_with_query, user_agent), ...]
        server.set_site(build_site(state=2))

Hanging answers end early when the server shuts down or the client goes away.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import struct
import threading
import time
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from monitor_scraper.standin import routes
from monitor_scraper.standin.model import Site
from monitor_scraper.standin.response import Response

logger = logging.getLogger(__name__)


class StandinServer:
    """A running stand-in: its address, the requests it saw, and a switch to another state."""

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the stand-in binds to the loopback interface only")
        self.site = site
        self.host = host
        self.requests: list[tuple[str, str, str]] = []
        self.request_times: list[float] = []  # time.monotonic() of each request, in order
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._seen_flaky: set[str] = set()
        self._connections: set[socket.socket] = set()
        self._httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True,
                                        name="standin-server")  # fmt: skip

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def set_site(self, site: Site) -> None:
        """Switch to another state of the site; later requests see it."""
        self.site = site

    def paths(self) -> list[str]:
        """The paths (with query) asked so far, in order."""
        with self._lock:
            return [path for _, path, _ in self.requests]

    def start(self) -> StandinServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        with self._lock:
            open_connections = list(self._connections)
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _log(self, method: str, path: str, user_agent: str) -> None:
        with self._lock:
            self.requests.append((method, path, user_agent))
            self.request_times.append(time.monotonic())

    def _first_time_flaky(self, path: str) -> bool:
        with self._lock:
            if path in self._seen_flaky:
                return False
            self._seen_flaky.add(path)
            return True

    def _track(self, connection: socket.socket, add: bool) -> None:
        with self._lock:
            (self._connections.add if add else self._connections.discard)(connection)


@contextlib.contextmanager
def serve(site: Site, host: str = "127.0.0.1", port: int = 0) -> Iterator[StandinServer]:
    """Serve `site` until the block ends."""
    server = StandinServer(site, host, port).start()
    try:
        yield server
    finally:
        server.close()


serve_in_background = serve


def _handler_for(server: StandinServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        standin = server

    return Handler


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 15  # idle keep-alive connections go away on their own
    standin: StandinServer

    def setup(self) -> None:
        super().setup()
        # Small header and body writes must not wait on the client's delayed ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.standin._track(self.connection, add=True)

    def finish(self) -> None:
        self.standin._track(self.connection, add=False)
        with contextlib.suppress(OSError):
            super().finish()

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's naming)
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        logger.debug("standin: " + format, *args)

    def _answer(self, head: bool) -> None:
        standin = self.standin
        standin._log(self.command, self.path, self.headers.get("User-Agent", ""))
        response = routes.respond(standin.site, self.path)
        if response.action == "reset":
            self._reset()
            return
        if response.action == "hang":
            self._hang(response.delay)
            return
        if response.action == "flaky" and standin._first_time_flaky(self.path):
            response = Response(500, b"<html><body>500 Internal Server Error</body></html>")
        if response.delay and standin.stopping.wait(response.delay):
            return
        self._send(response, head)

    def _send(self, response: Response, head: bool) -> None:
        """Headers and body in one write, so no small packet waits on a delayed ACK."""
        self.log_request(response.status)
        headers = {
            "Server": self.server_version,
            "Date": self.date_time_string(),
            "Content-Type": response.content_type,
            "Content-Length": str(len(response.body)),
            **response.headers,
        }
        lines = [f"{self.protocol_version} {response.status} {HTTPStatus(response.status).phrase}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        with contextlib.suppress(OSError):
            self.wfile.write(raw if head else raw + response.body)

    def _reset(self) -> None:
        """Close with RST and no answer at all."""
        linger = struct.pack("ii", 1, 0)
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.close()

    def _hang(self, seconds: float) -> None:
        """Say nothing until `seconds` pass, the server stops, or the client hangs up."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.standin.stopping.is_set():
            readable, _, _ = select.select([self.connection], [], [], 0.2)
            if readable:
                if not _peek(self.connection):
                    break
                time.sleep(0.2)  # a pipelined request waits behind this one
        self.close_connection = True


def _peek(connection: socket.socket) -> bytes:
    try:
        return connection.recv(1, socket.MSG_PEEK)
    except OSError:
        return b""
