"""Form rendering shared by every app: Bootstrap classes, accessible errors, French dates."""

from decimal import Decimal

from django import forms
from django.core import signing
from django.db import transaction
from django.forms.boundfield import BoundField
from django.forms.models import model_to_dict
from django.forms.renderers import TemplatesSetting

from tremplin.core.validators import TEXT_MAX_LENGTH, TextLengthValidator, clean_siret

EMPTY_CHOICE = "— Choisir —"
NOT_STATED = "Non précisé"


class SiretField(forms.CharField):
    """A SIRET as typed or pasted (« 900 869 934 00001 »): the spaces and dots are removed
    before any check. The box takes 20 characters, so a spaced SIRET is never cut short."""

    def __init__(self, **kwargs):
        kwargs["max_length"] = 20  # 14 digits and the spaces (or dots) between the groups
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_siret(super().to_python(value))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}


class TremplinBoundField(BoundField):
    def __init__(self, form, field, name):
        # Django's "---------" means nothing to a user: say what to do instead.
        if isinstance(field, forms.ModelChoiceField):
            # Never list a model field's choices here: over a referential (11,000 ROME
            # appellations) that loads every row each time the field is shown.
            if field.empty_label == "---------":
                field.empty_label = EMPTY_CHOICE
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            choices = list(field.choices)
            if choices and choices[0] == ("", "---------"):
                if isinstance(field.widget, forms.RadioSelect):
                    # A radio button is not a prompt: a required choice shows only the
                    # real answers, an optional one an explicit « Non précisé ».
                    rest = choices[1:]
                    field.choices = rest if field.required else [("", NOT_STATED), *rest]
                else:
                    field.choices = [("", EMPTY_CHOICE), *choices[1:]]
        super().__init__(form, field, name)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = attrs.get("class", widget.attrs.get("class", ""))
        if isinstance(
            widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
        ):
            base = "form-check-input"
        elif isinstance(widget, forms.Select):
            base = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            base = ""
        else:
            base = "form-control"
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            base = ""
        if self.errors and base:
            base += " is-invalid"
        if base and base not in css:
            attrs["class"] = f"{css} {base}".strip()
        return attrs


class FormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
    bound_field_class = TremplinBoundField


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Boxes to tick, under a heading per group, in a box that scrolls: a long list chosen
    by keyboard and screen reader without the Ctrl+click a multiple select needs."""

    template_name = "components/grouped_checkboxes.html"
    grouped = True


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm on a VersionedModel that refuses to overwrite someone else's changes.

    The form carries the row's version and a signed copy of the values it showed. On save,
    the row is locked; if its version moved on, nothing is written and `conflicts` lists
    each field the other person changed (label, value shown to you, value now saved).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts: list[tuple[str, str, str]] = []

    def get_initial_for_field(self, field, field_name):
        # Computed at render time, from the fields the form still has (a subclass may have
        # removed the sections the user may not see: they must not travel in the page).
        if field_name == "version" and self.instance.pk:
            return self.instance.version
        if field_name == "loaded_state" and self.instance.pk:
            return signing.dumps(self.state_of(self.instance), compress=True)
        return super().get_initial_for_field(field, field_name)

    def _model_field_names(self):
        return [n for n in self._meta.fields if n in self.fields]

    def state_of(self, instance) -> dict[str, str]:
        """What the form shows of `instance`, as text, for comparison and display."""
        state = {}
        for name in self._model_field_names():
            field = instance._meta.get_field(name)
            if field.many_to_many:
                value = (
                    ", ".join(sorted(str(o) for o in getattr(instance, name).all()))
                    if instance.pk
                    else ""
                )
            elif field.choices:
                value = str(getattr(instance, f"get_{name}_display")())
            elif field.is_relation:
                related = getattr(instance, name)
                value = str(related) if related is not None else ""
            else:
                raw = getattr(instance, field.attname)
                value = (
                    ""
                    if raw is None
                    else (", ".join(map(str, raw)) if isinstance(raw, list) else str(raw))
                )
            state[name] = value
        return state

    def _loaded(self) -> dict[str, str]:
        try:
            return signing.loads(self.data.get(self.add_prefix("loaded_state"), ""))
        except signing.BadSignature:
            return {}

    def _user_state(self) -> dict[str, str]:
        """What the user asked for, in the same text form as state_of()."""
        state = self.state_of(self.instance)  # the instance already holds the cleaned values
        for name in self._model_field_names():
            if self.instance._meta.get_field(name).many_to_many:
                chosen = self.cleaned_data.get(name) or []
                state[name] = ", ".join(sorted(str(o) for o in chosen))
        return state

    def _adopt(self, data, name: str, current) -> None:
        """Put the saved value of `name` in the submitted data (a field the user left alone)."""
        value = model_to_dict(current, fields=[name]).get(name)
        key = self.add_prefix(name)
        field = self.fields[name]
        if isinstance(value, list):
            data.setlist(key, [str(getattr(v, "pk", v)) for v in value])
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
        else:
            prepared = field.prepare_value(value)
            data[key] = "" if prepared is None else str(prepared)

    def save_checked(self) -> bool:
        """Save unless the row changed since the form was loaded.

        On a conflict nothing is written; `conflicts` lists each field the other person
        changed (label, value you had on screen, value saved now, whether you changed it
        too). Their changes are taken into the form where you had not touched the field,
        so that submitting again keeps both.
        """
        model = type(self.instance)
        with transaction.atomic():
            current = model._base_manager.select_for_update().get(pk=self.instance.pk)
            if current.version != self.cleaned_data.get("version"):
                loaded, now, wanted = self._loaded(), self.state_of(current), self._user_state()
                data = self.data.copy()
                self.conflicts = []
                for name, value in now.items():
                    if loaded.get(name) == value:
                        continue
                    both = wanted.get(name) != loaded.get(name)
                    self.conflicts.append(
                        (str(self.fields[name].label), loaded.get(name, ""), value, both)
                    )
                    if not both:
                        self._adopt(data, name, current)
                # Next submit compares with what is saved now.
                data[self.add_prefix("version")] = current.version
                data[self.add_prefix("loaded_state")] = signing.dumps(now, compress=True)
                self.data = data
                return False
            instance = self.save(commit=False)
            instance.version = current.version + 1
            instance.save()
            self.save_m2m()
            return True


def limit_text_length(form: forms.BaseForm, *names: str, max_length: int = TEXT_MAX_LENGTH):
    """Bound free-text fields with a French message. No ``maxlength`` attribute: the browser
    would cut a long paste silently, where the message says what to shorten."""
    for name in names:
        field = form.fields[name]
        field.max_length = max_length
        field.validators.append(TextLengthValidator(max_length))


def input_number(value) -> str:
    """A number proposed in a number field: « 35 », not « 35.0 » (the browser shows
    « 35,5 » in French from « 35.5 »)."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"
