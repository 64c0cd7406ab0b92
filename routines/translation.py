"""The library's texts in every language of settings.LANGUAGES (django-modeltranslation).

Each field below gets one column per language on the same table (name_en_gb, name_es, ...):
reading a stretch in Spanish costs no extra query or join, which keeps the client's page and
the library within their query budgets. Reading `stretch.name` gives the active language's text,
or the English when that translation is empty. The admin edits the languages side by side.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.db.models.signals import pre_save
from modeltranslation.translator import TranslationOptions, register, translator
from modeltranslation.utils import build_localized_fieldname

from routines.models import Routine, Stretch, StretchStep

# What a client reads of a stretch: the shared page, the player, the handout.
STRETCH_TEXTS = (
    "name",
    "summary",
    "setup",
    "cues",
    "you_should_feel",
    "stop_if",
    "common_mistakes",
    "side_leg",
    "illustration_alt",
)


@register(Stretch)
class StretchTexts(TranslationOptions):
    fields = STRETCH_TEXTS
    # "name", "summary" and "setup" are required in English only: a missing translation falls
    # back to the English text.
    required_languages = {"en-gb": ("name", "summary", "setup")}


@register(StretchStep)
class StretchStepTexts(TranslationOptions):
    fields = ("instruction",)
    required_languages = {"en-gb": ("instruction",)}


@register(Routine)
class RoutineTexts(TranslationOptions):
    fields = ("name", "goal")
    required_languages = {"en-gb": ("name",)}


# --- What is missing ----------------------------------------------------------------------------

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
TRANSLATED_LANGUAGES = [
    code for code in settings.MODELTRANSLATION_LANGUAGES if code != SOURCE_LANGUAGE
]


def column(field, language):
    return build_localized_fieldname(field, language)


def _empty(field, language):
    name = column(field, language)
    return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


def _untranslated(fields, language, prefix=""):
    """Rows with an English text whose translation into `language` is empty."""
    condition = Q()
    for field in fields:
        condition |= ~_empty(f"{prefix}{field}", SOURCE_LANGUAGE) & _empty(
            f"{prefix}{field}", language
        )
    return condition


def lacking(queryset, language):
    """The rows of a translated model (Stretch or Routine) missing any text in `language`."""
    condition = _untranslated(translated_fields(queryset.model), language)
    if queryset.model is Stretch:
        condition |= _untranslated(("instruction",), language, prefix="steps__")
    return queryset.filter(condition).distinct()


def translated_fields(model):
    """The model's translated fields, in the model's order."""
    registered = translator.get_options_for_model(model).fields
    return [field.name for field in model._meta.fields if field.name in registered]


def missing_translations(instance):
    """[(language, [field names, "step 2", ...]), ...] for each language with a gap. A Stretch's
    steps are read from prefetch_related("steps") when loaded so."""
    fields = translated_fields(type(instance))
    gaps = []
    for language in TRANSLATED_LANGUAGES:
        missing = [
            field
            for field in fields
            if getattr(instance, column(field, SOURCE_LANGUAGE))
            and not getattr(instance, column(field, language))
        ]
        if isinstance(instance, Stretch):
            missing += [
                f"step {step.position}"
                for step in instance.steps.all()
                if step.instruction_en_gb and not getattr(step, column("instruction", language))
            ]
        if missing:
            gaps.append((language, missing))
    return gaps


def missing_translations_filter():
    class MissingTranslationFilter(admin.SimpleListFilter):
        title = "translation"
        parameter_name = "translation"

        def lookups(self, request, model_admin):
            names = dict(settings.LANGUAGES)
            return [(code, f"Missing in {names[code]}") for code in TRANSLATED_LANGUAGES]

        def queryset(self, request, queryset):
            if self.value() in TRANSLATED_LANGUAGES:
                return lacking(queryset, self.value())
            return queryset

    return MissingTranslationFilter


# --- English is always there --------------------------------------------------------------------


def keep_english_filled(sender, instance, **kwargs):
    """A text written while another language is active (a trainer working in Spanish) lands in
    that language's column; copy it to the English one when that is empty, so every reader has
    a text to fall back to."""
    for field in translated_fields(sender):
        if getattr(instance, column(field, SOURCE_LANGUAGE)):
            continue
        for language in TRANSLATED_LANGUAGES:
            if value := getattr(instance, column(field, language)):
                setattr(instance, column(field, SOURCE_LANGUAGE), value)
                break


for model in (Stretch, StretchStep, Routine):
    pre_save.connect(keep_english_filled, sender=model, dispatch_uid=f"english-{model.__name__}")
