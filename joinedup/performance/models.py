"""The performance room's records: indicators (shared or local), observations with their
revisions and provenance, comparator groups, targets with approved changes, commentary,
and each partnership's use of an indicator (outcomes served, owner).

Shared indicators (`partnership` is null) and their observations for real areas are
reference data: read-only to partnerships, maintained by operators and added to (never
silently overwritten) by imports. See docs/adr/0022-performance-data.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from joinedup.core.fields import PeriodField
from joinedup.core.models import ImportRun, Versioned
from joinedup.partnerships.models import Area, Organisation, Partnership, Person, Role
from joinedup.strategy.models import Action, Outcome

DEFAULT_SEX = "Persons"
DEFAULT_AGE = "All ages"


class Unit(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENTAGE = "percentage", "Percentage"
    RATE_1000 = "rate_1000", "Rate per 1,000"
    RATE_100000 = "rate_100000", "Rate per 100,000"
    MONEY = "money", "Money (£)"
    RATIO = "ratio", "Ratio"
    YES_NO = "yes_no", "Yes or no"
    DURATION = "duration", "Duration (days)"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"
    NO_JUDGEMENT = "none", "No judgement (neither higher nor lower is better)"


class ValueType(models.TextChoices):
    """How the value was calculated: the analysis (intervals, aggregation) depends on it."""

    COUNT = "count", "Count"
    PROPORTION = "proportion", "Proportion (percentage)"
    CRUDE_RATE = "crude_rate", "Crude rate"
    DSR = "dsr", "Directly standardised rate"
    MEAN = "mean", "Mean"
    OTHER = "other", "Other"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual (calendar year)"
    FINANCIAL_YEAR = "financial_year", "Annual (financial year)"
    ACADEMIC_YEAR = "academic_year", "Annual (academic year)"
    ROLLING = "rolling", "Rolling periods of several years"
    OTHER = "other", "Other"


class GeographyType(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    COUNTY_UA = "county_ua", "Counties and unitary authorities"
    DISTRICT_UA = "district_ua", "Districts and unitary authorities"
    PARTNERSHIP = "partnership", "The partnership's own area"
    OTHER = "other", "Other"


class Indicator(Versioned):
    """A definition of something measured. Shared when `partnership` is null."""

    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_indicators",
        help_text="The partnership that owns a local indicator; empty for a shared indicator.",
    )
    code = models.CharField(max_length=40, help_text="For example NI 154, or a Fingertips indicator ID.")
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    numerator_label = models.CharField("numerator", max_length=300, blank=True)
    denominator_label = models.CharField("denominator", max_length=300, blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    decimal_places = models.PositiveSmallIntegerField(default=1)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.NO_JUDGEMENT)
    value_type = models.CharField(max_length=12, choices=ValueType.choices, default=ValueType.OTHER)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.ANNUAL)
    source = models.CharField(max_length=300, blank=True, help_text="Who publishes the data.")
    source_url = models.URLField(max_length=500, blank=True)
    data_quality = models.TextField("data-quality notes", blank=True)
    geography_type = models.CharField(max_length=20, choices=GeographyType.choices, blank=True)
    is_fictional = models.BooleanField(
        default=False, help_text="Demonstration data: labelled as such wherever it is shown."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["code", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(partnership__isnull=True), name="indicator_shared_code_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership", "code"],
                condition=Q(partnership__isnull=False),
                name="indicator_local_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_shared(self) -> bool:
        return self.partnership_id is None


class QualityStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    VALIDATED = "validated", "Validated"
    AUDITED = "audited", "Audited"


class Observation(models.Model):
    """One value of an indicator for an area, period and breakdown, as recorded at a time.

    Revisions are rows: the current value of a key has `superseded_at` null; a revision sets
    the old row's `superseded_at`/`superseded_by`, so any figure can be shown "as at" a date.
    A blank `value` with a `note` is "no value", with its reason.
    """

    # Indexes are few on purpose: this is the biggest table and imports write millions of rows
    # (bench/README.md). Single-column indexes that a composite index or the current-key
    # constraint already covers are left out.
    #
    # No foreign key of this table is a database constraint (ADR 0027): checking five keys row
    # by row took more time than storing the rows. The writer
    # (`services.observations.write_observations`) checks and locks every indicator, area,
    # partnership and person it names (`FOR KEY SHARE`, as the constraint would) inside the
    # write's transaction, and Django's deletion collector applies each `on_delete` (deleting
    # an indicator or a partnership deletes its values; an area with values cannot be deleted).
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )
    # The partnership whose data this is; empty for shared reference data (shared indicators).
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="observations", db_index=False, db_constraint=False
    )
    period = PeriodField()
    sex = models.CharField(max_length=20, default=DEFAULT_SEX)
    age = models.CharField(max_length=40, default=DEFAULT_AGE)
    category_type = models.CharField(max_length=200, blank=True, default="")
    category = models.CharField(max_length=200, blank=True, default="")
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField("lower 95% limit", null=True, blank=True)
    upper_95 = models.FloatField("upper 95% limit", null=True, blank=True)
    lower_998 = models.FloatField("lower 99.8% limit", null=True, blank=True)
    upper_998 = models.FloatField("upper 99.8% limit", null=True, blank=True)
    quality = models.CharField(max_length=12, choices=QualityStatus.choices, default=QualityStatus.VALIDATED)
    note = models.CharField(max_length=500, blank=True)
    # Provenance: an import run and its row (the run says who imported it), or the person who
    # typed it. Runs are never deleted (PROTECT, checked by Django), so the database does not
    # check this key row by row as millions are written.
    import_run = models.ForeignKey(
        ImportRun,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    entered_by_label = models.CharField(max_length=200, blank=True)
    # Not indexed: every query that reads it also names an indicator (and mostly an area).
    recorded_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        ordering = ["indicator", "area", "period_start", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "sex", "age", "category_type", "category"],
                condition=Q(superseded_at__isnull=True),
                name="observation_current_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(note=""), name="observation_blank_value_has_note"
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period_start"], name="observation_indicator_period"),
            models.Index(fields=["area", "indicator"], name="observation_area_indicator"),
            models.Index(fields=["import_run"], name="observation_import_run"),
            # Small partial indexes: only local values have a partnership, only revised ones a successor.
            models.Index(
                fields=["partnership"],
                condition=Q(partnership__isnull=False),
                name="observation_local_partnership",
            ),
            models.Index(
                fields=["superseded_by"],
                condition=Q(superseded_by__isnull=False),
                name="observation_successor",
            ),
            models.Index(
                fields=["entered_by"], condition=Q(entered_by__isnull=False), name="observation_entered_by"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area.code} {self.period}: {self.value}"

    @property
    def is_default_breakdown(self) -> bool:
        return (self.sex, self.age, self.category_type, self.category) == (DEFAULT_SEX, DEFAULT_AGE, "", "")


class PartnershipIndicator(Versioned):
    """A partnership's use of an indicator (shared or its own): the outcomes it serves and its owner."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="partnership_links")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="indicator_links")
    owner_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_indicators",
        help_text="Asked for the value each period, in the app or through an emailed link.",
    )
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The areas the partnership reports on (its own areas if empty).
    areas = models.ManyToManyField(Area, blank=True, related_name="+")
    # Data entry: when each period's value is due (days after the period ends).
    due_days_after_period = models.PositiveSmallIntegerField(default=30)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "indicator"], name="partnership_indicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} uses {self.indicator}"


class ComparatorKind(models.TextChoices):
    NEAREST_NEIGHBOURS = "neighbours", "Nearest neighbours"
    REGION = "region", "Region"
    ENGLAND = "england", "England"
    CUSTOM = "custom", "Custom"


class ComparatorGroup(Versioned):
    """Areas to compare with. Shared (operators') when `partnership` is null."""

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="comparator_groups"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=ComparatorKind.choices, default=ComparatorKind.CUSTOM)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="For example CIPFA nearest neighbours 2023."
    )
    subject_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The area whose comparators these are (for nearest neighbours).",
    )
    benchmark_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The area whose published value is the group's benchmark (e.g. England or the region).",
    )
    members = models.ManyToManyField(Area, through="ComparatorMember", related_name="comparator_groups")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ComparatorMember(models.Model):
    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="memberships")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 is the nearest neighbour.")

    class Meta:
        ordering = ["group", "rank", "area__name"]
        constraints = [models.UniqueConstraint(fields=["group", "area"], name="comparator_member_unique")]

    def __str__(self) -> str:
        return f"{self.area} in {self.group}"


class TargetType(models.TextChoices):
    # Stored values are the 2007 words; labels are today's.
    DESIGNATED = "designated", "Agreed with government"
    STATUTORY = "statutory", "Required by law"
    LOCAL = "local", "Set locally"


class ToleranceKind(models.TextChoices):
    ABSOLUTE = "absolute", "In the indicator's units"
    PERCENT = "percent", "As a percentage of the target"


class Target(Versioned):
    """The value a partnership aims for, for one indicator, area and period.

    Its values change only through an approved `TargetChange`; each approval is kept, so
    the history shows which target applied when. A trajectory is one target per period.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    period = PeriodField()
    target_type = models.CharField(max_length=12, choices=TargetType.choices, default=TargetType.LOCAL)
    value = models.FloatField(null=True, blank=True, help_text="Empty until the first change is approved.")
    baseline_value = models.FloatField(null=True, blank=True)
    baseline_period = PeriodField(null=True, blank=True)
    without_intervention = models.FloatField(
        "expected without intervention", null=True, blank=True, help_text="For stretch targets."
    )
    tolerance = models.FloatField(
        "amber tolerance",
        null=True,
        blank=True,
        help_text="How far short of the target still counts as amber.",
    )
    tolerance_kind = models.CharField(
        max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.ABSOLUTE
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "area", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "area", "period"], name="target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Target for {self.indicator.code} in {self.period}"


class TargetChange(models.Model):
    """A proposed setting or change of a target, approved or rejected by the role the
    partnership sets for that target type (`TargetApprovalRule`)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="target_changes")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # The target's fields after the change (value, baseline, tolerance, ...), as JSON-safe values.
    proposed = models.JSONField()
    previous = models.JSONField(null=True, blank=True)
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} change to {self.target}"


class TargetApprovalRule(models.Model):
    """Which role approves changes to targets of a type, per partnership. Without a rule,
    `DEFAULT_TARGET_APPROVERS` applies."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="target_rules")
    target_type = models.CharField(max_length=12, choices=TargetType.choices)
    approver_role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "target_type"], name="target_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_target_type_display()} targets approved by {self.get_approver_role_display()}"


DEFAULT_TARGET_APPROVERS = {
    TargetType.DESIGNATED: Role.ADMIN,
    TargetType.STATUTORY: Role.ADMIN,
    TargetType.LOCAL: Role.EDITOR,
}


class Commentary(Versioned):
    """What is happening and what is being done, per indicator and period."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="commentaries")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentaries")
    period = PeriodField()
    happening = models.TextField("what is happening", blank=True)
    doing = models.TextField("what is being done", blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="indicator_commentaries")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_by_label = models.CharField(max_length=200, blank=True)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "-period_start"]
        verbose_name_plural = "commentaries"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "indicator", "period"], name="commentary_unique")
        ]

    def __str__(self) -> str:
        return f"Commentary on {self.indicator.code} for {self.period}"


class DataEntryDigest(models.Model):
    """One emailed request to an indicator owner for a period's values (signed link)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="data_entry_digests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="data_entry_digests")
    period = PeriodField()
    sent_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    link = models.ForeignKey(
        "core.SignedLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "person", "period"], name="data_entry_digest_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Values for {self.period} asked of {self.person}"


class Escalation(models.Model):
    """An exception (an indicator's figure for a period) raised by an owner or a group to a named
    higher body. The governance room lists it in that body's agenda suggestion and records when
    it was considered."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting to be considered"
        CONSIDERED = "considered", "Considered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="escalations")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="escalations")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    period = PeriodField()
    variance = models.CharField(max_length=300, help_text="For example, 12.4 above the target of 80.0.")
    reason = models.TextField()
    from_body = models.ForeignKey(
        "partnerships.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalations_raised",
    )
    from_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations_raised"
    )
    to_body = models.ForeignKey(
        "partnerships.Body", on_delete=models.CASCADE, related_name="escalations_received"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    considered_at = models.DateTimeField(null=True, blank=True)
    considered_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} escalated to {self.to_body}"


# --- importspeed ---
# The observations table has no database foreign keys (ADR 0027). Django's deletion collector
# applies each key's `on_delete`; these receivers run after the referenced row itself is
# deleted, so they also see values another transaction committed while the deletion waited
# for its lock (the writer locks what it refers to, `check_references`): a deleted indicator
# or partnership takes its values with it, an area with values cannot be deleted, and a
# deleted person's typed values keep their label but lose the link. No value is ever left
# pointing at nothing.


def _delete_values(**lookup: Any) -> None:
    left = Observation.objects.filter(**lookup)
    if left.exists():
        left.delete()


@receiver(post_delete, sender=Indicator, dispatch_uid="observations_of_deleted_indicator")
def _indicator_deleted(sender: Any, instance: Indicator, **kwargs: Any) -> None:
    _delete_values(indicator_id=instance.pk)


@receiver(post_delete, sender=Partnership, dispatch_uid="observations_of_deleted_partnership")
def _partnership_deleted(sender: Any, instance: Partnership, **kwargs: Any) -> None:
    _delete_values(partnership_id=instance.pk)


@receiver(post_delete, sender=Area, dispatch_uid="observations_of_deleted_area")
def _area_deleted(sender: Any, instance: Area, **kwargs: Any) -> None:
    # No ordering: the default one joins the area, which is gone.
    held = list(Observation.objects.filter(area_id=instance.pk).order_by()[:1])
    if held:
        raise models.ProtectedError(
            f"The area {instance.code} cannot be deleted: values of indicators are held for it",
            set(held),
        )


@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="observations_of_deleted_person")
def _person_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    Observation.objects.filter(entered_by_id=instance.pk).update(entered_by=None)


# --- end importspeed ---
