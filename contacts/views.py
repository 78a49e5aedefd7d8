from django.views.generic import TemplateView


class ContactView(TemplateView):
    template_name = "contacts/contact.html"


class PrivacyView(TemplateView):
    template_name = "contacts/privacy.html"
