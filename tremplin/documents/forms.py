from django import forms

from tremplin.documents.writing import MAX_TEXT_LENGTH


class ReviewForm(forms.Form):
    """The text to reread. It is never saved: the form only validates its length."""

    texte = forms.CharField(
        label="Texte à relire",
        max_length=MAX_TEXT_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "Collez le texte destiné à un partenaire, un prescripteur ou à la personne. "
            "Il n'est ni enregistré ni conservé."
        ),
        error_messages={
            "required": "Saisissez le texte à relire.",
            "max_length": (
                "Le texte est trop long (%(show_value)d caractères, %(limit_value)d au plus) : "
                "relisez-le en plusieurs fois."
            ),
        },
    )

    def clean_texte(self):
        text = self.cleaned_data["texte"]
        if not text.strip():
            raise forms.ValidationError("Saisissez le texte à relire.")
        return text
