from math import ceil

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from contacts import antispam, services
from contacts.forms import ContactForm
from contacts.models import (
    ConsentEvent,
    ConsentSource,
    ConsentState,
    ConsentWording,
    Enquiry,
    PrivacyStatement,
    visitor_language,
)
from contacts.tokens import read_unsubscribe_token


class ContactView(FormView):
    template_name = "contacts/contact.html"
    form_class = ContactForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # In the visitor's language, or English when none is published in it.
        kwargs["wording"] = ConsentWording.objects.for_reader()
        return kwargs

    def post(self, request, *args, **kwargs):
        """
        Check the form; store it unless the client is over a limit.

        Limits are counted in the shared cache, so they hold across app
        servers: every post against the high CONTACT_ATTEMPT_LIMIT, accepted
        enquiries only against CONTACT_RATE_LIMIT. A page already sent (a
        double click, a resent page) is thanked again and stores nothing.
        """
        retry_after = antispam.attempts_exceeded(request)
        if retry_after:
            return self.too_many_requests(retry_after=retry_after)
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        if form.already_sent():
            return redirect("contacts:thanks")
        retry_after = antispam.sends_exhausted(request)
        if retry_after:
            return self.too_many_requests(retry_after=retry_after)
        return self.form_valid(form)

    def form_valid(self, form):
        services.enquiry_submit(
            **form.submission(),
            source_url=self.request.build_absolute_uri(),
            ip_address=antispam.client_ip(self.request),
            user_agent=self.request.headers.get("User-Agent", ""),
        )
        antispam.count_send(self.request)
        return redirect("contacts:thanks")

    def too_many_requests(self, *, retry_after):
        """
        The 429 page, with what the visitor typed kept in an unchecked form:
        the post was not looked at, so no error of an earlier page is repeated.
        """
        retry_after = max(retry_after, 60)
        form = self.form_class(
            initial=self.request.POST.dict(), wording=self.get_form_kwargs()["wording"]
        )
        response = render(
            self.request,
            "429.html",
            {"form": form, "retry_minutes": ceil(retry_after / 60)},
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response


class ThanksView(TemplateView):
    template_name = "contacts/thanks.html"


class UnsubscribeView(View):
    """
    GET asks for confirmation (mail scanners follow links; only a person's
    click on the button withdraws); POST records the withdrawal.

    A genuine link whose enquiry has since been deleted (the purge removes
    only enquiries whose consent does not stand) has nothing left to withdraw:
    it says so, rather than calling a real link invalid.
    """

    def dispatch(self, request, token):
        enquiry_id = read_unsubscribe_token(token)
        if enquiry_id is None:
            return render(request, "contacts/unsubscribe_invalid.html", status=404)
        self.enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
        if self.enquiry is None:
            return render(
                request, "contacts/unsubscribe_confirm.html", {"enquiry_gone": True}
            )
        return super().dispatch(request, token)

    def get(self, request, token):
        state = ConsentEvent.objects.current_state(self.enquiry.email)
        return render(
            request,
            "contacts/unsubscribe_confirm.html",
            {
                # Masked: the link may have been forwarded to someone else.
                "masked_email": masked_email(self.enquiry.email),
                "already_withdrawn": state != ConsentState.GRANTED,
            },
        )

    def post(self, request, token):
        event = services.consent_withdraw(
            email=self.enquiry.email,
            source=ConsentSource.UNSUBSCRIBE_LINK,
            enquiry=self.enquiry,
            source_url=request.build_absolute_uri(),
            ip_address=antispam.client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            language=visitor_language(),
        )
        if event is None:
            messages.info(request, _("You are already unsubscribed."))
        else:
            messages.success(
                request,
                _(
                    "You are unsubscribed: we will send you no more marketing. "
                    "Replies to your enquiries still reach you."
                ),
            )
        return redirect("contacts:unsubscribed")


def masked_email(email):
    """ "chan.tai.man@example.com" -> "c…@example.com"."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


class UnsubscribedView(TemplateView):
    template_name = "contacts/unsubscribed.html"


class PrivacyView(TemplateView):
    """
    The current privacy statement in the reader's language, or the English
    one with a notice saying so: one query.
    """

    template_name = "contacts/privacy.html"

    def get_context_data(self, **kwargs):
        statement = PrivacyStatement.objects.for_reader()
        return super().get_context_data(
            statement=statement,
            in_other_language=statement is not None
            and statement.language != visitor_language(),
            **kwargs,
        )
