"""The adjusted record: what an adjusted paragraph says, and how it may change afterwards.

Adjusting (justering) makes a paragraph part of the public record. From then on:

- **Locked** (never changes): the paragraph's meeting, its place in the agenda, its state and
  time of adjustment, and that it was adjusted immediately. An adjusted paragraph is never
  deleted; it can be withdrawn from the web (GDPR) instead.
- **Correctable** (changes only inside `correction()`, which keeps the version before and
  after and shows on the public page as *Rättad* with what changed): the § number, title,
  presenters and text, the kind of decision, the proposal and decision points, the motions
  with their movers and outcomes, the votes with their ballots and result, the reservations,
  the assignments given (what and to whom), and the public attachments.
- **Free** (not part of the record): topics, the review flag of an imported title,
  confidentiality and withdrawal from the web (both hide the paragraph; neither alters it),
  and the follow-up of assignments on the balanslista (due date, status, completion).

The rule is enforced where every path passes: the models' `save()` and `delete()`, their
QuerySets' bulk writes, and the signals for deletes and many-to-many changes. A meeting's and
a paragraph's state move only through the services' actions (`meetings.services`), which run
inside `action()`.

Wagtail's `models/revisions.py` is the model for keeping versions as JSON.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: The paragraphs (primary keys) open for correction in the running code.
_open_for_correction: ContextVar[frozenset[int]] = ContextVar(
    "open_for_correction", default=frozenset()
)
#: True while a service (publish notice, hold, adjust, cancel) moves a state.
_in_action: ContextVar[bool] = ContextVar("in_action", default=False)


class RecordLocked(ValidationError):
    """A write that would change the adjusted record outside a correction."""


@contextmanager
def action() -> Iterator[None]:
    """Let the code inside move a meeting's or a paragraph's state: for the services only."""
    token = _in_action.set(True)
    try:
        yield
    finally:
        _in_action.reset(token)


def in_action() -> bool:
    return _in_action.get()


def is_open_for_correction(item_id: int | None) -> bool:
    return item_id in _open_for_correction.get()


@contextmanager
def _opened(item_ids: Iterable[int]) -> Iterator[None]:
    token = _open_for_correction.set(_open_for_correction.get() | frozenset(item_ids))
    try:
        yield
    finally:
        _open_for_correction.reset(token)


def locked_message() -> str:
    return gettext(
        "Paragrafen är justerad. Det som allmänheten ser ändras bara genom en rättelse, "
        "som sparar den justerade versionen och visas som Rättad på den publika sidan."
    )


def refuse_unless_open(item_ids: Iterable[int | None]) -> None:
    """Raise RecordLocked if any of the paragraphs is adjusted and not open for correction."""
    from .agenda import AgendaItem

    closed = {pk for pk in item_ids if pk is not None and not is_open_for_correction(pk)}
    if closed and AgendaItem.objects.filter(pk__in=closed, state="adjusted").exists():
        raise RecordLocked(locked_message(), code="record_locked")


class RecordPartQuerySet(models.QuerySet):
    """Bulk writes of a record part pass the same check as a single save."""

    def _item_ids(self) -> set[int]:
        return set(self.values_list(self.model.record_item_lookup, flat=True))

    def update(self, **kwargs) -> int:
        if self.model.touches_the_record(kwargs):
            refuse_unless_open(self._item_ids())
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None) -> int:
        objs = list(objs)
        if self.model.touches_the_record(fields):
            refuse_unless_open(obj.record_item_id() for obj in objs)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs) -> list:
        objs = list(objs)
        refuse_unless_open(obj.record_item_id() for obj in objs)
        return super().bulk_create(objs, *args, **kwargs)


class RecordPart(models.Model):
    """A part of a paragraph's record (a point, a motion, a vote, ...): see the module's rule.

    Deleting is checked by the `pre_delete` receiver below, which also sees cascades and
    QuerySet deletes.
    """

    #: The lookup from the part to its paragraph's primary key.
    record_item_lookup = "agenda_item_id"
    #: The fields that are part of the record; None: all of them. A change of any other
    #: field (the follow-up of an assignment, say) is free.
    record_fields: tuple[str, ...] | None = None

    objects = RecordPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        ids = {self.record_item_id()}
        if not self._state.adding and self.pk:
            stored = type(self)._base_manager.filter(pk=self.pk)
            if self.record_fields is not None:
                fields = [self._meta.get_field(name).attname for name in self.record_fields]
                before = stored.values(*fields).first()
                if before and all(before[name] == getattr(self, name) for name in fields):
                    ids = set()  # only free fields change
            if ids:
                # Moving a part away from an adjusted paragraph changes that paragraph too.
                ids |= set(stored.values_list(self.record_item_lookup, flat=True))
        refuse_unless_open(ids)
        super().save(*args, **kwargs)

    @classmethod
    def touches_the_record(cls, field_names) -> bool:
        if cls.record_fields is None:
            return True
        names = {name.removesuffix("_id") for name in field_names}
        return bool(names & {name.removesuffix("_id") for name in cls.record_fields})

    def record_item_id(self) -> int | None:
        return self.agenda_item_id  # type: ignore[attr-defined]


class Correction(models.Model):
    """A recorded correction of an adjusted paragraph: who, when, why, and both versions."""

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("paragraf"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    made_at = models.DateTimeField(_("rättad"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rättad av"),
        on_delete=models.PROTECT,
        related_name="corrections",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("skäl"), blank=True, help_text=_("Visas för allmänheten."))
    before = models.JSONField(_("före"), help_text=_("Paragrafen som den löd före rättelsen."))
    after = models.JSONField(_("efter"), help_text=_("Paragrafen som den löd efter rättelsen."))

    class Meta:
        ordering = ["agenda_item", "made_at", "pk"]
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")

    def __str__(self) -> str:
        return gettext("Rättelse %(time)s") % {
            "time": f"{timezone.localtime(self.made_at):%Y-%m-%d %H:%M}"
        }


@contextmanager
def correction(item, user=None, reason: str = "") -> Iterator[None]:
    """Correct the adjusted paragraph `item` inside the block, as a recorded correction.

    The paragraph's record is read before and after; if it changed, a Correction keeps both
    versions, who made it and why. Everything happens in one transaction.
    """
    from .agenda import AgendaItem

    with transaction.atomic():
        stored = AgendaItem.objects.select_for_update().get(pk=item.pk)
        before = record_of(stored)
        with _opened([item.pk]):
            yield
        after = record_of(AgendaItem.objects.get(pk=item.pk))
        if stored.is_adjusted and after != before:
            Correction.objects.create(
                agenda_item_id=item.pk,
                made_by=user if user is not None and user.is_authenticated else None,
                reason=reason.strip(),
                before=before,
                after=after,
            )


def record_of(item) -> dict[str, Any]:
    """What the public reads of `item`, as JSON-ready data.

    Uses the item's prefetched parts when a page prefetched them (see `with_minutes_for`),
    so that a page that shows a correction runs no extra query per part.
    """
    decision = getattr(item, "decision", None) if _has_decision(item) else None
    return {
        "number": item.number,
        "title": item.title,
        "presenters": sorted(person.name for person in item.presenters.all()),
        "text": item.text,
        "decision_kind": decision.kind if decision else "",
        "proposal_points": [[p.position, p.text] for p in _by_position(item.proposal_points)],
        "decision_points": [[p.position, p.text] for p in _by_position(item.decision_points)],
        "motions": [
            [m.position, m.mover.name, m.text, m.outcome] for m in _by_position(item.motions)
        ],
        "votes": [
            [
                vote.position,
                vote.yes_proposal,
                vote.no_proposal,
                vote.result,
                vote.casting_vote,
                sorted([b.person.name, b.choice] for b in vote.ballots.all()),
            ]
            for vote in _by_position(item.votes)
        ],
        "reservations": sorted([r.person.name, r.text] for r in item.reservations.all()),
        "assignments": sorted(
            [
                a.description,
                a.responsible.name if a.responsible else "",
                a.responsible_organisation.short_name if a.responsible_organisation else "",
            ]
            for a in item.assignments.all()
        ),
        "attachments": [
            [a.position, a.title, a.file.name or ""]
            for a in sorted(item.attachments.all(), key=lambda a: (a.position, a.pk))
            if a.is_public
        ],
    }


def _has_decision(item) -> bool:
    try:
        item.decision  # noqa: B018 (the reverse one-to-one raises when there is none)
    except models.ObjectDoesNotExist:
        return False
    return True


def _by_position(manager) -> list:
    return sorted(manager.all(), key=lambda part: (part.position, part.pk))


def record_lines(record: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The record as labelled parts of text lines, in the order the page shows them."""
    from decisions.models import Ballot, Decision, Motion, Vote

    def label(choices, value) -> str:
        return str(dict(choices).get(value, value))

    votes = []
    for position, yes, no, result, casting, ballots in record["votes"]:
        votes.append(
            gettext("Votering %(position)s: ja för %(yes)s, nej för %(no)s; %(result)s")
            % {
                "position": position,
                "yes": yes,
                "no": no,
                "result": label(Vote.Result.choices, result),
            }
            + (gettext(" (ordförandens utslagsröst)") if casting else "")
        )
        votes += [f"  {name}: {label(Ballot.Choice.choices, choice)}" for name, choice in ballots]
    kind = record["decision_kind"]
    return [
        (gettext("Paragraf"), [f"§ {record['number']}"] if record["number"] else []),
        (gettext("Rubrik"), [record["title"]]),
        (gettext("Föredragande"), record["presenters"]),
        (gettext("Protokolltext"), record["text"].splitlines()),
        (gettext("Förslag till beslut"), [f"{n}. {text}" for n, text in record["proposal_points"]]),
        (
            gettext("Typ av beslut"),
            [label(Decision.Kind.choices, kind)] if kind else [],
        ),
        (gettext("Beslut"), [f"{n}. {text}" for n, text in record["decision_points"]]),
        (
            gettext("Yrkanden"),
            [
                f"{n}. {mover}: {text} ({label(Motion.Outcome.choices, outcome)})"
                for n, mover, text, outcome in record["motions"]
            ],
        ),
        (gettext("Voteringar"), votes),
        (
            gettext("Reservationer"),
            [f"{name}: {text}" if text else name for name, text in record["reservations"]],
        ),
        (
            gettext("Uppdrag"),
            [
                f"{', '.join(who for who in (person, organisation) if who)}: {description}"
                for description, person, organisation in record.get("assignments", [])
            ],
        ),
        (gettext("Bilagor"), [title for _position, title, _file in record["attachments"]]),
    ]


def record_diff(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, list]]:
    """The parts that differ, each as (label, [(sign, line), ...]) with sign " ", "+" or "-"."""
    changed = []
    for (label, old), (_label, new) in zip(record_lines(before), record_lines(after), strict=True):
        if old != new:
            lines = [(line[0], line[2:]) for line in difflib.ndiff(old, new) if line[0] in " +-"]
            changed.append((label, lines))
    return changed


@receiver(pre_delete)
def _refuse_deleting_the_record(sender, instance, **kwargs) -> None:
    """An adjusted paragraph is never deleted; its parts only by a correction."""
    if isinstance(instance, RecordPart):
        refuse_unless_open([instance.record_item_id()])
    elif sender._meta.label == "meetings.AgendaItem" and instance.is_adjusted:
        raise RecordLocked(
            gettext(
                "En justerad paragraf raderas aldrig. Ta bort den från webben (skäl att ta "
                "bort från webben) eller rätta den."
            ),
            code="adjusted_not_deleted",
        )


@receiver(pre_delete)
def _refuse_deleting_attendance(sender, instance, **kwargs) -> None:
    from .attendance import Attendance, refuse_if_adjusted

    if isinstance(instance, Attendance):
        refuse_if_adjusted([instance.meeting_id])


@receiver(m2m_changed)
def _refuse_changing_adjusters(sender, instance, action, pk_set, **kwargs) -> None:
    """The adjusters are named in the adjusted protocol."""
    from .attendance import refuse_if_adjusted
    from .meeting import Meeting

    if sender is not Meeting.adjusters.through or not action.startswith("pre_"):
        return
    if getattr(instance, "_loaded_raw", False):
        return
    if isinstance(instance, Meeting):
        refuse_if_adjusted([instance.pk])
    else:  # from the person's side
        refuse_if_adjusted(pk_set or instance.meetings_adjusted.values_list("pk", flat=True))


@receiver(pre_save)
def _mark_rows_loaded_from_a_dump(sender, instance, raw, **kwargs) -> None:
    # loaddata saves a row raw and then sets its many-to-many relations: that restores the
    # record as it was, it does not change it.
    if raw:
        instance._loaded_raw = True


@receiver(m2m_changed)
def _refuse_changing_presenters(sender, instance, action, pk_set, **kwargs) -> None:
    """The presenters are part of the record; the topics are not."""
    from .agenda import AgendaItem

    if sender is not AgendaItem.presenters.through or not action.startswith("pre_"):
        return
    if getattr(instance, "_loaded_raw", False):
        return
    if isinstance(instance, AgendaItem):
        refuse_unless_open([instance.pk])
    else:  # the change comes from the person's side: every paragraph named
        refuse_unless_open(pk_set or instance.presented_items.values_list("pk", flat=True))
