"""The serif the documents are set in: Liberation Serif 2, metric-compatible with Times New Roman
(the font Hướng dẫn 36-HD/VPTW names) and complete for Vietnamese.

The PDF embeds it from its files through @font-face rather than by name, so that the output
does not depend on which font fontconfig would pick for "serif" on the machine that runs it.
Version 1 of Liberation (Debian's fonts-liberation, 1.07) has no Vietnamese letters beyond
Latin-1 and "đ": "Ủ", "ư", "ệ" would come from a fallback font, so a folder is only taken when
its fonts hold every letter of VIETNAMESE_LETTERS. Debian's fonts-liberation2 installs the
files (`make fonts`, bin/ensure-fonts); DOSSIER_FONT_DIR in the settings names another folder.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Where Debian's fonts-liberation2 and Fedora's liberation-serif-fonts put the files.
FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/liberation-serif")
# Every letter of the Vietnamese alphabet with every tone, both cases, and the typography around it.
VIETNAMESE_LETTERS = "".join(
    dict.fromkeys(
        "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
        "AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆGHIÌỈĨÍỊKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰVXYỲỶỸÝỴ"
        "–—“”‘’…%"
    )
)
# The name the PDF's @font-face gives the embedded files: not a name fontconfig could resolve otherwise.
FAMILY = "Ho so Serif"
FACES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


@dataclass(frozen=True)
class Face:
    weight: str
    style: str
    path: Path

    @property
    def url(self):
        return self.path.as_uri()


@cache
def font_dir():
    configured = getattr(settings, "DOSSIER_FONT_DIR", "")
    for folder in ([configured] if configured else []) + list(FONT_DIRS):
        if all(covers_vietnamese(Path(folder) / name) for name in FACES.values()):
            return Path(folder)
    raise ImproperlyConfigured(
        "Thiếu phông chữ Liberation Serif 2 đủ chữ tiếng Việt (%s) để in hồ sơ ra PDF: cài gói "
        "fonts-liberation2 (make fonts) hoặc đặt DOSSIER_FONT_DIR." % ", ".join(FACES.values())
    )


def covers_vietnamese(path):
    """Whether the font file exists and maps every letter of VIETNAMESE_LETTERS to a glyph."""
    from fontTools.ttLib import TTFont

    if not path.is_file():
        return False
    with TTFont(path, lazy=True) as font:
        mapped = font.getBestCmap()
    return all(ord(letter) in mapped for letter in VIETNAMESE_LETTERS)


def faces():
    folder = font_dir()
    return [Face(weight, style, folder / name) for (weight, style), name in FACES.items()]
