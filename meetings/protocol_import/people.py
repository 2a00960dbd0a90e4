"""Resolving people and organisations against the registers."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.text import slugify

from meetings.models import (
    Organisation,
    Person,
    PersonAlias,
)

from .parsed import NEAR_MATCH_RATIO, PARTIES, NameMention, ParsedProtocol
from .sentences import _is_short_form


@dataclass
class ResolvedPerson:
    """Who a written name turned out to be: an existing person or one to create."""

    name: str
    existing: Person | None = None
    party: str = ""
    organisation: Organisation | None = None
    title: str = ""
    saved: Person | None = None  # the person written, once the import has saved it

    @property
    def is_new(self) -> bool:
        return self.existing is None


class _Registers:
    """The people, spellings and organisations an import matches names against."""

    def __init__(self, parsed: ParsedProtocol) -> None:
        self.parsed = parsed
        self.people: dict[str, Person] = {}
        for person in Person.objects.order_by("pk"):
            self.people.setdefault(person.name.casefold(), person)
        for alias in PersonAlias.objects.select_related("person"):
            self.people.setdefault(alias.name.casefold(), alias.person)
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            self.organisations[organisation.short_name.casefold()] = organisation
            self.organisations.setdefault(organisation.name.casefold(), organisation)
        #: Every spelling met so far, folded, with the name to show for it.
        self.spellings = {spelling: person.name for spelling, person in self.people.items()}
        self.resolved: dict[str, ResolvedPerson | None] = {}

    def organisation(self, text: str) -> Organisation | None:
        return self.organisations.get(text.strip().casefold())

    def resolve(self, mention: NameMention, political: bool = False) -> ResolvedPerson | None:
        """The person a mention names; None (with a warning) when it cannot be told.

        A `political` mention (a member, a mover) may carry a local party's letters.
        """
        if mention.name not in self.resolved:
            self.resolved[mention.name] = self._resolve(mention)
        resolved = self.resolved[mention.name]
        if resolved:
            self._learn(resolved, mention, political)
        return resolved

    def _resolve(self, mention: NameMention) -> ResolvedPerson | None:
        name = mention.name
        if (person := self.people.get(name.casefold())) is not None:
            return ResolvedPerson(person.name, existing=person)
        if _is_short_form(name):
            full = self._full_name_for(mention)
            return self.resolve(NameMention(full, mention.line)) if full else None
        for other in self.resolved.values():
            if other and other.is_new and other.name.casefold() == name.casefold():
                return other
        self._warn_near_matches(mention)
        self.spellings[name.casefold()] = name
        return ResolvedPerson(name)

    def _full_name_for(self, mention: NameMention) -> str | None:
        """The one full name in the protocol that "Elsy" or "Lena W-S" is short for."""
        first, *rest = mention.name.split()
        initials = _capitals("".join(rest))
        candidates = [
            full
            for full in self.parsed.full_names
            if full.split()[0] == first
            and (not rest or _capitals("".join(full.split()[1:])) == initials)
        ]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            self.parsed.warn(
                mention.line,
                f"«{mention.name}» kan vara {' eller '.join(candidates)}; ingen person "
                "kopplades. Rätta i admin.",
            )
        else:
            self.parsed.warn(
                mention.line,
                f"«{mention.name}» nämns utan fullständigt namn någonstans i protokollet; "
                "ingen person kopplades.",
            )
        return None

    def _warn_near_matches(self, mention: NameMention) -> None:
        spelling = mention.name.casefold()
        close = difflib.get_close_matches(spelling, self.spellings, n=1, cutoff=NEAR_MATCH_RATIO)
        if close:
            self.parsed.warn(
                mention.line,
                f"«{mention.name}» liknar «{self.spellings[close[0]]}» men slogs inte ihop: en "
                "ny person skapas. Är det samma person, lägg till stavningen som alternativ "
                "stavning och importera igen.",
            )

    def _learn(self, resolved: ResolvedPerson, mention: NameMention, political: bool) -> None:
        """Note the party, organisation or title the text gives a person."""
        if mention.parenthesis:
            organisation = self.organisation(mention.parenthesis)
            if organisation:
                resolved.organisation = resolved.organisation or organisation
            elif mention.parenthesis.upper() in PARTIES or (
                political and _LOCAL_PARTY.fullmatch(mention.parenthesis)
            ):
                # A local party's letters (TUP, SJVP, KPS) are a party as much as (S) is.
                resolved.party = resolved.party or mention.parenthesis.upper()
            else:
                self.parsed.warn(
                    mention.line,
                    f"«({mention.parenthesis})» efter {mention.name} är varken ett parti "
                    "eller en känd organisations förkortning.",
                )
        if mention.appositive:
            organisation = self.organisation(mention.appositive)
            if organisation:
                resolved.organisation = resolved.organisation or organisation
            else:
                resolved.title = resolved.title or mention.appositive[:200]


#: Letters in parentheses after a name that read as a party: the national ones are in
#: PARTIES, local ones are up to six letters ("TUP", "Sjvp").
_LOCAL_PARTY = re.compile(r"[A-ZÅÄÖa-zåäö]{1,6}")


def person_for(
    people: dict[str, ResolvedPerson | None], mention: NameMention | None
) -> ResolvedPerson | None:
    """The person a mention was resolved to, None when it names no one known."""
    return people.get(mention.name) if mention else None


def saved(resolved: ResolvedPerson) -> Person:
    """The resolved person, saving a new one the first time it is needed."""
    if resolved.existing is not None:
        return resolved.existing
    if resolved.saved is None:
        resolved.saved = Person.objects.create(
            name=resolved.name[:200],
            slug=_free_slug(resolved.name),
            party=resolved.party,
            organisation=resolved.organisation,
            title=resolved.title,
        )
    return resolved.saved


def _free_slug(name: str) -> str:
    base = slugify(name)[:90] or "person"
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _capitals(text: str) -> str:
    return re.sub(r"[^A-ZÅÄÖÉÜ]", "", text)
