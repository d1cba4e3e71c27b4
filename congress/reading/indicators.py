"""What one past-term result clause says, in the fields of an Indicator: name, unit, target, actual.

A report writes a result in a handful of shapes, and each shape says which words are which:

- "NAME đạt a/b UNIT" ("trường đạt chuẩn quốc gia mức độ 2 đạt 5/4 trường"): a achieved of a
  target b, counted in UNIT; and "a/b UNIT [đều] WHAT" ("4/4 phường đều hoàn thành về đích …"):
  the UNIT that did WHAT is the name. A closing "đạt 125%" is the ratio of the two, not a fact.
- "NAME giảm còn A% … (B%)": A is the actual, B in brackets after "chỉ tiêu" the target, and
  "giảm" says lower is better (a poverty rate).
- "NAME [đã hoàn thành] đạt A% chỉ tiêu WHAT": A per cent of the plan, so the target is 100 % and
  the words are kept as the result; WHAT names NAME in full when it repeats it ("thu ngân sách"
  … "chỉ tiêu tổng thu ngân sách nhà nước" gives "thu ngân sách nhà nước").
- no number at all: "hoàn thành sớm, vượt mức các chỉ tiêu về X" and "NAME đều vượt chỉ tiêu …"
  are a verdict on the named indicators: the verdict is the result, its verb the status.
- "giai đoạn 2021-2025" or "nhiệm kỳ 2020-2025" inside the clause is the period it covers.

Values stay as written ("0,2", "5"); names keep their words, from the clause itself. A clause in
no such shape keeps only its text, for the clerk.
"""

import re

from congress.reading.text import NUMBER

_PERIOD_RE = re.compile(r"(?:giai đoạn|nhiệm kỳ)\s*((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", re.IGNORECASE)
_FRACTION_RE = re.compile(r"(?<![\d/.,])(?P<met>\d+)/(?P<total>\d+)(?![\d/])\s+(?P<unit>chỉ tiêu|tiêu chí|[^\W\d_]+)")
_TARGET_UNITS = ("chỉ tiêu", "tiêu chí")
_ACHIEVE_TAIL_RE = re.compile(rf"\s*,?\s+đạt\s+(?:{NUMBER})\s*%\s*$")
_ACHIEVE_END_RE = re.compile(r"\s*,?\s*(?:đã\s+)?(?:đạt(?: và vượt| được)?|vượt)\s*$")
_VERDICT_VERB = r"(?:không đạt|chưa đạt|chưa hoàn thành|hoàn thành|đạt|vượt)"
_NAMED_AFTER_RE = re.compile(
    rf"^(?P<result>(?:đã\s+)?{_VERDICT_VERB}[^;]*?)\s+(?P<name>(?:các|hầu hết các|toàn bộ các)\s+chỉ tiêu\b.*)$"
)
_NAMED_BEFORE_RE = re.compile(rf"^(?P<name>[^\d]+?)\s+(?P<result>(?:đều\s+|đã\s+)*{_VERDICT_VERB}\b.*)$")
_VALUE_RE = re.compile(
    rf"^(?P<name>.+?)\s+(?:đã\s+)?(?:hoàn thành\s+)?(?P<verb>giảm còn|giảm xuống|giảm|tăng lên|tăng|đạt|còn|lên)"
    rf"\s+(?P<actual>{NUMBER})\s*(?P<unit>%(?:/năm)?|(?:tỷ|triệu|nghìn)\s+đồng(?:/[^\s,;]+)?)"
)
_OF_PLAN_RE = re.compile(r"^\s*(?:chỉ tiêu|kế hoạch)\s+(?P<what>[^;(]*)")
_TARGET_RE = re.compile(rf"(?:chỉ tiêu|kế hoạch)\s*\(\s*(?P<target>{NUMBER})\s*%?\s*\)")


def indicator_details(clause: str, written: str) -> dict:
    """The Indicator fields a result clause states (clause: the working copy; written: as written)."""
    details: dict = {}
    if period := _PERIOD_RE.search(clause):
        details["period_start"], details["period_end"] = int(period[1]), int(period[2])
    if fraction := _FRACTION_RE.search(clause):
        details.update(_fraction(clause, written, fraction))
    elif value := _VALUE_RE.match(clause):
        details.update(_value(clause, written, value))
    elif not re.search(r"\d", clause):
        details.update(_verdict(clause, written))
    return details


def _fraction(clause, written, match):
    unit = written[match.start("unit") : match.end("unit")]
    details = {"unit": unit, "actual": match["met"], "target": match["total"]}
    counts_targets = match["unit"] in _TARGET_UNITS
    before = clause[: match.start()]
    achieved = _ACHIEVE_END_RE.search(before)
    if achieved and not counts_targets:
        # "trường đạt chuẩn quốc gia mức độ 2 đạt 5/4 trường": the words before "đạt", in their clause.
        start = before.rfind(",", 0, achieved.start()) + 1
        name = written[start : achieved.start()].strip()
        if len(name.split()) >= 2:
            details["name"] = name
            return details
    rest = clause[match.end() :]
    start = match.end() + len(rest) - len(rest.lstrip())
    if rest.lstrip().startswith("đều "):
        start += len("đều ")
    if counts_targets:
        # "15/15 chỉ tiêu chủ yếu … đạt và vượt kế hoạch": the targets named, then the verdict on them.
        verdict = re.search(rf"\s(?:đều\s+)?{_VERDICT_VERB}\b", clause[match.end() :])
        end = match.end() + verdict.start() if verdict else len(clause)
        if verdict:
            details["result"] = written[end:].strip(" ,")
            details["status"] = "exceeded" if "vượt" in clause[end:] else "met"
    else:
        tail = _ACHIEVE_TAIL_RE.search(rest)
        end = match.end() + (tail.start() if tail else len(rest))
    words = written[start:end].strip(" ,") if start < end else ""
    details["name"] = f"{unit} {words}".strip()
    return details


def _value(clause, written, match):
    details = {"name": written[: match.end("name")].strip(), "actual": match["actual"], "unit": match["unit"]}
    if match["verb"].startswith("giảm"):
        details["direction"] = "lower"
    if target := _TARGET_RE.search(clause, match.end()):
        details["target"] = target["target"]
    elif match["verb"] == "đạt" and match["unit"] == "%" and (plan := _OF_PLAN_RE.match(clause[match.end() :])):
        # "đạt 100% chỉ tiêu": a share of the plan, whose target is the whole of it.
        details["target"] = "100"
        details["result"] = written[match.start("verb") :].strip(" ,.")
        what = _PERIOD_RE.sub("", plan["what"]).strip(" ,")
        name = details["name"].lower()
        at = what.lower().find(name)
        if name and at >= 0:
            offset = match.end() + plan.start("what") + at
            details["name"] = written[offset : offset + len(what) - at].strip(" ,")
    return details


def _verdict(clause, written):
    match = _NAMED_AFTER_RE.match(clause) or _NAMED_BEFORE_RE.match(clause)
    if match is None:
        return {}
    result = match["result"]
    if re.search(r"không đạt|chưa đạt|chưa hoàn thành", result):
        status = "not_met"
    elif "vượt" in result:
        status = "exceeded"
    else:
        status = "met"
    return {
        "name": written[match.start("name") : match.end("name")].strip(" ,"),
        "result": written[match.start("result") : match.end("result")].strip(" ,"),
        "status": status,
    }
