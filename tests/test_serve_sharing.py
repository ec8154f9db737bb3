"""Sharing out/ with colleagues: --host (tested on loopback aliases only), the warning, basic auth,
and invitation batches (zip, report, packs in out/<brief>/) served and listed on the page."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from projects import make_out

from briefkit import serve, site

# 127.0.0.2 is loopback on Linux (all of 127.0.0.0/8); tests never bind a private or public address.
ALIAS = "127.0.0.2"


def _start(out: Path, host: str = "127.0.0.1", auth=None):
    server = serve.make_server(out, 0, host=host, auth=auth)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _get(server, path: str, headers: dict | None = None):
    host = server.server_address[0]
    conn = http.client.HTTPConnection(host, server.port, timeout=5)
    try:
        conn.request("GET", path, headers={"Host": f"{host}:{server.port}", **(headers or {})})
        resp = conn.getresponse()
        return resp, resp.read()
    finally:
        conn.close()


def _basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture
def out(tmp_path):
    """A fake out/ with two packs and one invitation batch (two recipients, one failed)."""
    out = make_out(tmp_path)
    batch = out / "soe"
    batch.mkdir()
    (batch / "中能建.pdf").write_bytes(b"%PDF-1.4 pack")
    (batch / "中能建.docx").write_bytes(b"PK\x03\x04 docx")
    (batch / "invitations.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (batch / "report.csv").write_bytes("\ufeffrecipient,slug\n中国能源建设集团有限公司,中能建\n".encode())

    def f(name):
        p = batch / name
        return {"file": f"soe/{name}", "size": p.stat().st_size, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["batches"] = [{
        "brief": "soe", "title": "徐汇区投资推介手册", "audience_label": "央企版", "date": "2026-11-22",
        "built_at": "2026-11-22T09:30:00+08:00", "folder": "soe", "recipients_file": "soe.csv",
        "count": 2, "failed": 1, "zip": f("invitations.zip"), "report": f("report.csv"),
        "recipients": [
            {"name": "中国能源建设集团有限公司", "short_name": "中能建", "sector": "能源", "status": "ok",
             "outputs": [{"format": "pdf", **f("中能建.pdf"), "pages": 17},
                         {"format": "docx", **f("中能建.docx"), "pages": None}]},
            {"name": "A&B <公司>", "short_name": "", "sector": "", "status": "failed", "outputs": []}],
        "removed": []}]
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    site.write_site(out)
    return out


# ---- binding and the warning ----------------------------------------------------------------------


def test_host_binds_the_address_given_and_answers_its_own_name(out):
    server = _start(out, ALIAS)
    try:
        assert server.server_address[0] == ALIAS
        resp, body = _get(server, "/")
        assert resp.status == 200 and "资料下载" in body.decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


WARNINGS = [
    ("127.0.0.1", None, None),
    (ALIAS, None, None),
    ("localhost", None, None),
    ("::1", None, None),
    ("0.0.0.0", None,
     "warning: serving on 0.0.0.0:8000: anyone on every network this machine is on who can reach this "
     "machine can download the packs — no password is set\n"
     "  hint: set BRIEFKIT_SERVE_PASSWORD (and optionally BRIEFKIT_SERVE_USER, default 'briefkit') to "
     "ask for a user name and password; stop with Ctrl-C"),
    ("10.1.2.3", ("tzb", "pw"),
     "warning: serving on 10.1.2.3:8000: anyone on the network of 10.1.2.3 who can reach this machine can "
     "download the packs with the user name 'tzb' and the password in BRIEFKIT_SERVE_PASSWORD\n"
     "  hint: basic auth sends the password unencrypted (HTTP): share only on the office network"),
]


@pytest.mark.parametrize("host, auth, expected", WARNINGS)
def test_serving_beyond_this_machine_warns_who_can_download(host, auth, expected):
    assert serve.sharing_warning(host, 8000, auth) == expected


def test_serve_command_with_a_loopback_host_says_where_and_warns_of_nothing(out):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFKIT_SERVE_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "src")
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefkit", "serve", "--out", "out", "--port", "0", "--host", ALIAS],
        cwd=out.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = proc.stdout.readline()
        assert re.fullmatch(r"serving out/ at http://127\.0\.0\.2:\d+/ \(Ctrl-C to stop\)\n", line), line
        port = int(line.split(f"{ALIAS}:")[1].split("/")[0])
        conn = http.client.HTTPConnection(ALIAS, port, timeout=5)
        conn.request("GET", "/")  # answered: the server is serving, so Ctrl-C stops it cleanly
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "warning" not in err and "Traceback" not in err


def test_a_host_that_is_not_this_machine_exits_1_with_a_hint(out, capsys):
    from briefkit import cli

    assert cli.main(["serve", "--out", str(out), "--port", "0", "--host", "no-such-host.invalid"]) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        "error: 'no-such-host.invalid' is not an address of this machine",
        "  hint: give an IP address, e.g. `make serve HOST=0.0.0.0` for every network, or leave HOST "
        "out for this machine only"]


# ---- basic auth -------------------------------------------------------------------------------------

AUTH_CASES = [  # (headers, status)
    ({}, 401),
    (_basic("briefkit", "s3cret"), 200),
    (_basic("briefkit", "wrong"), 401),
    (_basic("someone", "s3cret"), 401),
    (_basic("briefkit", "s3cret" + "x"), 401),
    ({"Authorization": "Basic not-base64!"}, 401),
    ({"Authorization": "Bearer s3cret"}, 401),
]


@pytest.mark.parametrize("headers, status", AUTH_CASES)
def test_a_password_is_asked_for_and_checked(out, headers, status):
    server = _start(out, auth=("briefkit", "s3cret"))
    try:
        resp, body = _get(server, "/soe.pdf", headers)
    finally:
        server.shutdown()
        server.server_close()
    assert resp.status == status
    if status == 401:
        assert resp.getheader("WWW-Authenticate") == 'Basic realm="briefkit", charset="UTF-8"'
        assert b"%PDF" not in body
    else:
        assert body.startswith(b"%PDF")


ENVS = [
    ({}, None),
    ({"BRIEFKIT_SERVE_PASSWORD": ""}, None),
    ({"BRIEFKIT_SERVE_PASSWORD": "pw"}, ("briefkit", "pw")),
    ({"BRIEFKIT_SERVE_PASSWORD": "pw", "BRIEFKIT_SERVE_USER": "投促办"}, ("投促办", "pw")),
]


@pytest.mark.parametrize("env, auth", ENVS)
def test_the_password_comes_from_the_environment(env, auth):
    assert serve.auth_from_env(env) == auth


# ---- invitation batches on the page and the server ------------------------------------------------


def test_the_download_page_lists_the_batch_with_its_zip_report_and_recipients(out):
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<h2 class="group" id="batch-soe-title">徐汇区投资推介手册（央企版）定制邀请函</h2>' in page
    assert "共 2 份（其中 1 份未能生成，见生成报告），生成于 2026年11月22日 09:30。" in page
    assert 'href="soe/invitations.zip" download="invitations.zip" type="application/zip">下载全部 ZIP（22 B）' in page
    assert 'href="soe/report.csv"' in page
    assert ('<li data-search="中国能源建设集团有限公司 中能建 能源"><span class="r-name">中国能源建设集团有限公司</span>'
            in page)
    assert f'href="{"soe/%E4%B8%AD%E8%83%BD%E5%BB%BA.pdf"}"' in page
    assert "A&amp;B &lt;公司&gt;</span> <span class=\"r-failed\">未生成</span>" in page
    # Without JavaScript the list is all there and the search box stays hidden.
    assert '<p class="filter" data-filter="batch-soe-list" hidden>' in page


def test_the_csp_allows_exactly_the_pages_inline_script(out):
    page = (out / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}';" in serve.CSP


def test_a_page_without_batches_has_no_script(tmp_path):
    out = make_out(tmp_path)
    site.write_site(out)
    assert "<script" not in (out / "index.html").read_text(encoding="utf-8")


BATCH_FILES = [
    ("/soe/invitations.zip", "application/zip", "invitations.zip"),
    ("/soe/report.csv", "text/csv; charset=utf-8", "report.csv"),
    ("/soe/%E4%B8%AD%E8%83%BD%E5%BB%BA.pdf", "application/pdf", "%E4%B8%AD%E8%83%BD%E5%BB%BA.pdf"),
]


@pytest.mark.parametrize("path, ctype, name", BATCH_FILES)
def test_the_server_serves_a_batchs_zip_report_and_packs(out, path, ctype, name):
    server = _start(out)
    try:
        resp, body = _get(server, path)
    finally:
        server.shutdown()
        server.server_close()
    assert resp.status == 200
    assert resp.getheader("Content-Type") == ctype
    assert resp.getheader("Content-Disposition").endswith(f"filename*=UTF-8''{name}")
    assert body == (out / "soe" / Path(path).name.replace("%E4%B8%AD%E8%83%BD%E5%BB%BA", "中能建")).read_bytes()
