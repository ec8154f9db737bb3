"""The download page: manifest → model → thumbnails → page.html.j2 → out/index.html."""

from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path

from .. import __version__
from ..errors import BriefkitError, Report
from ..files import atomic_write
from .batches import collect_batches
from .model import Site, clashes, collect, load_manifest, zh_datetime
from .thumbnails import add_thumbnails

HERE = Path(__file__).parent
TEMPLATE, STYLESHEET = "page.html.j2", "page.css"  # beside this file
BATCH_STYLESHEET, SCRIPT = "batches.css", "filter.js"  # only on a page that lists invitation batches
FILTER_SCRIPT = (HERE / SCRIPT).read_text(encoding="utf-8").strip()
# The server's Content-Security-Policy allows exactly this inline script, by its hash (CSP3 §8.4).
SCRIPT_HASHES = (base64.b64encode(hashlib.sha256(FILTER_SCRIPT.encode("utf-8")).digest()).decode("ascii"),)


def build_site(out_dir: Path, report: Report | None = None) -> Site:
    """Read out/manifest.json and draw the thumbnails; return the page model (nothing else written)."""
    site_report = report if report is not None else Report()
    manifest = load_manifest(out_dir)
    refused = clashes(out_dir, manifest)
    if refused:  # the page is not written: the one there stays as it was
        raise BriefkitError(refused)
    cards = collect(out_dir, manifest, site_report)
    batches = collect_batches(out_dir, manifest, site_report)
    titles = {c.title for c in cards} or {b.title for b in batches}
    # Built-at times, not the clock: the same packs always give the same page.
    entries = list(manifest["packs"]) + list(manifest.get("batches") or [])
    stamps = [str(p["built_at"]) for p in entries if isinstance(p, dict) and p.get("built_at")]
    site = Site(cards=cards, title=titles.pop() if len(titles) == 1 else "投资推介资料",
                updated=zh_datetime(max(stamps)) if stamps else "",
                version=str(manifest.get("briefkit_version") or __version__), report=site_report,
                batches=batches)
    add_thumbnails(out_dir, site)
    return site


def render_html(site: Site) -> str:
    """Return the page as HTML: every manifest value escaped, nothing fetched from elsewhere."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    def escape(value):
        # Autoescape with html.escape's spelling of quotes (&quot;, &#x27;), which the page has
        # always had, rather than markupsafe's (&#34;, &#39;): the same packs give the same bytes.
        return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))

    env = Environment(loader=FileSystemLoader(str(HERE)), autoescape=True, finalize=escape,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    css = Markup((HERE / STYLESHEET).read_text(encoding="utf-8"))
    batch_css = Markup((HERE / BATCH_STYLESHEET).read_text(encoding="utf-8")) if site.batches else ""
    return env.get_template(TEMPLATE).render(site=site, css=css, batch_css=batch_css,
                                             script=Markup(FILTER_SCRIPT))


def write_site(out_dir: Path, report: Report | None = None) -> Site:
    """Write out/index.html (atomically: temp file, then rename) and its thumbnails; return the model."""
    site = build_site(out_dir, report)
    text = render_html(site)
    atomic_write(out_dir / "index.html", text)  # readers see the old page or the new one, never half
    return site
