"""People at the congress: who directed it, who came as a guest, who spoke, presided, was elected
or appointed, and to what post.

A role comes from the verb after the person's title ("… dự và chỉ đạo đại hội", "… trình bày
báo cáo chính trị", "… được chỉ định làm Bí thư Đảng ủy phường"), else from the words that open
the sentence or the list ("Cùng dự có …", "Về dự và chỉ đạo đại hội có các đồng chí: …",
"Phát biểu tại đại hội, ông …"), the last such words before the name winning. "Phát biểu chỉ
đạo" is directing and speaking. One entry per person and role, the first mention's title kept;
someone who directs the congress is not listed again as its guest. A person named with no role
at the congress ("như phát biểu của đồng chí Tổng Bí thư Tô Lâm") is a mention, not a person at
the congress. A title is the title the sentence gives; an appointed or elected person named
without one gets the post as title.
"""

import re

from congress.reading.names import TITLE_START_RE, Found, clause_end, find_names, places_named
from congress.reading.proposals import ElectionProposal, PersonProposal, PostProposal
from congress.reading.text import NUMBER, Sentence, key

MENTIONED = "mentioned"

_ADVERBS = r"(?:(?:đã|cũng|đều|vừa|sẽ|tiếp tục|lần lượt|về|tới|đến|cùng)\s+)*"
_DIRECTING_RE = re.compile(
    r"phát biểu chỉ đạo|dự(?:,| và)\s+(?:phát biểu\s+)?chỉ đạo"
    r"|(?<!lãnh đạo, )(?<!lãnh đạo và )chỉ đạo\s+(?:tại\s+)?đại hội",
    re.IGNORECASE,
)
_SPEAKING_START_RE = re.compile(
    rf"^\s*,?\s*{_ADVERBS}(?:phát biểu(?! của)|trình bày"
    r"|đọc\s+(?:diễn văn|báo cáo|tham luận|lời|quyết định|nghị quyết)"
    r"|cho biết|cho rằng|nhấn mạnh|đánh giá|khẳng định|đề nghị|yêu cầu|gợi mở|chia sẻ|phát động|quán triệt"
    r"|lưu ý|mong muốn|ghi nhận|biểu dương|nêu rõ|thông tin|báo cáo)",
    re.IGNORECASE,
)
_SPEAKING_ANY_RE = re.compile(
    r"phát biểu (?:chỉ đạo|khai mạc|bế mạc|tại|tham luận|ý kiến|bế)|trình bày|đọc diễn văn", re.IGNORECASE
)
_GUEST_RE = re.compile(
    r"(?<![^\W\d_])(?:(?:tham|cùng|đến|tới|về)\s+)?dự(?![^\W\d_])(?!\s+(?:và|,)\s+(?:phát biểu\s+)?chỉ đạo)"
    r"(?!\s+(?:án|thảo|toán|kiến|ước|báo|phòng|bị|khuyết)(?![^\W\d_]))|còn đón|đại hội đón|vinh dự đón|có mặt"
    r"|cùng đi|sự hiện diện|tặng hoa",
    re.IGNORECASE,
)
_LEAD_DIRECTING_RE = re.compile(r"dự(?:,| và)\s+(?:phát biểu\s+)?chỉ đạo|sự chỉ đạo của", re.IGNORECASE)
_LEAD_PRESIDING_RE = re.compile(r"Đoàn Chủ tịch[^.;]*?gồm|chủ trì", re.IGNORECASE)
_LEAD_SPEAKING_RE = re.compile(
    r"^\s*(?:(?:Phát biểu|Trình bày|Đọc)[^;]*?,\s*|Theo\s+)(?:(?:đồng chí|ông|bà)\s+)?$", re.IGNORECASE
)
_PRESIDING_RE = re.compile(rf"^\s*,?\s*{_ADVERBS}(?:chủ trì|điều hành)", re.IGNORECASE)
_POST_RE = re.compile(
    rf"^\s*,?\s*{_ADVERBS}"
    r"(?P<verb>(?:được\s+)?(?:(?:chỉ định|bầu|tái cử|cử)\s+)?(?:làm|giữ chức(?:\s+vụ)?|giữ)"
    r"|được\s+(?:chỉ định|bầu)(?=\s+(?:là|vào)\s)|là)\s+(?P<post>[^;]+)",
    re.IGNORECASE,
)
_ASIDE_RE = re.compile(r"\s*,\s*(?:trước đây|trước đó|từng|vốn|hiện)[^,;]*,")
_ELECTED_RE = re.compile(r"bầu|trúng cử|tái cử|đắc cử", re.IGNORECASE)
# "tái đắc cử Bí thư Đảng ủy xã với 98,2% số phiếu": the post straight after the verb of a vote.
_ELECTED_POST_RE = re.compile(
    rf"^\s*,?\s*{_ADVERBS}(?:được\s+)?(?:tái đắc cử|đắc cử|trúng cử|tái cử)\s+(?:chức\s+(?:vụ\s+)?)?(?P<post>[^;]+)",
    re.IGNORECASE,
)
_APPOINTED_RE = re.compile(r"chỉ định|quyết định|bổ nhiệm|phân công", re.IGNORECASE)
_POST_END_RE = re.compile(
    r",?\s+(?:nhiệm kỳ|khóa\s|thay\s|từ\s|kể từ|với\s|theo\s)|\s+\(|,\s+(?!(?:Phó |Chủ |Bí |Trưởng |Ủy ))"
)
_SHARE_RE = re.compile(rf"(?:với|đạt)\s+(?:tỷ lệ\s+)?(?P<share>{NUMBER}\s*%)(?:\s+số phiếu)?")
_ELECTED_BODY_RE = re.compile(
    r"(?:tái đắc cử|đắc cử|trúng cử|tái cử|được bầu|bầu)\s+(?:vào\s+|làm\s+|giữ chức\s+)?(?P<body>[^,;.]*?)\s+(?:với|đạt)\s"
)


def read_people(sentences: list[Sentence], original: str, working: str, said=None):
    """
    People with roles, posts, elections and mentions, in the order the text names them. `said`,
    when given, gets the spans of every sentence in which each person speaks, by identity key.
    """
    places = places_named(working)
    known: dict[str, str] = {}
    people, posts, elections, mentions = [], [], [], []
    said = {} if said is None else said
    for sentence in sentences:
        text = working[sentence.start : sentence.end]
        as_written = original[sentence.start : sentence.end]
        for found in find_names(text, as_written, places, known):
            known.setdefault(key(found.name), found.name)
            span = sentence.span
            roles, post = _roles(text, as_written, found)
            if post is not None:
                posts.append(PostProposal(found.name, post[0], post[1], span))
                title = found.title or post[0]
            else:
                title = found.title
            for role in roles:
                people.append(PersonProposal(found.name, title, role, span))
            if "speaking" in roles:
                said.setdefault(key(found.name), []).append(span)
            if not roles:
                mentions.append(PersonProposal(found.name, title or "", MENTIONED, span))
            if "elected" in roles and (share := _SHARE_RE.search(text, found.region_end)):
                body = _ELECTED_BODY_RE.search(text, found.region_end)
                elections.append(
                    ElectionProposal(found.name, body["body"].strip() if body else "", share["share"], span)
                )
    people = _unique_people(people)
    at_congress = {key(person.name) for person in people}
    mentions = [m for m in _unique(mentions, ("name",)) if key(m.name) not in at_congress]
    return people, _unique(posts, ("name", "post")), elections, mentions


def _roles(text: str, as_written: str, found: Found) -> tuple[list[str], tuple[str, str] | None]:
    end = clause_end(text, found.region_end)
    # ", trước đây là Chủ tịch UBND huyện, được chỉ định …": a former post is an aside.
    base = found.region_end
    if aside := _ASIDE_RE.match(text, base, end):
        base = aside.end()
    predicate = text[base:end]
    lead = text[: found.region_start]
    roles = []
    post = None
    if match := _POST_RE.match(predicate):
        verb = match["verb"].lower()
        appointment = bool(_APPOINTED_RE.search(text)) or bool(_ELECTED_RE.search(text))
        if verb != "là" or (appointment and found.anchor in ("honorific", "known")):
            how = "elected" if _ELECTED_RE.search(verb) else "appointed"
            if how == "appointed" and "chỉ định" not in verb and _ELECTED_RE.search(lead + verb):
                how = "elected"
            written = _post(base, match, as_written)
            if written:
                post = (written, how)
                roles.append(how)
    if post is None and (match := _ELECTED_POST_RE.match(predicate)) and TITLE_START_RE.match(match["post"]):
        if written := _post(base, match, as_written):
            post = (written, "elected")
            roles.append("elected")
    if not roles and re.match(
        rf"^\s*,?\s*{_ADVERBS}(?:được\s+)?(?:bầu|trúng cử|tái cử|tái đắc cử|đắc cử)", predicate, re.IGNORECASE
    ):
        roles.append("elected")
    if _DIRECTING_RE.search(predicate):
        roles.append("directing")
    if (
        _SPEAKING_START_RE.match(predicate)
        or _SPEAKING_ANY_RE.search(predicate)
        or _LEAD_SPEAKING_RE.match(lead)
    ):
        roles.append("speaking")
        if _LEAD_SPEAKING_RE.match(lead) and "chỉ đạo" in lead.lower() and "directing" not in roles:
            roles.append("directing")
    if _PRESIDING_RE.match(predicate):
        roles.append("presiding")
    if not roles and _GUEST_RE.search(predicate):
        roles.append("guest")
    if not roles:
        roles.extend(_lead_role(lead))
    return roles, post


def _lead_role(lead: str) -> list[str]:
    """The role the words before a name give: the last cue wins."""
    cues = []
    for role, pattern in (
        ("directing", _LEAD_DIRECTING_RE),
        ("guest", _GUEST_RE),
        ("presiding", _LEAD_PRESIDING_RE),
    ):
        for match in pattern.finditer(lead):
            cues.append(
                (match.end(), role == "guest" and bool(_LEAD_DIRECTING_RE.match(lead, match.start())), role)
            )
    if not cues:
        return []
    cues.sort()
    return [cues[-1][2]]


def _post(base: int, match, as_written: str) -> str:
    """The post as written after "làm", "giữ chức", "là": up to the term or a new clause."""
    start = base + match.start("post")
    post_text = match["post"]
    end = len(post_text)
    if cut := _POST_END_RE.search(post_text):
        end = cut.start()
    return as_written[start : start + end].strip(" ,.")


def _unique(items, fields):
    seen = set()
    kept = []
    for item in items:
        identity = tuple(key(getattr(item, name) or "") for name in fields)
        if identity not in seen:
            seen.add(identity)
            kept.append(item)
    return kept


def _unique_people(people: list[PersonProposal]) -> list[PersonProposal]:
    kept = _unique(people, ("name", "role"))
    directing = {key(p.name) for p in kept if p.role == "directing"}
    return [p for p in kept if not (p.role == "guest" and key(p.name) in directing)]
