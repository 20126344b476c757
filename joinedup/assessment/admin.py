from django.contrib import admin

from joinedup.assessment.models import Framework, FrameworkVersion


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "partnership", "created_at")
    list_filter = ("partnership",)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("framework", "number", "status", "published_at")
