from django import template

from tremplin.network.labels import label

register = template.Library()


@register.filter
def di_label(code, vocabulary):
    """`{{ code|di_label:"publics" }}`: the French label of a data·inclusion code."""
    return label(vocabulary, code) if code else ""
