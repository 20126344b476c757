"""The governance room: meetings of a partnership's bodies, their agendas, attendance,
minutes, decisions, meeting actions, challenge, interests and declarations, governing
documents and calendar feeds. Agenda items, decisions and meeting actions link to the
strategy and performance records they discuss or change (the golden thread).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.core.models import StoredFile, Versioned
from joinedup.partnerships.models import Body, Organisation, Partnership, Person, Seat
from joinedup.performance.models import Indicator
from joinedup.strategy.models import Action, Programme, Risk


class BodyClerk(models.Model):
    """A user who manages a body's meetings whatever their partnership role."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="body_clerks")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="clerks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clerk_of")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "user"], name="body_clerk_unique")]

    def __str__(self) -> str:
        return f"{self.user} clerks {self.body}"


class NoticeRule(models.Model):
    """How early a body's papers must be published (e.g. five clear working days)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="notice_rules")
    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="notice_rule")
    clear_days = models.PositiveSmallIntegerField(default=5)
    working_days = models.BooleanField(default=True, help_text="Count only working days (England and Wales).")

    def __str__(self) -> str:
        kind = "working" if self.working_days else ""
        return f"{self.clear_days} clear {kind} days".replace("  ", " ")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    PAPERS_PUBLISHED = "papers_published", "Papers published"
    HELD = "held", "Held"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, blank=True, help_text="Leave blank to use the body's name.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    papers_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at_meeting = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_minutes_of"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title or self.body.name}, {self.starts_at:%d %B %Y}"

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_approved_at is not None


class ItemPurpose(models.TextChoices):
    DECISION = "decision", "Decision"
    DISCUSSION = "discussion", "Discussion"
    STRATEGIC_DEBATE = "strategic_debate", "Strategic debate"
    PERFORMANCE = "performance", "Performance report"
    FINANCE = "finance", "Finance"
    INFORMATION = "information", "Information"


class DataKind(models.TextChoices):
    """The report's table: which kind of data an item uses, by layer."""

    OUTCOME = "outcome", "Outcome"
    OUTPUT = "output", "Output"
    PROCESS = "process", "Process"
    INPUT = "input", "Input"


class StandingItem(models.TextChoices):
    """Every agenda starts with these three."""

    MINUTES = "minutes", "Minutes of the last meeting"
    MATTERS_ARISING = "matters_arising", "Matters arising"
    ACTION_LOG = "action_log", "Action log"


class AgendaItem(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agenda_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    standing = models.CharField(max_length=20, choices=StandingItem.choices, blank=True)
    title = models.CharField(max_length=300)
    presenter = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    presenter_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(max_length=20, choices=ItemPurpose.choices, default=ItemPurpose.DISCUSSION)
    data_kind = models.CharField("kind of data", max_length=10, choices=DataKind.choices, blank=True)
    minutes_allotted = models.PositiveSmallIntegerField(null=True, blank=True)
    is_key_decision = models.BooleanField("a key decision", default=False)
    is_exempt = models.BooleanField("exempt from publication", default=False)
    exempt_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="For example, Schedule 12A paragraph 3 (financial or business affairs).",
    )
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="agenda_items")
    papers = models.ManyToManyField(StoredFile, blank=True, related_name="+")
    minutes = models.TextField(blank=True)
    # The golden thread: what the item discusses.
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="agenda_items")
    actions = models.ManyToManyField(Action, blank=True, related_name="agenda_items")
    risks = models.ManyToManyField(Risk, blank=True, related_name="agenda_items")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="agenda_items")
    # Exceptions escalated to the body that the item considers; marking the meeting held
    # records that they were considered (services.meetings.change_status).
    escalations = models.ManyToManyField("performance.Escalation", blank=True, related_name="agenda_items")
    # Decisions whose report back the item receives (accepting a "report back" suggestion).
    decisions_reported = models.ManyToManyField(
        "governance.Decision", blank=True, related_name="reported_at_items"
    )

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_exempt=False) | ~Q(exempt_reason=""), name="agenda_item_exempt_has_reason"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MinutesAmendment(models.Model):
    """A correction to approved minutes, recorded at a later meeting."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="minutes_amendments")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="amendments")
    agreed_at_meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments_agreed")
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Amendment to the minutes of {self.item}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present in person"
    REMOTE = "remote", "Present remotely"
    DEPUTY = "deputy", "Deputy attended"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    """One seat's (or one attendee's) attendance at a meeting."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="attendances")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    deputy = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputised_attendance",
        help_text="Who attended for the seat, when a deputy did.",
    )
    is_voting = models.BooleanField(default=True)
    sector = models.CharField(max_length=20, blank=True)  # snapshot, for quorum and insight
    seniority = models.CharField(max_length=30, blank=True)  # snapshot

    class Meta:
        ordering = ["meeting", "seat__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "seat"], condition=Q(seat__isnull=False), name="attendance_seat_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="deputy") | Q(deputy__isnull=False), name="attendance_deputy_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.meeting}"


class DecisionStatus(models.TextChoices):
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    SUPERSEDED = "superseded", "Superseded"


class Decision(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("what was decided")
    is_key_decision = models.BooleanField(default=False, help_text="Listed in the forward plan.")
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.AGREED)
    report_to = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions_reported",
        help_text="Where it must be reported.",
    )
    report_due = models.DateField(null=True, blank=True)
    needs_ratification = models.BooleanField("partners' own bodies must ratify it", default=False)
    # What it changes.
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="decisions")
    actions = models.ManyToManyField(Action, blank=True, related_name="decisions")
    risks = models.ManyToManyField(Risk, blank=True, related_name="decisions")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="decisions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item__meeting__starts_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Ratification(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting"
        RATIFIED = "ratified", "Ratified"
        REJECTED = "rejected", "Not ratified"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="ratifications")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ratifications")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    body_name = models.CharField(max_length=200, blank=True, help_text="For example, the council's Cabinet.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "organisation"], name="ratification_once_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_outcome_display()}"


class MeetingActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class MeetingAction(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meeting_actions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="meeting_actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=MeetingActionStatus.choices, default=MeetingActionStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="meeting_actions")
    actions = models.ManyToManyField(Action, blank=True, related_name="meeting_actions")
    risks = models.ManyToManyField(Risk, blank=True, related_name="meeting_actions")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="meeting_actions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class ChallengeSubject(models.TextChoices):
    PERFORMANCE = "performance", "Performance"
    SPENDING = "spending", "Spending"
    DELIVERY = "delivery", "Delivery"
    OTHER = "other", "Other"


class Challenge(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="challenges")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="challenges")
    subject = models.CharField(max_length=12, choices=ChallengeSubject.choices)
    challenger = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    challenged_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    challenged_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about = models.TextField("what was challenged")
    response = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Challenge on {self.get_subject_display().lower()}: {self.about[:60]}"


class InterestKind(models.TextChoices):
    EMPLOYMENT = "employment", "Employment, office, trade or profession"
    DIRECTORSHIP = "directorship", "Directorship or trusteeship"
    CONTRACT = "contract", "Contract"
    PROPERTY = "property", "Land or property"
    MEMBERSHIP = "membership", "Membership of an organisation"
    GIFT = "gift", "Gift or hospitality"
    OTHER = "other", "Other"


class Interest(Versioned):
    """An entry in the register of interests, for any kind of member."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    kind = models.CharField(max_length=14, choices=InterestKind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField()
    is_sensitive = models.BooleanField(
        default=False, help_text="Withheld from publication (its existence is shown, not its details)."
    )
    registered_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name", "-registered_on"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class Declaration(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="declarations")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="declarations")
    interest = models.ForeignKey(Interest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nature = models.TextField()
    withdrew = models.BooleanField("withdrew from the item", default=False)
    declared_at = models.DateTimeField(default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="declaration_once_per_item")]

    def __str__(self) -> str:
        return f"{self.person} declared on {self.item}"


class DocumentKind(models.TextChoices):
    CONSTITUTION = "constitution", "Constitution"
    TERMS_OF_REFERENCE = "terms", "Terms of reference"
    PROTOCOL = "protocol", "Protocol or agreement"
    OTHER = "other", "Other"


class GoverningDocument(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="governing_documents")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")
    kind = models.CharField(max_length=14, choices=DocumentKind.choices)
    title = models.CharField(max_length=300)
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    adopted_on = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class ChecklistAnswer(models.Model):
    """For one element of a checklist (e.g. "quorum"), the clause that covers it, or missing."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="checklist_answers")
    document = models.ForeignKey(GoverningDocument, on_delete=models.CASCADE, related_name="checklist")
    checklist = models.CharField(max_length=20)  # "elements" or "partnership_2005" (governance.checklists)
    element = models.CharField(max_length=40)
    clause = models.TextField(blank=True, help_text="Where the document covers it; empty means missing.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "checklist", "element"], name="checklist_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document}: {self.element}"
