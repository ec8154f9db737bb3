"""`make bench` (`python -m briefkit.bench`): time whole builds, stages, batches and first-run fonts; write out/bench.json.

Timings are measured here and printed; tests never assert them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import output

SIZED = ("pdf", "docx", "pptx")  # the formats whose sizes the table shows
TARGETS = {"one_pack_s": 1.0, "all_packs_s": 2.0, "recipients_100_s": 30.0, "file_mb": 1.5,
           "peak_mb": 300.0}


def _run(cmd: list[str], env=None) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak RSS of that child in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(before, after) // 1024


def _stats(xs: list[float]) -> dict:
    return {"median": round(statistics.median(xs), 3), "min": round(min(xs), 3), "max": round(max(xs), 3)}


def _stages(root: Path, name: str, out: Path) -> dict:
    """Time each stage of one build in a fresh process (imports included)."""
    code = (
        "import time, json, sys; t0 = time.perf_counter()\n"
        "import briefkit.pipeline.build as b\n"
        "from pathlib import Path\n"
        "t1 = time.perf_counter()\n"
        f"r = b.build(Path({str(root)!r}), {name!r}, Path({str(out)!r}))\n"
        "t = dict(r.timings); t['imports'] = t1 - t0\n"
        "print(json.dumps(t))\n")
    res = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return {k: round(v, 3) for k, v in json.loads(res.stdout.strip().splitlines()[-1]).items()}


def main(argv=None) -> int:
    """Run the benchmark and print a table."""
    p = argparse.ArgumentParser(prog="briefkit-bench")
    p.add_argument("--out", default="out")
    p.add_argument("--project", default=".")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--recipients", type=int, default=100)
    p.add_argument("--skip-fonts", action="store_true", help="skip the first-run font preparation timing")
    args = p.parse_args(argv)
    root, out = Path(args.project).resolve(), Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    exe = [sys.executable, "-m", "briefkit", "--project", str(root)]
    from ..brief import brief_names

    names = brief_names(root)
    result: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                    "targets": TARGETS, "packs": {}}
    bench_out = Path(tempfile.mkdtemp(prefix="briefkit-bench-"))
    try:
        subprocess.run(exe + ["build", "--all", "--out", str(bench_out), "-q"], check=True)  # warm caches
        peak = 0
        for name in names:
            walls = []
            for _ in range(args.runs):
                wall, rss = _run(exe + ["build", name, "--out", str(bench_out), "-q"])
                walls.append(wall)
                peak = max(peak, rss)
            # A pack is PDF + DOCX, a deck PPTX + PDF: size whatever the brief wrote.
            sizes = {fmt: (bench_out / f"{name}.{fmt}").stat().st_size for fmt in SIZED
                     if (bench_out / f"{name}.{fmt}").is_file()}
            result["packs"][name] = {"wall_s": _stats(walls), "stages_s": _stages(root, name, bench_out),
                                     "size_bytes": sizes}
        walls = [_run(exe + ["build", "--all", "--out", str(bench_out), "-q"])[0] for _ in range(args.runs)]
        result["all_packs_s"] = _stats(walls)
        result["peak_mb"] = peak

        if args.recipients:
            result["recipients"] = _recipients(root, bench_out, args.recipients)
        if not args.skip_fonts:
            with tempfile.TemporaryDirectory() as cache:
                env = dict(os.environ, BRIEFKIT_CACHE=cache)
                env.pop("BRIEFKIT_FONT_CACHE", None)  # measure a first run: no prepared fonts
                wall, _ = _run([sys.executable, "-m", "briefkit.fonts"], env=env)
                result["font_preparation_s"] = round(wall, 1)
        with_docx = [n for n in names if "docx" in result["packs"][n]["size_bytes"]]
        result["libreoffice"] = (_libreoffice(bench_out / f"{with_docx[0]}.docx", result["packs"][with_docx[0]])
                                 if with_docx else {"skipped": "no pack has a DOCX"})
    finally:
        shutil.rmtree(bench_out, ignore_errors=True)
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    _print(result)
    return 0


def _recipients(root: Path, out: Path, n: int) -> dict:
    from ..pipeline import invitations

    rows = ["name,short_name,sector"]
    # Every sector of the soe table (templates/soe/sectors/sectors.yaml), and one left empty.
    sectors = list(invitations.load_sectors(root, "soe").names) + [""]
    for i in range(n):
        rows.append(f"测试企业{i:03d}集团有限公司,测试{i:03d},{sectors[i % len(sectors)]}")
    csv = out / "bench-recipients.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    start = time.perf_counter()
    invitations.run(root, "soe", csv, out / "invitations", jobs=0, progress=False)
    return {"count": n, "wall_s": round(time.perf_counter() - start, 2), "jobs": os.cpu_count()}


def _libreoffice(docx: Path, pack: dict) -> dict:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return {"skipped": "LibreOffice not installed"}
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
               "pdf", "--outdir", tmp, str(docx)]
        subprocess.run(cmd, check=True, capture_output=True)  # first start creates the profile
        wall, _ = _run(cmd)
    ours = pack["wall_s"]["median"]
    return {"docx_to_pdf_s": round(wall, 2), "ratio_to_our_build": round(wall / ours, 1)}


def _print(r: dict) -> None:
    def ok(value, target):
        return "ok" if value <= target else "OVER"

    output.say(f"{'pack':<10} {'median s':>9} {'min':>6} {'max':>6}  "
               + " ".join(f"{fmt.upper() + ' KB':>8}" for fmt in SIZED) + "  stages (s)")
    for name, p in r["packs"].items():
        w, s = p["wall_s"], p["size_bytes"]
        sizes = " ".join(f"{s[fmt] // 1024 if fmt in s else '-':>8}" for fmt in SIZED)
        stages = " ".join(f"{k}={v:.2f}" for k, v in p["stages_s"].items())
        output.say(f"{name:<10} {w['median']:>9.2f} {w['min']:>6.2f} {w['max']:>6.2f}  {sizes}  {stages}"
                   f"   [{ok(w['median'], TARGETS['one_pack_s'])}]")
    a = r["all_packs_s"]
    output.say(f"all packs: median {a['median']:.2f} s [{ok(a['median'], TARGETS['all_packs_s'])}]; "
               f"peak memory {r['peak_mb']} MB [{ok(r['peak_mb'], TARGETS['peak_mb'])}]")
    rec = r.get("recipients", {})
    if "wall_s" in rec:
        output.say(f"{rec['count']} personalised packs: {rec['wall_s']:.1f} s on {rec['jobs']} cores "
                   f"[{ok(rec['wall_s'], TARGETS['recipients_100_s'])}]")
    if "font_preparation_s" in r:
        output.say(f"first-run font preparation: {r['font_preparation_s']} s")
    lo = r.get("libreoffice", {})
    if "docx_to_pdf_s" in lo:
        output.say(f"LibreOffice DOCX→PDF: {lo['docx_to_pdf_s']} s ({lo['ratio_to_our_build']}× our whole build)")
    output.say("written: out/bench.json")


if __name__ == "__main__":
    sys.exit(main())
