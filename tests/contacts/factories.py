import factory
from django.contrib.auth import get_user_model

from contacts import services
from contacts.models import ConsentSource, ConsentWording, Enquiry, EnquiryTopic


class EnquiryTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnquiryTopic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    position = factory.Sequence(lambda n: n)


class EnquiryFactory(factory.django.DjangoModelFactory):
    """An enquiry stored through the service, as the form stores it."""

    class Meta:
        model = Enquiry

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"visitor{n}@example.com")
    phone = "+852 2123 4567"
    organisation = "Example Ltd"
    topic = factory.SubFactory(EnquiryTopicFactory)
    subject = "Question about your programme"
    message = "Could you tell me more?"

    @classmethod
    def _create(cls, model_class, *args, marketing_consent=False, **kwargs):
        return services.enquiry_submit(
            marketing_consent=marketing_consent,
            # The wording a visitor of the enquiry's language is shown.
            wording=ConsentWording.objects.for_reader(kwargs.get("language")),
            source=ConsentSource.CONTACT_FORM,
            source_url="http://testserver/contact/",
            ip_address="203.0.113.7",
            user_agent="pytest",
            **kwargs,
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.test")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        from django.contrib.auth.models import Group

        if create and names:
            self.groups.set(Group.objects.filter(name__in=names))
        if create:
            self.save()
