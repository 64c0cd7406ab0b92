from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.forms.renderers import TemplatesSetting

from trainer_site.mail import enqueue_after_response
from trainer_site.tasks import send_account_mail


class SignUpForm(UserCreationForm):
    # The dashboard greets the trainer by it ("Good to see you, Marta"): a first name only.
    first_name = forms.CharField(label="First name", max_length=150)
    email = forms.EmailField(
        label="Email", help_text="For password resets. Never shown to clients."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("first_name", "email", "username")
        labels = {"username": "Username"}
        help_texts = {"username": "What you type to sign in: letters, digits and @.+-_ only."}

    def clean_email(self):
        # Whether the address already has an account is not said here (that would tell anyone
        # who has one): the sign-up view mails its owner instead.
        return self.cleaned_data["email"].strip().lower()


class SignUpTokenGenerator(PasswordResetTokenGenerator):
    """The sign-up confirmation link's token: good until the account is confirmed, or for
    PASSWORD_RESET_TIMEOUT (3 days)."""

    key_salt = "trainer_site.forms.SignUpTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


signup_tokens = SignUpTokenGenerator()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, answering in the same time whether or not the address is known: the
    mail is queued after the response (trainer_site.mail) and written by the task, and for an
    unknown address a token is still made, for nobody."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs
    ):
        base_url = f"{context['protocol']}://{context['domain']}"
        enqueue_after_response(send_account_mail, "password-reset", context["user"].pk, base_url)
        self.queued = True

    def save(self, request=None, **kwargs):
        self.queued = False
        super().save(request=request, **kwargs)
        if not self.queued:  # no account: the same work, nothing sent
            stand_in = User(username="stand-in", email=self.cleaned_data["email"])
            default_token_generator.make_token(stand_in)


class FormRenderer(TemplatesSetting):
    """Every form field renders through one component: label, help, error, widget."""

    field_template_name = "components/field.html"
