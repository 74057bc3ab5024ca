"""Template helpers of the pathways, for the screens of other apps (the agenda)."""

from django import template

from tremplin.pathways.models import Interview

register = template.Library()


@register.filter
def interview_of(appointment, pathway_id):
    """The compte rendu already written from this appointment in that pathway, or None.
    Only called where the page already shows the pathway to its reader."""
    if not pathway_id:
        return None
    return Interview.objects.filter(appointment=appointment, pathway_id=pathway_id).first()
