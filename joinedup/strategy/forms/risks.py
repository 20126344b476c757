"""Forms for the risk register and contribution claims. Wording only; rules live in
`joinedup.strategy.services.risks`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q

from joinedup.core.conflicts import VersionedForm
from joinedup.partnerships.models import Layer, Partnership
from joinedup.strategy import risk_analysis
from joinedup.strategy.models import Confidence, ContributionClaim, Priority, Risk
from joinedup.strategy.services.risks import CLAIM_FIELDS, RISK_FIELDS

DATE_HINT = "For example, 27/03/2027"


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _scale(words: dict[int, str]) -> list[tuple[str, str]]:
    return [("", "Select a score"), *((str(n), f"{n} – {words[n]}") for n in risk_analysis.SCALE)]


def _score_field(label: str, words: dict[int, str], missing: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=_scale(words), coerce=int, error_messages={"required": missing}
    )


class RiskForm(forms.ModelForm):
    title = forms.CharField(label="Risk", max_length=300, error_messages={"required": "Enter the risk"})
    likelihood = _score_field("Current likelihood", risk_analysis.LIKELIHOOD_WORDS, "Select the likelihood")
    impact = _score_field("Current impact", risk_analysis.IMPACT_WORDS, "Select the impact")
    target_likelihood = _score_field(
        "Target likelihood (after mitigation)", risk_analysis.LIKELIHOOD_WORDS, "Select the target likelihood"
    )
    target_impact = _score_field(
        "Target impact (after mitigation)", risk_analysis.IMPACT_WORDS, "Select the target impact"
    )
    review_on = forms.DateField(
        label="Next review date",
        help_text=DATE_HINT,
        required=False,
        error_messages={"invalid": "Enter the review date as a real date"},
    )
    escalation_layer = forms.ChoiceField(
        label="Escalates to",
        choices=[("", "Not escalated"), *Layer.choices],
        required=False,
        help_text="The layer of governance the risk is reported to.",
    )

    class Meta:
        model = Risk
        fields = list(RISK_FIELDS)
        labels = {
            "outcome": "Outcome",
            "programme": "Programme",
            "owner_organisation": "Owner organisation",
            "cause": "Cause",
            "effect": "Effect",
            "mitigations": "Mitigations",
        }
        help_texts = {"outcome": "A risk is to an outcome, a programme or both."}

    def __init__(
        self, *args: Any, partnership: Partnership, led_priority_ids: set[int] | None = None, **kwargs: Any
    ) -> None:
        """`led_priority_ids` (None: no limit) limits the outcomes and programmes offered to
        those of the themes a theme lead leads, plus whatever the risk is already to."""
        super().__init__(*args, **kwargs)
        outcomes = partnership.outcomes.select_related("priority")
        programmes = partnership.programmes.all()
        if led_priority_ids is not None:
            outcomes = outcomes.filter(Q(priority_id__in=led_priority_ids) | Q(pk=self.instance.outcome_id))
            programmes = programmes.filter(
                Q(
                    pk__in=partnership.programmes.filter(outcomes__priority_id__in=led_priority_ids).values(
                        "pk"
                    )
                )
                | Q(pk=self.instance.programme_id)
            )
        _choices(self, "outcome").queryset = outcomes
        _choices(self, "programme").queryset = programmes
        _choices(self, "owner_organisation").queryset = partnership.organisations.all()
        for name, empty in (
            ("outcome", "Not to an outcome"),
            ("programme", "Not to a programme"),
            ("owner_organisation", "Not given"),
        ):
            _choices(self, name).empty_label = empty
        for name in ("cause", "effect", "mitigations"):
            self.fields[name].widget.attrs["rows"] = 3

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("outcome") and not data.get("programme") and "outcome" not in self.errors:
            self.add_error("outcome", "Select the outcome or programme the risk is to")
        return data

    def _post_clean(self) -> None:
        # The service runs full_clean on the saved record; here it would only repeat
        # constraint messages in Django's generic words.
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in RISK_FIELDS if name in self.cleaned_data}


class RiskEditForm(RiskForm, VersionedForm):
    pass


class RiskReviewForm(VersionedForm):
    likelihood = _score_field("Likelihood now", risk_analysis.LIKELIHOOD_WORDS, "Select the likelihood")
    impact = _score_field("Impact now", risk_analysis.IMPACT_WORDS, "Select the impact")
    review_on = forms.DateField(
        label="Next review date",
        help_text=DATE_HINT,
        required=False,
        error_messages={"invalid": "Enter the next review date as a real date"},
    )
    note = forms.CharField(
        label="What the review found (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Risk
        fields = ["likelihood", "impact", "mitigations", "review_on"]
        labels = {"mitigations": "Mitigations"}

    def _post_clean(self) -> None:
        pass


class ContributionForm(VersionedForm):
    what_changed = forms.CharField(
        label="What changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what changed"},
    )
    what_we_did = forms.CharField(
        label="What the partnership did",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the partnership did"},
    )
    counterfactual = forms.CharField(
        label="What would not have happened otherwise",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what would not have happened otherwise"},
    )
    confidence = forms.ChoiceField(
        label="How confident are you in this claim?",
        choices=Confidence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how confident you are"},
    )
    recorded_on = forms.DateField(
        label="Date of the claim",
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date of the claim",
            "invalid": "Enter the date as a real date",
        },
    )

    class Meta:
        model = ContributionClaim
        fields = [*CLAIM_FIELDS, "evidence"]
        widgets = {"evidence": forms.CheckboxSelectMultiple}
        labels = {"evidence": "Evidence"}
        help_texts = {"evidence": "Choose from the evidence attached to this priority and its outcomes."}

    def __init__(self, *args: Any, priority: Priority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            # A new claim has no version yet; the hidden field still needs a value.
            self.initial["version"] = 1
        _choices(self, "evidence").queryset = priority.partnership.evidence.filter(
            Q(priority=priority) | Q(outcome__priority=priority)
        )
        self.fields["evidence"].required = False

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CLAIM_FIELDS}
