"""Load the funders' exit nomenclatures shipped in data/exit_nomenclatures.json.

Idempotent: re-running it changes nothing; a changed row is updated in place.
"""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "exit_nomenclatures.json"


def load_nomenclatures(apps=None) -> int:
    """Create or update every nomenclature and mapping; return how many rows were written."""
    if apps is None:
        from tremplin.pathways.models import ExitMapping, Nomenclature
    else:  # from a data migration, with the historical models
        Nomenclature = apps.get_model("pathways", "Nomenclature")
        ExitMapping = apps.get_model("pathways", "ExitMapping")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    written = 0
    for entry in data["nomenclatures"]:
        nomenclature, _ = Nomenclature.objects.update_or_create(
            code=entry["code"], defaults={"name": entry["name"], "source": entry["source"]}
        )
        for category, row in entry["mappings"].items():
            ExitMapping.objects.update_or_create(
                nomenclature=nomenclature, category=category, defaults=row
            )
            written += 1
    return written
