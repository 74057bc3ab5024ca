"""The estimate as a document to hand to the person (PDF, or DOCX to adapt).

The document is the person's (« Estimation de vos droits sociaux »): it speaks to them."""

from django.utils import timezone

from tremplin.core.dates import month_year
from tremplin.documents.rendering import Document, Fields, Heading, Paragraph, Table, letterhead_for
from tremplin.rights.forms import HOUSING_CHOICES
from tremplin.rights.models import RightsEstimate


def euros(value: float) -> str:
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents} €"


def month_label(day) -> str:
    return month_year(day)


def household_rows(estimate: RightsEstimate) -> list[tuple[str, str]]:
    household = estimate.get_household()
    person = household.person
    resources = [
        (label, value)
        for label, value in (
            ("salaire net", person.salary),
            ("allocation chômage", person.unemployment),
            ("ASS", person.ass),
            ("pension alimentaire reçue", person.alimony),
        )
        if value
    ]
    rows = [
        (
            "Vos ressources par mois",
            "; ".join(f"{label} {euros(value)}" for label, value in resources) or "aucune",
        ),
    ]
    if household.partner:
        partner = household.partner
        partner_resources = [
            f"{label} {euros(value)}"
            for label, value in (
                ("salaire net", partner.salary),
                ("allocation chômage", partner.unemployment),
            )
            if value
        ]
        rows.append(
            ("En couple — ressources de votre conjoint·e", "; ".join(partner_resources) or "aucune")
        )
    else:
        rows.append(("Votre situation familiale", "seul·e"))
    count = len(household.children_birth_dates)
    rows.append(
        (
            "Vos enfants à charge",
            "aucun"
            if not count
            else f"{count} ({'né·e' if count == 1 else 'nés'} le "
            + ", ".join(d.strftime("%d/%m/%Y") for d in household.children_birth_dates)
            + ")",
        )
    )
    housing = dict(HOUSING_CHOICES).get(household.housing, household.housing)
    if household.rent:
        housing += f", {euros(household.rent)} par mois hors charges"
    rows.append(("Votre logement", housing))
    return rows


def estimate_document(estimate: RightsEstimate) -> Document:
    lines = estimate.lines()
    result = estimate.result
    blocks: list = [
        Fields(
            [
                ("Personne", f"{estimate.person.first_name} {estimate.person.last_name.upper()}"),
                ("Mois estimé", month_label(estimate.month)),
                (
                    "Estimé le",
                    f"{timezone.localdate(estimate.created_at):%d/%m/%Y} par "
                    f"{estimate.created_by.full_name}",
                ),
            ]
        ),
        Heading("Ce que nous avons pris en compte"),
        Fields(household_rows(estimate)),
        Heading("Montants estimés par mois"),
    ]
    if lines:
        blocks.append(
            Table(
                ["Prestation", "Montant estimé", "À vérifier"],
                [[line["label"], euros(line["amount"]), line["conditions"]] for line in lines]
                + [["Total", euros(float(estimate.total)), ""]],
            )
        )
    else:
        blocks.append(Paragraph("Aucune des prestations estimées ne semble ouverte."))
    if result.get("css") == "free":
        css = "Complémentaire santé solidaire sans participation financière."
    elif result.get("css") == "participation":
        css = (
            "Complémentaire santé solidaire avec une participation de "
            f"{euros(result['css_participation'])} par mois pour le foyer."
        )
    else:
        css = "La complémentaire santé solidaire ne semble pas ouverte avec ces ressources."
    blocks += [
        Heading("Santé"),
        Paragraph(css),
        Heading("À savoir"),
        Paragraph(
            "Ces montants sont une estimation faite avec OpenFisca-France, le moteur de calcul "
            "public des prestations sociales, à partir des informations ci-dessus. Ils ne "
            "valent pas décision : la CAF, la MSA ou l'Assurance maladie calculent les droits "
            "sur les ressources qu'elles connaissent. Faites la demande auprès de l'organisme "
            "concerné, ou simulez à nouveau sur mesdroitssociaux.gouv.fr. "
            # In the same paragraph: alone, the note ended up alone on a last page.
            f"Calcul : {estimate.engine_version}."
        ),
    ]
    return Document(
        title="Estimation de vos droits sociaux",
        subtitle=month_label(estimate.month),
        letterhead=letterhead_for(estimate.structure),
        blocks=blocks,
        reference=f"EST-{estimate.pk}",
        date=timezone.localdate(estimate.created_at),
    )
