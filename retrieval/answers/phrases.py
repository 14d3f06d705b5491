"""The framing words of an answer, in Chinese and in English; quotes are never translated."""
from __future__ import annotations

_PHRASES: dict[str, tuple[str, str]] = {
    "owners": ("该项工作属于{doc}「{section}」，责任单位（{n} 个）：{units}{lead}", "This task is in {doc}, {section}. Responsible units ({n}): {units}{lead}"),
    "lead": ("，其中 {units} 牵头", "; lead: {units}"),
    "no_owners": ("{doc}「{section}」对此有规定，但该条文没有列明责任单位", "{doc}, {section}, covers this but names no responsible unit"),
    "actors": ("{doc}「{section}」没有列明责任单位；条文写明由 {units} 承担此事", "{doc}, {section}, lists no responsible units; the clause has {units} do this"),
    "vets": ("据{doc}「{section}」，由 {units} {act}（该项任务的责任单位为 {owners}）", "According to {doc}, {section}, {units} does this ({act}); the task's responsible units are {owners}"),
    "task_owners": ("该项任务的责任单位：{units}。", "Responsible units of this task: {units}."),
    "figures": ("{doc}「{section}」中的这些数字：", "These figures in {doc}, {section}:"),
    "targets": ("{doc}「{section}」中的目标：", "Targets in {doc}, {section}:"),
    "quote": ("原文", "Original text"),
    "defines": ("{doc}「{section}」引入「{term}」这一称谓的原文：", "{doc}, {section}, introduces 「{term}」 here:"),
    "according": ("据{doc}「{section}」：", "According to {doc}, {section}:"),
    "meta": ("{doc}的{field}：**{value}**", "The {field} of {doc}: **{value}**"),
    "meta_unheld": ("文件库中没有收录{doc}，无法给出它的{field}。", "The library does not hold {doc}, so its {field} is not known."),
    "meta_missing": ("{doc}中没有载明{field}。", "{doc} does not state its {field}."),
    "list_nth": ("{doc}{where}下的第 {k} 项：", "Item {k} of {doc}{where}:"),
    "named_items": ("{doc}中提到「{word}」的共 {n} 处：", "{doc} names 「{word}」 in {n} places:"),
    "part_of": ("{doc}中，{part}在{root}之下。", "In {doc}, {part} stands under {root}."),
    "list": ("{doc}{where}包括以下 {n} 项：", "{doc}{where} has these {n} items:"),
    "articles": ("全文共 {n} 条（{first}至{last}）。", "{n} articles in all ({first} to {last})."),
    "reverse": ("**{unit}** 在{doc}中列为责任单位的任务共 {n} 项：", "**{unit}** is named on {n} tasks in {doc}:"),
    "reverse_topic": ("**{unit}** 在{doc}中列为责任单位、与「{topic}」有关的任务共 {n} 项：",
                      "**{unit}** is named on {n} tasks about 「{topic}」 in {doc}:"),
    "reverse_topic_none": ("{doc}中「{unit}」列为责任单位的任务都与「{topic}」无关。",
                           "In {doc}, none of the tasks naming 「{unit}」 is about 「{topic}」."),
    "reverse_none": ("{doc}中没有把「{unit}」列为任何任务的责任单位。", "{doc} names 「{unit}」 on no task."),
    "ambiguous": ("「{alias}」可能指 {units}，下面分别列出。", "「{alias}」 may mean {units}; each is listed."),
    "refuse": ("{where}中没有找到能回答该问题的内容。", "Nothing in {where} answers this."),
    "refuse_owner": ("{where}中没有关于该事项的任务，无法给出责任单位。", "No task in {where} covers this, so no responsible unit can be given."),
    "refuse_figure": ("{where}中没有出现「{figure}」这个数字。", "{where} prints no figure 「{figure}」."),
    "no_article": ("{doc}全文共 {n} 条（{first}至{last}），没有{article}。", "{doc} has {n} articles ({first} to {last}); there is no {article}."),
    "period": ("“{period}”时期即 {first}—{last} 年", "the “{period}” period is {first} to {last}"),
    "refuse_year": ("{where}中没有该事项{year}的目标。", "{where} sets no {year} target for this."),
    "refuse_place": ("文件库中没有{place}的文件，无法回答；库中现有{held}的文件。",
                     "The library holds no document of {place}, so this cannot be answered; it holds documents of {held}."),
    "refuse_kind": ("文件库中没有{place}的{kind}，无法回答；库中{place}的文件是{titles}。",
                    "The library holds no {kind} of {place}, so this cannot be answered; its document of {place} is {titles}."),
    "nearest": ("以下条文与问题最接近，仅供参考（并未回答该问题）：", "The nearest clauses, for reference only (they do not answer it):"),
    "also": ("**其他文件中的相关规定**", "**Other documents on this**"),
    "library": ("文件库", "the library"),
    "empty": ("文件库中还没有文件，请先导入文件。", "The library is empty; add documents first."),
    "vague": ("没能从问题中识别出要问的事项，请写明任务或指标，例如：“谁负责绿色商场创建工作？”",
              "Please name the task or target, e.g. “Who is responsible for green shopping malls?”"),
    "cited": ("引用条文", "Cited clauses"),
    "role_牵头": ("牵头", "lead"), "role_列于首位": ("列于首位", "listed first"), "role_参与": ("参与", "participant"),
    "role_配合": ("配合", "support"),
    "field_doc_no": ("文号", "document number"), "field_date": ("发布日期", "date"), "field_issuer": ("发文机关", "issuer"),
    "field_title": ("标题", "title"), "field_about": ("文件信息", "document details"),
    "about": ("据{doc}的{part}：", "According to the {part} of {doc}:"),
    "part_front": ("文件头", "front matter"), "part_back": ("文末", "end of the text"),
}


def say(key: str, english: bool = False, **values: object) -> str:
    zh, en = _PHRASES[key]
    return (en if english else zh).format(**values)


def offers_nearest(answer: str) -> bool:
    """A refusal that shows the nearest clauses: they answer nothing, so no follow-up may take one as its topic."""
    return any(phrase in answer for phrase in _PHRASES["nearest"])
