"""The download page in a real browser: headless Chromium renders it from the local server."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from projects import make_out

from briefkit import serve, site

ACCENT = (0x8B, 0x1A, 0x1A)  # the PDF button's colour in site/page.css


def chromium() -> str:
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else shutil.which("chromium")
    if not path:
        pytest.skip("chromium not installed (apt-get install chromium)")
    return path


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


class Page(HTMLParser):
    """The parts of the rendered DOM the test checks: cards, headings, links, images."""

    def __init__(self):
        super().__init__()
        self.cards: list[str] = []
        self.links: list[dict] = []
        self.images: list[dict] = []
        self.lang = None
        self._h2 = False
        self.h2: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "article":
            self.cards.append(a.get("id"))
        elif tag == "a":
            self.links.append(a)
        elif tag == "img":
            self.images.append(a)
        elif tag == "h2":
            self._h2 = True
            self.h2.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._h2 = False

    def handle_data(self, data):
        if self._h2:
            self.h2[-1] += data


@pytest.fixture
def served(tmp_path):
    out = make_out(tmp_path)
    site.write_site(out)
    log: list[str] = []
    server = serve.make_server(out, 0, log=log.append)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, out, log
    server.shutdown()
    server.server_close()


def test_chromium_renders_every_card_and_link_and_the_pdf_downloads_intact(served, tmp_path):
    from PIL import Image

    binary = chromium()
    server, out, log = served
    url = f"http://127.0.0.1:{server.port}/"

    dom = run_chromium(binary, tmp_path / "profile", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = Page()
    page.feed(dom.stdout)
    assert page.lang == "zh-CN"
    assert page.cards == ["pack-soe", "pack-investor"]
    assert page.h2 == ["徐汇区投资推介手册（央企版）", '投资<指南> & "合作"（投资者&版）']
    downloads = {(a["href"], a["download"]) for a in page.links}
    assert downloads == {("soe.pdf", "徐汇区投资推介-央企版.pdf"), ("soe.docx", "徐汇区投资推介-央企版.docx"),
                         ("investor.pdf", "投资指南-投资者&版.pdf"),
                         ("investor.docx", "投资指南-投资者&版.docx")}
    assert all(img["alt"].endswith("封面") for img in page.images) and len(page.images) == 2
    # The browser fetched both cover thumbnails from the server (img-src 'self' allows them).
    for brief in ("soe", "investor"):
        assert any(f"GET /thumbs/{brief}.png?v=" in line and '" 200 ' in line for line in log), log

    href = next(a["href"] for a in page.links if a["href"].endswith(".pdf"))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/" + href)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    assert resp.status == 200 and resp.getheader("Content-Type") == "application/pdf"
    assert body == (out / href).read_bytes()

    shot = out / "screenshot-desktop.png"
    result = run_chromium(binary, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1600",
                          url)
    assert result.returncode == 0, result.stderr[-2000:]
    with Image.open(shot) as im:
        assert im.size == (1280, 1600)
        rgb = im.convert("RGB")
        # Two cards side by side on a desktop: the PDF button's red appears in both halves.
        left = rgb.crop((0, 0, 640, 1600)).getcolors(1 << 20)
        right = rgb.crop((640, 0, 1280, 1600)).getcolors(1 << 20)
        assert any(c == ACCENT and n > 500 for n, c in left)
        assert any(c == ACCENT and n > 500 for n, c in right)
