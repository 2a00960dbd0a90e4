from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

#: The apps whose data the public pages show; a change in them invalidates cached pages.
PUBLIC_APPS = {"meetings", "decisions", "agreements"}
#: Models of those apps that no public page shows.
NOT_SHOWN = {"meetings.accessibilityreport"}


def invalidate_cached_pages(sender, **kwargs) -> None:
    """After the commit of any change the public may see, no cached page is served again.

    Broad on purpose (a draft's edit invalidates too): one generation for the whole site
    is simple, shared by every server through the cache, and never serves a stale page.
    """
    from svom.middleware import bump_generation

    label = sender._meta.label_lower
    if sender._meta.app_label not in PUBLIC_APPS or label in NOT_SHOWN:
        return
    # A callback per saved row: each costs one cache write at commit, and a callback
    # registered in a savepoint that rolls back is dropped with it, as it should be.
    transaction.on_commit(bump_generation)


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Möten")

    def ready(self) -> None:
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_cached_pages, dispatch_uid=f"page-cache-{signal}")
