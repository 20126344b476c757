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
