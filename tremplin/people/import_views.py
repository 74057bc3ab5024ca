"""« Importer des dossiers »: send a CSV, read the check report, confirm, see past imports."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.people import imports
from tremplin.people.models import PeopleImport

HISTORY_SIZE = 30


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV des personnes",
        help_text=(
            "CSV enregistré depuis Excel ou LibreOffice (UTF-8 ou Windows-1252, séparateur "
            "« ; » ou « , »), 20 Mo au plus. Colonnes obligatoires : Nom, Prénom, "
            "Date de naissance."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(
                "Envoyez un fichier .csv : depuis Excel, « Enregistrer sous » puis "
                "« CSV UTF-8 (délimité par des virgules) »."
            )
        if uploaded.size > imports.MAX_BYTES:
            raise forms.ValidationError(
                "Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers."
            )
        return uploaded


def get_import_for_user(user, import_id) -> PeopleImport:
    """The import if it belongs to the structure the user acts for and may import, else 404."""
    try:
        return PeopleImport.objects.visible_to(user).select_related("created_by").get(pk=import_id)
    except PeopleImport.DoesNotExist:
        raise Http404 from None


@permission_required(Perm.PERSON_IMPORT)
@require_http_methods(["GET", "HEAD", "POST"])
def import_start(request):
    membership = request.user.active_membership
    imports.purge_stale()
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        record = imports.start_import(
            content=uploaded.read(), file_name=uploaded.name, membership=membership
        )
        return redirect("people:import-detail", import_id=record.pk)
    past = (
        PeopleImport.objects.visible_to(request.user)
        .select_related("created_by")
        .defer("content", "report")[:HISTORY_SIZE]
    )
    return render(
        request,
        "people/import.html",
        {"form": form, "past_imports": past, "nav": "caseload"},
    )


@permission_required(Perm.PERSON_IMPORT)
@require_safe
def import_template(request):
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-personnes.csv"'
    return response


@permission_required(Perm.PERSON_IMPORT)
@require_safe
def import_detail(request, import_id):
    record = get_import_for_user(request.user, import_id)
    report = imports.ImportReport.from_dict(record.report)
    return render(
        request,
        "people/import_detail.html",
        {
            "record": record,
            "report": report,
            "errors_by_line": imports.by_line(report),
            "more_errors": report.error_count - len(report.errors),
            "more_warnings": report.warning_count - len(report.warnings),
            "nav": "caseload",
        },
    )


@permission_required(Perm.PERSON_IMPORT)
@require_POST
def import_confirm(request, import_id):
    record = get_import_for_user(request.user, import_id)
    try:
        record = imports.confirm_import(record_id=record.pk, user=request.user)
    except imports.AlreadyFinished:
        messages.info(
            request, "Cet import est déjà terminé : rien n'a été importé une seconde fois."
        )
        return redirect("people:import-detail", import_id=record.pk)
    if record.status == PeopleImport.Status.IMPORTED:
        messages.success(
            request,
            f"{record.created_count} dossier{'s' if record.created_count > 1 else ''} "
            f"créé{'s' if record.created_count > 1 else ''}.",
        )
    else:
        messages.error(
            request,
            "Les dossiers de la structure ont changé depuis la vérification et le fichier "
            "contient maintenant des erreurs : rien n'a été importé.",
        )
    return redirect("people:import-detail", import_id=record.pk)


@permission_required(Perm.PERSON_IMPORT)
@require_POST
def import_abandon(request, import_id):
    record = get_import_for_user(request.user, import_id)
    try:
        imports.abandon_import(record_id=record.pk)
        messages.info(request, "Import abandonné : le fichier a été supprimé, rien n'a été créé.")
    except imports.AlreadyFinished:
        messages.info(request, "Cet import est déjà terminé.")
    return redirect("people:import")
