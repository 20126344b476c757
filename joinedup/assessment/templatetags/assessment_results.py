"""Words and GOV.UK tag colours for judgements, scores and changes: words always, colour secondary."""

from __future__ import annotations

from django import template

from joinedup.assessment.selectors_results import CHOICE_LABELS, JUDGEMENT_WORDS, LAYER_LABELS, SECTOR_LABELS

register = template.Library()

TAG_CLASSES = {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red"}


@register.filter
def judgement_words(judgement: str | None) -> str:
    return JUDGEMENT_WORDS.get(judgement or None, JUDGEMENT_WORDS[None])


@register.filter
def judgement_class(judgement: str | None) -> str:
    return TAG_CLASSES.get(judgement or "", "govuk-tag--grey")


@register.filter
def choice_words(choice: str | None) -> str:
    return str(CHOICE_LABELS.get(choice or "", "No answer recorded"))


@register.filter
def score(value: float | None) -> str:
    """A mean on the 0..2 scale, to two places; a dash in words where there is none."""
    return "No score" if value is None else f"{value:.2f}"


@register.filter
def change(value: float | None) -> str:
    if value is None:
        return "No earlier score"
    if abs(value) < 0.005:
        return "No change (0.00)"
    return f"Up {value:.2f}" if value > 0 else f"Down {-value:.2f}"


@register.filter
def percent(value: float | None) -> str:
    return "No answers" if value is None else f"{value * 100:.0f}%"


@register.filter
def group_label(key: str) -> str:
    """A sector's or layer's label (their keys never collide)."""
    return str(SECTOR_LABELS.get(key) or LAYER_LABELS.get(key) or key)
