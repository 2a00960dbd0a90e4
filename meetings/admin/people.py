"""The admin of who meets and about what: organisations, bodies, topics, people."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import (
    Body,
    Membership,
    Organisation,
    Person,
    PersonAlias,
    Topic,
)
from .record import (
    VersionedModelAdmin,
    VersionedTabularInline,
)


@admin.register(Organisation)
class OrganisationAdmin(VersionedModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


class WorkingGroupInline(VersionedTabularInline):
    model = Body
    fk_name = "parent"
    fields = ["name", "short_name", "slug"]
    extra = 0
    show_change_link = True
    verbose_name = _("arbetsgrupp")
    verbose_name_plural = _("arbetsgrupper")


@admin.register(Body)
class BodyAdmin(VersionedModelAdmin):
    list_display = ["short_name", "name", "parent"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]
    inlines = [WorkingGroupInline]


@admin.register(Topic)
class TopicAdmin(VersionedModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PersonAliasInline(VersionedTabularInline):
    model = PersonAlias
    extra = 0


class MembershipInline(VersionedTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["body", "organisation"]


@admin.register(Person)
class PersonAdmin(VersionedModelAdmin):
    list_display = ["name", "party", "organisation", "title"]
    list_select_related = ["organisation"]
    list_filter = ["party", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "aliases__name", "title", "organisation__short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    inlines = [PersonAliasInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(VersionedModelAdmin):
    list_display = ["person", "body", "role", "start_date", "end_date"]
    list_select_related = ["person", "body"]
    list_filter = ["body", "role"]
    search_fields = ["person__name", "body__short_name"]
    autocomplete_fields = ["person", "body", "organisation"]
