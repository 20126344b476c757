"""Owners without an account: the owners' updates page for the partnership, and the page an
owner reaches through the signed link in their digest."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import SignedLink
from joinedup.partnerships.access import partnership_access
from joinedup.strategy import presenters_owners as presenters
from joinedup.strategy import selectors_owners as selectors
from joinedup.strategy.analysis import STATUS_LABELS
from joinedup.strategy.forms.owners import OwnerUpdateForm
from joinedup.strategy.services import owners as services

VIEW = "partnerships.view"
EDIT = "partnerships.edit"


def owners(request: HttpRequest, slug: str) -> HttpResponse:
    """Who leads open actions, what is due from them, when their last digest went and whether
    they answered it. Editors can send this cycle's digests now."""
    access = partnership_access(request, slug, VIEW)
    today = timezone.localdate()
    rows, no_email = selectors.owners_overview(access.partnership, today=today)
    return render(
        request,
        "strategy/owners/owners.html",
        {
            "page_title": "Owners' updates",
            "partnership": access.partnership,
            "rows": rows,
            "no_email": no_email,
            "may_send": access.may_edit,
            "breadcrumbs": [
                {"label": "Strategy", "url": reverse("strategy:strategy", kwargs={"slug": slug})},
                {"label": "Owners' updates", "url": None},
            ],
        },
    )


def owners_send(request: HttpRequest, slug: str) -> HttpResponse:
    """Send this cycle's digests now (the worker also sends them daily); POST only."""
    access = partnership_access(request, slug, EDIT)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    run = services.send_owner_digests(
        partnership=access.partnership, today=timezone.localdate(), user=request.user
    )
    sent = len(run.sent)
    parts = [f"Sent {sent} digest{'s' if sent != 1 else ''}."]
    if run.already_sent:
        count = len(run.already_sent)
        parts.append(
            f"{count} owner{'s' if count != 1 else ''} already had this cycle's digest, so "
            f"{'they were' if count != 1 else 'it was'} not sent again."
        )
    if run.no_email:
        parts.append(f"Not sent to {', '.join(p.full_name for p in run.no_email)}: no email address.")
    if run.escalated:
        parts.append(f"Escalated {len(run.escalated)} missed cycle{'s' if len(run.escalated) != 1 else ''}.")
    messages.success(request, " ".join(parts))
    return redirect("strategy:owners", slug=slug)


def owner_updates_link(request: HttpRequest, link: SignedLink, token: str) -> HttpResponse:
    """The page an owner reaches from their digest: one form per action, each posted on its own
    and recorded as the person's update. Works without JavaScript; nothing changes on GET."""
    digest = selectors.digest_for_link(link)
    if digest is None:
        raise Http404
    actions = selectors.digest_actions(digest)
    today = timezone.localdate()
    forms = {
        action.pk: OwnerUpdateForm(
            prefix=f"action-{action.pk}",
            initial={"status": action.status, "percent_complete": action.percent_complete},
        )
        for action in actions
    }
    error_form = None
    if request.method == "POST":
        chosen = next((a for a in actions if str(a.pk) == request.POST.get("action_id")), None)
        if chosen is None:
            raise Http404("That action is not in this digest")
        form = OwnerUpdateForm(request.POST, prefix=f"action-{chosen.pk}")
        forms[chosen.pk] = form
        if form.is_valid():
            _, finished = services.record_owner_update(
                digest=digest,
                action=chosen,
                status=form.cleaned_data["status"],
                percent_complete=form.cleaned_data["percent_complete"],
                commentary=form.cleaned_data.get("commentary", ""),
            )
            if finished:
                return render(
                    request,
                    "strategy/owners/done.html",
                    {"page_title": "Thank you: every action is updated", "digest": digest},
                )
            messages.success(request, f"Update recorded for {chosen.title}.")
            return redirect(f"{reverse('core:signed_link', kwargs={'token': token})}#action-{chosen.pk}")
        error_form = form
    return render(
        request,
        "strategy/owners/update.html",
        {
            "page_title": f"Update your actions for {digest.partnership.name}",
            "digest": digest,
            "person": digest.person,
            "partnership": digest.partnership,
            "items": presenters.owner_items(actions, digest=digest, today=today, forms=forms),
            "status_labels": STATUS_LABELS,
            "form": error_form,
            "expires_at": link.expires_at,
        },
    )
