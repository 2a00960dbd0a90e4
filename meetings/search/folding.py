"""Words typed without their diacritics: "hemsjukvard" for Hemsjukvård, "overenskommelse"
for överenskommelse.

A query word typed without diacritics may stand for the word with them (a phone, a foreign
keyboard, haste); a word typed with them is Swedish as written, so "väg" (road) does not
find "vag" (vague). Folding is one way only, and a hit as typed ranks above a folded one.

- PostgreSQL keeps a second stored tsvector, the lexemes of the first through `unaccent`
  (migration 0015), and matches such words there; its headlines parse the original text
  through `unaccent` too (`UNACCENTED_CONFIG`), so they show it as written.
- SQLite, and the highlighting in Python, match regular expressions in which each letter of
  such a word also stands for its accented forms (`letters()`): the text is never changed.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

#: `swedish` with `unaccent` before the Swedish stemmer (migration 0015).
UNACCENTED_CONFIG = "swedish_unaccent"
#: A hit found only without the diacritics weighs this much of a hit as typed.
UNACCENTED_WEIGHT = 0.5


#: Letters that unaccent folds though Unicode does not decompose them.
_STROKED = str.maketrans("øØđĐłŁħĦŧŦ", "oOdDlLhHtT")


def fold(text: str) -> str:
    """`text` without diacritics: å and ä become a, Ö becomes O, é becomes e, ø becomes o."""
    decomposed = unicodedata.normalize("NFD", text).translate(_STROKED)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def has_diacritics(text: str) -> bool:
    """Whether a letter of `text` carries a diacritic (å, ä, ö, é, ü, ø, ...), as
    PostgreSQL's unaccent sees them: such a word is searched as written."""
    return any(fold(char) != char for char in text)


def _accented_forms() -> dict[str, str]:
    """Each ASCII letter as a character class of itself and the Latin letters folding to it,
    both cases (PostgreSQL's ~* folds non-ASCII case only in some locales)."""
    forms: dict[str, list[str]] = defaultdict(list)
    for code in range(0xC0, 0x250):  # Latin-1 Supplement to Latin Extended-B
        char = chr(code)
        base = fold(char).lower()
        if char.isalpha() and len(base) == 1 and base.isascii() and base != char.lower():
            forms[base].append(char)
    return {base: f"[{base}{''.join(chars)}]" for base, chars in forms.items()}


_ACCENTED_FORMS = _accented_forms()


def letters(word: str) -> str:
    """A regular expression for `word` (lower case, letters and digits) in which each
    letter also matches its accented forms: "vard" matches vård, värd and vard."""
    return "".join(_ACCENTED_FORMS.get(char, char) for char in word)
