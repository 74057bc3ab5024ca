from django import template

from tremplin.fse.enums import FSE_NOMENCLATURE

register = template.Library()


@register.filter
def has_fse(funders) -> bool:
    """Whether one of these funders (of a pathway) reports to the FSE+."""
    return any(f.nomenclature_id == FSE_NOMENCLATURE for f in funders)
