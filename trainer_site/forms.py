from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.mail import EmailMessage
from django.forms.renderers import TemplatesSetting
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from trainer_site.mail import send_after_response


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


def _render_mail(subject_template, body_template, context, to_email):
    subject = "".join(render_to_string(subject_template, context).splitlines())
    body = render_to_string(body_template, context)
    return EmailMessage(subject, body, to=[to_email])


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, answering in the same time whether or not the address is known:
    the mail goes out after the response (trainer_site.mail), and for an unknown address the
    same message is still prepared, for nobody."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs
    ):
        self.prepared = _render_mail(subject_template_name, email_template_name, context, to_email)
        send_after_response(self.prepared)

    def save(self, request=None, **kwargs):
        self.prepared = None
        super().save(request=request, **kwargs)
        if self.prepared is None:  # no account: the same work, nothing sent
            stand_in = User(username="stand-in", email=self.cleaned_data["email"])
            context = {
                "email": stand_in.email,
                "domain": request.get_host() if request else "",
                "uid": urlsafe_base64_encode(force_bytes(0)),
                "user": stand_in,
                "token": default_token_generator.make_token(stand_in),
                "protocol": "https" if request and request.is_secure() else "http",
            }
            _render_mail(
                "registration/password_reset_subject.txt",
                "registration/password_reset_email.html",
                context,
                stand_in.email,
            )


class FormRenderer(TemplatesSetting):
    """Every form field renders through one component: label, help, error, widget."""

    field_template_name = "components/field.html"
