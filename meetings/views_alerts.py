"""Bevaka: subscribing to e-mail alerts, confirming, unsubscribing, "Mina bevakningar".

The signed links and the mails are `meetings.alerts`; these views only read a form or a
token and answer. None is cached: each answers one visitor's link or form.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView
from django_ratelimit.decorators import ratelimit

from . import alerts
from .forms import SubscriptionForm, SubscriptionManageRequestForm
from .models import Subscription
from .views import client_address

#: The parameter of a "Bevaka" link for each kind: /bevaka/?organ=svom.
TARGET_PARAMETERS = {
    "organ": Subscription.Kind.BODY,
    "amne": Subscription.Kind.TOPIC,
    "person": Subscription.Kind.PERSON,
    "avtal": Subscription.Kind.AGREEMENT,
    "q": Subscription.Kind.SEARCH,
}

rate_limited = method_decorator(
    ratelimit(key=client_address, rate=lambda group, request: settings.SUBSCRIBE_RATE, block=False)
)


def invalid_link(request: HttpRequest) -> HttpResponse:
    """A link that was altered or has expired: said in plain Swedish, never a traceback."""
    return TemplateResponse(request, "meetings/subscription_invalid.html", status=400)


class RateLimitedFormMixin:
    """Too many requests from one address: nothing is sent, the form is shown again."""

    limited_message = ""

    @rate_limited
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        if getattr(self.request, "limited", False):
            form.add_error(None, self.limited_message)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return self.act(form)


@method_decorator(never_cache, name="dispatch")
class SubscribeView(RateLimitedFormMixin, FormView):
    """/bevaka/?organ=...: the address to send the alerts to, then a mail to confirm it."""

    form_class = SubscriptionForm
    template_name = "meetings/subscription_form.html"
    limited_message = _(
        "Många bevakningar har beställts från din adress på kort tid. Vänta en stund och "
        "försök igen."
    )

    def get_initial(self) -> dict:
        for parameter, kind in TARGET_PARAMETERS.items():
            if self.request.GET.get(parameter, "").strip():
                return {"kind": kind, "target": self.request.GET[parameter].strip()[:200]}
        return {}

    def get_context_data(self, **kwargs) -> dict:
        form = kwargs.get("form") or self.get_form()
        kind = form.data.get("kind") if form.is_bound else form.initial.get("kind")
        target = form.data.get("target") if form.is_bound else form.initial.get("target")
        return super().get_context_data(target=self.describe(form, kind, target), **kwargs)

    @staticmethod
    def describe(form: SubscriptionForm, kind: str | None, target: str | None) -> str | None:
        """What the page says is watched, if it exists and is public."""
        if not kind or not target or kind not in Subscription.Kind.values:
            return None
        if kind == Subscription.Kind.SEARCH:
            return _("sökningen ”%(query)s”") % {"query": target}
        found = form.targets[kind].filter(slug=target).first()
        return str(found) if found else None

    def act(self, form: SubscriptionForm) -> HttpResponse:
        subscription, created = Subscription.objects.get_or_create(
            email=form.cleaned_data["email"],
            kind=form.cleaned_data["kind"],
            **form.cleaned_data["fields"],
        )
        # The same answer whether the address was new or already watching: the page never
        # tells a stranger what someone else subscribes to.
        if not subscription.is_confirmed:
            if not created:
                # Asked again: the new link works another week, and so does the request.
                subscription.created_at = timezone.now()
                subscription.save(update_fields=["created_at"])
            alerts.send_confirmation(subscription)
        return TemplateResponse(
            self.request,
            "meetings/subscription_sent.html",
            {"email": subscription.email, "target": subscription.target_label()},
        )


@method_decorator(never_cache, name="dispatch")
class ConfirmSubscriptionView(View):
    """The link of the confirmation mail: a button confirms (a link checker only looks)."""

    template_name = "meetings/subscription_confirm.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            subscription = alerts.subscription_to_confirm(token)
        except alerts.InvalidToken:
            return invalid_link(request)
        return TemplateResponse(request, self.template_name, {"subscription": subscription})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            subscription = alerts.subscription_to_confirm(token)
        except alerts.InvalidToken:
            return invalid_link(request)
        subscription.confirm()
        return TemplateResponse(
            request, self.template_name, {"subscription": subscription, "confirmed": True}
        )


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The unsubscribe link of every alert. GET asks, POST ends the subscription.

    Exempt from CSRF, this view only: a mail program's one-click unsubscribe (RFC 8058)
    posts `List-Unsubscribe=One-Click` here without a form of ours. The signed token is
    what authorises it, and all a forged request could do is end a subscription.
    """

    template_name = "meetings/subscription_unsubscribe.html"

    def subscriptions(self, token: str) -> QuerySet[Subscription]:
        return alerts.subscriptions_to_end(token)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            subscriptions = list(self.subscriptions(token))
        except alerts.InvalidToken:
            return invalid_link(request)
        return TemplateResponse(request, self.template_name, {"subscriptions": subscriptions})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            subscriptions = self.subscriptions(token)
        except alerts.InvalidToken:
            return invalid_link(request)
        subscriptions.delete()
        return TemplateResponse(request, self.template_name, {"ended": True})


@method_decorator(never_cache, name="dispatch")
class ManageRequestView(RateLimitedFormMixin, FormView):
    """/bevaka/mina/: the address to send the link to "Mina bevakningar"."""

    form_class = SubscriptionManageRequestForm
    template_name = "meetings/subscription_manage_request.html"
    limited_message = _(
        "Många länkar har beställts från din adress på kort tid. Vänta en stund och försök igen."
    )

    def act(self, form: SubscriptionManageRequestForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        # Sent only to an address with subscriptions; the page says the same either way.
        if Subscription.objects.filter(email=email).exists():
            alerts.send_manage_link(email)
        return TemplateResponse(self.request, self.template_name, {"form": None, "sent_to": email})


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    """The link of the mail "Dina bevakningar": the address's subscriptions, to delete."""

    template_name = "meetings/subscription_manage.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            email = alerts.managed_address(token)
        except alerts.InvalidToken:
            return invalid_link(request)
        subscriptions = Subscription.objects.filter(email=email).select_related(
            "body", "topic", "person", "agreement"
        )
        return TemplateResponse(
            request, self.template_name, {"email": email, "subscriptions": subscriptions}
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            email = alerts.managed_address(token)
        except alerts.InvalidToken:
            return invalid_link(request)
        subscriptions = Subscription.objects.filter(email=email)
        if request.POST.get("subscription") != "all":
            subscriptions = subscriptions.filter(pk=_int(request.POST.get("subscription")))
        deleted, _by_model = subscriptions.delete()
        if deleted:
            messages.success(request, _("Bevakningen är borttagen."))
        return redirect(request.path)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None
