"""
Enquiry topics in English, Traditional and Simplified Chinese, so the Contact
Us form offers them in the visitor's language (django-modeltranslation: a
column per language on the topic's own table, as for the press room's
content). English is required; a topic without a Chinese name shows its
English one.
"""

from modeltranslation.translator import TranslationOptions, register

from contacts.models import EnquiryTopic


@register(EnquiryTopic)
class EnquiryTopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
