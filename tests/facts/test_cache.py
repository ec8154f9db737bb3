"""The fact base cache: cold, warm, corrupt and stale caches give the base the YAML gives, and the
same packs; a base with errors is never kept."""

from __future__ import annotations

import pickle

import pytest

from briefkit.errors import FactsError
from briefkit.facts import cache
from briefkit.facts.load import load_factbase
from briefkit.pipeline import build as b
from conftest import GOOD
from projects import mini


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "facts"


def kept(folder):
    return sorted(folder.glob("*.pickle")) if folder.exists() else []


def same(a, b_) -> bool:
    return (a == b_ and a.broken == b_.broken and a.broken_files == b_.broken_files
            and a.parents == b_.parents and a.measures == b_.measures)


def spoil_truncate(p):
    p.write_bytes(p.read_bytes()[:100])


def spoil_garbage(p):
    p.write_bytes(b"not a pickle")


def spoil_other_type(p):
    p.write_bytes(pickle.dumps({"facts": {}}))


def spoil_empty(p):
    p.write_bytes(b"")


@pytest.mark.parametrize("spoil", [None, spoil_truncate, spoil_garbage, spoil_other_type, spoil_empty])
def test_cold_warm_and_spoilt_caches_give_the_loaded_base(tmp_path, fresh_cache, spoil):
    root = mini(tmp_path / "p")
    cold = cache.load(root)
    assert same(cold, load_factbase(root)) and len(kept(fresh_cache)) == 1
    if spoil:
        spoil(kept(fresh_cache)[0])
    warm = cache.load(root)
    assert same(warm, load_factbase(root))
    assert pickle.loads(kept(fresh_cache)[0].read_bytes()) == warm  # a spoilt entry is rewritten


def test_an_edited_fact_file_is_loaded_again_not_taken_from_the_cache(tmp_path, fresh_cache):
    root = mini(tmp_path / "p")
    assert cache.load(root).facts["economy.fiscal_revenue"].value == 250
    (root / "facts" / "economy.yaml").write_text(GOOD.replace("250", "260"), encoding="utf-8")
    assert cache.load(root).facts["economy.fiscal_revenue"].value == 260
    (root / "facts" / "more.yaml").write_text(GOOD.replace("economy.fiscal_revenue", "more.revenue"),
                                              encoding="utf-8")
    assert "more.revenue" in cache.load(root).facts  # a new file changes the key too
    assert len(kept(fresh_cache)) == 3


def test_a_cache_left_by_other_code_is_not_read(tmp_path, fresh_cache, monkeypatch):
    root = mini(tmp_path / "p")
    cache.load(root)
    monkeypatch.setattr(cache, "_code_key", lambda: "another briefkit")
    assert cache.key(root) != kept(fresh_cache)[0].stem and same(cache.load(root), load_factbase(root))
    assert len(kept(fresh_cache)) == 2


def test_a_base_with_errors_raises_every_time_and_is_not_kept(tmp_path, fresh_cache):
    root = mini(tmp_path / "p", facts=GOOD.replace("value: 250", "value: 约250"))
    for _ in range(2):
        with pytest.raises(FactsError) as e:
            cache.load(root)
        assert [p.message for p in e.value.problems] == \
               [p.message for p in pytest.raises(FactsError, load_factbase, root).value.problems]
    assert kept(fresh_cache) == []


def test_only_the_newest_bases_are_kept(tmp_path, fresh_cache):
    root = mini(tmp_path / "p")
    for n in range(cache.KEEP + 3):
        (root / "facts" / "economy.yaml").write_text(GOOD.replace("250", str(300 + n)), encoding="utf-8")
        cache.load(root)
    assert len(kept(fresh_cache)) == cache.KEEP


def test_packs_from_a_cold_a_warm_and_a_spoilt_cache_have_the_same_bytes(tmp_path, fresh_cache):
    root = mini(tmp_path / "p")
    first = b.build(root, "soe", tmp_path / "cold")
    again = b.build(root, "soe", tmp_path / "warm")
    spoil_garbage(kept(fresh_cache)[0])
    spoilt = b.build(root, "soe", tmp_path / "spoilt")
    for other in (again, spoilt):
        assert [o.sha256 for o in other.outputs] == [o.sha256 for o in first.outputs]
