"""Live rebuild: a good edit rebuilds, a bad one keeps the last good output."""

from briefkit.watch import rebuild
from projects import mini


def test_rebuild_reports_time_and_keeps_last_good_output_on_error(tmp_path):
    root = mini(tmp_path / "p")
    out = tmp_path / "out"
    lines = []
    assert rebuild(root, "soe", out, lines.append)
    assert lines[-1].split(" ", 1)[1].startswith("rebuilt ") and lines[-1].endswith(" s")
    good = (out / "soe.pdf").read_bytes()
    (root / "templates/soe/ch.md").write_text("{{ fact('economy.fiscal_revnue') }}\n", encoding="utf-8")
    lines.clear()
    assert not rebuild(root, "soe", out, lines.append)
    assert lines[0].startswith("templates/soe/ch.md:1:1: error: unknown fact 'economy.fiscal_revnue'")
    assert "build failed; the last good" in lines[-1]
    assert (out / "soe.pdf").read_bytes() == good


def test_the_fact_base_is_kept_until_a_fact_file_changes(tmp_path):
    root = mini(tmp_path / "p")
    out, kept, lines = tmp_path / "out", {}, []
    assert rebuild(root, "soe", out, lines.append, kept)
    base = kept["base"]
    (root / "templates/soe/ch.md").write_text("# 概况\n\n新的一段。\n", encoding="utf-8")
    assert rebuild(root, "soe", out, lines.append, kept)
    assert kept["base"] is base  # only a template changed
    facts = root / "facts/economy.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rebuild(root, "soe", out, lines.append, kept)
    assert kept["base"] is not base
    facts.write_text("facts: [\n", encoding="utf-8")  # broken: the build fails, nothing is kept
    assert not rebuild(root, "soe", out, lines.append, kept)
    assert "base" not in kept
