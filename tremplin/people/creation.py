"""The « new person » page, shared by every screen that opens a file (reception, orders)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from tremplin.core.permissions import Section, sections_for
from tremplin.core.text import de
from tremplin.people import actions
from tremplin.people.duplicates import find_duplicates
from tremplin.people.forms import PersonCreateForm


def person_create_page(request, *, initial=None, on_created=None, extra_context=None):
    """Show the form, warn about likely duplicates, create the file once confirmed.

    `on_created(person)` runs in the same transaction (e.g. to link a reception contact).
    """
    membership = request.user.active_membership
    sections = sections_for(membership.role, is_referent=True) & {
        Section.IDENTITY,
        Section.SITUATION,
    }
    form = PersonCreateForm(
        request.POST if request.method == "POST" else None,
        sections=sections,
        membership=membership,
        initial=initial,
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = find_duplicates(
            request.user,
            last_name=data["last_name"],
            first_name=data["first_name"],
            birth_name=data.get("birth_name", ""),
            birth_date=data["birth_date"],
            nir=data.get("nir", ""),
        )
        if not duplicates or data.get("confirm_not_duplicate"):
            person = form.save(commit=False)
            with transaction.atomic():
                actions.create_person(
                    person=person,
                    appellations=data.get("sought_appellations") or [],
                    membership=membership,
                    referent=data.get("referent"),
                    accompaniment_channel=data.get("accompaniment_consent", ""),
                )
                if on_created is not None:
                    on_created(person)
            messages.success(request, f"Le dossier {de(person.full_name)} est créé.")
            return redirect("people:person-detail", person_id=person.pk)
    context = {"form": form, "duplicates": duplicates, "nav": "person-create"}
    context.update(extra_context or {})
    return render(request, "people/person_create.html", context)
