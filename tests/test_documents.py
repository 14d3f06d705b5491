"""Real plans as published: PDF text rebuilt from layout, the document's identity read from its header."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from ingest.grammar.chunks import chunk_document
from ingest.grammar.header import squeeze
from ingest.grammar.jurisdiction import place_in
from ingest.loaders.files import load_text
from ingest.grammar.structure import parse
from tests.conftest import CORPUS, PROJECT_ROOT

EXTRA = PROJECT_ROOT.parent / "shared" / "corpus-extra"
LIBRARY = PROJECT_ROOT.parent / "shared" / "library"
PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,3}\s*[-—–]?\s*$", re.M)  # what shared/eval/score.py drops
NOISE = re.compile(r"^\s*[-—–―－]\s*\d{1,3}\s*[-—–―－]\s*$|^[（(](此件|此文|本文)[^）)]{0,8}[）)]$|^来源[:：]|浏览次数")


@lru_cache(maxsize=None)
def doc(path: Path):
    return parse(load_text(path).text, path.name)


def needs(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not on this machine")  # shared/ sits beside the checkout


@pytest.mark.parametrize(
    "name, title, issuers, doc_no, date, level, place",
    [
        ("tianjin-green-low-carbon-circular-economy-plan.pdf", "天津市加快建立健全绿色低碳循环发展经济体系的实施方案",
         ["天津市人民政府"], None, "2022年3月25日", "省", "天津市"),
        ("tianjin-14th-fyp-energy-saving-emission-reduction-plan.pdf", "天津市“十四五”节能减排工作实施方案",
         ["天津市人民政府"], None, "2022年5月8日", "省", "天津市"),
        ("state-council-14th-fyp-energy-saving-emission-reduction-plan.pdf", "“十四五”节能减排综合工作方案",
         ["国务院"], "国发〔2021〕33号", "2021年12月28日", "国家", ""),
        ("liaoyuan-green-low-carbon-circular-economy-plan.pdf", "辽源市加快建立健全绿色低碳循环发展经济体系实施方案",
         ["辽源市人民政府"], "辽府发〔2022〕4号", "2022年1月18日", "市", "辽源市"),
        ("shanxi-green-consumption-plan.pdf", "促进绿色消费实施方案",
         ["山西省发展和改革委员会", "山西省工业和信息化厅", "山西省住房和城乡建设厅", "山西省商务厅", "山西省市场监督管理局",
          "山西省机关事务管理局"], "晋发改就业发〔2022〕197号", "2022年5月23日", "省", "山西省"),
    ],
)
def test_the_five_pdfs_identity(name, title, issuers, doc_no, date, level, place):
    needs(EXTRA)
    m = doc(EXTRA / name).meta
    assert m.title.value == title
    assert m.issuers == issuers
    assert (m.doc_no.value if m.doc_no else None) == doc_no
    assert m.date.value == date and m.level == level and m.place.name == place
    text = doc(EXTRA / name).text
    for f in (m.title, m.issuer, m.date, m.doc_no):
        if f is not None:
            assert f.quote in text  # a meta answer can cite it verbatim


@pytest.mark.parametrize(
    "name, level, place, kind",
    [("nankai-carbon-peak-plan.txt", "区县", "天津市南开区", "方案"), ("national-2030-carbon-peak-action-plan.txt", "国家", "", "方案"),
     ("cpc-state-council-opinions-carbon-peak-neutrality.txt", "国家", "", "意见"),
     ("tianjin-carbon-peak-neutrality-regulations.txt", "省", "天津市", "条例"), ("shanghai-carbon-peak-plan.txt", "省", "上海市", "方案")],
)
def test_the_corpus_levels_and_places(name, level, place, kind):
    m = doc(CORPUS / name).meta
    assert (m.level, m.place.name, m.kind) == (level, place, kind)


def test_pdf_text_is_the_text_layer_whitespace_aside():
    """Quotes are cut from this text, and score.py checks them against pypdf's text layer less page numbers."""
    needs(EXTRA)
    from pypdf import PdfReader

    for path in sorted(EXTRA.glob("*.pdf")):
        layer = PAGE_NUMBER.sub("", "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))
        assert re.sub(r"\s+", "", load_text(path).text) == re.sub(r"\s+", "", layer), path.name


def test_pdf_paragraphs_and_clauses_are_clean():
    needs(EXTRA)
    for path in sorted(EXTRA.glob("*.pdf")):
        d = doc(path)
        for block in d.blocks:
            assert not NOISE.search(block.text), (path.name, block.text)
        chunks = chunk_document(d)
        tasks = [c for c in chunks if c.kind == "task"]
        assert tasks and all(c.path for c in tasks), path.name
        # wrapped lines are joined: no unit name is broken by a line break
        assert all("\n" not in u for c in tasks for u in c.owners), path.name
    title = doc(EXTRA / "tianjin-green-low-carbon-circular-economy-plan.pdf").meta.title.value
    assert "\n" not in title and title.endswith("实施方案")


def _sources_table() -> list[tuple[str, str, str]]:
    rows = []
    for line in (LIBRARY / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 6 and cells[1].endswith(".pdf"):
            rows.append((cells[1], cells[2], cells[3]))
    return rows


_LEVELS = {"national": "国家", "ministry": "部委", "province": "省", "city": "市", "district": "区县"}


def _organ(name: str) -> str:
    name = re.sub(r"[（(][^（）()]*[）)]|\s+", "", name)
    name = re.sub(r"^中共(.+?)委员会", r"\1党委", name)
    for long, short in (("发展和改革委员会", "发展改革委"), ("住房和城乡建设", "住房城乡建设"), ("人民政府", "政府")):
        name = name.replace(long, short)
    return name


def _agrees(mine: list[str], theirs: str) -> bool:
    if theirs == "—":
        return not mine
    want = _organ(re.split(r"[、，,]|等", theirs)[0])
    return any(m == want or (min(len(m), len(want)) >= 3 and (m in want or want in m)) for m in map(_organ, mine))


def test_library_levels_and_issuers_agree_with_its_sources():
    """The 121 real PDFs: level and issuer read from the header agree with SOURCES.md for at least 95%."""
    needs(LIBRARY)
    rows = _sources_table()
    level_off, issuer_off = [], []
    for name, level, issuer in rows:
        m = doc(LIBRARY / name).meta
        if m.level != _LEVELS[level]:
            level_off.append(f"{name}: level {m.level} (SOURCES.md: {level})")
        if not _agrees(m.issuers, issuer):
            issuer_off.append(f"{name}: issuers {m.issuers} (SOURCES.md: {issuer})")
    print("\n".join(["level disagreements:", *level_off, "issuer disagreements:", *issuer_off]))
    assert len(rows) >= 120
    assert len(level_off) <= 0.05 * len(rows) and len(issuer_off) <= 0.05 * len(rows), level_off + issuer_off


def test_places_named_in_titles_and_issuers():
    assert place_in("天津市南开区人民政府").name == "天津市南开区"
    assert place_in("辽源市加快建立健全绿色低碳循环发展经济体系实施方案").name == "辽源市"
    assert place_in("宁夏回族自治区人民政府").name == "宁夏回族自治区"
    assert place_in("省政府办公厅关于江苏省“十四五”全社会节能的实施意见").name == "江苏省"
    assert place_in("临沂市推进绿色低碳县城建设实施方案").name == "临沂市"  # 县城 is a topic, not a county
    assert place_in("促进绿色消费实施方案").name == ""
    assert squeeze("到 2025 年，达到 100 万辆") == "到2025年，达到100万辆"
