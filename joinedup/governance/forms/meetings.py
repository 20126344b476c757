"""Forms for meetings, agenda items, minutes, clerks and notice rules. They declare fields and
wording; the rules live in `joinedup.governance.services.meetings`."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from joinedup.core.conflicts import VersionedForm
from joinedup.core.uploads import UploadField
from joinedup.governance.models import AgendaItem, Meeting, MeetingStatus
from joinedup.partnerships.models import Body, Partnership

LONDON = ZoneInfo("Europe/London")
PAPER_KINDS = ("pdf", "docx", "xlsx", "csv")
ITEM_LINK_FIELDS = ("indicators", "actions", "risks", "programmes", "escalations")
EXEMPT_REASON_MISSING = "Enter why the item is exempt, for example the Schedule 12A paragraph"


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(LONDON) if value else None


class MeetingForm(VersionedForm):
    date = forms.DateField(
        label="Date",
        help_text="For example, 27/03/2026",
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter the date as a real date",
        },
    )
    start_time = forms.TimeField(
        label="Start time",
        help_text="24-hour clock, for example 18:00",
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time, for example 18:00",
        },
    )
    end_time = forms.TimeField(
        label="End time (optional)",
        required=False,
        help_text="For example, 20:00",
        error_messages={"invalid": "Enter the end time, for example 20:00"},
    )

    class Meta:
        model = Meeting
        fields = ["title", "date", "start_time", "end_time", "place", "online_link"]
        labels = {
            "title": "Title (optional)",
            "place": "Place (optional)",
            "online_link": "Online link (optional)",
        }
        help_texts = {"online_link": "For example, https://meet.example/abc"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.fields.get("version"):
            return
        if not self.instance.pk:
            self.fields["version"].required = False
        elif not self.is_bound:
            start = _local(self.instance.starts_at)
            end = _local(self.instance.ends_at)
            self.initial.update(
                {"date": start.date() if start else None, "start_time": start.time() if start else None}
            )
            if end:
                self.initial["end_time"] = end.time()

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        starts = dt.datetime.combine(data["date"], data["start_time"], tzinfo=LONDON)
        ends = (
            dt.datetime.combine(data["date"], data["end_time"], tzinfo=LONDON)
            if data.get("end_time")
            else None
        )
        return {
            "title": data.get("title", ""),
            "starts_at": starts,
            "ends_at": ends,
            "place": data.get("place", ""),
            "online_link": data.get("online_link", ""),
        }


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status", widget=forms.RadioSelect, error_messages={"required": "Select the new status"}
    )

    def __init__(self, *args: Any, allowed: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(MeetingStatus.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in allowed]


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label="Approved at which meeting",
        queryset=None,
        required=False,
        empty_label="Approved by the body outside a meeting",
    )

    def __init__(self, *args: Any, later_meetings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = later_meetings


class AgendaItemForm(VersionedForm):
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations it concerns (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "presenter",
            "presenter_organisation",
            "purpose",
            "data_kind",
            "minutes_allotted",
            "is_key_decision",
            "is_exempt",
            "exempt_reason",
            "organisations",
            "indicators",
            "actions",
            "risks",
            "programmes",
            "escalations",
        ]
        labels = {
            "indicators": "Indicators it discusses",
            "actions": "Strategy actions it discusses",
            "risks": "Risks it discusses",
            "programmes": "Programmes it discusses",
            "escalations": "Escalated exceptions it considers",
            "presenter": "Presenter (optional)",
            "presenter_organisation": "Presenting organisation (optional)",
            "data_kind": "Kind of data it uses (optional)",
            "minutes_allotted": "Minutes allotted (optional)",
            "is_key_decision": "A key decision",
            "is_exempt": "Exempt from publication",
            "exempt_reason": "Reason it is exempt",
        }
        widgets = {"purpose": forms.RadioSelect}
        error_messages = {"title": {"required": "Enter the item's title"}}

    def __init__(self, *args: Any, partnership: Partnership, body: Body | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False
        self.fields["presenter"].queryset = partnership.people.order_by("full_name")
        self.fields["presenter_organisation"].queryset = partnership.organisations.order_by("name")
        self.fields["organisations"].queryset = partnership.organisations.order_by("name")
        self._limit_links(partnership, body)

    def _limit_links(self, partnership: Partnership, body: Body | None) -> None:
        """The golden thread: the partnership's visible indicators, its actions, risks and
        programmes, and the exceptions escalated to the item's body (open, or already linked)."""
        from django.db.models import Q

        from joinedup.performance.selectors import visible_indicators

        for name in ITEM_LINK_FIELDS:
            field = self.fields[name]
            field.required = False
            field.widget = forms.SelectMultiple(attrs={"size": 5})
            field.help_text = "Select one or more (hold Ctrl or Cmd). Optional."
        self.fields["indicators"].queryset = visible_indicators(partnership).order_by("title")
        self.fields["actions"].queryset = partnership.actions.order_by("title")
        self.fields["risks"].queryset = partnership.risks.order_by("title")
        self.fields["programmes"].queryset = partnership.programmes.order_by("title")
        linked = list(self.instance.escalations.values_list("pk", flat=True)) if self.instance.pk else []
        escalations = partnership.escalations.select_related("indicator", "to_body")
        self.fields["escalations"].queryset = (
            escalations.filter(Q(to_body=body, status="open") | Q(pk__in=linked))
            if body is not None
            else escalations.filter(pk__in=linked)
        )

    def links(self) -> dict[str, Any]:
        return {name: list(self.cleaned_data.get(name) or []) for name in ITEM_LINK_FIELDS}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("is_exempt") and not (data.get("exempt_reason") or "").strip():
            self.add_error("exempt_reason", EXEMPT_REASON_MISSING)
        elif not data.get("is_exempt"):
            data["exempt_reason"] = ""
            self.instance.exempt_reason = ""
        return data

    def service_fields(self) -> dict[str, Any]:
        skip = ("organisations", *ITEM_LINK_FIELDS)
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields if name not in skip} | {
            "exempt_reason": self.cleaned_data.get("exempt_reason") or "",
            "data_kind": self.cleaned_data.get("data_kind") or "",
        }


class MinutesForm(VersionedForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes"]
        labels = {"minutes": "Minutes of this item"}


class AmendmentForm(forms.Form):
    agreed_at_meeting = forms.ModelChoiceField(
        label="Agreed at which meeting", queryset=None, error_messages={"required": "Choose the meeting"}
    )
    text = forms.CharField(
        label="The correction", widget=forms.Textarea, error_messages={"required": "Enter the correction"}
    )

    def __init__(self, *args: Any, later_meetings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_at_meeting"].queryset = later_meetings


class PaperForm(forms.Form):
    file = UploadField(allowed=PAPER_KINDS, label="Paper", help_text="A PDF, Word, Excel or CSV file")


class ClerkForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Who clerks this body",
        queryset=None,
        error_messages={"required": "Choose who clerks this body"},
    )

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.email} ({u.email})"


class NoticeRuleForm(forms.Form):
    clear_days = forms.IntegerField(
        label="Clear days' notice",
        min_value=0,
        max_value=60,
        help_text="Neither the day papers are published nor the day of the meeting counts",
        error_messages={"required": "Enter the number of clear days"},
    )
    working_days = forms.BooleanField(label="Count working days only (England and Wales)", required=False)


class CalendarForm(forms.Form):
    target = forms.ChoiceField(
        label="Calendar of",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whose meetings the calendar shows"},
    )

    def __init__(self, *args: Any, bodies: Any = (), person: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        if person is not None:
            choices.append((f"person-{person.pk}", f"My meetings ({person.full_name})"))
        choices += [(f"body-{b.pk}", b.name) for b in bodies]
        self.fields["target"].choices = choices


def body_choices(partnership: Partnership) -> Any:
    return partnership.bodies.order_by("name")


__all__ = ["Body"]
