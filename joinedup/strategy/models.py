"""The strategy room: the partnership's long-term strategy (community strategy, joint health
and wellbeing strategy...), its themes, outcomes and objectives, the evidence behind them,
the programmes and actions that deliver them, their risks and contribution claims.

Every record carries its partnership so queries are scoped directly (see docs/adr).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.core.models import StoredFile, Versioned
from joinedup.partnerships.models import Body, Layer, Organisation, Partnership, Person


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    UNDER_REVIEW = "under_review", "Under review"
    SUPERSEDED = "superseded", "Superseded"


class Strategy(Versioned):
    """The partnership's strategy. Its label comes from the partnership type
    (`partnerships.statutory.labels_for(type).strategy`)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="strategies")
    title = models.CharField(max_length=200)
    vision = models.TextField("vision statement")
    start_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    adopted_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT)
    drive_limit = models.PositiveSmallIntegerField(
        default=5, help_text="Warn when the board drives more priorities than this."
    )

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name_plural = "strategies"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="strategy_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class StrategyVersion(models.Model):
    """A snapshot of the strategy as adopted: vision, themes, outcomes and objectives as JSON,
    so two adopted versions can be compared even after the live records change."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField()
    adopted_on = models.DateField()
    snapshot = models.JSONField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="strategy_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.strategy} version {self.number} ({self.adopted_on:%d %b %Y})"


class BoardRole(models.TextChoices):
    DRIVE = "drive", "Drive: the board leads it and spends its time on it"
    SPONSOR = "sponsor", "Sponsor: the board backs a partner's lead"
    OBSERVE = "observe", "Observe: tracked only"


class Priority(Versioned):
    """A priority or theme of the strategy (Regeneration, Low Carbon, Affordable Housing...)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="priorities")
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    board_role = models.CharField(max_length=10, choices=BoardRole.choices, default=BoardRole.OBSERVE)
    lead_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    champion = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    theme_leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_priorities",
        help_text="Users who may edit this theme, whatever their partnership role.",
    )

    class Meta:
        ordering = ["strategy", "position", "title"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class Outcome(Versioned):
    """A long-term, measurable result the partnership wants under a priority."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="outcomes")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    in_agreement = models.BooleanField(
        "part of an agreement with government",
        default=False,
        help_text=(
            "A time-limited agreement such as a devolution deal's outcomes framework "
            "(once a Local Area Agreement)."
        ),
    )
    lead_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    champion = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["priority", "position", "title"]

    def __str__(self) -> str:
        return self.title


class Objective(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="objectives")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["outcome", "position", "title"]

    def __str__(self) -> str:
        return self.title


class EvidenceKind(models.TextChoices):
    NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment"
    AREA_PROFILE = "area_profile", "Area profile"
    DATASET = "dataset", "Dataset"
    CONSULTATION = "consultation", "Consultation results"
    RESEARCH = "research", "Research or evaluation"
    OTHER = "other", "Other"


class Evidence(Versioned):
    """Evidence behind a priority or outcome (a strategy is meant to be evidence-based)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="evidence")
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(max_length=300)
    source = models.CharField(max_length=200, help_text="Who published it.")
    published_on = models.DateField("date")
    url = models.URLField("link", blank=True)
    document = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what_it_shows = models.TextField()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__isnull=False) | Q(outcome__isnull=False),
                name="evidence_attached_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- delivery: programmes, actions, milestones, updates -------------------------------------


class UpdateCycle(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class Programme(Versioned):
    """A flagship action plan (such as a Regeneration Framework) or a theme's action plan."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="programmes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    champion = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="programmes")
    update_cycle = models.CharField(max_length=12, choices=UpdateCycle.choices, default=UpdateCycle.MONTHLY)
    is_improvement_plan = models.BooleanField(
        default=False, help_text="The partnership improvement plan: actions that come from self-assessment."
    )
    closed_on = models.DateField(null=True, blank=True)
    lessons_learned = models.TextField(blank=True)
    # The computed RAG's thresholds, in points behind schedule (ADR 0016).
    rag_amber_points = models.PositiveSmallIntegerField(
        "amber threshold",
        default=10,
        validators=[MaxValueValidator(99)],
        help_text="An action is amber when it is more than this many points behind schedule.",
    )
    rag_red_points = models.PositiveSmallIntegerField(
        "red threshold",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="An action is red when it is more than this many points behind schedule.",
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rag_amber_points__lt=models.F("rag_red_points"), rag_red_points__lte=100),
                name="programme_rag_thresholds_ordered",
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(is_improvement_plan=True),
                name="one_improvement_plan_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


class Action(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
        help_text="May post updates whatever their role, in the app or through an emailed link.",
    )
    contributing_organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        "reported status", max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    percent_complete = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    completed_on = models.DateField(null=True, blank=True)
    last_update_at = models.DateTimeField(null=True, blank=True)
    lessons_learned = models.TextField(blank=True)

    class Meta:
        ordering = ["programme", "due_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="action_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="action_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="milestones")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["action", "due_date"]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    """A timestamped progress update, from a signed-in user or an owner using a signed link."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    percent_complete = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    commentary = models.TextField(blank=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    via_link = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()} ({self.at:%d %b %Y})"


# --- risks and contribution -------------------------------------------------------------------


class Risk(Versioned):
    """A risk to an outcome or programme, scored 1–5 for likelihood and impact."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="risks")
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks"
    )
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks"
    )
    title = models.CharField("risk", max_length=300)
    cause = models.TextField(blank=True)
    effect = models.TextField(blank=True)
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    likelihood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    target_likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    target_impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    previous_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Score at the last review, to show the change."
    )
    mitigations = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    escalation_layer = models.CharField(max_length=20, choices=Layer.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-likelihood", "-impact", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    likelihood__gte=1,
                    likelihood__lte=5,
                    impact__gte=1,
                    impact__lte=5,
                    target_likelihood__gte=1,
                    target_likelihood__lte=5,
                    target_impact__gte=1,
                    target_impact__lte=5,
                ),
                name="risk_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Confidence(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ContributionClaim(Versioned):
    """What changed, what the partnership did, and what would not have happened otherwise."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="contribution_claims")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="contribution_claims")
    what_changed = models.TextField()
    what_we_did = models.TextField("what the partnership did")
    counterfactual = models.TextField("what would not have happened otherwise")
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="contribution_claims")
    recorded_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-recorded_on"]

    def __str__(self) -> str:
        return f"Contribution to {self.priority}"
