"""The operators' admin for shared reference data: shared indicator definitions and shared
comparator groups. Partnerships cannot change these (joinedup.performance.rules); site
operators (superusers, joinedup/config/admin.py) maintain them here, and each save or
deletion is audited like any other change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.performance.models import ComparatorGroup, ComparatorMember, Indicator
from joinedup.performance.services.indicators import INDICATOR_FIELDS


class SharedOnly(admin.ModelAdmin):
    """Only shared rows (no partnership): a partnership's own are changed in its pages."""

    audit_name = ""

    @property
    def noun(self) -> str:
        return self.audit_name.replace("_", " ")

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).filter(partnership__isnull=True)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = audit.snapshot(type(obj)._base_manager.get(pk=obj.pk)) if change else None
            obj.partnership = None
            if change:
                obj.version += 1
            super().save_model(request, obj, form, change)
            audit.record(
                action=f"performance.{self.audit_name}.{'updated' if change else 'created'}",
                actor=Actor.for_user(request.user),
                partnership_id=None,
                target=obj,
                summary=f"{'Changed' if change else 'Added'} the shared {self.noun} {obj} "
                "in the operators' admin.",
                before=before,
                after=audit.snapshot(obj),
            )

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            audit.record(
                action=f"performance.{self.audit_name}.deleted",
                actor=Actor.for_user(request.user),
                partnership_id=None,
                target=obj,
                summary=f"Deleted the shared {self.noun} {obj} in the operators' admin.",
                before=audit.snapshot(obj),
            )
            super().delete_model(request, obj)


@admin.register(Indicator)
class IndicatorAdmin(SharedOnly):
    audit_name = "indicator"
    list_display = ["code", "title", "unit", "polarity", "value_type", "frequency", "is_fictional"]
    list_filter = ["unit", "polarity", "value_type", "frequency", "is_fictional"]
    search_fields = ["code", "title", "definition"]
    fields = [*INDICATOR_FIELDS, "is_fictional"]


class MemberInline(admin.TabularInline):
    model = ComparatorMember
    extra = 3
    autocomplete_fields: list[str] = []
    raw_id_fields = ["area"]


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(SharedOnly):
    audit_name = "comparator_group"
    list_display = ["name", "kind", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "source"]
    fields = ["name", "kind", "description", "source", "subject_area", "benchmark_area"]
    raw_id_fields = ["subject_area", "benchmark_area"]
    inlines = [MemberInline]
