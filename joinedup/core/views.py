from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from joinedup.core import health, jobs


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and task-worker status for load balancers and operators."""
    report = health.check()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503)


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about_data.html", {"page_title": "About the data"})


def outbox(request: HttpRequest) -> HttpResponse:
    if not settings.DEMO_MODE:
        raise Http404
    from joinedup.core.models import OutboxMessage

    messages = OutboxMessage.objects.order_by("-sent_at")[:200]
    return render(request, "core/outbox.html", {"page_title": "Email outbox", "messages_sent": messages})


def signed_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one entry point for every signed link; the purpose's handler does the rest."""
    from joinedup.core import signed_links

    try:
        link = signed_links.open_link(token)
    except signed_links.LinkNotUsable as exc:
        return render(
            request,
            "core/link_not_usable.html",
            {"page_title": "This link cannot be used", "reason": exc.reason},
            status=410,
        )
    handler = signed_links.handler_for(link.purpose)
    if handler is None:
        raise Http404
    return handler(request, link, token)


def job_status(request: HttpRequest, job_id) -> HttpResponse:
    """Progress of long work. Refreshes itself without JavaScript; htmx polls with aria-live."""
    from joinedup.core.models import Job

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        job = Job.objects.get(pk=job_id, created_by=request.user)
    except Job.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "page_title": job.title,
        "job": job,
        "progress": jobs.progress_of(job, url=reverse("core:job_status", args=[job.pk])),
    }
    if request.htmx:
        return render(request, "core/components/progress.html", context)
    return render(request, "core/job_status.html", context)
