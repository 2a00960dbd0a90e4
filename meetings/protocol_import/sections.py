"""The headings inside an item, in the words Swedish protocols use for them.

`section_of(line)` tells which part of an item a line heads: the proposal (Förslag till
beslut, Arbetsutskottets förslag), the decision (Beslut, Nämndens beslut, Socialnämnden
beslutar), the attachments, the background (dropped as a heading), the parts that stay in
the minutes as their own paragraph (Yrkanden, Propositionsordning, Votering, Reservation,
Jäv, Expedieras, ...), and the lines that say the paragraph is adjusted.
"""

from __future__ import annotations

import re

#: A body's name: one capitalised word (SVOM, Kommunstyrelsen), or several ending in a
#: word for a body (Barn- och utbildningsnämnden, Regionala utvecklingsnämnden).
_ORGAN = (
    r"(?:(?:[A-ZÅÄÖ][\wåäö-]*\s+(?:och\s+)?){1,2}[\wåäö-]*(?:nämnd|styrelse|utskott"
    r"|fullmäktige|grupp|råd|direktion|förbund|beredning|presidi|kommitté|delegation"
    r"|ledning)\w*|[A-ZÅÄÖ][\wåäöÅÄÖé-]*)"
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "proposal",
        re.compile(
            r"^(?:förslag\s+(?:till|på)\s+beslut|beslutsförslag"
            rf"|(?:{_ORGAN}s|förvaltningens|arbetsutskottets|presidiets|ordförandens)\s+"
            r"förslag(?:\s+till\s+beslut)?)\b\s*[:.]?\s*(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "other",
        re.compile(
            r"^(?:beslutet\s+(?:skickas|expedieras|delges)\s+till|expedieras(?:\s+till)?"
            r"|beslutsunderlag|handlingar\s+i\s+ärendet|yrkanden?|propositionsordning"
            r"|proposition(?:sordning)?|beslutsgång(?:en)?|votering|omröstning(?:sresultat)?"
            r"|reservation(?:er)?|protokollsanteckning(?:ar)?|särskil(?:t|da)\s+yttranden?"
            r"|jäv|omedelbar\s+justering|överläggning|föredragande|deltar\s+inte\s+i\s+beslutet)"
            r"\b\s*:?\s*(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "decision",
        re.compile(
            rf"^(?:beslut(?:et)?|{_ORGAN}s\s+beslut|(?:{_ORGAN}|nämnden|styrelsen|styrgruppen)"
            r"\s+beslutar(?:\s+(?:därmed|för\s+egen\s+del|således))?)"
            r"(?=$|[\s:.])\s*[:.]?\s*(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    ("attachments", re.compile(r"^(?:bilagor|bilaga)\s*:?\s*(?P<rest>)$", re.IGNORECASE)),
    (
        "summary",
        re.compile(
            r"^(?:sammanfattning(?:\s+av\s+ärendet)?|ärendebeskrivning|beskrivning\s+av\s+ärendet"
            r"|bakgrund|ärendet)\s*:?\s*(?P<rest>)$",
            re.IGNORECASE,
        ),
    ),
    (
        "adjusted",
        re.compile(
            r"^(?P<rest>paragrafen\s+(?:är|förklaras|förklarades)\s+(?:omedelbart\s+)?justerad)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "immediate",
        re.compile(
            r"^(?P<rest>paragrafen\s+justeras\s+omedelbart|(?:beslutet|paragrafen)\s+"
            r"(?:förklaras\s+)?omedelbart\s+justera[dt]?)\.?$",
            re.IGNORECASE,
        ),
    ),
)
#: Words that begin a decision heading but also begin prose ("Beslut om ... fattades").
_DECISION_PROSE = re.compile(r"^beslut(?:et)?\s+(?:om|i|att|från|fattades|har|togs)\b", re.I)
#: "Enligt förslaget", "Bifall till förslaget", "Nämnden beslutar enligt förslaget".
AS_PROPOSED = re.compile(
    r"^(?:[\wåäöÅÄÖ-]+(?:\s+och\s+[\wåäö-]+)?\s+beslutar\s+)?"
    r"(?:enligt|i\s+enlighet\s+med|bifall\s+till)\s+(?:\w+s\s+)?förslag(?:et)?"
    r"(?:\s+till\s+beslut)?\.?$",
    re.IGNORECASE,
)


def section_of(text: str) -> tuple[str, str] | None:
    """(kind, the rest of the line) when `text` heads a part of an item."""
    if len(text) > 400 or not text[:1].isupper():
        return None  # a heading starts with a capital: "bifalla förslaget." goes on a line
    if AS_PROPOSED.match(text) and not re.match(r"^beslut\b", text, re.IGNORECASE):
        return None  # "Enligt arbetsutskottets förslag.": the decision itself
    for kind, pattern in _RULES:
        match = pattern.match(text)
        if not match:
            continue
        if kind == "decision":
            named = re.match(r"^beslut", text, re.IGNORECASE) or " beslutar" in text
            if not named and not re.search(r"s\s+beslut\b", text):
                continue
            if _DECISION_PROSE.match(text):
                continue
            if re.match(r"^[A-ZÅÄÖ]", text) is None:
                continue
        if kind == "other" and match["rest"] and kind_of_other_is_prose(text, match["rest"]):
            continue
        rest = match["rest"].strip()
        if kind == "proposal" and rest:
            head = text[: match.start("rest")].strip()
            heading_words = re.search(
                r"förslag\s+(?:till|på)\s+beslut|beslutsförslag|:$", head, re.I
            )
            if not heading_words and not rest[:1].islower():
                # "Moderaternas förslag. Omröstningen ..." is a sentence, not a heading.
                continue
            if rest[:1].islower() and not rest.startswith("att "):
                rest = ""  # "Förslag till beslut på sammanträdet": all heading
        return kind, rest
    return None


def kind_of_other_is_prose(text: str, rest: str) -> bool:
    """ "Yrkanden" heads a part; "Yrkandet bifalls" or "Jäv anmäls av ..." is a sentence."""
    head = text[: len(text) - len(rest)].strip()
    return not head.endswith(":") and not rest[:1].isupper() and not rest.startswith("till")
