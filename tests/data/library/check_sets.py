"""Checks the library question sets against the text layers they are scored on.

Run from anywhere:  python tests/data/library/check_sets.py
Exit status 1 when any problem is found.

Sets and the file each one is scored against:
  library/<stem>.jsonl      -> library/<stem>.txt   (text layer of corpus-extra/<stem>.pdf)
  library/nankai-cross.jsonl -> corpus/nankai-carbon-peak-plan.txt
  library/refuse.jsonl       -> (no gold lines)
  library/full/<stem>.jsonl -> library/full/<stem>.txt (text layer of shared/library/<stem>.pdf)

Checks (the scorer's rules, see shared/eval/score.py):
  * every gold line index is in range and names a non-blank line;
  * owner: each department occurs in the file with whitespace removed (the
    scorer's "foreign department" check), and also inside the gold lines, in
    the order given; the last gold line closes an annotation;
  * target/general (and owner with expect): each expect occurs in the gold
    lines, whitespace ignored; meta: each expect occurs in the file;
  * reverse: the unit stands unbroken (exact substring) on each gold line, and
    the number of owner annotations naming it equals the number of gold lines;
  * anchors are prefixes of their gold lines;
  * refuse items carry no lines or departments.
Then prints counts by kind and by names_doc.
"""
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
NANKAI = os.path.join(ROOT, "corpus", "nankai-carbon-peak-plan.txt")
KINDS = {"owner", "target", "general", "reverse", "meta", "overview", "refuse", "chat"}


def norm(s):
    return re.sub(r"\s+", "", s or "")


def source_for(set_path):
    stem = os.path.splitext(os.path.basename(set_path))[0]
    if stem == "nankai-cross":
        return NANKAI
    if stem == "refuse":
        return None
    return os.path.join(os.path.dirname(set_path), stem + ".txt")


PAGE_MARK = re.compile(r"^\s*[―\-—–]\s*\d{1,3}\s*[―\-—–]\s*$")
BARE = re.compile(r"[（(]([^（）()]{2,})[）)]\s*$")
UNIT_END = re.compile(r"(局|委|办|处|部|中心|会|厅|院|校|联|政府|部门|分局|集团|公司)$")
ANN = re.compile(
    r"[（(\[［〔](?:(?![（）()\[\]［］〔〕]).|[（(〈][^（）()]*[）)〉])*?(?:负责|责任单位|牵头单位)"
    r"(?:(?![（）()\[\]［］〔〕]).|[（(〈][^（）()]*[）)〉])*?[）)\]］〕]"
)


def annotations(text):
    """Owner annotations of a text, whitespace removed: [(first line, last line, text)]."""
    chars, lno = [], []
    for i, l in enumerate(text.split("\n"), 1):
        if PAGE_MARK.match(l):  # "― 8 ―" page footers that the scorer keeps
            continue
        for c in l:
            if not c.isspace():
                chars.append(c)
                lno.append(i)
    n = "".join(chars)
    found = [(lno[m.start()], lno[m.end() - 1], m.group()) for m in ANN.finditer(n)]
    # bare unit lists closing a paragraph, as in the Nankai plan: "...。(区商务局、区科技局)"
    for i, l in enumerate(text.split("\n"), 1):
        m = BARE.search(l)
        if m and all(UNIT_END.search(p) for p in re.split(r"[、，,]", m.group(1)) if p):
            if not any(a <= i <= b for a, b, _ in found):
                found.append((i, i, norm(m.group(0))))
    return sorted(found)


NOTE = re.compile(r"[；;，,]?(两省市列首位的为牵头单位|逗号前为牵头单位|列首位的为牵头单位)?[，,]?下同$")


def annotation_units(ann):
    """Units named in one owner annotation (heuristic; used for warnings only)."""
    s = ann[1:-1]
    s = re.sub(r"〈[^〉]*〉", "", s)
    s = NOTE.sub("", s)
    s = re.sub(r"以下均需.*$", "", s)
    s = re.sub(r"(牵头单位|配合单位|责任单位)[:：]", "、", s)
    s = re.sub(r"(按职责分工负责|按职能分工负责|按职责分工负|负责落实|牵头负责|负责)", "、", s)
    s = re.sub(r"等(部门和|相关部门|部门|有关部门|行业主管部门)", "、", s)
    s = s.replace("牵头", "、")
    out = []
    for p in re.split(r"[、，,；;]", s):
        p = re.sub(r"等$", "", p)
        if p:
            out.append(p)
    return out


def check_turn(t, lines, text_norm, anns, where, errs, warns):
    kind = t.get("kind")
    if kind not in KINDS - {"chat"}:
        errs.append(f"{where}: bad kind {kind!r}")
        return
    if not t.get("q"):
        errs.append(f"{where}: no question")
    gl = t.get("lines") or []
    if kind == "refuse":
        if gl or t.get("departments"):
            errs.append(f"{where}: refuse item carries lines/departments")
        return
    if kind in ("owner", "target", "general", "reverse") and not gl:
        errs.append(f"{where}: no gold lines")
    for i in gl:
        if not isinstance(i, int) or not 1 <= i <= len(lines):
            errs.append(f"{where}: line {i} out of range 1..{len(lines)}")
            return
        if not lines[i - 1].strip():
            errs.append(f"{where}: line {i} is blank")
    gold_norm = norm("".join(lines[i - 1] for i in gl))
    if kind == "owner":
        deps = t.get("departments") or []
        if not deps:
            errs.append(f"{where}: owner without departments")
        if len(set(deps)) != len(deps):
            errs.append(f"{where}: duplicate departments {deps}")
        pos = -1
        for d in deps:
            if norm(d) not in text_norm:
                errs.append(f"{where}: department {d!r} not in the file (scorer's foreign check)")
            p = gold_norm.find(norm(d), pos + 1)
            if p < 0:
                errs.append(f"{where}: department {d!r} not in the gold lines after the previous one")
            else:
                pos = p
        if gl and not re.search(r"[）)\]］〕]", lines[gl[-1] - 1]):
            errs.append(f"{where}: last gold line {gl[-1]} closes no annotation")
        closing = [a for a in anns if gl and a[1] == gl[-1] and a[0] >= gl[0]]
        if gl and not closing:
            warns.append(f"{where}: no annotation ends on the last gold line {gl[-1]}")
        elif closing:
            got = annotation_units(closing[-1][2])
            if [norm(d) for d in deps] != got:
                warns.append(f"{where}: departments {deps} differ from the closing annotation's units {got}")
    if kind in ("owner", "target", "general"):
        for e in t.get("expect") or []:
            if norm(e) not in gold_norm:
                errs.append(f"{where}: expect {e!r} not in gold lines {gl}")
        if kind != "owner" and not t.get("expect"):
            errs.append(f"{where}: {kind} without expect")
    if kind in ("meta", "overview"):
        if not t.get("expect"):
            errs.append(f"{where}: {kind} without expect")
        for e in t.get("expect") or []:
            if norm(e) not in text_norm:
                errs.append(f"{where}: expect {e!r} not in the file")
    if kind == "reverse":
        dept = t.get("dept")
        if not dept:
            errs.append(f"{where}: reverse without dept")
            return
        for i in gl:
            if dept not in lines[i - 1]:
                errs.append(f"{where}: {dept!r} does not stand unbroken on line {i}")
        named = [a for a in anns if dept in a[2]]
        if len(named) != len(gl):
            errs.append(f"{where}: {dept!r} is named in {len(named)} annotations "
                        f"(lines {[(a[0], a[1]) for a in named]}) but gold has {len(gl)} lines")
        for a in named:
            if not any(a[0] <= i <= a[1] for i in gl):
                errs.append(f"{where}: annotation at lines {a[0]}-{a[1]} names {dept!r} but no gold line is in it")
    anchors = t.get("anchors") or []
    for a, i in zip(anchors, gl):
        if not norm(lines[i - 1]).startswith(norm(a)):
            errs.append(f"{where}: anchor {a!r} is not the start of line {i}")


def main():
    sets = sorted(glob.glob(os.path.join(HERE, "*.jsonl"))) + sorted(glob.glob(os.path.join(HERE, "full", "*.jsonl")))
    errs = []
    warns = []
    total = collections.Counter()
    total_nd = collections.Counter()
    ids = set()
    print(f"{'set':60s} items  kinds (turns)                               names_doc T/F")
    for sp in sets:
        src = source_for(sp)
        if src is not None and not os.path.isfile(src):
            errs.append(f"{sp}: source {src} missing")
            continue
        text = open(src, encoding="utf-8").read() if src else ""
        lines = text.split("\n")
        text_norm = norm(text)
        anns = annotations(text) if src else []
        kinds = collections.Counter()
        nd = collections.Counter()
        n = 0
        for ln, raw in enumerate(open(sp, encoding="utf-8"), 1):
            if not raw.strip():
                continue
            n += 1
            where = f"{os.path.relpath(sp, HERE)}:{ln}"
            try:
                it = json.loads(raw)
            except json.JSONDecodeError as e:
                errs.append(f"{where}: bad JSON {e}")
                continue
            if it.get("id") in ids:
                errs.append(f"{where}: duplicate id {it.get('id')}")
            ids.add(it.get("id"))
            if not isinstance(it.get("names_doc"), bool):
                errs.append(f"{where}: names_doc missing or not a bool")
            nd[it.get("names_doc")] += 1
            if it.get("kind") == "chat":
                kinds["chat"] += 1
                turns = it.get("turns") or []
                if len(turns) < 2:
                    errs.append(f"{where}: chat with fewer than 2 turns")
                for k, t in enumerate(turns):
                    kinds[t.get("kind")] += 1
                    check_turn(t, lines, text_norm, anns, f"{where} turn {k}", errs, warns)
            else:
                kinds[it.get("kind")] += 1
                check_turn(it, lines, text_norm, anns, where, errs, warns)
        total.update(kinds)
        total_nd.update(nd)
        ks = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        print(f"{os.path.relpath(sp, HERE):60s} {n:5d}  {ks:45s} {nd[True]}/{nd[False]}")
    print()
    print("total items:", sum(total_nd.values()))
    print("by kind (chat turns counted under their own kind too):", dict(sorted(total.items())))
    print("names_doc: true", total_nd[True], "false", total_nd[False])
    if warns:
        print(f"\n{len(warns)} warning(s) (heuristic annotation parse; review by hand):")
        for w in warns:
            print("  " + w)
    if errs:
        print(f"\n{len(errs)} problem(s):")
        for e in errs:
            print("  " + e)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
