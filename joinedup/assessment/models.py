"""The assessment room: frameworks (the public sector 7S framework shipped; others as data),
rounds of self-assessment answered by every partner through personal links, consensus
answers, evidence thresholds, improvement actions and the partnership review paper.

The engine (Framework → FrameworkVersion → Element → Question, Round, Invitation, Response,
Answer) knows nothing about 7S in particular, so later rooms can run other instruments on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.core.models import SignedLink, Versioned
from joinedup.partnerships.models import Body, Layer, Partnership, Person, Sector
from joinedup.strategy.models import Action

# ---------------------------------------------------------------------------
# Frameworks: shipped (partnership is null) or a partnership's adapted copy
# ---------------------------------------------------------------------------


class Framework(models.Model):
    """An instrument. Shipped frameworks are global and read-only to partnerships; a
    partnership adapts one by copying a version into a framework of its own."""

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="frameworks"
    )
    key = models.SlugField(max_length=60)  # "7s"; unique per owner
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    adapted_from = models.ForeignKey(
        "FrameworkVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="adaptations"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(partnership__isnull=True), name="framework_shipped_key_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership", "key"],
                condition=Q(partnership__isnull=False),
                name="framework_partnership_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shipped(self) -> bool:
        return self.partnership_id is None


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"  # editable
    PUBLISHED = "published", "Published"  # usable by rounds; never edited once a round uses it


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    notes = models.TextField(blank=True, help_text="What changed in this version.")
    # The scoring rule: points per answer ("dont_know" is always excluded), and the maturity
    # rule (see assessment.analysis). Stored with the version so results can be recomputed.
    points = models.JSONField(default=dict, blank=True)  # {"in_place": 2, "partly": 1, "not_in_place": 0}
    maturity_rule = models.JSONField(default=dict, blank=True)  # see analysis.MaturityRule
    content_hash = models.CharField(max_length=64, blank=True)  # of the imported document, for shipped sync
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework} (version {self.number})"


class ElementKind(models.TextChoices):
    CENTRE = "centre", "At the centre"
    TRANSFORMATIONAL = "transformational", "Transformational"
    TRANSACTIONAL = "transactional", "Transactional"
    OTHER = "other", "Other"


class Element(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="elements")
    key = models.SlugField(max_length=40)  # stable across versions: "scs", "staff_skills", ...
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ElementKind.choices, default=ElementKind.OTHER)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Edit counter for conflict detection (core.conflicts, counter="revision"): `version` is taken.
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="element_key_unique")]

    def __str__(self) -> str:
        return self.title


class Choice(models.TextChoices):
    """A respondent's answer. Labelled in words; colour is secondary."""

    IN_PLACE = "in_place", "In place"
    PARTLY = "partly", "Partly in place"
    NOT_IN_PLACE = "not_in_place", "Not in place"
    DONT_KNOW = "dont_know", "Don't know"


class Question(models.Model):
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=40)  # stable across versions: "scs-1"
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    in_place = models.TextField("what “in place” looks like")
    partly = models.TextField("what “partly in place” looks like")
    not_in_place = models.TextField("what “not in place” looks like")
    guidance = models.TextField(blank=True)
    practices = models.JSONField(default=list, blank=True)  # §4 practice numbers it tests
    metrics = models.JSONField(default=list, blank=True)  # evidence metric keys (core.evidence)
    # Edit counter for conflict detection (core.conflicts, counter="revision"): `version` is taken.
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["element__position", "position"]
        constraints = [models.UniqueConstraint(fields=["element", "key"], name="question_key_unique")]

    def __str__(self) -> str:
        return self.text

    def descriptor(self, choice: str) -> str:
        return {
            Choice.IN_PLACE: self.in_place,
            Choice.PARTLY: self.partly,
            Choice.NOT_IN_PLACE: self.not_in_place,
        }.get(choice, "")  # type: ignore[call-overload]


class PaperSection(models.TextChoices):
    """The sections of the review paper, following the report's structure."""

    EVOLVING = "evolving", "Evolving collaboration"
    FRAMEWORK = "framework", "Can organisations work together? The 7S framework"
    TRANSFORMATIONAL = "transformational", "Transformational factors"
    TRANSACTIONAL = "transactional", "Transactional factors"
    LOOKING_FORWARD = "looking_forward", "Looking forward"


class Finding(models.Model):
    """One of the report's findings, as framework data: the paper takes a position on each."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="findings")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(max_length=20, choices=PaperSection.choices)
    title = models.CharField("the finding in brief", max_length=300)
    text = models.TextField(blank=True)
    element = models.ForeignKey(
        Element, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    questions = models.ManyToManyField(Question, blank=True, related_name="findings")
    metrics = models.JSONField(default=list, blank=True)  # evidence metric keys
    # Edit counter for conflict detection (core.conflicts, counter="revision"): `version` is taken.
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="finding_key_unique")]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------
# A partnership's settings: coordinators, anonymity, maturity targets, thresholds
# ---------------------------------------------------------------------------


class Coordinator(models.Model):
    """A user who runs self-assessment rounds for the partnership, whatever their role.
    Partnership admins coordinate too (assessment.rules)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="assessment_coordinators"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinates")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "user"], name="coordinator_unique")]

    def __str__(self) -> str:
        return f"{self.user} coordinates self-assessment in {self.partnership}"


class AssessmentSettings(Versioned):
    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="assessment_settings"
    )
    min_group_size = models.PositiveSmallIntegerField(
        "smallest group shown",
        default=5,
        help_text="A group of respondents smaller than this is never shown, in any table, chart or export.",
    )
    # Overrides of the framework version's maturity rule (empty: the version's own rule).
    maturity_rule = models.JSONField(default=dict, blank=True)


class MaturityLevel(models.TextChoices):
    NETWORKING = "networking", "Networking"
    COORDINATION = "coordination", "Coordination"
    COOPERATION = "cooperation", "Cooperation"
    COLLABORATION = "collaboration", "Collaboration"


class MaturityTarget(Versioned):
    """The maturity the partnership aims for, per element key."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="maturity_targets")
    element_key = models.SlugField(max_length=40)
    level = models.CharField(max_length=20, choices=MaturityLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "element_key"], name="maturity_target_unique")
        ]


class MetricThreshold(Versioned):
    """A partnership's own green/amber thresholds for an evidence metric (defaults are the metric's)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="metric_thresholds")
    metric_key = models.CharField(max_length=100)
    green_at = models.FloatField()
    amber_at = models.FloatField()
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "metric_key"], name="metric_threshold_unique")
        ]


# ---------------------------------------------------------------------------
# Rounds, invitations, responses
# ---------------------------------------------------------------------------


class Round(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="assessment_rounds")
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    is_anonymous = models.BooleanField(
        default=True, help_text="Submitted answers are not linked to the person who gave them."
    )
    # Who is invited: members of these bodies, narrowed to these sectors and layers (empty: all),
    # plus named people.
    invite_bodies = models.ManyToManyField(Body, blank=True, related_name="+")
    invite_sectors = models.JSONField(default=list, blank=True)
    invite_layers = models.JSONField(default=list, blank=True)
    invite_people = models.ManyToManyField(Person, blank=True, related_name="+")
    previous_round = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_rounds"
    )
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    # The partnership's smallest group shown, snapshotted when the round is opened, so lowering
    # the setting later never reveals a group of this round (None: older rounds, use the setting).
    min_group_size = models.PositiveSmallIntegerField("smallest group shown", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # closed early, or when results were frozen
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_dates")
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.closed_at is None and self.opens_on <= day <= self.closes_on

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or self.closes_on < timezone.localdate()


class Invitation(models.Model):
    """One person asked to answer a round. Sector and layer are snapshotted when invited
    (the rule for people on several layers is in assessment.services.rounds)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessment_invitations")
    email = models.EmailField(blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    layer = models.CharField(max_length=20, choices=Layer.choices, blank=True)
    link = models.ForeignKey(SignedLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_count = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # Only "responded" is kept in anonymous rounds: never a time that could be matched.
    responded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="invitation_unique")]

    def __str__(self) -> str:
        return f"{self.person} invited to {self.round}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Saved, not submitted"
    SUBMITTED = "submitted", "Submitted"


class Response(models.Model):
    """One respondent's answers. A draft is linked to its invitation so the same link reopens
    it; in an anonymous round the submitted response is a new row with no invitation, no
    person and no time of day (assessment.services.responses)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    layer = models.CharField(max_length=20, choices=Layer.choices, blank=True)
    status = models.CharField(max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "status"], name="response_round_status")]

    def __str__(self) -> str:
        return f"Response to {self.round}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(max_length=12, choices=Choice.choices)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_unique")]

    def __str__(self) -> str:
        return f"{self.get_choice_display()} to {self.question_id}"


class ConsensusAnswer(Versioned):
    """The coordinator's answer after discussion (the historic mode): separate, never anonymous."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="consensus_answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=12, choices=Choice.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "question"], name="consensus_unique")]


# ---------------------------------------------------------------------------
# Improvement actions: a weak question or contradiction becomes a strategy Action
# ---------------------------------------------------------------------------


class ImprovementReason(models.TextChoices):
    WEAK = "weak", "Weak question"
    CONTRADICTION = "contradiction", "Perception and evidence disagree"


class ImprovementAction(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="improvement_actions")
    question_key = models.SlugField(max_length=40, blank=True)  # stable across versions and rounds
    element_key = models.SlugField(max_length=40, blank=True)
    reason = models.CharField(max_length=20, choices=ImprovementReason.choices)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="assessment_sources")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Improvement action {self.action_id} from {self.round}"


# ---------------------------------------------------------------------------
# The partnership review paper
# ---------------------------------------------------------------------------


class Judgement(models.TextChoices):
    GREEN = "green", "Green: in place"
    AMBER = "amber", "Amber: partly in place"
    RED = "red", "Red: not in place"
    NONE = "none", "No judgement (no answers or evidence)"


class PaperStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published to members"


class ReviewPaper(Versioned):
    """The review paper written by the system from a closed round and the live data. Generated
    parts are stored as a snapshot (regenerating refreshes them); the coordinator's commentary,
    conclusions and overrides are kept."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="review_papers")
    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="paper")
    title = models.CharField(max_length=300)
    author_name = models.CharField(max_length=200, blank=True)
    introduction = models.TextField(blank=True)
    conclusions = models.TextField(blank=True)
    looking_forward = models.TextField(blank=True)
    generated = models.JSONField(default=dict, blank=True)  # the snapshot: summary, sections, evidence
    generated_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=PaperStatus.choices, default=PaperStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.title


class PaperFinding(Versioned):
    """The paper's position on one finding: computed judgement, optional override, commentary."""

    paper = models.ForeignKey(ReviewPaper, on_delete=models.CASCADE, related_name="findings")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="+")
    computed = models.CharField(max_length=10, choices=Judgement.choices, default=Judgement.NONE)
    override = models.CharField(max_length=10, choices=Judgement.choices, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    commentary = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "finding"], name="paper_finding_unique")]

    @property
    def judgement(self) -> str:
        return self.override or self.computed
