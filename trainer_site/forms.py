from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.forms.renderers import TemplatesSetting


class SignUpForm(UserCreationForm):
    first_name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(
        label="Email", help_text="For password resets. Never shown to clients."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("first_name", "email", "username")
        labels = {"username": "Username"}
        help_texts = {"username": "What you type to sign in: letters, digits and @.+-_ only."}

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "A trainer with this email already exists. Sign in instead?"
            )
        return email


class FormRenderer(TemplatesSetting):
    """Every form field renders through one component: label, help, error, widget."""

    field_template_name = "components/field.html"
