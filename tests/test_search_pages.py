"""Issue 19: `search` asks the content cache for its hits (best first, as the scan ranks them) and
shows them a page at a time; `--json` still gives every hit unless a page is asked for."""

from __future__ import annotations

import json
import random

from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from studycli.content import Catalogue
from studycli.study.lookup import PAGE_SIZE, find_facts, find_items, page_of


def test_the_cache_finds_and_ranks_what_a_scan_finds(catalogue):
    assert catalogue.index is not None
    plain = Catalogue(catalogue.topics, catalogue.items)     # no cache: the scan of study.lookup
    words = sorted({w for f in catalogue.facts for w in f.en.split()} | {"알람", "지표", "로그 그룹", "CPU"})
    rng = random.Random(19)
    queries = rng.sample(words, 150) + [" ".join(rng.sample(words, 2)) for _ in range(50)] + ["ALARM", "alarm state"]
    for query in queries:
        facts, items = catalogue.search(query)
        assert [f.id for f in facts] == [f.id for f in find_facts(plain.facts, query)], query
        assert [i.id for i in items] == [i.id for i in find_items(list(plain.items), query)], query


def test_the_trigram_index_finds_what_reading_every_row_finds(catalogue):
    """Words of three or more characters are found through the index, shorter ones in what it finds;
    any piece of any fact's or item's text (quotes, Korean, punctuation), alone or with others."""
    from studycli.content_cache import Index
    from studycli.study.lookup import fold, haystack, item_haystack

    index = catalogue.index
    assert index is not None and index._text_index("facts") and index._text_index("items")
    scanning = Index(index.db)
    scanning._indexed = {"facts": False, "items": False}
    texts = [fold(haystack(f)) for f in catalogue.facts] + [fold(item_haystack(i)) for i in catalogue.items]
    rng = random.Random(3)
    for _ in range(300):
        words = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            text = rng.choice(texts).replace(" ", "")
            start = rng.randrange(len(text))
            words.append(text[start:start + rng.randint(1, 7)])
        words += rng.choice(([], ['"quoted"'], ["alarm"], ["지표"]))
        for table in ("facts", "items"):
            assert index.search(table, words) == scanning.search(table, words), (table, words)


@given(st.integers(0, 70), st.integers(0, 70), st.integers(1, 8), st.integers(1, 25))
def test_pages_hold_every_hit_once_facts_first(n_facts, n_items, page, size):
    facts, items = [f"f{i}" for i in range(n_facts)], [f"i{i}" for i in range(n_items)]
    shown = [hit for p in range(1, page + 1) for part in page_of(facts, items, p, size) for hit in part]
    assert shown == (facts + items)[: page * size]


def test_search_shows_one_page_and_says_how_to_get_the_next():
    text = run_cli("search", "alarm", env={"COLUMNS": "200"}).stdout
    every = json.loads(run_cli("search", "--json", "alarm").stdout)
    assert len(every) > 2 * PAGE_SIZE
    assert f"({PAGE_SIZE} a page; best first)" in run_cli("search", "--help", env={"COLUMNS": "200"}).stdout
    assert f"Hits 1–{PAGE_SIZE} of {len(every)}, best first. Next page: studycli search alarm --page 2" in text
    assert every[0]["id"] in text and every[PAGE_SIZE]["id"] not in text
    second = json.loads(run_cli("search", "--json", "alarm", "--page", "2").stdout)
    assert [d["id"] for d in second] == [d["id"] for d in every[PAGE_SIZE:2 * PAGE_SIZE]]
    last = -(-len(every) // PAGE_SIZE)
    tail = run_cli("search", "alarm", "--page", str(last), env={"COLUMNS": "200"}).stdout
    assert f"Hits {(last - 1) * PAGE_SIZE + 1}–{len(every)} of {len(every)}." in tail
    past = run_cli("search", "alarm", "--page", str(last + 1))
    assert past.returncode == 0 and f"past the last page of hits ({last})" in past.stdout
    korean = run_cli("--lang", "ko", "search", "alarm", env={"COLUMNS": "200"}).stdout
    assert f"검색 결과 {len(every)}개 중 1–{PAGE_SIZE}번째" in korean


def test_a_bad_page_is_a_usage_error():
    result = run_cli("search", "alarm", "--page", "0")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_search_reads_only_its_hits_from_the_cache(monkeypatch):
    from studycli import content_cache
    from studycli.content import load_catalogue

    whole = load_catalogue()
    expected = (find_facts(whole.facts, "alarm state"), find_items(list(whole.items), "alarm state"))

    def refuse(self):
        raise AssertionError("read every fact or item to show a few hits")

    monkeypatch.setattr(content_cache.Index, "topics", refuse)
    monkeypatch.setattr(content_cache.Index, "items", refuse)
    facts, items = load_catalogue().search("alarm state")
    assert [f.id for f in facts] == [f.id for f in expected[0]] and list(facts) == expected[0]
    assert [i.id for i in items] == [i.id for i in expected[1]] and list(items) == expected[1]


def test_a_page_of_hits_makes_stand_ins_of_its_own_hits_only(monkeypatch):
    from studycli import content_cache
    from studycli.content import load_catalogue

    every_fact, every_item = (list(hits) for hits in load_catalogue().search("alarm"))
    asked: list[int] = []
    real_facts, real_items = content_cache.Index.facts_at, content_cache.Index.items_at
    monkeypatch.setattr(content_cache.Index, "facts_at", lambda self, at: asked.append(len(at)) or real_facts(self, at))
    monkeypatch.setattr(content_cache.Index, "items_at", lambda self, at: asked.append(len(at)) or real_items(self, at))
    facts, items = load_catalogue().search("alarm")
    assert len(facts) == len(every_fact) > 2 * PAGE_SIZE and len(items) == len(every_item) and asked == []
    for page in (1, 2, -(-(len(facts) + len(items)) // PAGE_SIZE)):
        asked.clear()
        shown = page_of(facts, items, page)
        assert shown == page_of(every_fact, every_item, page) and sum(asked) <= PAGE_SIZE
