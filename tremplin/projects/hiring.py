"""The block « Perspectives d'embauche sur le bassin » of a target job.

The basin is the person's commune's (else the structure's, and the page says so). The survey
counts occupations (FAP families), not ROME fiches: until the counselor confirms one, the page
proposes the occupations whose labels share words with the job (territory.matching), each
with the basin's figures; once confirmed, that occupation's figures in the basin, its
department(s) and France, and its rank among the basin's occupations.
"""

from dataclasses import dataclass, field

from tremplin.territory import outlook as bmo
from tremplin.territory.matching import Suggestion, suggest


@dataclass
class Proposal:
    code: str
    label: str
    score: float
    figures: bmo.Totals | None  # None: the basin has no line for this occupation


@dataclass
class HiringBlock:
    year: int | None = None
    basin_code: str = ""
    basin_name: str = ""
    from_structure: bool = False  # the person's commune is unknown or has no basin
    person_commune: str = ""  # its name, when it is known but has no basin
    proposals: list[Proposal] = field(default_factory=list)
    occupations: list[tuple[str, str]] = field(default_factory=list)
    job: bmo.JobOutlook | None = None
    lost_code: str = ""  # a confirmed code the loaded survey no longer has


def _basin(commune) -> tuple[str, str]:
    if commune is None or not commune.bmo_basin_code:
        return "", ""
    return commune.bmo_basin_code, bmo.basin_label(commune.bmo_basin_name)


def hiring_block(target, structure) -> HiringBlock:
    block = HiringBlock(year=bmo.latest_year())
    person_commune = target.person.commune
    block.basin_code, block.basin_name = _basin(person_commune)
    if not block.basin_code:
        block.basin_code, block.basin_name = _basin(getattr(structure, "commune", None))
        block.from_structure = bool(block.basin_code)
        if person_commune is not None:
            block.person_commune = person_commune.name
    if block.year is None or not block.basin_code:
        return block
    # The survey's own spelling (« Saint-Nazaire »), as on the territory page.
    block.basin_name = bmo.basin_name(block.basin_code, block.year) or block.basin_name
    block.occupations = bmo.occupations(block.year)
    code = target.bmo_occupation_code
    if code:
        block.job = bmo.job_outlook(block.basin_code, code, year=block.year)
        if block.job is not None:
            return block
        block.lost_code = code
    found: list[Suggestion] = suggest(
        target.appellation.label, target.appellation.fiche.label, block.occupations
    )
    figures = bmo.basin_figures(block.basin_code, [s.code for s in found], year=block.year)
    block.proposals = [Proposal(s.code, s.label, s.score, figures.get(s.code)) for s in found]
    return block
