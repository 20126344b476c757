"""Shared records every room uses: audit entries, signed links, stored files, jobs, outbox.

Core sits below every room, so tenant ids are stored as plain integers
(`partnership_id`) rather than foreign keys to the partnerships room.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Versioned(models.Model):
    """Optimistic locking: every edit form carries the version it was read at.

    See `joinedup.core.conflicts` and docs/adr/0006-edit-conflicts.md.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change to partnership (or global) data, written explicitly by a service."""

    class ActorKind(models.TextChoices):
        USER = "user", "User"
        SIGNED_LINK = "link", "Person using a signed link"
        SYSTEM = "system", "System task"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=120, db_index=True)  # dotted: partnerships.body.created
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)  # what to show even after the user is gone
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)  # plain sentence shown in histories
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor_label}"


class SignedLink(models.Model):
    """A single-purpose, expiring, revocable link for someone without an account.

    Only a hash of the token is stored; the token itself appears once, in the email.
    The link stays usable until its task is done (`completed_at`), it expires, or
    it is revoked.
    """

    purpose = models.CharField(max_length=80, db_index=True)  # e.g. partnerships.invitation
    token_hash = models.CharField(max_length=64, unique=True)
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    holder_label = models.CharField(max_length=200, blank=True)  # who it was sent to
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} link for {self.holder_label}"


def _stored_file_path(instance: StoredFile, filename: str) -> str:
    return f"uploads/{instance.partnership_id or 'global'}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    """An uploaded file, checked by content. Served only as an attachment, through a view
    that checks the reader's access to whatever owns it."""

    file = models.FileField(upload_to=_stored_file_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    kind = models.CharField(max_length=20)  # pdf, docx, xlsx, csv, png, ...
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.original_name


class Job(models.Model):
    """Progress of long work run by the task worker, shown on a status page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


class OutboxMessage(models.Model):
    """Emails sent in demo mode, listed on the outbox page instead of being delivered."""

    sent_at = models.DateTimeField(default=timezone.now)
    to = models.TextField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.subject


class ImportRun(models.Model):
    """One upload through the import pipeline: parse, validate every row, preview,
    confirm, write all in one transaction, report. See docs/adr/0005-import-pipeline.md."""

    class Status(models.TextChoices):
        VALIDATING = "validating", "Checking the file"
        NEEDS_MAPPING = "mapping", "Columns to match"
        READY = "ready", "Ready to import"
        INVALID = "invalid", "Has errors"
        CONFIRMED = "confirmed", "Importing"
        WRITTEN = "written", "Imported"
        FAILED = "failed", "Failed"
        UNDONE = "undone", "Undone"

    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    importer = models.CharField(max_length=80)  # registry name, e.g. partnerships.organisations
    source = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALIDATING)
    encoding = models.CharField(max_length=40, blank=True)  # which text encoding was used, if CSV
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    written_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row", "column", "message"}]
    ignored_columns = models.JSONField(default=list, blank=True)
    plan = models.JSONField(default=list, blank=True)  # sentences: what confirming will do
    preview = models.JSONField(default=dict, blank=True)  # {"headings": [...], "rows": [...]}
    # The column-mapping step (joinedup.core.imports.mapping, ADR 0019): whether a file whose
    # columns do not match the importer's stops for the user to match them (the web pages
    # ask; the shell and other rooms' services validate as the file is), the mapping applied
    # (null: the file's own headings), and the file's headings with a few example values.
    ask_mapping = models.BooleanField(default=False)
    mapping = models.JSONField(null=True, blank=True)
    file_columns = models.JSONField(default=list, blank=True)  # [{"heading", "examples"}]
    report = models.JSONField(default=list, blank=True)  # sentences: what was done
    message = models.TextField(blank=True)  # why it failed, if it did
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    validated_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(null=True, blank=True)
    # Undoing a whole run (joinedup.core.imports.undo): what the importer needs to take it back
    # (e.g. records the run created), and who undid it when.
    undo_data = models.JSONField(default=dict, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import of {self.source.original_name} ({self.get_status_display()})"

    @property
    def is_busy(self) -> bool:
        return self.status in {self.Status.VALIDATING, self.Status.CONFIRMED}

    @property
    def may_change_mapping(self) -> bool:
        return self.status in {self.Status.NEEDS_MAPPING, self.Status.READY, self.Status.INVALID}


class SavedColumnMapping(models.Model):
    """A column mapping a partnership saved under a name, offered again for a file with the
    same header (`header_signature`). See docs/adr/0019-column-mapping.md."""

    partnership_id = models.BigIntegerField(db_index=True)
    importer = models.CharField(max_length=80)  # registry name, e.g. performance.observations
    name = models.CharField(max_length=100)
    header_signature = models.CharField(max_length=64, db_index=True)
    headings = models.JSONField(default=list)  # the headings of the file it was saved from
    mapping = models.JSONField(default=dict)  # ColumnMapping.as_json()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership_id", "importer", "name"], name="core_saved_mapping_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"Column mapping '{self.name}'"
