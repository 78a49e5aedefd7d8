from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PressroomConfig(AppConfig):
    name = "pressroom"
    verbose_name = _("Press room")

    def ready(self):
        """Forget the cached public pages whenever a model they show is saved
        or deleted.

        The services do so themselves; these receivers are for the writes that
        save models directly (the admin's forms and inlines, the shell, the
        demo loader), as `django.contrib.sites` clears its SITE_CACHE. Writes
        with `QuerySet.update()` send no signal and must call
        `pressroom.caching.forget_public_pages()`.
        """
        from pressroom import models
        from pressroom.caching import forget_public_pages_receiver

        for model in (
            models.Release,
            models.Tag,
            models.MediaContact,
            models.ReleaseMediaContact,
            models.ReleaseImage,
            models.ReleaseAttachment,
        ):
            post_save.connect(forget_public_pages_receiver, sender=model)
            post_delete.connect(forget_public_pages_receiver, sender=model)
        for relation in (models.Release.tags, models.Release.media_contacts):
            m2m_changed.connect(forget_public_pages_receiver, sender=relation.through)
