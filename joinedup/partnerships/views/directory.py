"""The directory: partnership settings, organisations, people and what children share."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.audit import history_for
from joinedup.core.forms import submit
from joinedup.partnerships import selectors
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.partnerships.forms.directory import (
    AreaAddForm,
    OrganisationEditForm,
    OrganisationForm,
    PartnershipSettingsForm,
    PersonAccountForm,
    PersonEditForm,
    PersonForm,
    TrainingRecordEditForm,
    TrainingRecordForm,
    area_choice_label,
)
from joinedup.partnerships.models import Sector
from joinedup.partnerships.presenters_directory import (
    directory_history,
    organisation_groups,
)
from joinedup.partnerships.services import directory as services

T = "partnerships/directory/"


def _post_only(request: HttpRequest) -> HttpResponse | None:
    """After the access check, so outsiders still get 404 and read-only roles 403."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _history(access: PartnershipAccess, obj) -> list:
    return directory_history(history_for(obj, partnership_id=access.partnership.pk)[:50])


# ---------------------------------------------------------------------------
# Partnership settings
# ---------------------------------------------------------------------------


def _parent_choices(access: PartnershipAccess):
    return selectors.parent_choices(access.user, access.partnership)


def _settings_page(request, access, form, area_form, *, conflict_rows=None, status=200):
    partnership = access.partnership
    return render(
        request,
        T + "settings.html",
        {
            "page_title": "Partnership settings",
            "partnership": partnership,
            "form": form,
            "area_form": area_form,
            "areas": list(partnership.areas.order_by("name")),
            "conflict_rows": conflict_rows,
            "history": _history(access, partnership),
        },
        status=status,
    )


def partnership_settings(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.manage")
    partnership = access.partnership
    choices = _parent_choices(access)
    if request.method != "POST":
        form = PartnershipSettingsForm(instance=partnership, parent_choices=choices)
        return _settings_page(request, access, form, AreaAddForm())
    form = PartnershipSettingsForm(request.POST, instance=partnership, parent_choices=choices)
    submission = submit(
        form,
        lambda: services.update_partnership_settings(
            partnership=partnership,
            user=request.user,
            expected_version=form.expected_version,
            **form.values(),
        ),
    )
    if submission.succeeded:
        messages.success(request, "Partnership settings saved")
        return redirect("partnerships:settings", slug=slug)
    if submission.conflict_rows:
        partnership.refresh_from_db()
    return _settings_page(
        request, access, form, AreaAddForm(), conflict_rows=submission.conflict_rows, status=submission.status
    )


def settings_area_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.manage")
    if request.method != "POST":
        return redirect("partnerships:settings", slug=slug)
    area_form = AreaAddForm(request.POST)
    if area_form.is_valid() and area_form.resolved is not None:
        area = area_form.resolved
        added = services.add_partnership_area(partnership=access.partnership, user=request.user, area=area)
        messages.success(
            request, f"Added {area.name}" if added else f"{area.name} was already one of the areas"
        )
        return redirect(reverse("partnerships:settings", kwargs={"slug": slug}) + "#areas")
    form = PartnershipSettingsForm(instance=access.partnership, parent_choices=_parent_choices(access))
    return _settings_page(request, access, form, area_form)


def settings_area_remove(request: HttpRequest, slug: str, area_id: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.manage")
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    area = access.partnership.areas.filter(pk=area_id).first()
    if area is None:
        raise Http404("Not one of this partnership's areas")
    services.remove_partnership_area(partnership=access.partnership, user=request.user, area=area)
    messages.success(request, f"Removed {area.name}")
    return redirect(reverse("partnerships:settings", kwargs={"slug": slug}) + "#areas")


def settings_area_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """Suggestions under the area input (htmx). Each is a submit button of the add-area form."""
    partnership_access(request, slug, "partnerships.manage")
    query = (request.GET.get("q") or request.GET.get("area") or "").strip()
    areas = selectors.search_areas(query, limit=8) if len(query) >= 2 else []
    return render(
        request,
        T + "area_suggestions.html",
        {"query": query, "suggestions": [(a.pk, area_choice_label(a)) for a in areas]},
    )


# ---------------------------------------------------------------------------
# What children share with this partnership
# ---------------------------------------------------------------------------


def children(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    return render(
        request,
        T + "children.html",
        {
            "page_title": "Child partnerships",
            "partnership": access.partnership,
            "children": selectors.children_of(access.partnership),
            "access": access,
        },
    )


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------


def _organisation(access: PartnershipAccess, pk: int):
    organisation = selectors.organisation_in(access.partnership, pk)
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


def organisation_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    sector = request.GET.get("sector", "")
    if sector not in Sector.values:
        sector = ""
    organisations = list(selectors.organisations_for_list(access.partnership, sector=sector))
    return render(
        request,
        T + "organisation_list.html",
        {
            "page_title": "Organisations",
            "partnership": access.partnership,
            "groups": organisation_groups(organisations),
            "sectors": Sector.choices,
            "sector": sector,
            "count": len(organisations),
            "access": access,
        },
    )


def _organisation_form_page(request, access, form, *, organisation=None, conflict_rows=None, status=200):
    return render(
        request,
        T + "organisation_form.html",
        {
            "page_title": f"Change {organisation.name}" if organisation else "Add an organisation",
            "partnership": access.partnership,
            "organisation": organisation,
            "form": form,
            "conflict_rows": conflict_rows,
        },
        status=status,
    )


def organisation_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    if request.method != "POST":
        return _organisation_form_page(request, access, OrganisationForm(partnership=access.partnership))
    form = OrganisationForm(request.POST, partnership=access.partnership)
    submission = submit(
        form,
        lambda: services.create_organisation(
            partnership=access.partnership, user=request.user, **form.values()
        ),
    )
    if submission.succeeded:
        organisation = submission.result
        messages.success(request, f"Added {organisation.name}")
        return redirect("partnerships:organisation", slug=slug, pk=organisation.pk)
    return _organisation_form_page(request, access, form)


def organisation_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    organisation = _organisation(access, pk)
    return render(
        request,
        T + "organisation_detail.html",
        {
            "page_title": organisation.name,
            "partnership": access.partnership,
            "organisation": organisation,
            **selectors.organisation_detail(organisation),
            "history": _history(access, organisation),
            "access": access,
        },
    )


def organisation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    organisation = _organisation(access, pk)
    if request.method != "POST":
        form = OrganisationEditForm(instance=organisation, partnership=access.partnership)
        return _organisation_form_page(request, access, form, organisation=organisation)
    form = OrganisationEditForm(request.POST, instance=organisation, partnership=access.partnership)
    submission = submit(
        form,
        lambda: services.update_organisation(
            organisation=organisation,
            user=request.user,
            expected_version=form.expected_version,
            changes=form.values(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Saved {organisation.name}")
        return redirect("partnerships:organisation", slug=slug, pk=organisation.pk)
    return _organisation_form_page(
        request,
        access,
        form,
        organisation=organisation,
        conflict_rows=submission.conflict_rows,
        status=submission.status,
    )


def organisation_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    organisation = _organisation(access, pk)
    uses = selectors.organisation_uses(organisation)
    if request.method == "POST" and not uses.in_use:
        try:
            services.delete_organisation(organisation=organisation, user=request.user)
        except services.OrganisationInUse:
            uses = selectors.organisation_uses(organisation)
        else:
            messages.success(request, f"Deleted {organisation.name}")
            return redirect("partnerships:organisations", slug=slug)
    return render(
        request,
        T + "organisation_delete.html",
        {
            "page_title": f"Delete {organisation.name}",
            "partnership": access.partnership,
            "organisation": organisation,
            "uses": uses,
        },
        status=409 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------


def _person(access: PartnershipAccess, pk: int):
    person = selectors.person_in(access.partnership, pk)
    if person is None:
        raise Http404("No such person")
    return person


def person_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    query = request.GET.get("q", "").strip()[:100]
    people = list(selectors.people_for_list(access.partnership, query=query))
    return render(
        request,
        T + "person_list.html",
        {
            "page_title": "People",
            "partnership": access.partnership,
            "people": people,
            "query": query,
            "access": access,
        },
    )


def _person_form_page(request, access, form, *, person=None, conflict_rows=None, status=200):
    return render(
        request,
        T + "person_form.html",
        {
            "page_title": f"Change {person.full_name}" if person else "Add a person",
            "partnership": access.partnership,
            "person": person,
            "form": form,
            "conflict_rows": conflict_rows,
        },
        status=status,
    )


def person_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    if request.method != "POST":
        return _person_form_page(request, access, PersonForm(partnership=access.partnership))
    form = PersonForm(request.POST, partnership=access.partnership)
    submission = submit(
        form,
        lambda: services.create_person(partnership=access.partnership, user=request.user, **form.values()),
    )
    if submission.succeeded:
        person = submission.result
        messages.success(request, f"Added {person.full_name}")
        return redirect("partnerships:person", slug=slug, pk=person.pk)
    return _person_form_page(request, access, form)


def person_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    person = _person(access, pk)
    return render(
        request,
        T + "person_detail.html",
        {
            "page_title": person.full_name,
            "partnership": access.partnership,
            "person": person,
            **selectors.person_detail(person),
            "history": _history(access, person),
            "access": access,
        },
    )


def person_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    person = _person(access, pk)
    if request.method != "POST":
        form = PersonEditForm(instance=person, partnership=access.partnership)
        return _person_form_page(request, access, form, person=person)
    form = PersonEditForm(request.POST, instance=person, partnership=access.partnership)
    submission = submit(
        form,
        lambda: services.update_person(
            person=person,
            user=request.user,
            expected_version=form.expected_version,
            changes=form.values(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Saved {person.full_name}")
        return redirect("partnerships:person", slug=slug, pk=person.pk)
    return _person_form_page(
        request, access, form, person=person, conflict_rows=submission.conflict_rows, status=submission.status
    )


def person_account(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.manage")
    person = _person(access, pk)
    users = selectors.users_linkable_to(access.partnership)
    form = PersonAccountForm(request.POST or None, instance=person, users=users)
    submission = submit(
        form,
        lambda: services.link_person_to_user(
            person=person,
            user=request.user,
            account=form.cleaned_data["user"],
            expected_version=form.expected_version,
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Saved the user account of {person.full_name}")
        return redirect("partnerships:person", slug=slug, pk=person.pk)
    return render(
        request,
        T + "person_account.html",
        {
            "page_title": f"User account of {person.full_name}",
            "partnership": access.partnership,
            "person": person,
            "form": form,
            "conflict_rows": submission.conflict_rows,
        },
        status=submission.status,
    )


# ---------------------------------------------------------------------------
# Training and induction records
# ---------------------------------------------------------------------------


def _training(person, pk: int):
    training = selectors.training_record_of(person, pk)
    if training is None:
        raise Http404("No such training record")
    return training


def _training_form_page(request, access, person, form, *, training=None, conflict_rows=None, status=200):
    return render(
        request,
        T + "training_form.html",
        {
            "page_title": "Change a training record" if training else "Add a training record",
            "partnership": access.partnership,
            "person": person,
            "training": training,
            "form": form,
            "conflict_rows": conflict_rows,
        },
        status=status,
    )


def training_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    person = _person(access, pk)
    if request.method != "POST":
        return _training_form_page(request, access, person, TrainingRecordForm())
    form = TrainingRecordForm(request.POST)
    submission = submit(
        form, lambda: services.add_training_record(person=person, user=request.user, **form.values())
    )
    if submission.succeeded:
        messages.success(request, f"Added the training record “{form.cleaned_data['title']}”")
        return redirect(reverse("partnerships:person", kwargs={"slug": slug, "pk": pk}) + "#training")
    return _training_form_page(request, access, person, form)


def training_edit(request: HttpRequest, slug: str, pk: int, training_pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    person = _person(access, pk)
    training = _training(person, training_pk)
    if request.method != "POST":
        return _training_form_page(
            request, access, person, TrainingRecordEditForm(instance=training), training=training
        )
    form = TrainingRecordEditForm(request.POST, instance=training)
    submission = submit(
        form,
        lambda: services.update_training_record(
            training=training,
            user=request.user,
            expected_version=form.expected_version,
            changes=form.values(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Saved the training record “{training.title}”")
        return redirect(reverse("partnerships:person", kwargs={"slug": slug, "pk": pk}) + "#training")
    return _training_form_page(
        request,
        access,
        person,
        form,
        training=training,
        conflict_rows=submission.conflict_rows,
        status=submission.status,
    )


def training_delete(request: HttpRequest, slug: str, pk: int, training_pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    person = _person(access, pk)
    training = _training(person, training_pk)
    if request.method == "POST":
        services.delete_training_record(training=training, user=request.user)
        messages.success(request, f"Deleted the training record “{training.title}”")
        return redirect(reverse("partnerships:person", kwargs={"slug": slug, "pk": pk}) + "#training")
    return render(
        request,
        T + "training_delete.html",
        {
            "page_title": "Delete a training record",
            "partnership": access.partnership,
            "person": person,
            "training": training,
        },
    )
