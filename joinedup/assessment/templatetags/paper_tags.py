"""Judgements in words and their (secondary) colour, for the review paper's templates."""

from __future__ import annotations

from django import template

from joinedup.assessment import selectors_paper

register = template.Library()


@register.filter
def judgement_words(judgement: str | None) -> str:
    return selectors_paper.judgement_words(judgement if judgement != "none" else None)


@register.filter
def judgement_tag(judgement: str | None) -> str:
    return selectors_paper.judgement_tag(judgement if judgement != "none" else None)


@register.filter
def score(mean: float | None) -> str:
    return "no score" if mean is None else f"{mean:.2f} of 2"


@register.simple_tag(takes_context=True)
def question_url(context: template.Context, question_key: str) -> str:
    """Where a question's score was computed: its results page, else the paper's own rules."""
    return selectors_paper.question_url(context["round"], question_key)


@register.simple_tag(takes_context=True)
def metric_url(context: template.Context, metric_key: str) -> str:
    """Where an evidence metric's value was computed: its page, else the paper's own rules."""
    return selectors_paper.metric_url(context["round"], metric_key)


@register.simple_tag(takes_context=True)
def results_url(context: template.Context) -> str:
    round_ = context["round"]
    return (
        selectors_paper.results_url(round_) or selectors_paper.paper_url(round_) + selectors_paper.HOW_ANCHOR
    )
