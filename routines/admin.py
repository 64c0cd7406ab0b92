from django import forms
from django.contrib import admin
from django.utils.html import format_html
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from routines.forms import DoseValidationMixin, PhotoField, PhotoUploadMixin
from routines.illustrations import check_illustration_path
from routines.models import (
    CautionTag,
    Prop,
    Routine,
    Stretch,
    StretchStep,
    StretchVariation,
    TargetArea,
    variation_problem,
)
from routines.translation import missing_translations, missing_translations_filter


class StretchAdminForm(PhotoUploadMixin, DoseValidationMixin, forms.ModelForm):
    photo = PhotoField(
        required=False,
        help_text="JPEG, PNG or WebP, at most 5 MB and 25 megapixels. It is re-encoded: "
        "location and other metadata are removed.",
    )

    class Meta:
        model = Stretch
        fields = [
            *("name", "slug", "summary", "difficulty", "is_published"),
            *("target_areas", "caution_tags", "props"),
            *("setup", "cues", "you_should_feel", "stop_if", "common_mistakes"),
            *("hold_seconds", "repetitions", "sides", "side_leg"),
            *("tempo_contract_seconds", "tempo_release_seconds", "tempo_rest_seconds"),
            *("illustration", "illustration_alt", "photo", "video_url"),
            *("media_source", "media_author", "media_licence"),
        ]
        widgets = {
            "target_areas": forms.CheckboxSelectMultiple,
            "props": forms.CheckboxSelectMultiple,
            "caution_tags": forms.CheckboxSelectMultiple,
        }

    def clean_illustration(self):
        path = self.cleaned_data["illustration"].strip()
        if path:
            check_illustration_path(path)
        return path


class StretchStepInline(TranslationTabularInline):
    model = StretchStep
    extra = 1
    ordering = ["position"]
    fields = ["position", "instruction"]
    formfield_overrides = {
        StretchStep._meta.get_field("instruction").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 60})
        }
    }


class VariationFormSet(forms.BaseInlineFormSet):
    """Refuses a variation that jumps difficulty levels, goes the wrong way, or (for an easier
    one) works another target area: the swap offered to a client must stay on the same road."""

    def clean(self):
        super().clean()
        stretch = self.instance
        # The stretch's target areas as ticked in this same form (see StretchAdmin.save_form).
        target_ids = getattr(stretch, "pending_target_ids", None)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("to_stretch") or data.get("DELETE") or not data.get("kind"):
                continue
            problem = variation_problem(stretch, data["to_stretch"], data["kind"], target_ids)
            if problem:
                form.add_error("to_stretch", problem)


class StretchVariationInline(admin.TabularInline):
    model = StretchVariation
    formset = VariationFormSet
    fk_name = "from_stretch"
    extra = 1
    fields = ["kind", "to_stretch", "position"]
    autocomplete_fields = ["to_stretch"]
    verbose_name = "variation"
    verbose_name_plural = "Easier and harder variations (in order)"


class LibraryOrPrivateFilter(admin.SimpleListFilter):
    title = "belongs to"
    parameter_name = "belongs_to"

    def lookups(self, request, model_admin):
        return [("library", "Shared library"), ("private", "A trainer (private)")]

    def queryset(self, request, queryset):
        if self.value() == "library":
            return queryset.filter(owner__isnull=True)
        if self.value() == "private":
            return queryset.filter(owner__isnull=False)
        return queryset


@admin.register(Stretch)
class StretchAdmin(TranslationAdmin):
    """Each text in English and Spanish side by side (django-modeltranslation); the list shows
    and filters what still lacks a translation (an empty one falls back to English)."""

    form = StretchAdminForm
    list_display = [
        *("thumbnail", "name", "difficulty", "is_published", "owner"),
        *("untranslated", "updated_at"),
    ]
    list_display_links = ["thumbnail", "name"]
    list_filter = [
        *("difficulty", "is_published", LibraryOrPrivateFilter),
        missing_translations_filter(),
        "caution_tags",
    ]
    list_editable = ["is_published"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["thumbnail", "preview_link"]
    list_select_related = ["owner"]
    inlines = [StretchStepInline, StretchVariationInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "summary", "difficulty", "is_published", "preview_link"]},
        ),
        ("Who it is for", {"fields": ["target_areas", "caution_tags", "props"]}),
        (
            "How to do it",
            {"fields": ["setup", "cues", "you_should_feel", "stop_if", "common_mistakes"]},
        ),
        (
            "Default dose",
            {
                "fields": [
                    ("hold_seconds", "repetitions", "sides"),
                    "side_leg",
                    ("tempo_contract_seconds", "tempo_release_seconds", "tempo_rest_seconds"),
                ]
            },
        ),
        (
            "Pictures and video",
            {
                "fields": [
                    "thumbnail",
                    "illustration",
                    "illustration_alt",
                    "photo",
                    "video_url",
                    ("media_source", "media_author", "media_licence"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner").prefetch_related("steps")

    @admin.display(description="Missing translations")
    def untranslated(self, stretch):
        return missing_translations_text(stretch) or "–"

    @admin.display(description="Picture")
    def thumbnail(self, stretch):
        if stretch.photo_thumbnail:
            url = stretch.photo_thumbnail.url
        elif stretch.illustration_url:
            url = stretch.illustration_url
        else:
            return "–"
        return format_html('<img src="{}" alt="" width="96" height="60" class="admin-thumb">', url)

    @admin.display(description="Preview")
    def preview_link(self, stretch):
        if not stretch.pk:
            return "Save first to preview."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open the trainer’s view</a>',
            stretch.get_absolute_url(),
        )

    def save_form(self, request, form, change):
        stretch = super().save_form(request, form, change)
        stretch.pending_target_ids = {area.pk for area in form.cleaned_data["target_areas"]}
        return stretch

    def save_model(self, request, obj, form, change):
        form.apply_photo(obj)
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected stretches")
    def publish(self, request, queryset):
        queryset.update(is_published=True)

    @admin.action(description="Unpublish the selected stretches")
    def unpublish(self, request, queryset):
        queryset.update(is_published=False)


@admin.register(CautionTag)
class CautionTagAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "client_wording", "position"]
    list_editable = ["position"]


@admin.register(TargetArea, Prop)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "position"]
    list_editable = ["position"]


def missing_translations_text(instance):
    """'es: name, cues, step 2' or ''."""
    return "; ".join(
        f"{language}: {', '.join(fields)}" for language, fields in missing_translations(instance)
    )


@admin.register(Routine)
class RoutineAdmin(TranslationAdmin):
    """The shipped templates' names and goals in every language (trainers' own routines are
    edited in the builder)."""

    list_display = ["name", "is_template", "owner", "untranslated"]
    list_filter = ["is_template", missing_translations_filter()]
    search_fields = ["name"]
    fields = ["name", "goal"]
    list_select_related = ["owner"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_template=True)

    def has_add_permission(self, request):
        return False

    @admin.display(description="Missing translations")
    def untranslated(self, routine):
        return missing_translations_text(routine) or "–"
