"""French labels of the data·inclusion codes (publics, modes d'accueil, frais…).

The labels come from the `data-inclusion-schema` package, so they follow the national
referential; an unknown code is shown as it is.
"""

from data_inclusion.schema import v1

VOCABULARIES = {
    "publics": v1.Public,
    "modes_accueil": v1.ModeAccueil,
    "modes_mobilisation": v1.ModeMobilisation,
    "mobilisable_par": v1.PersonneMobilisatrice,
    "frais": v1.Frais,
    "type": v1.TypeService,
    "reseaux_porteurs": v1.ReseauPorteur,
}


def label(vocabulary: str, code: str) -> str:
    enum = VOCABULARIES[vocabulary]
    try:
        return enum(code).label
    except ValueError:
        return code


def choices(vocabulary: str) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in VOCABULARIES[vocabulary]]
