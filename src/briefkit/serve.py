"""A read-only server for out/: 127.0.0.1 unless told otherwise, GET and HEAD, no listings, nothing
outside out/, and HTTP basic auth when a password is set."""

from __future__ import annotations

import base64
import email.utils
import errno
import hmac
import html
import ipaddress
import json
import os
import re
import shutil
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

from .errors import BriefkitError, Problem
from .files import MIME_TYPES

HOST = "127.0.0.1"  # the default: the packs are internal documents; --host shares them on purpose
ALLOW = "GET, HEAD"
CONTENT_TYPES = MIME_TYPES  # only these types are served
ATTACHMENTS = {".pdf", ".docx", ".pptx", ".zip", ".csv"}  # downloaded, under the manifest's readable name
PASSWORD_ENV, USER_ENV, DEFAULT_USER = "BRIEFKIT_SERVE_PASSWORD", "BRIEFKIT_SERVE_USER", "briefkit"
REALM = "briefkit"


def csp() -> str:
    """Return the page's Content-Security-Policy: its own inline CSS, images from out/, and
    only the one inline script (the recipients filter, allowed by its hash) — nothing else."""
    from .site import SCRIPT_HASHES

    scripts = " ".join(f"'sha256-{h}'" for h in SCRIPT_HASHES) or "'none'"
    return (f"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src {scripts}; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


CSP = csp()
# Encoded '/', '\' and NUL would let one path segment name several (or end early): refuse them.
_ENCODED_SEPARATOR = re.compile(r"%(2f|5c|00)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def resolve(root: Path, raw_path: str) -> Path | None:
    """Return the file in `root` that a request path names, or None if it names nothing servable.

    Refused (None): anything outside root however spelled (`..`, `%2e%2e`, encoded slashes,
    backslashes, NUL, symlinks leading out), directories, dotfiles and temp files, and types
    not in CONTENT_TYPES. "/" names index.html.
    """
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or "\\" in path or _ENCODED_SEPARATOR.search(path):
        return None
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or _CONTROL.search(decoded):
        return None
    parts = ["index.html"] if decoded == "/" else decoded[1:].split("/")
    # '' is '//' or a trailing '/' (a directory); '.x' is a dotfile, a temp file, '.' or '..'.
    if any(p == "" or p.startswith(".") for p in parts):
        return None
    if Path(parts[-1]).suffix.lower() not in CONTENT_TYPES:
        return None
    try:
        base = root.resolve(strict=True)
        target = base.joinpath(*parts).resolve(strict=True)  # follows symlinks: check where they land
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(base) or not target.is_file():
        return None
    if any(p.startswith(".") for p in target.relative_to(base).parts):
        return None
    if target.suffix.lower() not in CONTENT_TYPES:
        return None
    return target


def content_disposition(file: str, download_name: str | None) -> str:
    """Return an attachment header with an ASCII filename and the UTF-8 name (RFC 6266, RFC 5987)."""
    fallback = "".join(c if " " <= c < "\x7f" and c not in '"\\' else "_" for c in file)
    name = download_name or file
    # quote() with safe="" leaves only RFC 5987 attr-chars unescaped (ALPHA DIGIT - . _ ~).
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


WORKERS = 16  # threads answering requests; a burst beyond them waits in the listen backlog
BACKLOG = 128  # connections the kernel holds before accept (socketserver's default is 5)
REQUEST_TIMEOUT = 30  # seconds a connection may stay silent before it is closed


class Server(ThreadingHTTPServer):
    """HTTP server with a bounded pool of threads that knows its out/ folder and reads download
    names from its manifest."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, out_dir: Path, port: int, log=None, host: str = HOST,
                 auth: tuple[str, str] | None = None):
        from concurrent.futures import ThreadPoolExecutor

        self.out_dir = Path(out_dir)
        self.log = log
        self.auth = auth  # (user, password) for HTTP basic auth, or None
        self._names: tuple[int, dict[str, str]] | None = None
        self._lock = threading.Lock()
        if ":" in host:  # an IPv6 address, e.g. ::1
            self.address_family = socket.AF_INET6
        # A slot per request being answered or queued for a worker: when all are taken the
        # accept loop waits, and further connections wait in the backlog, not in memory.
        self._slots = threading.BoundedSemaphore(WORKERS * 4)
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="briefkit-serve")
        super().__init__((host, port), Handler)

    def process_request(self, request, client_address):
        """Hand the connection to the pool (ThreadingMixIn would start a thread for each)."""
        self._slots.acquire()
        try:
            self._pool.submit(self._answer, request, client_address)
        except RuntimeError:  # the pool is shut down: the server is closing
            self._slots.release()
            self.shutdown_request(request)

    def _answer(self, request, client_address):
        try:
            self.process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def server_close(self):
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def server_bind(self):
        # HTTPServer.server_bind looks up the host's FQDN, which can stall on an offline machine.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    @property
    def port(self) -> int:
        return self.server_address[1]

    def download_name(self, file: str) -> str | None:
        """Return the readable download name the manifest gives `file`, or None."""
        from .site import download_names

        path = self.out_dir / "manifest.json"
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            return None
        with self._lock:
            if self._names is None or self._names[0] != stamp:
                try:
                    names = download_names(json.loads(path.read_text(encoding="utf-8")))
                except (OSError, ValueError, AttributeError):
                    names = {}
                self._names = (stamp, names)
            return self._names[1].get(file)


class Handler(BaseHTTPRequestHandler):
    """Serve files from server.out_dir; GET and HEAD only."""

    server: Server
    timeout = REQUEST_TIMEOUT
    def version_string(self) -> str:
        return "briefkit"

    def do_GET(self):  # noqa: N802 - http.server API
        self._serve(body=True)

    def do_HEAD(self):  # noqa: N802 - http.server API
        self._serve(body=False)

    def __getattr__(self, name: str):
        # http.server looks up do_<METHOD>; every method but GET and HEAD is refused with 405.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def send_error(self, code, message=None, explain=None):
        """Answer a malformed request (http.server calls this) with our headers and page."""
        self._error(code, message or self.responses.get(code, ("",))[0])

    def _not_allowed(self):
        self._error(405, "不支持此请求方法", {"Allow": ALLOW})

    def _host_ok(self) -> bool:
        """On a loopback address, only this machine's names: a page on another site that rebinds
        its DNS name to 127.0.0.1 must not read the packs through a colleague's browser. Shared
        on a network (--host), colleagues use whatever name or address reaches this machine."""
        bound = self.server.server_address[0]
        if not is_loopback(bound):
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.server_address[1]
        names = {"127.0.0.1", "localhost", bound, f"[{bound}]"}
        return host in names | {f"{n}:{port}" for n in names}

    def _authorised(self) -> bool:
        """Return True if no password is set or the request carries the right user and password
        (compared in constant time, so timing does not tell how much of a guess was right)."""
        if self.server.auth is None:
            return True
        header = self.headers.get("Authorization") or ""
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, sep, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        want_user, want_password = self.server.auth
        ok_user = hmac.compare_digest(user.encode("utf-8"), want_user.encode("utf-8"))
        ok_password = hmac.compare_digest(password.encode("utf-8"), want_password.encode("utf-8"))
        return bool(sep) and ok_user and ok_password

    def _serve(self, body: bool) -> None:
        if not self._host_ok():
            return self._error(421, "请通过 127.0.0.1 访问")
        if not self._authorised():
            return self._error(401, "需要用户名和密码",
                               {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'})
        path = resolve(self.server.out_dir, self.path)
        if path is None:
            return self._error(404, "未找到")
        try:
            f = open(path, "rb")
        except OSError:
            return self._error(404, "未找到")
        with f:
            st = os.fstat(f.fileno())
            self.send_response(200)
            ext = path.suffix.lower()
            self.send_header("Content-Type", CONTENT_TYPES[ext])
            self.send_header("Content-Length", str(st.st_size))
            self.send_header("Last-Modified", email.utils.formatdate(st.st_mtime, usegmt=True))
            self.send_header("Cache-Control", "no-cache")  # a rebuilt pack shows at once
            if ext in ATTACHMENTS:
                # Files in a subfolder (an invitation batch) are named by their path in out/,
                # so a pack called soe.pdf there never takes the soe brief's download name.
                rel = path.relative_to(self.server.out_dir.resolve()).as_posix()
                self.send_header("Content-Disposition",
                                 content_disposition(path.name, self.server.download_name(rel)))
            if ext == ".html":
                self.send_header("Content-Security-Policy", CSP)
            self._common_headers()
            self.end_headers()
            if body:
                try:
                    shutil.copyfileobj(f, self.wfile)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the browser cancelled the download

    def _common_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")

    def _error(self, code: int, message: str, headers: dict[str, str] | None = None) -> None:
        page = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{code}</title>'
                f"<p>{code} {html.escape(str(message))}</p></html>\n").encode("utf-8")
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self._common_headers()
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)
        self.close_connection = True

    def log_message(self, format, *args):  # noqa: A002 - http.server API
        if self.server.log:
            self.server.log(f"{self.address_string()} - {format % args}")


def is_loopback(host: str) -> bool:
    """Return True if `host` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def auth_from_env(env=None) -> tuple[str, str] | None:
    """Return (user, password) for basic auth from BRIEFKIT_SERVE_PASSWORD (and
    BRIEFKIT_SERVE_USER, default 'briefkit'), or None if no password is set."""
    env = os.environ if env is None else env
    password = env.get(PASSWORD_ENV) or ""
    if not password:
        return None
    return (env.get(USER_ENV) or DEFAULT_USER, password)


def sharing_warning(host: str, port: int, auth) -> str | None:
    """Return the warning to show when serving beyond this machine, or None on loopback."""
    if is_loopback(host):
        return None
    where = "every network this machine is on" if host in ("0.0.0.0", "::") else f"the network of {host}"
    text = (f"warning: serving on {host}:{port}: anyone on {where} who can reach this machine "
            "can download the packs")
    if auth is None:
        return (text + " — no password is set\n"
                f"  hint: set {PASSWORD_ENV} (and optionally {USER_ENV}, default '{DEFAULT_USER}') "
                "to ask for a user name and password; stop with Ctrl-C")
    return (text + f" with the user name '{auth[0]}' and the password in {PASSWORD_ENV}\n"
            "  hint: basic auth sends the password unencrypted (HTTP): share only on the office network")


def make_server(out_dir: Path, port: int = 8000, log=None, host: str = HOST, auth=None) -> Server:
    """Return a server for out_dir bound to host:port (0: any free port), not yet serving."""
    return Server(out_dir, port, log, host, auth)


def open_server(out_dir: Path, port: int, shown: str | None = None, log=None, host: str = HOST,
                auth=None) -> Server:
    """Return a server for out_dir on host:port; raise BriefkitError (with a hint) if the
    folder is missing or the address cannot be used. `shown` names the folder in messages."""
    shown = shown or f"{out_dir}/"
    if not Path(out_dir).is_dir():
        raise BriefkitError(Problem(None, f"{shown} not found", "build packs first with `make briefs`"))
    try:
        return make_server(out_dir, port, log=log, host=host, auth=auth)
    except socket.gaierror:
        raise BriefkitError(Problem(None, f"'{host}' is not an address of this machine",
                                    "give an IP address, e.g. `make serve HOST=0.0.0.0` for every "
                                    "network, or leave HOST out for this machine only")) from None
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            problem = Problem(None, f"port {port} is already in use", "stop the other server, or "
                              f"choose another port: `make serve PORT={port + 1}`")
        elif e.errno == errno.EADDRNOTAVAIL:
            problem = Problem(None, f"{host} is not an address of this machine",
                              "use one of this machine's addresses (`ip addr`), or 0.0.0.0 for all")
        elif e.errno == errno.EACCES:
            problem = Problem(None, f"not allowed to use port {port}",
                              "ports below 1024 need root; use e.g. `make serve PORT=8000`")
        else:
            problem = Problem(None, f"cannot listen on {host}:{port}: {e.strerror or e}",
                              "choose another port, e.g. `make serve PORT=8001`")
        raise BriefkitError(problem) from None
