"""The browsing pages in headless Chromium, against `monitor-scraper serve` on 127.0.0.1.

The archive comes from real crawls of the stand-in site. The browser is the system's Chromium
driven by Playwright (nothing is downloaded); every request off 127.0.0.1 is refused and noted.
Screenshots go to the test run's temporary folder and are decoded in the browser itself to check
they show something; with BROWSE_SCREENSHOTS=<folder> the search, article and diff shots are also
copied there (those of docs/ come from `BROWSE_SCREENSHOTS=docs make test-browser`).

Run with `make test-browser` (`pytest -m browser`).
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browse_archive import crawl_two_states

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
VIEWPORT = {"width": 1000, "height": 760}
DOCS_SHOTS = ("search", "article", "diff")
# Decodes a PNG in the page: how many colours, and what share of pixels is not the corner's.
COUNT_COLOURS = """async (data) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const colours = new Set();
  let other = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const colour = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    colours.add(colour);
    if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2]) {
      other += 1;
    }
  }
  return {width: image.width, height: image.height, colours: [...colours],
          other: other / (pixels.length / 4)};
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status == 200 and b"monitor-search" in response.read()
    except OSError:
        return False


def _start_serve(db: Path) -> tuple[subprocess.Popen, str]:
    """`monitor-scraper serve` on a free port; (process, base URL) once it answers as ours."""
    for _ in range(3):
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [str(BIN / "monitor-scraper"), "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if _answers(base_url + "/-/search"):
                return process, base_url
            time.sleep(0.2)
        _stop(process)
    raise AssertionError("monitor-scraper serve did not come up: "
                         + (process.stderr.read() if process.stderr else "")[-2000:])


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = crawl_two_states(tmp_path_factory.mktemp("browse_e2e"))
    process, base_url = _start_serve(db)
    yield base_url
    _stop(process)


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "no chromium: apt-get install -y chromium (make test-browser)"
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport=VIEWPORT, locale="uk-UA")
    refused: list[str] = []

    def local_only(route):
        if route.request.url.startswith(served + "/"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    yield opened
    context.close()
    # Only article pictures may point off the archive (at the site); no scripts, no styles.
    assert all(url.endswith((".jpg", ".jpeg", ".png", ".gif")) for url in refused), refused


def screenshot(page, shots: Path, name: str, locator=None) -> dict:
    """Save a screenshot, copy it for the docs if asked, and decode it in the browser."""
    path = shots / f"{name}.png"
    (locator or page).screenshot(path=str(path))
    target = os.environ.get("BROWSE_SCREENSHOTS")
    if target and name in DOCS_SHOTS:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(target) / path.name)
    decoder = page.context.new_page()
    try:
        found = decoder.evaluate(COUNT_COLOURS, base64.b64encode(path.read_bytes()).decode())
    finally:
        decoder.close()
    assert found["width"] > 100 and found["height"] > 100, found
    # Text in several colours, not an empty or single-colour page.
    assert len(found["colours"]) > 40 and found["other"] > 0.02, (name, found["other"])
    return found


def _visible_box(locator) -> dict:
    box = locator.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    return box


def test_search_from_the_front_page_finds_inflected_forms(page, served, shots):
    page.goto(served + "/")
    field = page.locator("#monitor-q")
    field.press_sequentially("Кременчук")
    field.press("Enter")
    page.wait_for_url("**/-/search?q=*")
    hits = page.locator(".monitor-hit")
    assert hits.count() > 3
    marked = set(page.locator(".monitor-hit mark").all_inner_texts())
    assert "Кременчуці" in marked and marked - {"Кременчук"}
    _visible_box(hits.first.locator("mark").first)
    screenshot(page, shots, "search")


def test_open_an_article_from_the_results(page, served, shots):
    page.goto(served + "/-/search?q=" + "Кременчук")
    first = page.locator(".monitor-hit h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/-/article/*/*")
    assert page.locator("article h1").inner_text() == title
    paragraphs = page.locator(".monitor-body p")
    assert paragraphs.count() >= 2
    _visible_box(paragraphs.nth(1))
    assert page.locator(".monitor-body script").count() == 0
    assert "за київським часом" in page.locator(".monitor-meta").first.inner_text()
    assert page.locator(".monitor-latest-news li").count() > 0
    screenshot(page, shots, "article")


def test_open_a_diff_from_recently_edited(page, served, shots):
    page.goto(served + "/monitor/recently_edited")
    page.locator("a[href^='/-/article/']").first.click()
    page.wait_for_url("**/-/article/*/*")
    page.get_by_text("Що змінилося в останній версії").click()
    page.wait_for_url("**/diff")
    inserted, deleted = page.locator("ins"), page.locator("del")
    assert page.locator(".monitor-diff-title ins, .monitor-diff-body ins").count() > 0
    assert page.locator(".monitor-diff-title del, .monitor-diff-body del").count() > 0
    _visible_box(inserted.first)
    _visible_box(deleted.first)
    colour = inserted.first.evaluate("node => getComputedStyle(node).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    screenshot(page, shots, "diff")


def test_the_timeline_chart_renders(page, served, shots):
    page.goto(served + "/-/timeline")
    chart = page.locator(".monitor-timeline svg")
    box = _visible_box(chart)
    assert box["width"] > 300 and box["height"] > 80
    bars = page.locator(".monitor-timeline rect.bar")
    assert bars.count() > 10
    heights = bars.evaluate_all("nodes => nodes.map(node => node.getBoundingClientRect().height)")
    assert max(heights) > 20
    found = screenshot(page, shots, "timeline", chart)
    politics_blue = (0x1F << 16) | (0x77 << 8) | 0xB4
    assert politics_blue in found["colours"]
    screenshot(page, shots, "timeline_page")


def test_a_search_timeline_narrows_the_chart(page, served):
    page.goto(served + "/-/timeline")
    everything = page.locator(".monitor-timeline rect.bar").count()
    page.locator("#monitor-q").press_sequentially("Кременчук")
    page.locator("#monitor-q").press("Enter")
    page.wait_for_url("**/-/timeline?q=*")
    narrowed = page.locator(".monitor-timeline rect.bar").count()
    assert 0 < narrowed < everything
