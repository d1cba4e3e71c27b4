"""Titles as reports write them, read into posts: a role in a named organisation.

"Bí thư Đảng ủy - Chủ tịch HĐND phường Thiên Hương" is two posts (a combined title is two
memberships, DESIGN.md), each kept as written ("Bí thư Đảng ủy"). The organisation a post names
is completed only from the congress the report is about: a bare "Đảng ủy" in the report of the
congress of "Đảng bộ phường Thiên Hương" is that ward's Đảng ủy, a bare "Thành ủy" the city's.
Nothing else is filled in: a title whose role or organisation cannot be read gives no post.

Pure functions of text: the matching against the records is records.duplicates' job.
"""

import re
from dataclasses import dataclass

from records import vietnamese

from .names import TITLE_START_RE
from .text import working_copy

# Role heads, longest first, as search keys; the role is a records.MembershipRole value.
ROLE_HEADS = [
    ("pho bi thu thuong truc", "pho_bi_thu"),
    ("pho bi thu", "pho_bi_thu"),
    ("tong bi thu", "bi_thu"),
    ("bi thu", "bi_thu"),
    ("uy vien ban thuong vu", "uy_vien_btv"),
    ("uy vien thuong vu", "uy_vien_btv"),
    ("uy vien", "uy_vien"),
    ("pho chu tich thuong truc", "pho_chu_tich"),
    ("pho chu tich", "pho_chu_tich"),
    ("chu tich", "chu_tich"),
    ("hieu truong", "hieu_truong"),
    ("to truong", "to_truong"),
    ("pho truong ban", "khac"),
    ("truong ban", "khac"),
    ("thuong truc", "khac"),
]

# Organisation kinds by how the name starts (search keys), longest first.
KIND_HEADS = [
    ("uy ban thuong vu quoc hoi", "ubtvqh"),
    ("ban chap hanh", "ban_chap_hanh"),
    ("bch", "ban_chap_hanh"),
    ("ban thuong vu", "ban_thuong_vu"),
    ("bo chinh tri", "bo_chinh_tri"),
    ("dang bo", "dang_bo"),
    ("chi bo", "chi_bo"),
    ("dang uy", "cap_uy"),
    ("thanh uy", "cap_uy"),
    ("tinh uy", "cap_uy"),
    ("huyen uy", "cap_uy"),
    ("quan uy", "cap_uy"),
    ("hoi dong nhan dan", "hdnd"),
    ("hdnd", "hdnd"),
    ("uy ban nhan dan", "ubnd"),
    ("ubnd", "ubnd"),
    ("truong", "truong"),
    ("to cong tac", "to_cong_tac"),
]
# Kinds that live in the congress's own place when the name gives none ("Đảng ủy", "HĐND phường").
LOCAL_KINDS = {"cap_uy", "hdnd", "ubnd", "dang_bo", "ban_chap_hanh"}
PROVINCE_COMMITTEES = {"thanh uy", "tinh uy"}
PLACE_WORDS = ("phường", "xã", "thị trấn", "đặc khu")
BARE_PLACES = {"", "phuong", "xa", "thi tran", "dac khu"}
SEPARATOR = re.compile(r"\s+-\s+|(?<=\w)-(?=[A-ZÀ-Ỹ])|\s*[,;]\s+")


@dataclass(frozen=True)
class OrganisationRef:
    """An organisation a title names, placed: `local` in the congress's place, `province` above it."""

    name: str
    kind: str
    parent: "OrganisationRef | None" = None
    place: str = ""  # "local", "province" or ""

    @property
    def key(self):
        parent = self.parent.key if self.parent else ""
        return f"{vietnamese.identity_key(self.name)}|{parent}|{self.place}"


@dataclass(frozen=True)
class Post:
    role: str
    title: str  # the part of the title as written
    organisation: OrganisationRef


@dataclass(frozen=True)
class Context:
    """The congress a report is about: its organisation's name and the place that name gives."""

    organisation: str = ""

    @property
    def place(self):
        """"phường Thiên Hương" of "Đảng bộ phường Thiên Hương"."""
        for word in PLACE_WORDS:
            at = self.organisation.lower().find(f" {word} ")
            if at >= 0:
                return self.organisation[at + 1 :]
        return ""

    def party(self):
        return OrganisationRef(self.organisation, "dang_bo", None, "local") if self.organisation else None


def _starts(key, head):
    return key == head or key.startswith(head + " ")


def _strip_words(text, count):
    words = text.split()
    return " ".join(words[count:])


def split_title(title):
    """
    The posts a combined title holds, as written: "A - B", "A-B", "A, B" and "A; B" are two,
    unless B does not start like a title: "Phó Vụ trưởng Vụ Địa phương II, Ban Tổ chức Trung
    ương" is one post, its body named after the comma.
    """
    title = vietnamese.clean_name(title)
    working = working_copy(title)  # the same length: offsets in it are offsets in the title
    posts: list[list[int]] = []
    position = 0
    for separator in [*SEPARATOR.finditer(working), None]:
        end = separator.start() if separator else len(working)
        if not posts or TITLE_START_RE.match(working, position):
            posts.append([position, end])
        else:
            posts[-1][1] = end
        position = separator.end() if separator else end
    return [title[start:end].strip(" .") for start, end in posts if title[start:end].strip(" .")]


def organisation_of(text, context):
    """The organisation a name as written means, completed from the congress's place."""
    text = vietnamese.clean_name(text).strip(" .")
    key = vietnamese.search_key(text)
    if not key:
        return None
    if " cua " in f" {key} " and _starts(key, "to cong tac"):
        head, _, owner = text.partition(" của ")
        parent = organisation_of(owner, context)
        return OrganisationRef(text, "to_cong_tac", parent, "")
    kind = next((kind for head, kind in KIND_HEADS if _starts(key, head)), "khac")
    if kind == "cap_uy" and key in PROVINCE_COMMITTEES:
        return OrganisationRef(text, kind, None, "province")
    if kind in LOCAL_KINDS and context.place:
        length = next(len(head.split()) for head, k in KIND_HEADS if k == kind and _starts(key, head))
        head_text, rest = " ".join(text.split()[:length]), _strip_words(text, length)
        if kind == "ban_chap_hanh" and vietnamese.search_key(rest) in BARE_PLACES:
            return OrganisationRef(f"{head_text} {context.organisation}", kind, context.party(), "local")
        if vietnamese.search_key(rest) in BARE_PLACES:
            text, rest = f"{head_text} {context.place}", context.place
        if vietnamese.search_key(rest) == vietnamese.search_key(context.place):
            if kind == "dang_bo":
                return context.party()
            parent = context.party() if kind in ("cap_uy", "ban_chap_hanh") else None
            return OrganisationRef(text, kind, parent, "local")
    if kind == "ban_chap_hanh":
        owner = _strip_words(text, 3 if _starts(key, "ban chap hanh") else 1)
        parent = organisation_of(owner, context) if owner else None
        if parent is not None and parent.kind == "dang_bo":
            return OrganisationRef(text, kind, parent, parent.place)
    return OrganisationRef(text, kind, None, "")


def posts_of(title, context):
    """The posts a title states, each with its role, its words as written and its organisation."""
    posts = []
    for part in split_title(title):
        key = vietnamese.search_key(part)
        head = next(((h, role) for h, role in ROLE_HEADS if _starts(key, h)), None)
        if head is None:
            continue
        words, role = head
        rest = _strip_words(part, len(words.split()))
        if words == "tong bi thu" and not rest:
            rest = "Bộ Chính trị"
        elif words in ("uy vien ban thuong vu", "uy vien thuong vu") and not rest:
            continue
        elif not rest and role in ("bi_thu", "pho_bi_thu") and context.place:
            rest = "Đảng ủy"
        if not rest:
            continue
        organisation = organisation_of(rest, context)
        if organisation is not None:
            posts.append(Post(role, part, organisation))
    return posts
