"""Forms for the frameworks pages: importing a document and editing a draft's elements,
questions and findings (each carries its revision, so concurrent edits never overwrite)."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from joinedup.assessment.models import Element, ElementKind, Finding, PaperSection, Question
from joinedup.assessment.services import frameworks as services
from joinedup.core.conflicts import VersionedForm
from joinedup.core.uploads import UploadField

MAX_DOCUMENT_BYTES = 1024 * 1024


class ImportForm(forms.Form):
    file = UploadField(
        label="Framework file",
        help_text="A YAML or JSON file in the framework format, for example one exported from this page. "
        "It becomes a draft version of the partnership's own framework.",
        allowed={"txt"},
        max_bytes=MAX_DOCUMENT_BYTES,
        error_messages={"required": "Select a YAML or JSON file"},
    )


def _split(value: str | None) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


class PracticesField(forms.CharField):
    def prepare_value(self, value: Any) -> Any:
        return ", ".join(str(n) for n in value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        parts = _split(super().to_python(value))
        if any(not p.isdigit() or int(p) < 1 for p in parts):
            raise forms.ValidationError("Enter practice numbers as whole numbers from 1, separated by commas")
        return [int(p) for p in parts]


class MetricsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return _split(super().to_python(value))


class ElementForm(VersionedForm):
    counter = "revision"
    kind = forms.ChoiceField(
        label="Kind of element",
        choices=ElementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of element"},
    )

    class Meta:
        model = Element
        fields = list(services.ELEMENT_EDIT_FIELDS)
        labels = {"title": "Title", "description": "Description (optional)"}
        error_messages = {"title": {"required": "Enter the element's title"}}

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.ELEMENT_EDIT_FIELDS}


class QuestionForm(VersionedForm):
    counter = "revision"
    practices = PracticesField(
        label="Practices it tests (optional)",
        required=False,
        help_text="Numbers from the practices list, separated by commas, for example 8, 9",
    )
    metrics = MetricsField(
        label="Evidence metrics that inform it (optional)",
        required=False,
        help_text="One metric key a line, for example governance.challenges_per_meeting",
    )

    class Meta:
        model = Question
        fields = list(services.QUESTION_EDIT_FIELDS)
        labels = {
            "text": "Question",
            "in_place": "What “in place” looks like",
            "partly": "What “partly in place” looks like",
            "not_in_place": "What “not in place” looks like",
            "guidance": "Guidance for respondents (optional)",
        }
        error_messages = {
            "text": {"required": "Enter the question"},
            "in_place": {"required": "Enter what “in place” looks like"},
            "partly": {"required": "Enter what “partly in place” looks like"},
            "not_in_place": {"required": "Enter what “not in place” looks like"},
        }

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.QUESTION_EDIT_FIELDS}


class FindingForm(VersionedForm):
    counter = "revision"
    section = forms.ChoiceField(
        label="Section of the review paper",
        choices=PaperSection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the section of the review paper"},
    )
    questions = forms.ModelMultipleChoiceField(
        label="Questions it draws on (optional)",
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    metrics = MetricsField(
        label="Evidence metrics it draws on (optional)",
        required=False,
        help_text="One metric key a line",
    )

    class Meta:
        model = Finding
        fields = [*services.FINDING_EDIT_FIELDS, "questions"]
        labels = {
            "title": "The finding in brief",
            "text": "More detail (optional)",
            "element": "Element (optional)",
        }
        error_messages = {"title": {"required": "Enter the finding in brief"}}

    def __init__(self, *args: Any, questions: Any, elements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.fields["questions"]
        element = self.fields["element"]
        assert isinstance(chosen, forms.ModelMultipleChoiceField)
        assert isinstance(element, forms.ModelChoiceField)
        chosen.queryset = questions
        chosen.label_from_instance = lambda q: f"{q.key}: {q.text}"  # type: ignore[method-assign,assignment]
        element.queryset = elements
        element.empty_label = "No element (the framework as a whole)"

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.FINDING_EDIT_FIELDS}
