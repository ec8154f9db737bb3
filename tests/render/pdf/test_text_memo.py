"""The memo of atoms and laid-out paragraphs: the same text is set once, and nothing it hands out
differs from setting the text afresh."""

from __future__ import annotations

from dataclasses import replace

from pdfsample import small_document

from briefkit import doc as d
from briefkit.render import pdf
from briefkit.render.pdf import text as t
from briefkit.render.pdf.text import Kit, make_atoms, register_fonts

TEXT = "徐汇区人工智能产业规模（2024年）达到1500亿元，“模速空间”集聚企业超过100家。"


def _run(kit: Kit):
    return kit.para("body").run


def _shape(atoms):
    return [(a.text, a.kind, a.width, a.no_start, a.no_end, a.squeeze) for a in atoms]


def test_same_runs_give_the_same_atoms_in_a_new_list():
    register_fonts()
    run = _run(Kit(d.Theme()))
    first = make_atoms([(TEXT, run, False)])
    again = make_atoms([(TEXT, run, False)])
    assert again is not first  # a caller may change its list
    assert all(a is b for a, b in zip(first, again)) and len(first) == len(again)


def test_memo_gives_what_a_cold_memo_computes(monkeypatch):
    register_fonts()
    run = _run(Kit(d.Theme()))
    warm = make_atoms([(TEXT, run, False)])
    monkeypatch.setattr(t, "_ATOMS", {})
    cold = make_atoms([(TEXT, run, False)])
    assert cold[0] is not warm[0]
    assert _shape(cold) == _shape(warm)


def test_different_text_or_style_is_set_again():
    register_fonts()
    kit = Kit(d.Theme())
    run = _run(kit)
    base = make_atoms([(TEXT, run, False)])
    assert make_atoms([(TEXT + "。", run, False)])[0] is not base[0]
    bigger = make_atoms([(TEXT, replace(run, size=run.size + 1), False)])
    assert bigger[0].width > base[0].width


def test_equal_runs_made_apart_are_not_taken_for_one_run():
    """draw_line joins atoms into one text operator only while their run is the same object."""
    register_fonts()
    run = _run(Kit(d.Theme()))
    twin = replace(run)
    assert twin == run and twin is not run
    shared = make_atoms([("甲乙", run, False), ("丙丁", run, False)])
    apart = make_atoms([("甲乙", run, False), ("丙丁", twin, False)])
    assert shared[0].style is shared[-1].style
    assert apart[0].style is not apart[-1].style


def test_layout_is_shared_for_the_same_atoms_and_measure_only():
    register_fonts()
    atoms = make_atoms([(TEXT * 3, _run(Kit(d.Theme())), False)])
    lay = t.layout_of(atoms, 200.0, 20.0, False)
    assert t.layout_of(list(atoms), 200.0, 20.0, False) is lay
    assert t.layout_of(atoms, 150.0, 20.0, False) is not lay
    assert t.layout_of(atoms, 200.0, 0.0, False) is not lay
    cold = t.lb.Layout(atoms, 200.0, 20.0, False, t.metrics)
    assert cold.lines == lay.lines and _shape(cold.atoms) == _shape(lay.atoms)


def test_memo_keeps_at_most_its_size(monkeypatch):
    register_fonts()
    run = _run(Kit(d.Theme()))
    monkeypatch.setattr(t, "MEMO_SIZE", 3)
    monkeypatch.setattr(t, "_ATOMS", {})
    for k in range(5):
        make_atoms([(f"第{k}段", run, False)])
    assert len(t._ATOMS) == 3


def test_pdf_is_the_same_with_a_cold_and_a_warm_memo(tmp_path, monkeypatch):
    document = small_document([d.Paragraph([d.Text(TEXT * 4)]), d.Paragraph([d.Text(TEXT)])])
    monkeypatch.setattr(t, "_ATOMS", {})
    monkeypatch.setattr(t, "_LAYOUTS", {})
    pdf.render(document, tmp_path / "cold.pdf")
    pdf.render(document, tmp_path / "warm.pdf")
    assert (tmp_path / "cold.pdf").read_bytes() == (tmp_path / "warm.pdf").read_bytes()
