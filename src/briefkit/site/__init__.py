"""The download page: out/manifest.json → cover thumbnails + out/index.html (offline, no JavaScript)."""

from ..files import human_size
from .model import (Card, Link, Site, collect, download_filename, download_names, load_manifest)
from .page import build_site, render_html, write_site
from .thumbnails import SHA_KEY, THUMB_WIDTH, THUMBS, add_thumbnails, thumbnail

__all__ = ["SHA_KEY", "THUMBS", "THUMB_WIDTH", "Card", "Link", "Site", "add_thumbnails", "build_site",
           "collect", "download_filename", "download_names", "human_size", "load_manifest",
           "render_html", "thumbnail", "write_site"]
