"""Interpreting what happens around a decision: the chair's proposition and its outcome,
votes with their counts, reservations, the adjusters elected, and the chair's other
sentence forms. Runs on each parsed item after the paragraph builder."""

from __future__ import annotations

import re

from .cover import add_adjuster
from .parsed import ParsedItem, ParsedProtocol, ParsedReservation, ParsedVote
from .sentences import _NAME, _content_sentences, _name_list, _sentences

_NUMBER_WORDS = {
    "noll": 0,
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
}
_COUNT = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_YES = re.compile(rf"\b{_COUNT}\s+ja(?:-?röster|-?röst)?\b", re.IGNORECASE)
_NO = re.compile(rf"\b{_COUNT}\s+nej(?:-?röster|-?röst)?\b", re.IGNORECASE)
_ABSTAIN = re.compile(
    rf"\b{_COUNT}\s+(?:(?:ledamöter|ledamot|som|st\.?)\s+)?(?:avstår|avstod|avstående)",
    re.IGNORECASE,
)
_RESERVES = (
    re.compile(r"^mot\s+beslutet\s+reserverar\s+sig\s+(?P<who>.{2,300}?)\.?$", re.I),
    re.compile(r"^(?P<who>.{2,300}?)\s+(?:reserverar\s+sig|anmäler\s+reservation)\b", re.I),
    re.compile(r"^reservation(?:er)?\s*:\s*(?P<who>.{2,300}?)\.?$", re.I),
)
_PROPOSITION = re.compile(
    r"(?:(?:proposition\s+på|frågar\s+om)\s+(?P<on>.+?)\s+och\s+)?\b(?:finner|konstaterar|förklarar)\s+"
    r"att\s+(?P<what>.+)$",
    re.IGNORECASE,
)
_ADJUSTERS = (
    re.compile(
        r"\batt\s+(?P<who>[^,]+?)\s+(?:jämte|tillsammans\s+med)\s+ordföranden\s+ska\s+justera",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:till\s+att\s+(?:jämte|tillsammans\s+med)\s+ordföranden\s+justera\s+"
        r"(?:dagens\s+)?protokoll(?:et)?\s+(?:utses|valdes|väljs)"
        r"|till\s+justerare\s+(?:utses|valdes|väljs)|val\s+av\s+justerare\s*:"
        r"|justerare\s*:|att\s+jämte\s+ordföranden\s+justera\s+(?:dagens\s+)?protokoll(?:et)?\s+utses)"
        r"\s*(?P<who>.+?)\.?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:att\s+)?(?P<who>.+?)\s+(?:utses|utsågs|valdes|väljs|ska)\s+(?:till\s+justerare|(?:att\s+)?"
        r"(?:(?:jämte|tillsammans\s+med)\s+ordföranden\s+)?justera)\b",
        re.IGNORECASE,
    ),
)
#: "att förklara paragrafen omedelbart justerad", "Paragrafen justeras omedelbart".
_IMMEDIATELY = re.compile(
    r"omedelbart\s+justera|justeras\s+omedelbart|omedelbar\s+justering", re.IGNORECASE
)
_CHAIR_FORMS = (
    re.compile(
        rf"^(?:Mötets\s+)?[Oo]rdförande(?:n)?,?\s+(?P<who>{_NAME}(?:\s*\([^()]{{1,30}}\))?),?\s+"
        r"(?:öppnar|hälsar|förklarar)"
    ),
    re.compile(rf"^(?P<who>{_NAME}(?:\s*\([^()]{{1,30}}\))?),\s*(?:mötets\s+)?ordförande\b"),
    re.compile(
        rf"\b(?:öppnas|öppnades)\s+av\s+(?:mötets\s+)?ordförande(?:n)?,?\s+"
        rf"(?P<who>{_NAME}(?:\s*\([^()]{{1,30}}\))?)",
        re.IGNORECASE,
    ),
)


#: A sentence that is a decision without a heading over it: "Dagordningen godkänns.",
#: "Patientnämnden noterar meddelandena.", "Anna Berg utses att justera protokollet."
_DECIDING = re.compile(
    r"\b(?:godkänns|fastställs|antas|noteras|läggs\s+till\s+handlingarna|beviljas|avslås"
    r"|bifalls|anses\s+besvarad|överlämnas|utses|utsågs|väljs|valdes|tas\s+till\s+protokollet"
    r"|återremitteras|bordläggs|godkänner|fastställer|antar|noterar|beviljar|avslår|lägger"
    r"\s+\S+(?:\s+\S+)?\s+till\s+handlingarna|(?:har\s+)?(?:tagit|tar)\s+del\s+av|utser|väljer)\b",
    re.IGNORECASE,
)


def promote_unheaded_decisions(parsed: ParsedProtocol) -> None:
    """In a classic protocol, an item without a Beslut heading whose minutes end in a
    deciding sentence has that sentence as its decision."""
    for item in parsed.items:
        if item.decision_points or item.proposal_points or not item.paragraphs:
            continue
        last, _line = item.paragraphs[-1]
        sentences = list(_sentences(last))
        if len(sentences) == 1 and len(last) <= 250 and _DECIDING.search(last):
            item.decision_points.append(last)
            item.paragraphs.pop()


def interpret(parsed: ParsedProtocol) -> None:
    """Votes, reservations, outcomes, adjusters and the chair, from each item's text."""
    for item in parsed.items:
        for sentence, line in _content_sentences(item):
            _read_vote(item, sentence, line)
            if re.search(r"reserver|reservation\b", sentence, re.IGNORECASE) and not re.match(
                r"^reservation(?:er)?:?$", sentence, re.IGNORECASE
            ):
                _read_reservation(parsed, item, sentence, line)
            if "justera" in sentence.lower():
                _read_adjusters(parsed, sentence, line)
            if parsed.chair is None and "rdförande" in sentence:
                _read_chair(parsed, sentence, line)
            if item.motions and (withdrawn := _WITHDRAWS.search(sentence)):
                _read_withdrawal(item, sentence[: withdrawn.start()])
            if item.motions and (proposition := _PROPOSITION.search(sentence)):
                _read_outcome(item, proposition["what"], proposition["on"] or "")
        for point in item.decision_points:
            if "justera" in point.lower():
                _read_adjusters(parsed, point, item.line)
                if _IMMEDIATELY.search(point):
                    item.adjusted_immediately = True
        for vote in item.votes:
            _complete_vote(parsed, item, vote)
        settle_as_proposed(item)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text.lower()]


#: The voting order: "Den som vill bifalla arbetsutskottets förslag röstar ja."
_VOTING_ORDER = re.compile(
    r"\bden\s+som\s+vill\s+(?:att\s+\S+\s+ska\s+)?(?P<what>.+?),?\s+röstar\s+(?P<side>ja|nej)\b",
    re.IGNORECASE,
)


def _read_vote(item: ParsedItem, sentence: str, line: int) -> None:
    yes, no = _YES.search(sentence), _NO.search(sentence)
    abstaining = _ABSTAIN.search(sentence)
    counted = next((v for v in reversed(item.votes) if v.yes is not None), None)
    if not (yes or no) and abstaining and counted and counted.abstain is None:
        # "Två ledamöter avstår från att rösta." after the counts.
        counted.abstain = _number(abstaining[1])
        return
    if not (yes and no) and (orders := list(_VOTING_ORDER.finditer(sentence))):
        vote = _uncounted_vote(item, line)
        for order in orders:
            what = order["what"].strip()
            what = what[:1].upper() + what[1:]
            if order["side"].lower() == "ja":
                vote.yes_proposal = vote.yes_proposal or what
            else:
                vote.no_proposal = vote.no_proposal or what
        return
    if not (yes and no):
        if item.votes and (
            match := re.search(
                r"ja-?röst\s+för\s+([^,]+),\s*nej-?röst\s+för\s+(.+?)\.?$", sentence, re.I
            )
        ):
            item.votes[-1].yes_proposal, item.votes[-1].no_proposal = match[1], match[2]
        elif match := re.search(
            r"ja-?röst\s+för\s+([^,]+),\s*nej-?röst\s+för\s+(.+?)\.?$", sentence, re.I
        ):
            item.votes.append(ParsedVote(line, yes_proposal=match[1], no_proposal=match[2]))
        return
    vote = _uncounted_vote(item, line)
    vote.yes, vote.no = _number(yes[1]), _number(no[1])
    abstain = _ABSTAIN.search(sentence)
    vote.abstain = _number(abstain[1]) if abstain else vote.abstain
    if re.search(
        r"\b(?:ingen|inga)\s+(?:ledamot\s+|ledamöter\s+)?(?:avstår|avstod)", sentence, re.I
    ):
        vote.abstain = 0
    if item.motions and (decided := re.search(r"\bbeslutar\s+\S+\s+(.+)$", sentence)):
        _read_outcome(item, decided[1])
    if re.search(r"\b(?:bifall|bifalla|antar|anta|godkänn|enligt\s+förslaget)", sentence, re.I):
        vote.result = vote.result or "yes"
    elif re.search(r"\b(?:avsl[åa]|avslag)", sentence, re.I):
        vote.result = vote.result or "no"


def _uncounted_vote(item: ParsedItem, line: int) -> ParsedVote:
    """The vote whose counts are still to come (its voting order or ballots read first),
    or a new one."""
    vote = next((v for v in item.votes if v.yes is None), None)
    if vote is None:
        vote = ParsedVote(line)
        item.votes.append(vote)
    return vote


def _complete_vote(parsed: ParsedProtocol, item: ParsedItem, vote: ParsedVote) -> None:
    """Counts from the listed ballots where the text gives none; a result from the counts."""
    if vote.ballots:
        counted = {
            choice: sum(1 for _m, c in vote.ballots if c == choice)
            for choice in ("yes", "no", "abstain")
        }
        if vote.yes is None:
            vote.yes, vote.no, vote.abstain = counted["yes"], counted["no"], counted["abstain"]
        elif (vote.yes, vote.no) != (counted["yes"], counted["no"]):
            parsed.warn(
                vote.line,
                f"Omröstningen anger {vote.yes} ja och {vote.no} nej, men listan över "
                f"ledamöternas röster ger {counted['yes']} ja och {counted['no']} nej.",
            )
    if not vote.result and vote.yes is not None and vote.no is not None and vote.yes != vote.no:
        vote.result = "yes" if vote.yes > vote.no else "no"
    if vote.yes is None and not vote.ballots:
        parsed.warn(vote.line, "En votering nämns men röstetalen kunde inte läsas.")
    winning = {"yes": vote.yes_proposal, "no": vote.no_proposal}.get(vote.result, "")
    if winning and item.motions:
        _read_outcome(item, winning)


def _read_reservation(parsed: ParsedProtocol, item: ParsedItem, sentence: str, line: int) -> None:
    match = next((m for pattern in _RESERVES if (m := pattern.match(sentence))), None)
    if not match:
        parsed.warn(
            line, f"En reservation nämns men reservanten kunde inte läsas: «{sentence[:80]}»."
        )
        return
    who = re.sub(
        r"^(?:ledamöterna|ledamoten|samtliga\s+ledamöter)(?:\s+för\s+\S+)?,?\s*",
        "",
        match["who"],
        flags=re.IGNORECASE,
    )
    who = re.sub(r"\s+(?:till\s+förmån|med\s+hänvisning|mot\s+beslutet)\b.*$", "", who)
    who = who.strip(" ,")
    people = _name_list(who, line)
    if not people:
        parsed.warn(line, f"En reservation av «{who}» kunde inte knytas till en person.")
        return
    for mention in people:
        if all(r.mention.name != mention.name for r in item.reservations):
            item.reservations.append(ParsedReservation(mention, line, sentence))


def _read_adjusters(parsed: ParsedProtocol, sentence: str, line: int) -> None:
    for pattern in _ADJUSTERS:
        if match := pattern.search(sentence):
            who = re.sub(r"^(?:ledamoten|ledamöterna)\s+", "", match["who"].strip(" .,"))
            who = re.sub(r"\s+(?:att\s+justera.*|som\s+justerare.*)$", "", who)
            people = _name_list(who, line)
            if people:
                for mention in people:
                    add_adjuster(parsed, mention)
            else:
                parsed.warn(
                    line, f"Justerare nämns men namnet kunde inte läsas: «{sentence[:80]}»."
                )
            return


#: "återtar sitt yrkande", "drar (under sammanträdet) tillbaka sitt yrkande", "drar sitt
#: yrkande tillbaka"; the mover is named before it ("Efter överläggning drar X tillbaka").
_WITHDRAWS = re.compile(
    r"(?:^|\s)(?:åter(?:tar|kallar|drar)\s+sitt\s+yrkande|tillbaka\s+sitt\s+yrkande"
    r"|sitt\s+yrkande\s+tillbaka)",
    re.IGNORECASE,
)


def _read_withdrawal(item: ParsedItem, who: str) -> None:
    """ "Per Dal (V)" of "Per Dal (V) återtar sitt yrkande": that mover's motion is
    withdrawn."""
    for motion in _named(item, who):
        motion.outcome = "withdrawn"


def _read_chair(parsed: ParsedProtocol, sentence: str, line: int) -> None:
    for pattern in _CHAIR_FORMS:
        if match := pattern.search(sentence):
            people = _name_list(match["who"], line)
            if people and len(people) == 1:
                parsed.chair = people[0]
                return


def _motion_side(text: str) -> str:
    """What a motion moves: the proposal, its rejection, a referral, or a motion of its own."""
    lowered = text.lower()
    if "återremi" in lowered or "bordl" in lowered:
        return "referral"
    if re.match(r"^(?:på\s+)?avslag|^att\s+(?:\w+\s+){0,3}avslå", lowered):
        return "rejection"
    proposal = r"(?:det\s+)?(?:\w+s\s+)?(?:förslag\w*|beslutsförslag\w*)"
    if re.match(
        rf"^(?:på\s+)?bifall(?:\s+till\s+{proposal})?(?:\.?$|\s+och\s)", lowered
    ) or re.search(rf"\benligt\s+{proposal}", lowered):
        return "proposal"
    return "own"


def _decision_side(text: str) -> str:
    """What the body decided, in the chair's finding: "nämnden bifaller förslaget"."""
    lowered = text.lower()
    if re.search(r"avgöra[s]?\s+(?:ärendet\s+)?(?:i\s*dag|vid\s+dagens)", lowered):
        return "not referral"
    if re.search(r"återremi|bordl", lowered):
        return "referral"
    if re.search(
        r"\b(?:bifaller|bifalla|antar)\s+(?:\w+s\s+)?(?:tilläggs)?(?:yrkandet|motionen)\b", lowered
    ):
        return "motion"
    if re.search(r"\bavsl[åa]r?\b|\bavslag\b|\bavslå\w*", lowered):
        return "rejection"
    if re.search(r"\bbifall\w*|\benligt\s+(?:\w+s\s+)?förslag|\bantar\b|\bgodkänn", lowered):
        return "proposal"
    return ""


def _named(item: ParsedItem, text: str) -> list:
    """The motions whose movers the text names ("Karl Heds yrkande")."""
    return [
        motion
        for motion in item.motions
        if motion.mover and re.search(rf"\b{re.escape(motion.mover.name)}s?\b", text)
    ]


def _read_outcome(item: ParsedItem, what: str, on: str = "") -> None:
    if re.match(r"^så\s+(?:sker|är\s+fallet)", what, re.IGNORECASE) and on:
        what = on  # "frågar om nämnden kan bifalla förslaget och finner att så sker"
    _settle(item, what, on)


def _settle(item: ParsedItem, what: str, on: str) -> None:
    """Which motion won, from "... finner att nämnden bifaller förslaget" or a vote.

    `on` is what the chair put to the meeting, when the text says: a single motion put
    alone ("proposition på Anna Bergs tilläggsyrkande och finner att nämnden avslår
    detta") is decided alone."""
    put_alone = _named(item, on) if on and not re.search(r"\s(?:och|mot|eller)\s", on) else []
    if len(put_alone) == 1:
        side = _decision_side(what)
        if side in {"rejection", "proposal", "motion"}:
            put_alone[0].outcome = "rejected" if side == "rejection" else "adopted"
        return
    named = _named(item, what)
    if named:
        winners = {id(motion) for motion in named}
    else:
        side = _decision_side(what)
        if side == "not referral":
            for motion in item.motions:
                if _motion_side(motion.text) == "referral":
                    motion.outcome = "rejected"
            return
        if side == "referral":
            # Referred or postponed: the motions on the matter itself were never decided.
            for motion in item.motions:
                if _motion_side(motion.text) == "referral":
                    motion.outcome = "adopted"
            return
        if side == "motion":
            own = [m for m in item.motions if _motion_side(m.text) == "own"] or item.motions
            if len(own) != 1:
                return
            winners = {id(own[0])}
        elif not side:
            return
        else:
            # The side that won: a motion on it is adopted, every other motion falls.
            winners = {id(m) for m in item.motions if _motion_side(m.text) == side}
    for motion in item.motions:
        if motion.outcome != "withdrawn":  # a withdrawn motion was never put
            motion.outcome = "adopted" if id(motion) in winners else "rejected"


def settle_as_proposed(item: ParsedItem) -> None:
    """A decision as proposed, with no proposition written: the motions for the proposal
    were adopted and the others fell."""
    open_motions = [motion for motion in item.motions if motion.outcome != "withdrawn"]
    if not open_motions or any(motion.outcome != "undecided" for motion in open_motions):
        return
    as_proposed = bool(item.proposal_points) and item.decision_points == item.proposal_points
    # Every motion left moves the proposal ("bifall till förslaget"), and it was decided.
    unopposed = bool(item.decision_points) and all(
        re.match(r"bifall\b", motion.text, re.IGNORECASE) for motion in open_motions
    )
    if as_proposed or unopposed:
        _read_outcome(item, "bifaller förslaget")
