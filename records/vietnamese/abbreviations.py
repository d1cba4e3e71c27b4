"""
The abbreviations of Party and state bodies that clerks type, and what they stand for.

Offices write "BCH Đảng bộ" and "Ban Chấp hành Đảng bộ", "UBND phường" and "Ủy ban nhân dân
phường", in records and in searches alike. A search must find either spelling from either:
search_terms() turns the words typed into terms, each a choice of spellings, so that "bch"
also looks for "ban chap hanh" and "ban chap hanh" also for "bch".

The table is written as offices write the names; its keys are compared as search keys, so
"HĐND", "HDND" and "hđnd" are one abbreviation. Two-letter abbreviations that are also
Vietnamese syllables ("TU" for Thành ủy or Tỉnh ủy, "ĐU" for Đảng ủy) are left out: a search
for "tu" or "du" means the syllable far more often, and would drown in committees.
"""

from .keys import search_key

ABBREVIATIONS = {
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
    "BBT": "Ban Bí thư",
    "BCT": "Bộ Chính trị",
    "UBKT": "Ủy ban Kiểm tra",
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "TW": "Trung ương",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "ĐBQH": "Đại biểu Quốc hội",
    "TP": "Thành phố",
    "HCM": "Hồ Chí Minh",
    "CSVN": "Cộng sản Việt Nam",
    "TNCS": "Thanh niên Cộng sản",
    "CCB": "Cựu chiến binh",
    "LHPN": "Liên hiệp Phụ nữ",
}

# Both directions as search keys: "bch" -> "ban chap hanh", and "ban chap hanh" -> "bch".
_EXPANSIONS = {search_key(short): search_key(long) for short, long in ABBREVIATIONS.items()}
_SHORTENINGS = {long: short for short, long in _EXPANSIONS.items()}
_LONGEST = max(len(long.split()) for long in _SHORTENINGS)


def search_terms(key: str) -> tuple[tuple[str, ...], ...]:
    """
    Split a search key into the terms a record must all match, each a tuple of spellings of
    which any may match: "bch thien huong" -> (("bch", "ban chap hanh"), ("thien",), ("huong",)).

    Words are terms of their own, except that the words of an abbreviated name, typed in full
    and in order, make one term with the abbreviation: the longest such run at each word wins
    ("uy ban mat tran to quoc" is "ubmttq", not "mttq" after two loose words).
    """
    words = search_key(key).split()
    terms = []
    start = 0
    while start < len(words):
        for length in range(min(_LONGEST, len(words) - start), 1, -1):
            phrase = " ".join(words[start : start + length])
            if phrase in _SHORTENINGS:
                terms.append((phrase, _SHORTENINGS[phrase]))
                start += length
                break
        else:
            word = words[start]
            terms.append((word, _EXPANSIONS[word]) if word in _EXPANSIONS else (word,))
            start += 1
    return tuple(terms)
