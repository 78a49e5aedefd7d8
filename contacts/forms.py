import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from contacts import antispam
from contacts.models import (
    ConsentEvent,
    ConsentSource,
    ConsentWording,
    Enquiry,
    EnquiryTopic,
    visitor_language,
)
from newsroom.forms import PastedTextMixin

# Digits with the usual separators and an optional leading + and extension:
# "+852 2123 4567", "(020) 7946 0958", "+1-202-555-0173 ext. 12".
PHONE_PATTERN = re.compile(
    r"^\+?\(?[0-9][0-9 ().\-/]{4,28}[0-9](\s*(ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE
)


class ContactForm(PastedTextMixin, forms.ModelForm):
    """
    The public Contact Us form.

    Besides the enquiry it carries the privacy acknowledgement, the optional
    marketing consent (never ticked in advance, never required), a honeypot
    and a signed token saying when the form was shown and with which wording.
    """

    privacy_acknowledged = forms.BooleanField(
        required=True,
        error_messages={
            "required": _(
                "Please confirm that you have read the Personal Information "
                "Collection Statement."
            )
        },
    )
    marketing_consent = forms.BooleanField(required=False, initial=False)
    # Named like a real field so bots fill it; people never see it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Enquiry
        fields = [
            "name",
            "email",
            "phone",
            "organisation",
            "topic",
            "subject",
            "message",
        ]
        labels = {"topic": _("Enquiry topic")}
        help_texts = {
            "name": _("Your name in any language, as you would like us to use it."),
            "email": _("We reply to this address."),
            "phone": _("Optional. Include the country code, e.g. +852 2123 4567."),
            "message": _("Up to 5,000 characters."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, wording, **kwargs):
        super().__init__(*args, **kwargs)
        self.wording = wording
        self.fields["topic"].queryset = EnquiryTopic.objects.offered()
        self.fields["topic"].empty_label = _("Choose a topic")
        # One sentence for translators, link included: word order differs
        # between languages.
        self.fields["privacy_acknowledged"].label = format_html(
            _(
                'I have read the <a href="{url}" target="_blank" rel="noopener">'
                "Personal Information Collection Statement</a>."
            ),
            url=reverse("privacy"),
        )
        if wording is None:
            # No consent can be proven without its wording: do not ask for it.
            del self.fields["marketing_consent"]
        elif wording.language != visitor_language():
            # No wording published in the visitor's language yet: they are
            # asked in English, and told so, rather than in words not approved.
            self.fields["marketing_consent"].label = format_html(
                '<span lang="{}">{}</span>', wording.html_language, wording.text
            )
            self.fields["marketing_consent"].help_text = _(
                "Optional. This wording is available in English only. Your enquiry "
                "is sent whether or not you tick this box."
            )
        else:
            self.fields["marketing_consent"].label = wording.text
            self.fields["marketing_consent"].help_text = _(
                "Optional. Your enquiry is sent whether or not you tick this box."
            )
        # The submitted token is checked in clean(). The page shown again (after
        # an error, or with what was typed) carries the same token while it is
        # genuine: the minimum fill time counts from the form's first view, so
        # fixing a mistake does not restart it, and the page stays one page
        # (its nonce), so sending it twice stores one enquiry.
        self.submitted_form_token = (self.data if self.is_bound else self.initial).get(
            "form_token"
        )
        if antispam.read_form_token(self.submitted_form_token) is not None:
            token = self.submitted_form_token
        else:
            token = antispam.sign_form_token(wording_id=wording and wording.pk)
        if self.is_bound:
            self.data = self.data.copy()
            self.data["form_token"] = token
        else:
            self.initial["form_token"] = token

        self.helper = FormHelper()
        self.helper.form_id = "contact-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *self._meta.fields,
            "privacy_acknowledged",
            *(
                [Div("marketing_consent", css_class="contact-consent")]
                if wording
                else []
            ),
            # Hidden from sight by contacts.css and from screen readers here.
            Div(Field("website"), css_class="contact-honeypot", aria_hidden="true"),
            "form_token",
            Submit("send", _("Send enquiry")),
        )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                _(
                    "Enter a phone number with digits, spaces or dashes, and the "
                    "country code if outside Hong Kong, e.g. +852 2123 4567."
                ),
                code="invalid_phone",
            )
        return phone

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("Please leave this field empty."), code="honeypot"
            )
        return ""

    def clean(self):
        cleaned_data = super().clean()
        shown = antispam.read_form_token(self.submitted_form_token)
        if shown is None:
            raise forms.ValidationError(
                _(
                    "This form has expired. Please check your details and send "
                    "it again."
                ),
                code="form_expired",
            )
        if shown.seconds < settings.CONTACT_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _(
                    "That was sent faster than a person can type. Please check "
                    "your details and send the form again."
                ),
                code="too_fast",
            )
        self.wording_shown = (
            ConsentWording.objects.filter(pk=shown.wording_id).first() or self.wording
        )
        self.form_nonce = shown.nonce
        return cleaned_data

    def already_sent(self):
        """Whether an enquiry from this very form page is stored already."""
        return (
            self.form_nonce is not None
            and Enquiry.objects.filter(form_nonce=self.form_nonce).exists()
        )

    def submission(self):
        """The keyword arguments of services.enquiry_submit for this form."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "organisation": data["organisation"],
            "topic": data["topic"],
            "subject": data["subject"],
            "message": data["message"],
            "marketing_consent": data.get("marketing_consent", False),
            "wording": self.wording_shown,
            "source": ConsentSource.CONTACT_FORM,
            "form_nonce": self.form_nonce,
            "language": visitor_language(),
        }


class StaffWithdrawalForm(PastedTextMixin, forms.ModelForm):
    """A withdrawal a contact made by phone or letter, recorded by staff."""

    source = forms.ChoiceField(
        label=_("Received"),
        choices=[
            (ConsentSource.PHONE, ConsentSource.PHONE.label),
            (ConsentSource.LETTER, ConsentSource.LETTER.label),
            (ConsentSource.STAFF_EMAIL, ConsentSource.STAFF_EMAIL.label),
        ],
    )

    class Meta:
        model = ConsentEvent
        fields = ["email", "source", "note"]
        help_texts = {"note": _("E.g. the date of the letter. No other personal data.")}
