"""The strategy page, recording and editing the strategy, adopting versions and comparing
them, and the outcomes behind each coverage figure."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.core.audit import history_for
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.strategy import presenters, selectors
from joinedup.strategy.analysis_versions import compare_versions
from joinedup.strategy.coverage import EXPLANATION, coverage_by_theme
from joinedup.strategy.forms.strategy import AdoptForm, CompareForm, StrategyEditForm, StrategyForm
from joinedup.strategy.rules import led_priority_ids
from joinedup.strategy.services import strategy as services

T = "strategy/"


def _strategy(access: PartnershipAccess, pk: int):
    strategy = selectors.strategy_in(access.partnership, pk)
    if strategy is None:
        raise Http404("No such strategy")
    return strategy


def _base(access: PartnershipAccess, **extra):
    return {
        "partnership": access.partnership,
        "label": presenters.strategy_label(access.partnership),
        "access": access,
        **extra,
    }


def strategy_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    strategy = selectors.current_strategy(access.partnership)
    context = _base(access, strategy=strategy)
    context["page_title"] = context["label"].capitalize()
    if strategy is not None:
        tree = selectors.strategy_tree(strategy)
        context.update(presenters.strategy_page_context(strategy, tree))
        context["led_ids"] = led_priority_ids(request.user, access.partnership)
        context["history"] = history_rows(history_for(strategy, partnership_id=access.partnership.pk)[:20])
    return render(request, T + "strategy.html", context)


def _form_page(request, access, form, *, strategy=None, conflict_rows=None, status=200):
    label = presenters.strategy_label(access.partnership)
    return render(
        request,
        T + "strategy_form.html",
        _base(
            access,
            page_title=f"Change the {label}" if strategy else f"Record the {label}",
            strategy=strategy,
            form=form,
            conflict_rows=conflict_rows,
        ),
        status=status,
    )


def strategy_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    if request.method != "POST":
        return _form_page(request, access, StrategyForm())
    form = StrategyForm(request.POST)
    submission = submit(
        form,
        lambda: services.create_strategy(
            partnership=access.partnership, user=request.user, values=form.values()
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Recorded {submission.result.title}")
        return redirect("strategy:strategy", slug=slug)
    return _form_page(request, access, form)


def strategy_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    strategy = _strategy(access, pk)
    if request.method != "POST":
        return _form_page(request, access, StrategyEditForm(instance=strategy), strategy=strategy)
    form = StrategyEditForm(request.POST, instance=strategy)
    submission = submit(
        form,
        lambda: services.update_strategy(
            strategy=strategy,
            user=request.user,
            expected_version=form.expected_version,
            changes=form.values(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Saved {strategy.title}")
        return redirect("strategy:strategy", slug=slug)
    if submission.conflict_rows:
        strategy.refresh_from_db()
    return _form_page(
        request,
        access,
        form,
        strategy=strategy,
        conflict_rows=submission.conflict_rows,
        status=submission.status,
    )


def strategy_adopt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    strategy = _strategy(access, pk)
    form = AdoptForm(request.POST if request.method == "POST" else None)
    submission = submit(
        form,
        lambda: services.adopt_strategy(
            strategy=strategy,
            user=request.user,
            adopted_on=form.cleaned_data["adopted_on"],
            note=form.cleaned_data["note"],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Adopted version {submission.result.number}")
        return redirect("strategy:versions", slug=slug, pk=strategy.pk)
    return render(
        request,
        T + "adopt.html",
        _base(access, page_title=f"Adopt {strategy.title}", strategy=strategy, form=form),
    )


def versions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    strategy = _strategy(access, pk)
    kept = selectors.versions_of(strategy)
    return render(
        request,
        T + "versions.html",
        _base(
            access,
            page_title=f"Versions of {strategy.title}",
            strategy=strategy,
            versions=kept,
            compare_form=CompareForm(numbers=sorted(v.number for v in kept)),
        ),
    )


def version_detail(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    access = partnership_access(request, slug)
    strategy = _strategy(access, pk)
    version = selectors.version_in(strategy, number)
    if version is None:
        raise Http404("No such version")
    return render(
        request,
        T + "version_detail.html",
        _base(access, page_title=f"Version {number} of {strategy.title}", strategy=strategy, version=version),
    )


def compare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    strategy = _strategy(access, pk)
    kept = {v.number: v for v in selectors.versions_of(strategy)}
    form = CompareForm(request.GET or None, numbers=sorted(kept))
    diff = older = newer = None
    if form.is_bound and form.is_valid():
        older, newer = kept[form.cleaned_data["older"]], kept[form.cleaned_data["newer"]]
        diff = compare_versions(older.snapshot, newer.snapshot)
    return render(
        request,
        T + "compare.html",
        _base(
            access,
            page_title=f"Compare versions of {strategy.title}",
            strategy=strategy,
            form=form,
            diff=diff,
            older=older,
            newer=newer,
        ),
    )


def coverage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """How coverage is computed, and the outcomes behind one figure (?theme=&group=&measure=)."""
    access = partnership_access(request, slug)
    strategy = _strategy(access, pk)
    tree = selectors.strategy_tree(strategy)
    themes = {t.priority.pk: t.priority for t in tree}
    theme_id = request.GET.get("theme", "")
    group = request.GET.get("group", "")
    measure = request.GET.get("measure", "all")
    outcomes = None
    theme = None
    if theme_id.isdigit() and int(theme_id) in themes and group in ("agreement", "local"):
        theme = themes[int(theme_id)]
        measure = measure if measure in presenters.MEASURES else "all"
        [item] = coverage_by_theme([theme.pk], selectors.coverage_facts(tree))
        tally = item.agreement if group == "agreement" else item.local
        wanted = set(presenters.ids_for(tally, measure))
        outcomes = [n.outcome for t in tree for n in t.outcomes if n.outcome.pk in wanted]
    return render(
        request,
        T + "coverage.html",
        _base(
            access,
            page_title="How coverage is computed",
            strategy=strategy,
            explanation=EXPLANATION,
            theme=theme,
            group_label=presenters.GROUP_LABELS.get(group, ""),
            measure_label=presenters.MEASURE_LABELS.get(measure, ""),
            outcomes=outcomes,
        ),
    )
