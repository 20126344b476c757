"""Dashboards (partnership, theme, body), the exception view, "how was this computed" pages
and escalations of exceptions to a higher body."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.forms import submit
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.partnerships.models import Body
from joinedup.performance import escalation_rules, facts, selectors, selectors_insight
from joinedup.performance.models import Escalation
from joinedup.performance.presenters_insight import sparkline_for
from joinedup.performance.services import escalations as escalation_services
from joinedup.strategy.models import BoardRole

VIEW = "partnerships.view"
RAG_CHOICES = [
    ("red", "Off target (red)"),
    ("amber", "Just off target (amber)"),
    ("green", "On target (green)"),
    ("not_rated", "Not rated"),
]


def _url(name: str, slug: str, **kwargs: Any) -> str:
    return reverse(f"performance:{name}", kwargs={"slug": slug, **kwargs})


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return [{"label": "Performance", "url": _url("dashboard", slug)}] + [
        {"label": label, "url": url} for label, url in extra
    ]


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() else None


# --- who may escalate ---------------------------------------------------------------------------


def my_bodies(access: PartnershipAccess) -> list[Body]:
    """The bodies the signed-in user currently sits on in this partnership."""
    return list(
        access.partnership.bodies.filter(
            memberships__person__user=access.user, memberships__end_date__isnull=True
        ).distinct()
    )


def may_escalate(access: PartnershipAccess, link: Any, member_of: list[Body]) -> bool:
    """An indicator's owner, an editor or admin, or a member of one of the partnership's bodies."""
    if access.may_edit or member_of:
        return True
    owner = getattr(link, "owner_person", None)
    return owner is not None and owner.user_id is not None and owner.user_id == access.user.pk


# --- dashboards ---------------------------------------------------------------------------------


def _filter_cards(cards, *, theme=None, owner=None, rag=None, role=None, exceptions_only=False):
    out = []
    for card in cards:
        if theme is not None and theme not in [t.pk for t in card.themes]:
            continue
        if owner is not None and card.link.owner_person_id != owner:
            continue
        if rag and card.facts.rag.status != rag:
            continue
        if role and role not in {t.board_role for t in card.themes}:
            continue
        if exceptions_only and not card.facts.is_exception:
            continue
        out.append(card)
    return out


def _group_by_theme(cards: list[selectors_insight.Card], theme_id: int | None = None) -> list[dict[str, Any]]:
    """Cards grouped under a theme each: the filtered theme, else the first theme the indicator
    serves (each card appears once; the card names all its themes); cards serving no theme
    last. Exceptions first within a group."""
    groups: dict[Any, dict[str, Any]] = {}
    for card in cards:
        themes = sorted(card.themes, key=lambda t: (t.position, t.pk))
        theme = next((t for t in themes if t.pk == theme_id), themes[0] if themes else None)
        key = theme.pk if theme is not None else None
        groups.setdefault(key, {"theme": theme, "cards": []})["cards"].append(card)
    ordered = sorted(
        groups.values(),
        key=lambda g: (g["theme"] is None, getattr(g["theme"], "position", 0), getattr(g["theme"], "pk", 0)),
    )
    for group in ordered:
        order = {id(f): i for i, f in enumerate(facts.exceptions_first([c.facts for c in group["cards"]]))}
        group["cards"].sort(key=lambda c: order[id(c.facts)])
        group["charts"] = [(c, sparkline_for(c)) for c in group["cards"]]
        group["exceptions"] = sum(1 for c in group["cards"] if c.facts.is_exception)
    return ordered


def _dashboard(
    request: HttpRequest,
    access: PartnershipAccess,
    *,
    title: str,
    link_rows,
    crumbs,
    exceptions_only: bool = False,
    body: Body | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    partnership = access.partnership
    bundle = selectors_insight.indicator_facts(partnership, list(link_rows))
    filters = {
        "theme": _int(request, "theme"),
        "owner": _int(request, "owner"),
        "rag": request.GET.get("rag", "") if request.GET.get("rag") in dict(RAG_CHOICES) else "",
        "role": request.GET.get("role", "") if request.GET.get("role") in BoardRole.values else "",
    }
    cards = _filter_cards(bundle.cards, exceptions_only=exceptions_only, **filters)
    all_themes = {t.pk: t for c in bundle.cards for t in c.themes}
    owners = {c.link.owner_person.pk: c.link.owner_person for c in bundle.cards if c.link.owner_person}
    return render(
        request,
        "performance/insight/dashboard.html",
        {
            "page_title": title,
            "breadcrumbs": crumbs,
            "partnership": partnership,
            "access": access,
            "bundle": bundle,
            "groups": _group_by_theme(cards, filters["theme"]),
            "card_count": len(cards),
            "exception_count": sum(1 for c in cards if c.facts.is_exception),
            "total": len(bundle.cards),
            "filters": filters,
            "themes": sorted(all_themes.values(), key=lambda t: (t.position, t.pk)),
            "owners": sorted(owners.values(), key=lambda p: p.full_name),
            "rag_choices": RAG_CHOICES,
            "role_choices": [(v, v.capitalize()) for v in BoardRole.values],
            "exceptions_only": exceptions_only,
            "body": body,
            "bodies": selectors_insight.bodies(partnership),
            "may_escalate_any": access.may_edit or bool(my_bodies(access)),
            # More than one area: each card links to the indicator page's pooled footprint.
            "footprint_areas": bundle.area_count if bundle.area_count > 1 else 0,
            **(extra or {}),
        },
    )


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    return _dashboard(
        request,
        access,
        title="Performance",
        link_rows=selectors_insight.links(access.partnership),
        crumbs=[{"label": "Performance", "url": None}],
    )


def exceptions(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    return _dashboard(
        request,
        access,
        title="Exceptions",
        link_rows=selectors_insight.links(access.partnership),
        crumbs=_crumbs(slug, ("Exceptions", None)),
        exceptions_only=True,
    )


def theme_dashboard(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    theme = access.partnership.priorities.filter(pk=priority_id).first()
    if theme is None:
        raise Http404("No such theme")
    rows = selectors_insight.links(access.partnership).filter(outcomes__priority=theme).distinct()
    return _dashboard(
        request,
        access,
        title=f"Performance: {theme.title}",
        link_rows=rows,
        crumbs=_crumbs(slug, (theme.title, None)),
        extra={"theme": theme},
    )


def body_remit(access: PartnershipAccess, body: Body):
    """A body's remit: the indicators serving an outcome the body leads, or an outcome of a
    theme the body leads (Priority.lead_body / Outcome.lead_body)."""
    from django.db.models import Q

    return (
        selectors_insight.links(access.partnership)
        .filter(Q(outcomes__lead_body=body) | Q(outcomes__priority__lead_body=body))
        .distinct()
    )


def body_dashboard(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    body = access.partnership.bodies.filter(pk=body_id).first()
    if body is None:
        raise Http404("No such body")
    exceptions_only = (
        escalation_rules.shows_exceptions_only(body.layer) and request.GET.get("detail") != "full"
    )
    return _dashboard(
        request,
        access,
        title=f"Performance: {body.name}",
        link_rows=body_remit(access, body),
        crumbs=_crumbs(slug, (body.name, None)),
        exceptions_only=exceptions_only,
        body=body,
        extra={
            "body_escalations": list(selectors_insight.escalations_for_body(access.partnership, body)[:20]),
            "layer_sees_exceptions": escalation_rules.shows_exceptions_only(body.layer),
        },
    )


# --- how was this computed ----------------------------------------------------------------------

FIGURE_TITLES = {
    "value": "Latest value",
    "interval": "Confidence interval",
    "rag": "RAG against the target",
    "previous": "Direction of travel against the previous period",
    "last_year": "Direction of travel against the same period last year",
    "benchmark": "Comparison with the benchmark",
    "rank": "Rank in the comparator group",
    "quartile": "Quartile in the comparator group",
    "forecast": "On track to meet the target?",
    "status": "Status: target and benchmark side by side",
}


def _card_for(access: PartnershipAccess, indicator_id: int) -> tuple[selectors_insight.Card, Any]:
    indicator = selectors.indicator_in(access.partnership, indicator_id)
    rows = list(selectors_insight.links(access.partnership, [indicator.pk]))
    if not rows:
        raise Http404("The partnership does not use this indicator")
    bundle = selectors_insight.indicator_facts(access.partnership, rows)
    return bundle.cards[0], bundle


def how_computed(request: HttpRequest, slug: str, indicator_id: int, figure: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    if figure not in FIGURE_TITLES:
        raise Http404("No such figure")
    card, bundle = _card_for(access, indicator_id)
    f = card.facts
    result = facts.figure_explanation(f, figure) if figure != "value" else None
    provenance = None
    benchmark_provenance = None
    partnership = access.partnership
    indicator = card.indicator
    if f.latest is not None and f.latest.observation_id:
        obs = (
            selectors.visible_observations(partnership, indicator)
            .filter(pk=f.latest.observation_id)
            .select_related("import_run__source", "entered_by")
            .first()
        )
        provenance = selectors._provenance(partnership, obs) if obs is not None else None
    if figure == "benchmark" and f.benchmark_value is not None and f.benchmark_value.observation_id:
        obs = (
            selectors.visible_observations(partnership, indicator)
            .filter(pk=f.benchmark_value.observation_id)
            .select_related("import_run__source", "entered_by")
            .first()
        )
        benchmark_provenance = selectors._provenance(partnership, obs) if obs is not None else None
    return render(
        request,
        "performance/insight/how.html",
        {
            "page_title": f"How was this computed: {FIGURE_TITLES[figure]}",
            "breadcrumbs": _crumbs(
                slug,
                (f"{indicator.code} {indicator.title}", _url("indicator", slug, indicator_id=indicator.pk)),
                (FIGURE_TITLES[figure], None),
            ),
            "partnership": partnership,
            "access": access,
            "card": card,
            "facts": f,
            "indicator": indicator,
            "figure": figure,
            "figure_title": FIGURE_TITLES[figure],
            "result": result,
            "explanation": getattr(result, "explanation", ""),
            "provenance": provenance,
            "benchmark_provenance": benchmark_provenance,
            "group": bundle.group,
            "area": bundle.area,
        },
    )


# --- escalations --------------------------------------------------------------------------------


class EscalationForm(forms.Form):
    from_body = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Raised by (body)",
        help_text="Leave empty to raise it in your own name as the indicator's owner or an editor.",
    )
    to_body = forms.ModelChoiceField(queryset=None, label="Escalate to")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why it needs the higher body's attention",
        max_length=4000,
    )

    def __init__(self, *args: Any, from_bodies, to_bodies, from_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_body"].queryset = from_bodies
        self.fields["from_body"].required = from_required
        self.fields["to_body"].queryset = to_bodies
        if from_required:
            self.fields["from_body"].help_text = "The body you sit on that raises it."


def escalate(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    card, bundle = _card_for(access, indicator_id)
    member_of = my_bodies(access)
    if not may_escalate(access, card.link, member_of):
        raise PermissionDenied
    f = card.facts
    if f.latest is None:
        messages.error(request, "This indicator has no value to escalate yet.")
        return redirect(_url("dashboard", slug))
    is_owner = _is_owner(access, card.link)
    from_bodies = (
        partnership.bodies.order_by("name")
        if access.may_edit
        else partnership.bodies.filter(pk__in=[b.pk for b in member_of]).order_by("name")
    )
    facts_of_bodies = escalation_services.body_facts(partnership)
    # Any body higher than at least one body the person may raise from (or than none).
    by_pk = {b.pk: b for b in facts_of_bodies}
    starts = ([None] if access.may_edit or is_owner else []) + [by_pk[body.pk] for body in from_bodies]
    higher = {pk for start in starts for pk in escalation_rules.higher_bodies(start, facts_of_bodies)}
    to_bodies = partnership.bodies.filter(pk__in=higher).order_by("layer", "name")
    form = EscalationForm(
        request.POST or None,
        from_bodies=from_bodies,
        to_bodies=to_bodies,
        from_required=not access.may_edit and not is_owner,
    )
    variance = escalation_rules.variance_words(
        f.latest.value,
        f.target.value if f.target else None,
        f.indicator.decimal_places,
        (f.comparison.benchmark_name, f.benchmark_value.value)
        if f.benchmark_value and f.comparison
        else None,
    )
    me = partnership.people.filter(user=request.user).first()
    submission = submit(
        form,
        lambda: escalation_services.raise_escalation(
            partnership=partnership,
            user=request.user,
            indicator=card.indicator,
            area=bundle.area,
            period=f.latest.period,
            variance=variance,
            reason=form.cleaned_data["reason"],
            to_body=form.cleaned_data["to_body"],
            from_body=form.cleaned_data["from_body"],
            from_person=me,
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Escalated to {submission.result.to_body.name}.")
        return redirect(_url("escalations", slug) + f"?body={submission.result.to_body.pk}")
    return render(
        request,
        "performance/insight/escalate.html",
        {
            "page_title": f"Escalate {card.indicator.code} {card.indicator.title}",
            "breadcrumbs": _crumbs(slug, ("Exceptions", _url("exceptions", slug)), ("Escalate", None)),
            "partnership": partnership,
            "access": access,
            "card": card,
            "facts": f,
            "variance": variance,
            "form": form,
            "cancel_url": _url("exceptions", slug),
        },
    )


def _is_owner(access: PartnershipAccess, link: Any) -> bool:
    owner = getattr(link, "owner_person", None)
    return owner is not None and owner.user_id is not None and owner.user_id == access.user.pk


def escalation_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    bodies = selectors_insight.bodies(partnership)
    body_id = _int(request, "body")
    body = next((b for b in bodies if b.pk == body_id), None)
    rows = (
        selectors_insight.escalations_for_body(partnership, body)
        if body is not None
        else selectors_insight.escalations(partnership)
    )
    status = request.GET.get("status", "")
    if status in Escalation.Status.values:
        rows = rows.filter(status=status)
    member_of = {b.pk for b in my_bodies(access)}
    lines = [
        (
            e,
            e.status == Escalation.Status.OPEN
            and (access.may_edit or e.raised_by_id == request.user.pk or e.from_body_id in member_of),
        )
        for e in rows[:200]
    ]
    return render(
        request,
        "performance/insight/escalations.html",
        {
            "page_title": f"Escalations: {body.name}" if body else "Escalations",
            "breadcrumbs": _crumbs(slug, ("Escalations", None)),
            "partnership": partnership,
            "access": access,
            "lines": lines,
            "bodies": bodies,
            "body": body,
            "status": status,
            "statuses": Escalation.Status.choices,
        },
    )


def escalation_withdraw(request: HttpRequest, slug: str, escalation_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    escalation = selectors_insight.escalations(access.partnership).filter(pk=escalation_id).first()
    if escalation is None:
        raise Http404("No such escalation")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member_of = {b.pk for b in my_bodies(access)}
    if not (
        access.may_edit or escalation.raised_by_id == request.user.pk or escalation.from_body_id in member_of
    ):
        raise PermissionDenied
    try:
        escalation_services.withdraw_escalation(escalation=escalation, user=request.user)
        messages.success(request, "Escalation withdrawn.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_url("escalations", slug))
