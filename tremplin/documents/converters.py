from django.urls import register_converter


class DocumentFormat:
    """`<docfmt:fmt>`: the two formats every document comes in."""

    regex = "pdf|docx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(DocumentFormat, "docfmt")
