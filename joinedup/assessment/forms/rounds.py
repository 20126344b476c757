"""Forms for opening and running rounds, answering, and consensus answers. They declare fields
and wording; the rules live in `assessment.services.rounds` and `services.responses`."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from joinedup.assessment import selectors_rounds as selectors
from joinedup.assessment.models import Choice, Question, Round
from joinedup.core.conflicts import VersionedForm
from joinedup.partnerships.models import Layer, Partnership, Sector

DATE_HINT = "For example, 27/03/2026"


def _date(label: str, what: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=DATE_HINT,
        error_messages={"required": f"Enter the {what}", "invalid": f"Enter the {what} as a real date"},
    )


class OpenRoundForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title for the round"}
    )
    framework_version = forms.ModelChoiceField(
        label="Framework",
        queryset=Round.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose a framework", "invalid_choice": "Choose a framework"},
    )
    opens_on = _date("Opening date", "opening date")
    closes_on = _date("Closing date", "closing date")
    is_anonymous = forms.TypedChoiceField(
        label="Are answers anonymous?",
        choices=[("1", "Anonymous: answers are not linked to the person who gave them"), ("0", "Named")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
        error_messages={"required": "Choose whether answers are anonymous"},
    )
    bodies = forms.ModelMultipleChoiceField(
        label="Invite the current members of these bodies",
        queryset=Round.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label="Only members from these sectors (optional)",
        help_text="Leave empty to invite every sector.",
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    layers = forms.MultipleChoiceField(
        label="Only members on these layers (optional)",
        help_text="Leave empty to invite every layer.",
        choices=Layer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label="Also invite these people (optional)",
        queryset=Round.objects.none(),
        required=False,
        widget=forms.SelectMultiple,
    )
    previous_round = forms.ModelChoiceField(
        label="Compare with round (optional)",
        help_text="Leave as it is to compare with the last closed round on the same framework.",
        queryset=Round.objects.none(),
        required=False,
        empty_label="The last closed round on the same framework",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework_version"].queryset = selectors.available_versions(partnership)  # type: ignore[attr-defined]
        self.fields["framework_version"].label_from_instance = (  # type: ignore[attr-defined]
            lambda v: (
                f"{v.framework.title}, version {v.number}"
                + (" (shipped)" if v.framework.partnership_id is None else " (this partnership's own)")
            )
        )
        self.fields["bodies"].queryset = partnership.bodies.order_by("name")  # type: ignore[attr-defined]
        self.fields["bodies"].label_from_instance = (  # type: ignore[attr-defined]
            lambda b: f"{b.name} ({b.get_layer_display()})"
        )
        people = cast(forms.ModelMultipleChoiceField, self.fields["people"])
        people.queryset = partnership.people.select_related("organisation").order_by("full_name")
        previous = cast(forms.ModelChoiceField, self.fields["previous_round"])
        previous.queryset = partnership.assessment_rounds.order_by("-closes_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "Enter a closing date on or after the opening date")
        if not data.get("bodies") and not data.get("people"):
            self.add_error("bodies", "Choose at least one body, or name people to invite")
        return data


class ExtendForm(VersionedForm):
    closes_on = _date("New closing date", "new closing date")

    class Meta:
        model = Round
        fields = ["closes_on"]


def answer_choices(question: Question) -> list[dict[str, str]]:
    """The radios for one question: each descriptor in words under its label, then Don't know."""
    return [
        {"value": Choice.IN_PLACE, "label": "In place", "hint": question.in_place, "tone": "green"},
        {"value": Choice.PARTLY, "label": "Partly in place", "hint": question.partly, "tone": "amber"},
        {"value": Choice.NOT_IN_PLACE, "label": "Not in place", "hint": question.not_in_place, "tone": "red"},
        {"value": Choice.DONT_KNOW, "label": "Don't know", "hint": "", "tone": ""},
    ]


class QuestionsForm(forms.Form):
    """One element's questions: a choice (optional until submit) and a comment per question.
    Field names are `q<question id>` and `c<question id>`; the template renders the radios
    with each question's descriptors."""

    def __init__(
        self, *args: Any, questions: list[Question], with_note: str = "comment", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.ChoiceField(
                label=q.text,
                choices=Choice.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the answers"},
            )
            self.fields[f"c{q.pk}"] = forms.CharField(
                label=f"{'Note' if with_note == 'note' else 'Comment'} (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if with_note == "note":
                self.fields[f"v{q.pk}"] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def items(self) -> list[dict[str, Any]]:
        """Per question: the question, its bound fields and its radios with descriptors."""
        result = []
        for q in self.questions:
            choice_field = self[f"q{q.pk}"]
            value = choice_field.value() or ""
            result.append(
                {
                    "question": q,
                    "field": choice_field,
                    "comment": self[f"c{q.pk}"],
                    "version": self[f"v{q.pk}"] if f"v{q.pk}" in self.fields else None,
                    "choices": [{**c, "checked": c["value"] == value} for c in answer_choices(q)],
                }
            )
        return result

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            q.pk: (self.cleaned_data.get(f"q{q.pk}") or "", self.cleaned_data.get(f"c{q.pk}") or "")
            for q in self.questions
        }
