"""Judge the assistant on labelled question sets: pass rate (shared/eval/score.py), kinds, refusals.

A set is JSON lines in shared/eval's form; chat items are asked turn by turn
with the assistant's own earlier answers as history, as score.py does. The
confusion matrix sets each question's labelled kind against the kind the
answer came back as ("refuse" when it found nothing); a fact question is
labelled and answered as "general".
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ingest.settings import PROJECT_ROOT

KINDS = ("owner", "target", "general", "reverse", "meta", "overview", "refuse")
_SAME = {"fact": "general", "basis": "general"}


@dataclass
class Tally:
    confusion: Counter = field(default_factory=Counter)  # (labelled, answered) -> count
    answerable: int = 0
    refusals: int = 0
    false_refusals: list[str] = field(default_factory=list)
    false_answers: list[str] = field(default_factory=list)

    def add(self, label: str, answer: dict, question: str) -> None:
        answered = "refuse" if answer.get("found") is False else _SAME.get(answer.get("kind", ""), answer.get("kind", ""))
        self.confusion[(label, answered)] += 1
        if label == "refuse":
            self.refusals += 1
            if answer.get("found") is not False:
                self.false_answers.append(question)
        else:
            self.answerable += 1
            if answer.get("found") is False:
                self.false_refusals.append(question)

    def report(self) -> str:
        width = 9
        lines = ["labelled \\ answered".ljust(20) + "".join(k[:width].rjust(width) for k in KINDS)]
        for label in KINDS:
            row = [self.confusion[(label, k)] for k in KINDS]
            if sum(row):
                lines.append(label.ljust(20) + "".join(str(n).rjust(width) for n in row))
        fr = len(self.false_refusals) / max(self.answerable, 1)
        fa = len(self.false_answers) / max(self.refusals, 1)
        lines.append(f"false refusals {len(self.false_refusals)}/{self.answerable} = {fr:.1%}; "
                     f"false answers {len(self.false_answers)}/{self.refusals} = {fa:.1%}")
        return "\n".join(lines)


def tally(assistant, paths: list[Path]) -> Tally:
    """Ask every question of the sets in process and count kinds and refusals."""
    result = Tally()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            history: list[tuple[str, str]] = []
            for turn in item.get("turns") or [item]:
                answer = assistant.ask(turn["q"], history)
                result.add(turn["kind"], answer.to_json(), turn["q"])
                history.append((turn["q"], answer.answer))
    return result


def score(question_set: Path, corpus_file: Path, sources: Path | None = None) -> dict:
    """shared/eval/score.py on one set through `policyqa batch`."""
    script = PROJECT_ROOT.parent / "shared" / "eval" / "score.py"
    command = [sys.executable, str(script), str(question_set), str(corpus_file), "--json",
               "--cmd", f"{sys.executable} -m cli batch"] + (["--sources", str(sources)] if sources else [])
    proc = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])
