"""Interpreting the prose: sentences, names, presenters, motions, times and titles."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from .parsed import TITLE_LENGTH, NameMention, ParsedItem, ParsedMotion, ParsedProtocol

_ABBREVIATIONS = (
    "bl.a.",
    "p.g.a.",
    "t.ex.",
    "m.m.",
    "dvs.",
    "d.v.s.",
    "ev.",
    "kl.",
    "ca.",
    "resp.",
    "fr.o.m.",
    "t.o.m.",
    "s.k.",
    "jfr.",
    "nr.",
    "osv.",
    "o.s.v.",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”“(]?[A-ZÅÄÖÉÜ0-9])")


def _sentences(text: str) -> Iterator[str]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        if before.lower().endswith(_ABBREVIATIONS) or re.search(r"\b[A-ZÅÄÖ]\.$", before):
            continue
        yield before
        start = match.end()
    yield text[start:]


# A word of a name (bandit takes "_TOKEN" for a password).
#: Latin letters with their diacritics (Çelik, Hadžić, Østergaard), upper case first.
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LETTER = f"{_UPPER}a-zß-öø-ÿā-žſ"
_TOKEN = rf"[{_UPPER}][{_LETTER}'’-]{{0,39}}"  # nosec B105
_PARTICLE = r"(?:von|af|van|de|der|den|da|du|la|le)"
_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{0,3}}"
_NAME_ENTRY = re.compile(
    rf"(?P<name>{_NAME})(?:\s*\((?P<parenthesis>[^()]{{1,30}})\))?"
    r"(?:\s+för\s+[\wåäöÅÄÖ -]{1,40})?"
)
#: Capitalised words that start sentences but are no one's first name.
_NOT_NAMES = frozenset(
    {
        *("Region", "Regionen", "Kommunen", "Kommunerna", "Ordföranden", "Ordförande"),
        *("Ledamot", "Ledamöter", "Arbetsgruppen", "Sekreteraren", "Förvaltningen"),
        *("Fredagsgruppen", "Gruppen", "Styrgruppen", "Projektet", "Projektgruppen"),
        *("Företrädare", "Kommunföreträdare", "Samtliga", "Alla", "Flera", "Svar"),
        *("Fråga", "Frågan", "Frågor", "Det", "Den", "De", "Vi", "Man", "Detta", "Dessa"),
        *("Punkten", "Ärendet", "Remissvaren", "Förslaget", "Informationen", "Mötet"),
        *("Presidiet", "Polisen", "Elevhälsan", "Vidare", "Även", "Efter", "Under", "Enligt"),
        *("Sveriges", "Jämtlands", "Östersunds", "Jämtland", "Härjedalen", "Härjedalens"),
    }
)
_PRESENTER_VERBS = (
    r"(?:går\s+(?:\w+\s+){0,2}?igenom|föredrar|redogör|informerar|presenterar|beskriver"
    r"|gör\s+en\s+genomgång|ger|föreslår|redovisar|rapporterar|berättar)"
)
_VERB_NEAR_START = re.compile(rf"\s{_PRESENTER_VERBS}\b")
_ACTIVE = re.compile(rf"^(?P<who>\S.{{1,200}}?)\s+{_PRESENTER_VERBS}\b")
_PASSIVE = re.compile(r"\b(?:föredras|presenteras|redovisas)\s+av\s+(?P<who>.+?)\.?$")
_MOTION = re.compile(r"^(?P<who>\S.{0,120}?)\s+yrkar\s+(?:på\s+)?(?P<what>\S.*?)\.?$")
_CHAIR = re.compile(
    r"^(?P<who>.{2,120}?),\s*(?:mötets\s+)?ordförande,\s*(?:öppnar|hälsar)", re.IGNORECASE
)
_THE_CHAIR = re.compile(r"^(?:Mötets\s+)?[Oo]rdförande(?:n)?$")
_FULL_NAME_MENTION = re.compile(
    rf"^(?P<name>{_TOKEN}(?:\s+{_TOKEN}){{1,3}})(?=\s*[,(]|\s+[a-zåäö])"
)
_TIME = r"kl\.?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
_CLOSING = re.compile(rf"\bavslutar\s+(?:mötet|sammanträdet)\b[^.]*?\b{_TIME}")
_OPENING = re.compile(rf"\böppnar\s+(?:mötet|sammanträdet)\b[^.]*?\b{_TIME}")


#: The endings of an organ's or an office's name ("Kommunstyrelsen föreslår", "Nämnden",
#: "Arbetsutskottet"): a body, never a person.
_ORGAN = re.compile(
    r"(?:styrelse|nämnd|utskott|fullmäktige|råd|grupp|beredning|kommitté|delegation"
    r"|förbund|direktion|ledning|kontor|förvaltning|enhet|avdelning|kansli|presidium)"
    r"(?:en|et|n|s|ens|ets)?$",
    re.IGNORECASE,
)


def _is_name(name: str) -> bool:
    tokens = name.split()
    if tokens[0] in _NOT_NAMES or tokens[0].endswith("-") or _ORGAN.search(tokens[0]):
        return False
    # An acronym (SVOM, RJH) is an organisation; initials with a hyphen (W-S) are a name.
    return not any(len(token) > 1 and token.isupper() and "-" not in token for token in tokens)


#: A title written before a name ("Ekonomichef Peter Nordin", "Kommundirektör Jenny Åström"):
#: the person's title, not a part of the name.
_TITLE_BEFORE_NAME = re.compile(
    r"^(?P<title>[A-ZÅÄÖ][a-zåäö-]*(?:chef|direktör|sekreterare|handläggare|samordnare|strateg"
    r"|controller|ansvarig|läkare|sköterska|utredare|jurist|ekonom|planerare|inspektör))"
    r"\s+(?=\S+\s+\S)"
)


def _name_list(text: str, line: int) -> list[NameMention] | None:
    """The names in "A, B (RJH) och C", or None when it is not a list of names."""
    mentions = []
    for part in re.split(r"\s*,\s*|\s+och\s+", text.strip()):
        title = _TITLE_BEFORE_NAME.match(part)
        if title:
            part = part[title.end() :]
        match = _NAME_ENTRY.fullmatch(part)
        if not match or not _is_name(match["name"]):
            return None
        mention = NameMention(match["name"], line, (match["parenthesis"] or "").strip())
        if title:
            mention.appositive = title["title"].lower()
        mentions.append(mention)
    return mentions or None


def _people_before_verb(who: str, line: int) -> list[NameMention] | None:
    who = who.rstrip(", ")
    if mentions := _name_list(who, line):
        return mentions
    head, comma, appositive = who.rpartition(", ")
    if comma and (mentions := _name_list(head, line)):
        mentions[-1].appositive = appositive.strip()
        return mentions
    return None


def _content_sentences(item: ParsedItem) -> Iterator[tuple[str, int]]:
    for paragraph, line in item.paragraphs:
        # A list marker ("– ", "1. ") is not the start of a sentence.
        for sentence in _sentences(re.sub(r"^(?:–\s+|\d{1,3}\.\s+)", "", paragraph)):
            if sentence := sentence.strip():
                yield sentence, line


def _read_people_and_times(parsed: ParsedProtocol) -> None:
    full_names: dict[str, None] = {}
    for item in parsed.items:
        for sentence, line in _content_sentences(item):
            # Each pattern only where its key word occurs: most sentences name no one.
            if parsed.chair is None and "rdförande," in sentence:
                chair = _CHAIR.match(sentence)
                mentions = _name_list(chair["who"], line) if chair else None
                if mentions and len(mentions) == 1:
                    parsed.chair = mentions[0]
            if _VERB_NEAR_START.search(sentence, 0, 260) and (
                (active := _ACTIVE.match(sentence))
                and (people := _people_before_verb(active["who"], line))
            ):
                item.presenters.extend(people)
            if " av " in sentence and (passive := _PASSIVE.search(sentence)):
                item.presenters.extend(_name_list(passive["who"].rstrip(". "), line) or [])
            if "yrkar," in sentence:
                # "Anna Ek (S) yrkar, med instämmande av Bo Ström (M), bifall ..."
                sentence = re.sub(
                    r"\byrkar,\s+med\s+instämmande\s+av\s+[^,]+,\s*", "yrkar ", sentence
                )
            if "yrkar" in sentence and (motion := _MOTION.match(sentence)):
                _read_motion(parsed, item, motion, line)
            named = _FULL_NAME_MENTION.match(sentence)
            if named and _is_name(named["name"]) and not _is_short_form(named["name"]):
                full_names[named["name"]] = None
        for paragraph, line in item.paragraphs:
            if "kl" in paragraph:
                _read_times(parsed, paragraph, line)
    parsed.full_names = list(full_names)


def add_full_names(parsed: ParsedProtocol) -> None:
    """Add every person named in full anywhere (the cover page's lists, movers, reservants,
    ballots) to the names that "Bengt" or "Lena W-S" may be short for; run once the whole
    protocol is interpreted."""
    named = (m.name for m in _all_mentions(parsed) if len(m.name.split()) > 1)
    parsed.full_names = list(
        dict.fromkeys([*parsed.full_names, *(n for n in named if not _is_short_form(n))])
    )


def _read_motion(parsed: ParsedProtocol, item: ParsedItem, match: re.Match, line: int) -> None:
    who, what = match["who"].strip(), match["what"].strip()
    if _THE_CHAIR.match(who):
        item.motions.append(ParsedMotion(None, what, line))
        return
    movers = _name_list(who, line)
    if not movers:
        parsed.warn(line, f"Ett yrkande av «{who}» kunde inte knytas till en person.")
        return
    if len(movers) > 1:
        parsed.warn(
            line,
            f"Yrkandet har flera förslagsställare; det sparas som {movers[0].name}s. "
            f"Lägg till {', '.join(m.name for m in movers[1:])} för hand vid behov.",
        )
    item.motions.append(ParsedMotion(movers[0], what, line))


def _read_times(parsed: ParsedProtocol, paragraph: str, line: int) -> None:
    for pattern, attribute in ((_OPENING, "start_time"), (_CLOSING, "end_time")):
        if getattr(parsed, attribute) is not None or not (match := pattern.search(paragraph)):
            continue
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            parsed.warn(line, f"Klockslaget {hour}:{minute:02d} finns inte; det hoppas över.")
            continue
        setattr(parsed, attribute, datetime.time(hour, minute))
        if parsed.start_time and parsed.end_time and parsed.end_time <= parsed.start_time:
            parsed.warn(line, "Mötet slutar före det börjar enligt texten; sluttiden hoppas över.")
            parsed.end_time = None


def _all_mentions(parsed: ParsedProtocol) -> Iterator[NameMention]:
    """Every person the protocol names, the cover page's lists first."""
    if parsed.chair:
        yield parsed.chair
    yield from (entry.mention for entry in parsed.attendance)
    if parsed.secretary:
        yield parsed.secretary
    yield from parsed.adjusters
    for item in parsed.items:
        yield from item.presenters
        yield from (motion.mover for motion in item.motions if motion.mover)
        yield from (reservation.mention for reservation in item.reservations)
        yield from (mention for vote in item.votes for mention, _choice in vote.ballots)


def _is_short_form(name: str) -> bool:
    """A first name alone ("Elsy") or with initials ("Lena W-S")."""
    tokens = name.split()
    return len(tokens) == 1 or all(
        re.fullmatch(r"[A-ZÅÄÖ](?:[.-]?[A-ZÅÄÖ])*\.?", t) for t in tokens[1:]
    )


_STANDARD_TITLES = (
    (re.compile(r"\böppnar\s+(?:mötet|sammanträdet)\b", re.IGNORECASE), "Mötets öppnande"),
    (re.compile(r"\bavslutar\s+(?:mötet|sammanträdet)\b", re.IGNORECASE), "Mötets avslutande"),
    (
        re.compile(
            r"^(?:en\s+|den\s+)?(?:preliminär\s+|föreslagen\s+)?dagordning(?:en)?\b"
            r"|\bdagordningen\s+(?:godkänns|fastställs)",
            re.IGNORECASE,
        ),
        "Dagordning",
    ),
    (
        re.compile(r"^(?:ordföranden\s+tar\s+upp\s+)?föregående\s+protokoll", re.IGNORECASE),
        "Föregående protokoll",
    ),
)


def _derived_title(item: ParsedItem) -> tuple[str, bool]:
    """A title for a paragraph without a heading, and whether someone must review it.

    The standard items of every meeting (opening, agenda, previous protocol, closing) are
    recognised by their wording; any other paragraph gets its first sentence, shortened.
    """
    first = next(_content_sentences(item), None)
    if first is None:
        return f"Punkt {item.position}", True
    sentence = first[0]
    for pattern, title in _STANDARD_TITLES:
        if pattern.search(sentence):
            return title, False
    title = re.sub(r"\s*\([^()]*\)", "", sentence).rstrip(" .:;,")
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    return (title[:1].upper() + title[1:]) or f"Punkt {item.position}", True
