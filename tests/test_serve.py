"""The local server: 127.0.0.1 only, read-only, right headers, and nothing outside out/ however spelled."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from projects import make_out

from briefkit import cli, serve, site

SECRET = b'{"secret": "outside out/"}'
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Serve a fake out/ (with traps around it) on 127.0.0.1, any free port; yield (server, out)."""
    root = tmp_path_factory.mktemp("serve")
    out = make_out(root)
    site.write_site(out)
    (root / "secret.json").write_bytes(SECRET)
    (root / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    (root / "private").mkdir()
    (root / "private" / "secret.json").write_bytes(SECRET)
    (out / "link.json").symlink_to(root / "secret.json")
    (out / "linkdir").symlink_to(root / "private", target_is_directory=True)
    (out / "inside.pdf").symlink_to(out / "soe.pdf")  # a link that stays inside is fine
    (out / ".hidden.json").write_bytes(SECRET)
    (out / ".soe.pdf.1234.tmp").write_bytes(b"half a pdf")
    (out / ".manifest.lock").write_bytes(b"")
    (out / "notes.txt").write_bytes(b"not a type we serve")
    server = serve.make_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, out
    server.shutdown()
    server.server_close()


def request(server, method: str, path: str, body: bytes | None = None):
    """Send `path` exactly as written (no normalising); return (response, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path, body=body)
        resp = conn.getresponse()
        return resp, resp.read()
    finally:
        conn.close()


def raw_request(server, line: bytes) -> bytes:
    """Send a raw request line (for bytes http.client refuses, like NUL); return the whole answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(line + b"\r\nHost: 127.0.0.1\r\n\r\n")
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_binds_127_0_0_1_only(served):
    server, _ = served
    assert server.server_address[0] == "127.0.0.1" and server.port > 0


def test_root_serves_the_download_page(served):
    server, out = served
    resp, body = request(server, "GET", "/")
    assert resp.status == 200
    assert resp.getheader("Content-Type") == "text/html; charset=utf-8"
    assert int(resp.getheader("Content-Length")) == len(body)
    assert body == (out / "index.html").read_bytes()
    assert resp.getheader("X-Content-Type-Options") == "nosniff"
    assert "default-src 'none'" in resp.getheader("Content-Security-Policy")
    assert resp.getheader("Content-Disposition") is None


@pytest.mark.parametrize("path, ctype", [
    ("/index.html", "text/html; charset=utf-8"),
    ("/soe.pdf", "application/pdf"),
    ("/soe.docx", DOCX),
    ("/thumbs/soe.png", "image/png"),
    ("/thumbs/soe.png?v=0123456789ab", "image/png"),
    ("/manifest.json", "application/json"),
    ("/inside.pdf", "application/pdf"),
])
def test_files_come_with_their_content_type_length_and_nosniff(served, path, ctype):
    server, out = served
    resp, body = request(server, "GET", path)
    assert resp.status == 200
    assert resp.getheader("Content-Type") == ctype
    assert resp.getheader("Content-Length") == str(len(body))
    assert resp.getheader("X-Content-Type-Options") == "nosniff"
    assert body == (out / path[1:].split("?")[0]).read_bytes()


@pytest.mark.parametrize("path, name", [("/soe.pdf", "徐汇区投资推介-央企版.pdf"),
                                        ("/soe.docx", "徐汇区投资推介-央企版.docx")])
def test_downloads_are_attachments_named_in_chinese(served, path, name):
    server, _ = served
    resp, _ = request(server, "GET", path)
    header = resp.getheader("Content-Disposition")
    assert header == (f'attachment; filename="{path[1:]}"; '
                      f"filename*=UTF-8''{quote(name, safe='')}")
    encoded = header.split("filename*=UTF-8''")[1]
    assert encoded.isascii() and unquote(encoded, errors="strict") == name


def test_file_not_in_the_manifest_downloads_under_its_own_name(served):
    server, out = served
    (out / "extra.pdf").write_bytes(b"%PDF-1.4 extra")
    resp, _ = request(server, "GET", "/extra.pdf")
    assert resp.getheader("Content-Disposition") == (
        "attachment; filename=\"extra.pdf\"; filename*=UTF-8''extra.pdf")


def test_a_link_inside_out_downloads_under_its_targets_name(served):
    server, _ = served
    resp, _ = request(server, "GET", "/inside.pdf")
    assert "filename=\"soe.pdf\"" in resp.getheader("Content-Disposition")


def test_head_has_the_headers_and_no_body(served):
    server, out = served
    resp, body = request(server, "HEAD", "/soe.pdf")
    assert resp.status == 200 and body == b""
    assert resp.getheader("Content-Length") == str((out / "soe.pdf").stat().st_size)
    assert resp.getheader("Content-Type") == "application/pdf"
    resp, body = request(server, "HEAD", "/nothing.pdf")
    assert resp.status == 404 and body == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"])
def test_other_methods_get_405_with_allow(served, method):
    server, out = served
    before = (out / "soe.pdf").read_bytes()
    resp, _ = request(server, method, "/soe.pdf", body=b"x")
    assert resp.status == 405
    assert resp.getheader("Allow") == "GET, HEAD"
    assert resp.getheader("X-Content-Type-Options") == "nosniff"
    assert (out / "soe.pdf").read_bytes() == before


@pytest.mark.parametrize("path", ["/thumbs/", "/thumbs", "/thumbs//", "/linkdir/", "/index.html/", "/%2e/"])
def test_no_directory_listings(served, path):
    server, _ = served
    resp, body = request(server, "GET", path)
    assert resp.status == 404
    assert b"soe.png" not in body


TRAVERSALS = [
    "/../secret.json",
    "/../../../../../../etc/passwd",
    "/thumbs/../../secret.json",
    "/%2e%2e/secret.json",
    "/%2E%2E/secret.json",
    "/%2e%2e%2fsecret.json",
    "/%2E%2E%2Fsecret.json",
    "/..%2fsecret.json",
    "/..%2Fsecret.json",
    "/thumbs%2f..%2f..%2fsecret.json",
    "/%252e%252e/secret.json",  # double-encoded: a file literally named %2e%2e, which is not there
    "/..\\secret.json",
    "/\\..\\secret.json",
    "/..%5csecret.json",
    "/..%5Csecret.json",
    "//etc/passwd",
    "///etc/passwd",
    "/%2fetc/passwd",
    "/%2Fetc%2Fpasswd",
    "/etc/passwd",
    "/soe.pdf%00.png",
    "/%00",
    "/%c0%ae%c0%ae/secret.json",  # overlong UTF-8 for '.'
    "/%ff",
    "/./index.html",
    "/link.json",  # symlink out of out/
    "/linkdir/secret.json",  # through a symlinked folder
    "/.hidden.json",
    "/.soe.pdf.1234.tmp",
    "/.manifest.lock",
    "/%2ehidden.json",
    "/thumbs/.%2e/.%2e/secret.json",
    "/notes.txt",  # not a type we serve
    "/nothing.pdf",
    "secret.json",
    "http://127.0.0.1/../secret.json",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_out_dotfiles_or_unknown_paths(served, path):
    server, _ = served
    resp, body = request(server, "GET", path)
    assert resp.status == 404
    assert b"secret" not in body and b"root:" not in body
    assert resp.getheader("X-Content-Type-Options") == "nosniff"


def test_absolute_path_to_a_file_outside_out_is_404(served):
    server, out = served
    resp, body = request(server, "GET", "/" + str(out.parent / "secret.json"))
    assert resp.status == 404 and b"secret" not in body


@pytest.mark.parametrize("line", [b"GET /soe.pdf\x00.png HTTP/1.0", b"GET /\x00../secret.json HTTP/1.0",
                                  b"GET /..\x00/secret.json HTTP/1.0"])
def test_raw_nul_bytes_are_404(served, line):
    server, _ = served
    answer = raw_request(server, line)
    assert answer.startswith(b"HTTP/1.0 404 ")
    assert b"secret" not in answer.split(b"\r\n\r\n", 1)[1]


def test_resolve_refuses_a_symlinked_file_that_leads_to_a_dotfile(tmp_path):
    (tmp_path / ".secret.json").write_bytes(SECRET)
    (tmp_path / "public.json").symlink_to(tmp_path / ".secret.json")
    assert serve.resolve(tmp_path, "/public.json") is None


def test_content_disposition_ascii_fallback_never_breaks_the_header():
    assert serve.content_disposition('a"b\\c\u00e9.pdf', "名 字.pdf") == (
        "attachment; filename=\"a_b_c_.pdf\"; filename*=UTF-8''%E5%90%8D%20%E5%AD%97.pdf")


# ---- the command -------------------------------------------------------------------------------------


def test_port_in_use_exits_1_with_a_hint(tmp_path, capsys):
    out = make_out(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert cli.main(["serve", "--out", str(out), "--port", str(port)]) == 1
    assert capsys.readouterr().err == (
        f"error: port {port} is already in use\n"
        f"  hint: stop the other server, or choose another port: `make serve PORT={port + 1}`\n"
        "1 error.\n")


def test_missing_out_folder_exits_1(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["serve", "--out", "out", "--port", "0"]) == 1
    assert capsys.readouterr().err == (
        "error: out/ not found\n  hint: build packs first with `make briefs`\n1 error.\n")


def test_bad_port_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["serve", "--out", str(make_out(tmp_path)), "--port", "70000"]) == 2
    assert "--port 70000 is not a port" in capsys.readouterr().err


def test_ctrl_c_stops_the_server_and_exits_0(tmp_path):
    out = make_out(tmp_path)
    site.write_site(out)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefkit", "serve", "--out", "out", "--port", "0"], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        # A child of a background job inherits SIGINT ignored; a person at a terminal does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = proc.stdout.readline()
        assert line.startswith("serving out/ at http://127.0.0.1:") and line.endswith("/ (Ctrl-C to stop)\n")
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in err


def test_a_burst_of_200_concurrent_requests_all_complete(served):
    """The backlog holds a burst and the bounded pool answers it: none waits for a timeout."""
    server, _ = served
    from concurrent.futures import ThreadPoolExecutor

    def get(_):
        resp, body = request(server, "GET", "/manifest.json")
        return resp.status, len(body)

    with ThreadPoolExecutor(200) as pool:
        results = list(pool.map(get, range(200), timeout=60))
    assert len(results) == 200 and {status for status, _ in results} == {200}


def test_the_server_listens_with_a_backlog_and_a_bounded_pool():
    assert serve.Server.request_queue_size >= 128 and serve.WORKERS <= 32
