"""Partnerships: the tenant, its partners, people, bodies, seats and memberships,
the shared reference geography, and who may do what in each partnership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from joinedup.core.models import SignedLink, StoredFile, Versioned

# ---------------------------------------------------------------------------
# Reference geography (global, maintained by site operators)
# ---------------------------------------------------------------------------


class AreaType(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    COUNTY = "county", "County"
    NON_METROPOLITAN_DISTRICT = "district", "Non-metropolitan district"
    METROPOLITAN_DISTRICT = "metropolitan", "Metropolitan district"
    UNITARY = "unitary", "Unitary authority"
    LONDON_BOROUGH = "london_borough", "London borough"
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    SCOTTISH_COUNCIL = "scottish_council", "Scottish council"
    WELSH_COUNCIL = "welsh_council", "Welsh principal council"
    NI_DISTRICT = "ni_district", "Northern Ireland district"
    OTHER = "other", "Other"


class Area(models.Model):
    """A place in the shared reference geography. Ended councils are kept: old data uses their codes."""

    code = models.CharField(max_length=20, unique=True)  # GSS code, or a non-GSS code if fictional
    name = models.CharField(max_length=200, db_index=True)
    official_name = models.CharField(max_length=300, blank=True)
    area_type = models.CharField(max_length=30, choices=AreaType.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    nation = models.CharField(max_length=40, blank=True)
    region_name = models.CharField(max_length=60, blank=True)
    registry_code = models.CharField(max_length=10, blank=True)  # mySociety three-letter code
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    replaced_by = models.CharField(max_length=200, blank=True)
    alt_names = models.TextField(blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    is_fictional = models.BooleanField(default=False)
    source = models.CharField(max_length=40)  # mysociety, ons, ons-rgc, demo

    class Meta:
        ordering = ["name"]
        constraints = [
            # Fictional places must never wear a real GSS code (E/W/S/N + 8 digits).
            models.CheckConstraint(
                condition=Q(is_fictional=False) | ~Q(code__regex=r"^[EWSNK][0-9]{8}$"),
                name="area_fictional_codes_outside_gss",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.end_date is None or self.end_date > today) and (
            self.start_date is None or self.start_date <= today
        )


# ---------------------------------------------------------------------------
# The partnership (tenant)
# ---------------------------------------------------------------------------


class PartnershipType(models.TextChoices):
    HEALTH_AND_WELLBEING_BOARD = "hwb", "Health and Wellbeing Board"
    COMMUNITY_SAFETY_PARTNERSHIP = "csp", "Community Safety Partnership"
    INTEGRATED_CARE_PARTNERSHIP = "icp", "Integrated Care Partnership"
    PLACE_PARTNERSHIP = "place", "Place or strategic partnership"
    OTHER = "other", "Other partnership"


class LocalGovernmentTier(models.TextChoices):
    COUNTY = "county", "County"
    DISTRICT = "district", "District"
    UNITARY = "unitary", "Unitary"
    METROPOLITAN = "metropolitan", "Metropolitan"
    LONDON_BOROUGH = "london_borough", "London borough"
    OTHER = "other", "Other"


class Partnership(Versioned):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    partnership_type = models.CharField(max_length=10, choices=PartnershipType.choices)
    tier = models.CharField("local-government tier", max_length=20, choices=LocalGovernmentTier.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="A district partnership may sit inside a county one.",
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="partnerships")
    # The area a partnership's headline figures (dashboards, target coverage) are for: one of
    # its own areas, chosen by its admins; unset, the rule in `partnerships.analysis.
    # headline_first` applies (see docs/adr/0028-headline-area.md).
    headline_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="headline area",
        help_text="The area the performance dashboard's figures are for.",
    )
    # What this partnership lets its parent see: keys from partnerships.sharing (nothing by
    # default). A list, not one choice, because later rooms add their own kinds of sharing
    # (see docs/adr/0010-parent-and-child-partnerships.md).
    shares_with_parent = models.JSONField("shared with the parent partnership", default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    is_fictional = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="partnership_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", "Local government"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    FIRE = "fire", "Fire and rescue"
    EDUCATION = "education", "Education"
    BUSINESS = "business", "Business"
    VOLUNTARY = "voluntary", "Voluntary and community"
    FAITH = "faith", "Faith"
    HOUSING = "housing", "Housing"
    OTHER_PUBLIC = "other_public", "Other public"


class StatutoryBasis(models.TextChoices):
    NONE = "", "None"
    CSP_RESPONSIBLE_AUTHORITY = (
        "csp_responsible_authority",
        ("Responsible authority of a community safety partnership (Crime and Disorder Act 1998 s5)"),
    )
    HWB_STATUTORY_MEMBER = (
        "hwb_statutory_member",
        ("Statutory member of a health and wellbeing board (Health and Social Care Act 2012 s194)"),
    )
    ICP_STATUTORY_MEMBER = (
        "icp_statutory_member",
        ("Statutory member of an integrated care partnership (Health and Care Act 2022)"),
    )
    DUTY_TO_COOPERATE = "duty_to_cooperate", "Duty to co-operate partner"
    OTHER = "other", "Other statutory basis"


class Organisation(Versioned):
    """A partner organisation (council, police force, NHS body, university, charity...)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    statutory_basis = models.CharField(max_length=40, choices=StatutoryBasis.choices, blank=True)
    website = models.URLField(blank=True)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For councils: the area the council governs.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "partnership", Lower("name"), name="organisation_name_unique_in_partnership"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(Versioned):
    """Someone who takes part in the partnership. Partnership data: may never sign in."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField("contact email", blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        constraints = [
            # A user is at most one person in any one partnership.
            models.UniqueConstraint(
                fields=["partnership", "user"],
                condition=Q(user__isnull=False),
                name="person_one_per_user_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class TrainingRecord(Versioned):
    class Kind(models.TextChoices):
        INDUCTION = "induction", "Induction"
        TRAINING = "training", "Training"
        DEVELOPMENT = "development", "Development session"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training_records")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField()
    covers_collaboration = models.BooleanField(
        default=False, help_text="The course stresses working collaboratively across partners."
    )

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.completed_on:%d %b %Y})"


# ---------------------------------------------------------------------------
# Bodies in the three governance layers, their seats and memberships
# ---------------------------------------------------------------------------


class Layer(models.TextChoices):
    STRATEGIC = "strategic", "Strategic forum"
    EXECUTIVE = "executive", "Executive board"
    THEMATIC = "thematic", "Thematic or operational group"


class QuorumKind(models.TextChoices):
    NUMBER = "number", "A number of voting seats"
    SHARE = "share", "A share of voting seats (per cent)"


class Body(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    layer = models.CharField(max_length=20, choices=Layer.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The body this one reports to.",
    )
    is_statutory_body = models.BooleanField("statutory body in its own right", default=False)
    terms_of_reference = models.TextField(blank=True)
    terms_document = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meetings_per_year = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_kind = models.CharField(max_length=10, choices=QuorumKind.choices, default=QuorumKind.NUMBER)
    quorum_value = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_required_sectors = models.JSONField(
        default=list, blank=True, help_text="Sectors that must be present for the meeting to be quorate."
    )
    remote_attendance_counts = models.BooleanField(
        default=True,
        help_text="Council committees such as a Health and Wellbeing Board do not count remote attendance.",
    )

    class Meta:
        ordering = ["layer", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint("partnership", Lower("name"), name="body_name_unique_in_partnership"),
            models.CheckConstraint(
                condition=~Q(quorum_kind="share") | Q(quorum_value__isnull=True) | Q(quorum_value__lte=100),
                name="body_quorum_share_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SeatKind(models.TextChoices):
    STATUTORY_PARTNER = "statutory", "Statutory partner"
    PARTNER = "partner", "Partner organisation"
    VOLUNTARY = "voluntary", "Voluntary sector"
    BUSINESS = "business", "Business"
    COMMUNITY = "community", "Community representative"
    CO_OPTED = "co_opted", "Co-opted"


class Seat(Versioned):
    """A place at a body's table, belonging to an organisation or to a sector."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SeatKind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="seats"
    )
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    is_voting = models.BooleanField(default=True)
    statutory_basis = models.CharField(max_length=40, choices=StatutoryBasis.choices, blank=True)
    statutory_role = models.CharField(
        max_length=60,
        blank=True,
        help_text="Which expected statutory seat this fills (see partnerships.statutory).",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.body})"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    ADVISER = "adviser", "Adviser"
    SUPPORT_OFFICER = "support_officer", "Support officer"


class Seniority(models.TextChoices):
    ELECTED_MEMBER = "elected_member", "Elected member"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    DIRECTOR = "director", "Director"
    SENIOR_MANAGER = "senior_manager", "Senior manager"
    OFFICER = "officer", "Officer"
    COMMUNITY_REPRESENTATIVE = "community_representative", "Community representative"


class Membership(Versioned):
    """A person sitting on a body, usually in a seat, as its holder or as a deputy."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    is_deputy = models.BooleanField(default=False, help_text="Stands in for the seat's holder.")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    represents = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        verbose_name="organisation represented",
    )
    seniority = models.CharField(max_length=30, choices=Seniority.choices)
    start_date = models.DateField(default=timezone.localdate)
    end_date = models.DateField(null=True, blank=True)
    appointed_by = models.CharField(max_length=200, blank=True, help_text="For chairs: who appointed them.")
    appointed_on = models.DateField(null=True, blank=True)
    balancing_arrangements = models.TextField(
        blank=True, help_text="For chairs: how any negative message of the choice is offset."
    )

    class Meta:
        ordering = ["body", "role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["seat"],
                condition=Q(is_deputy=False, end_date__isnull=True, seat__isnull=False),
                name="membership_one_current_holder_per_seat",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"


# ---------------------------------------------------------------------------
# Who may do what: roles in a partnership, invitations, support access
# ---------------------------------------------------------------------------


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    EDITOR = "editor", "Editor"
    MEMBER = "member", "Member"
    SCRUTINY = "scrutiny", "Scrutiny"
    VIEWER = "viewer", "Viewer"


class PartnershipRole(Versioned):
    """A user's role in one partnership. Separate from sitting on a body."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_roles"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user"], name="one_role_per_user_per_partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.partnership}"


class Invitation(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    link = models.ForeignKey(SignedLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_count = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.partnership}"


class SupportGrant(models.Model):
    """Time-limited access for a site operator, granted by a partnership admin (audited)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="support_grants")
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"Support access for {self.operator} to {self.partnership}"
