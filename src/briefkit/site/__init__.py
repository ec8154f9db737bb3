"""The download page: out/manifest.json → cover thumbnails + out/index.html (offline; the only
script, a recipients filter, is optional: the page works without it)."""

from ..files import human_size
from .model import (Card, Link, Site, collect, download_filename, download_names, load_manifest)
from .batches import Batch, BatchRecipient, FileLink, collect_batches
from .page import SCRIPT_HASHES, build_site, render_html, write_site
from .thumbnails import SHA_KEY, THUMB_WIDTH, THUMBS, add_thumbnails, thumbnail

__all__ = ["SCRIPT_HASHES", "SHA_KEY", "THUMBS", "THUMB_WIDTH", "Batch", "BatchRecipient", "Card",
           "FileLink", "Link", "Site", "add_thumbnails", "build_site", "collect", "collect_batches", "download_filename", "download_names", "human_size", "load_manifest",
           "render_html", "thumbnail", "write_site"]
