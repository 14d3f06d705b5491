"""Validates the question bank in this folder against the corpus and prints counts.

    python tests/data/bank/check_bank.py            (from the project root)

Checks every item of heldout-*.jsonl and of every tuning part in TUNES (tune-*.jsonl, tune2-*.jsonl, ...)
(chat turns included):
  * the file name names the corpus file (heldout-<doc stem>.jsonl) and every item's "doc" is that file;
  * ids are unique over both parts; kind and register are known values;
  * gold line numbers lie inside the file, anchors are the first characters of those lines;
  * owner: every department occurs in the gold lines, and the list equals, in order, the owner
    annotation that closes the task ("(...)" at the end of a Nankai task, "（责任单位：...）"
    in Shanghai's), without 牵头/配合/按职责分工负责/等; any expect occurs in the gold lines;
  * target/general: every expect occurs in the gold lines;
  * reverse: every gold line names the dept, and the gold lines are exactly the lines whose
    owner annotation names it (complete);
  * meta/overview: every expect occurs somewhere in the document;
  * refuse: no lines/departments; the terms in "absent" occur in none of the five documents,
    those in "absent_in_doc" not in the item's document;
  * a question on another document than the Nankai plan names that document (first turn of a chat);
  * no question of the tuning parts repeats a held-out one (exact or near-duplicate wording; held-out
    wording is never printed), no tuning part repeats a question of the parts written before it, and
    none repeats a question of shared/eval/dev.jsonl.
Exits 1 when an error is found; near-duplicates are printed as warnings.
"""
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CORPUS = os.path.join(ROOT, "corpus")
DEV = "/work/shared/eval/dev.jsonl"

KINDS = {"owner", "target", "general", "reverse", "meta", "overview", "refuse", "chat"}
REGISTERS = {"formal", "colloquial", "combined", "english", "followup", "list", "fact"}
DOC_NAMES = {  # words one of which a question on that document must contain
    "shanghai-carbon-peak-plan.txt": ["上海", "Shanghai"],
    "national-2030-carbon-peak-action-plan.txt": ["国务院", "State Council", "national", "2030年前碳达峰行动方案"],
    "cpc-state-council-opinions-carbon-peak-neutrality.txt": ["中央意见", "中共中央", "central opinions", "CPC"],
    "tianjin-carbon-peak-neutrality-regulations.txt": ["条例", "Tianjin regulations"],
}

errors, warnings = [], []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def norm(s):
    return re.sub(r"\s+", "", s or "")


def load_doc(name):
    return open(os.path.join(CORPUS, name), encoding="utf-8").read().split("\n")


def owner_annotation(line):
    """Units named in the owner annotation that closes a task line, or None."""
    m = re.search(r"（责任单位：(.*)）\s*$", line)
    if not m:
        m = re.search(r"\(([^()]*)\)\s*$", line)
    if not m:
        return None
    units = []
    for u in re.split(r"[、,，]", m.group(1)):
        u = u.strip()
        for suffix in ("按职责分工负责", "牵头", "配合", "等"):
            if u.endswith(suffix):
                u = u[: -len(suffix)]
        if u:
            units.append(u)
    return units


DOCS = {}
ANN = {}
for path in sorted(glob.glob(os.path.join(CORPUS, "*.txt"))):
    name = os.path.basename(path)
    DOCS[name] = load_doc(name)
    ann = {}
    if name.startswith(("nankai", "shanghai")):
        for i, l in enumerate(DOCS[name], 1):
            units = owner_annotation(l)
            if units:
                ann[i] = units
    ANN[name] = ann
ALL_TEXT = {n: norm("\n".join(L)) for n, L in DOCS.items()}


def check_lines(where, doc, spec):
    L = DOCS[doc]
    lines = spec.get("lines")
    if not lines or not all(isinstance(i, int) for i in lines):
        err(where, f"lines missing or not integers: {lines}")
        return None
    bad = [i for i in lines if not 1 <= i <= len(L)]
    if bad:
        err(where, f"lines out of range {bad} (file has {len(L)})")
        return None
    if lines != sorted(set(lines)):
        err(where, f"lines not sorted/unique: {lines}")
    anchors = spec.get("anchors")
    if anchors is not None:
        if len(anchors) != len(lines):
            err(where, "anchors and lines differ in number")
        else:
            for i, a in zip(lines, anchors):
                if not L[i - 1].startswith(a):
                    err(where, f"anchor {a!r} does not start line {i}")
    return norm("".join(L[i - 1] for i in lines))


def check_turn(where, doc, spec):
    kind = spec.get("kind")
    q = spec.get("q")
    if not q or not isinstance(q, str):
        err(where, "question missing")
    if kind not in KINDS or kind == "chat":
        err(where, f"bad kind {kind!r}")
        return
    full = ALL_TEXT[doc]
    if kind in ("owner", "target", "general", "reverse"):
        gold = check_lines(where, doc, spec)
        if gold is None:
            return
    if kind == "owner":
        deps = spec.get("departments") or []
        if not deps:
            err(where, "owner without departments")
        for d in deps:
            if norm(d) not in gold:
                err(where, f"department {d!r} not in gold lines {spec['lines']}")
        annotated = [i for i in spec["lines"] if i in ANN[doc]]
        if not annotated:
            err(where, f"gold lines {spec['lines']} hold no owner annotation")
        else:
            want = ANN[doc][annotated[-1]]
            if deps != want:
                err(where, f"departments {deps} != annotation {want} (line {annotated[-1]})")
            if len(annotated) > 1:
                err(where, f"gold lines span several tasks {annotated}")
        for e in spec.get("expect", []):
            if norm(e) not in gold:
                err(where, f"expect {e!r} not in gold lines")
    elif kind in ("target", "general"):
        exp = spec.get("expect") or []
        if not exp:
            err(where, f"{kind} without expect")
        for e in exp:
            if norm(e) not in gold:
                err(where, f"expect {e!r} not in gold lines {spec['lines']}")
    elif kind == "reverse":
        dept = spec.get("dept")
        if not dept:
            err(where, "reverse without dept")
            return
        for i in spec["lines"]:
            if dept not in DOCS[doc][i - 1]:
                err(where, f"line {i} does not name {dept!r}")
        complete = sorted(i for i, us in ANN[doc].items() if any(dept in u for u in us))
        if not complete:
            err(where, f"{dept!r} is named on no owner annotation")
        elif complete != spec["lines"]:
            err(where, f"reverse lines {spec['lines']} != annotated lines {complete}")
    elif kind in ("meta", "overview"):
        exp = spec.get("expect") or []
        if not exp:
            err(where, f"{kind} without expect")
        for e in exp:
            if norm(e) not in full:
                err(where, f"expect {e!r} not in the document")
    elif kind == "refuse":
        for k in ("lines", "departments", "dept", "expect"):
            if spec.get(k):
                err(where, f"refuse item carries {k}")
        for term in spec.get("absent", []):
            for n, t in ALL_TEXT.items():
                if norm(term) in t:
                    err(where, f"refusal term {term!r} occurs in {n}")
        for term in spec.get("absent_in_doc", []):
            if norm(term) in full:
                err(where, f"refusal term {term!r} occurs in {doc}")


def names_doc(doc, q):
    words = DOC_NAMES.get(doc)
    return words is None or any(w.lower() in q.lower() for w in words)


def bigrams(s):
    s = re.sub(r"[\s\W_]+", "", s.lower())
    return {s[i:i + 2] for i in range(len(s) - 1)}


def similar(a, b):
    A, B = bigrams(a), bigrams(b)
    return len(A & B) / max(1, len(A | B))


TUNES = ("tune", "tune2", "tune3", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9", "tune10", "tune11", "tune12", "tune13", "tune14")  # in the order they were written
PARTS = ("heldout", *TUNES)
parts = {}
seen_ids = set()
questions = collections.defaultdict(list)  # part -> [(doc, q, id)]
counts = {k: collections.Counter() for k in ("kind", "register", "register_turns", "doc", "items")}
per_part = collections.defaultdict(lambda: {k: collections.Counter() for k in ("kind", "register", "doc")})

files = sorted(path for part in PARTS for path in glob.glob(os.path.join(HERE, f"{part}-*.jsonl")))
if not files:
    sys.exit("no bank files found")
for path in files:
    base = os.path.basename(path)
    part, stem = base[:-6].split("-", 1)
    doc = stem + ".txt"
    if doc not in DOCS:
        err(base, f"names no corpus file ({doc})")
        continue
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        where = f"{base}:{n}"
        try:
            it = json.loads(line)
        except json.JSONDecodeError as e:
            err(where, f"bad JSON: {e}")
            continue
        iid = it.get("id")
        where = f"{base}:{iid}"
        if not iid or iid in seen_ids:
            err(where, "missing or duplicate id")
        seen_ids.add(iid)
        if it.get("doc") != doc:
            err(where, f"doc {it.get('doc')!r} != file's document {doc}")
        reg = it.get("register")
        if reg not in REGISTERS:
            err(where, f"bad register {reg!r}")
        kind = it.get("kind")
        if kind == "chat":
            turns = it.get("turns") or []
            if len(turns) < 2:
                err(where, "chat with fewer than 2 turns")
            if reg != "followup":
                err(where, "chat items carry register followup")
            for k, t in enumerate(turns):
                check_turn(f"{where}#{k}", doc, t)
            specs = turns
            first_q = turns[0].get("q", "") if turns else ""
        else:
            check_turn(where, doc, it)
            specs = [it]
            first_q = it.get("q", "")
        if not names_doc(doc, first_q):
            err(where, f"question does not name its document: {first_q}")
        if reg == "combined" and not (kind == "owner" and it.get("expect")):
            err(where, "combined items are owner items with expect")
        if reg == "list" and kind not in ("overview", "chat"):
            err(where, "list items are overview items")
        if reg == "fact" and kind not in ("general", "chat"):
            err(where, "fact items are general items")
        pp = per_part[part]
        counts["items"][part] += 1
        pp["register"][reg] += 1
        pp["doc"][doc] += len(specs)
        for t in specs:
            pp["kind"][t.get("kind")] += 1
            if kind == "chat":
                pp["kind"]["(chat turns)"] += 1
            questions[part].append((doc, t.get("q", ""), iid))

# tune vs held-out, and each tuning set against the ones written before it; then against dev
for doc, q, iid in (item for part in TUNES for item in questions[part]):
    for doc2, q2, iid2 in questions["heldout"]:
        if norm(q) == norm(q2):
            err(iid, f"tune question repeats held-out {iid2}: {q}")
        elif doc == doc2 and len(q) > 8 and similar(q, q2) > 0.6:
            # held-out wording is not printed
            warnings.append(f"{iid} ~ held-out {iid2} (sim {similar(q, q2):.2f}): {q}")
for i, later in enumerate(TUNES[1:], 1):
    for doc, q, iid in questions[later]:
        for part in TUNES[:i]:
            for doc2, q2, iid2 in questions[part]:
                if norm(q) == norm(q2):
                    err(iid, f"{later} question repeats {part} {iid2}: {q}")
                elif doc == doc2 and len(q) > 8 and similar(q, q2) > 0.6:
                    warnings.append(f"{iid} ~ {part} {iid2} (sim {similar(q, q2):.2f}): {q} | {q2}")
if os.path.exists(DEV):
    dev_q = []
    for l in open(DEV, encoding="utf-8"):
        if l.strip():
            o = json.loads(l)
            dev_q += [t["q"] for t in o.get("turns", [o])]
    for part in questions:
        for doc, q, iid in questions[part]:
            if any(norm(q) == norm(d) for d in dev_q):
                err(iid, f"copies a dev.jsonl question: {q}")

for part in PARTS:
    pp = per_part[part]
    total = sum(v for k, v in pp["kind"].items() if not k.startswith("("))
    print(f"== {part}: {counts['items'][part]} items, {total} questions (chat turns counted)")
    print("   by kind:    ", dict(sorted(pp["kind"].items(), key=lambda x: -x[1])))
    print("   by register:", dict(sorted(pp["register"].items(), key=lambda x: -x[1])), "(items)")
    print("   by doc:     ", dict(sorted(pp["doc"].items(), key=lambda x: -x[1])), "(questions)")
for w in warnings:
    print("WARN near-duplicate", w)
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} errors, {len(warnings)} warnings")
sys.exit(1 if errors else 0)
