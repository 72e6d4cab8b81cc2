"""What the stand-in answers to one request, before the server puts it on the wire."""

from __future__ import annotations

from dataclasses import dataclass, field

HTML_1251 = "text/html; charset=windows-1251"


@dataclass
class Response:
    """An answer. `action` asks the server for misbehaviour it alone can do:
    "flaky" (500 the first time this path is asked, then this answer), "reset" (close the
    connection without a word), "hang" (send nothing for `delay` seconds, then close)."""

    status: int = 200
    body: bytes = b""
    content_type: str = HTML_1251
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    action: str = ""


def not_found() -> Response:
    body = "<html><body><h1>404 Сторінку не знайдено</h1></body></html>".encode("cp1251")
    return Response(404, body)


def redirect(location: str, status: int = 301) -> Response:
    return Response(status, b"", headers={"Location": location})
