"""People as attendance lists write them: "Karin Ek (S), ordförande", "Per Dal (s),
tjänstgörande ersättare för Ali Berg (s)", "Maja Lind, förvaltningschef; Tor Ås, sekreterare".
"""

from __future__ import annotations

import re

from .parsed import NameMention
from .sentences import _NAME, _is_name

_WITH_PARTY = re.compile(rf"(?P<name>{_NAME})\s*\((?P<party>[^()]{{1,30}})\)")
_BARE_NAME = re.compile(rf"(?P<name>{_NAME})")
#: Capitalised words that name an organisation or a place, not a person.
_ORGANISATION_WORDS = frozenset(
    {
        *("Kommun", "Kommunen", "Region", "Regionen", "Förvaltningen", "Stadshuset", "Stad"),
        *("Kommunhuset", "AB", "Förbund", "Förbundet", "Landsting", "Landstinget", "Länsstyrelsen"),
    }
)
#: Roles as attendance lists shorten them.
_ABBREVIATIONS = (
    (re.compile(r"\bv(?:ice)?\.?\s*ordf\b\.?", re.I), "vice ordförande"),
    (re.compile(r"\bordf\b\.?", re.I), "ordförande"),
    (re.compile(r"\btjg\.?\s*ers\b\.?(?:ättare)?", re.I), "tjänstgörande ersättare"),
    (re.compile(r"\bers\b\.?", re.I), "ersättare"),
    (re.compile(r"\bsekr\b\.?", re.I), "sekreterare"),
)


def expand_role(role: str) -> str:
    """ "v ordf" -> "vice ordförande", "tjg ers" -> "tjänstgörande ersättare"."""
    for pattern, full in _ABBREVIATIONS:
        role = pattern.sub(full, role)
    return role


def person_entries(text: str, line: int) -> list[tuple[NameMention, str, str]]:
    """(person, role as written, whom they substitute for) for each person on the line."""
    entries: list[tuple[NameMention, str, str]] = []
    for part in re.split(r"\s*;\s*", text.strip(" .")):
        if not part:
            continue
        if _WITH_PARTY.search(part):
            entries.extend(_entries_with_parties(part, line))
        else:
            entries.extend(_entries_without_parties(part, line))
    return entries


def _entries_with_parties(part: str, line: int) -> list[tuple[NameMention, str, str]]:
    matches = [m for m in _WITH_PARTY.finditer(part) if _is_name(m["name"])]
    entries: list[tuple[NameMention, str, str]] = []
    skip = False
    for index, match in enumerate(matches):
        if skip:
            skip = False
            continue
        following = matches[index + 1] if index + 1 < len(matches) else None
        end = following.start() if following else len(part)
        role = part[match.end() : end].strip(" ,.–-")
        substitute_for = ""
        if not following and (bare := _entries_without_parties(role, line)):
            # "... Eva Lund (C) tjg ers, Kim Berg, sekr": a name without a party after.
            head, _sep, _tail = role.partition(bare[0][0].name)
            role = head.strip(" ,")
            entries.append((NameMention(match["name"], line, match["party"].strip()), role, ""))
            entries.extend(bare)
            continue
        if following and re.search(r"\b(?:för|ersätter)$", role):
            substitute_for = following["name"]
            role = re.sub(r"\s*\b(?:för|ersätter)$", "", role)
            skip = True
            after = matches[index + 2].start() if index + 2 < len(matches) else len(part)
            tail = part[following.end() : after].strip(" ,.–-")
            role = f"{role} för {following['name']}" + (f", {tail}" if tail else "")
        entries.append(
            (NameMention(match["name"], line, match["party"].strip()), role, substitute_for)
        )
    return entries


def _entries_without_parties(part: str, line: int) -> list[tuple[NameMention, str, str]]:
    entries: list[tuple[NameMention, str, str]] = []
    for piece in re.split(r"\s*,\s*|\s+och\s+", part):
        match = _BARE_NAME.fullmatch(piece)
        is_person = (
            match is not None
            and len(piece.split()) >= 2
            and _is_name(piece)
            and not _ORGANISATION_WORDS.intersection(piece.split())
        )
        if is_person:
            entries.append((NameMention(piece, line), "", ""))
        elif entries:
            mention, role, substitute_for = entries[-1]
            entries[-1] = (mention, f"{role}, {piece}" if role else piece, substitute_for)
    return entries
