import sys

from django.core.management.base import BaseCommand
from django.utils import timezone
from PIL import UnidentifiedImageError
from tqdm import tqdm

from pressroom import images
from pressroom.caching import forget_public_pages
from pressroom.models import Release, ReleaseImage

# How many rows each database round trip fetches while walking the images.
CHUNK_SIZE = 500


class Command(BaseCommand):
    help = (
        "Cut the renditions of every hero and gallery image again from its stored "
        "original, e.g. after rendition files were lost or the sizes changed. "
        "With --missing-only, only images with a rendition or file missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="rebuild only images whose renditions are incomplete",
        )

    def handle(self, *args, missing_only, **options):
        self.missing_only = missing_only
        self.show_progress = options["verbosity"] > 0
        heroes = Release.objects.exclude(hero_image="").only(
            "hero_image", "hero_renditions"
        )
        self.rebuild(
            "hero images",
            heroes,
            field="hero_image",
            record="hero_renditions",
            renditions=images.HERO_RENDITIONS,
            release_pk=lambda release: release.pk,
        )
        gallery = ReleaseImage.objects.only("release", "image", "renditions")
        self.rebuild(
            "gallery images",
            gallery,
            field="image",
            record="renditions",
            renditions=images.GALLERY_RENDITIONS,
            release_pk=lambda image: image.release_id,
        )

    def rebuild(self, label, queryset, *, field, record, renditions, release_pk):
        rebuilt = complete = failed = 0
        changed = False
        progress = tqdm(
            total=queryset.count(),
            desc=label,
            unit="images",
            file=sys.stderr,
            disable=not self.show_progress,
        )
        # .iterator() streams the rows in chunks rather than loading 100k
        # releases at once; ordered by key so updates behind it change nothing
        # still to come.
        for obj in queryset.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
            progress.update()
            fieldfile = getattr(obj, field)
            old = getattr(obj, record)
            if self.missing_only and images.renditions_complete(
                fieldfile.storage, old, renditions=renditions
            ):
                complete += 1
                continue
            try:
                new = images.rebuild_renditions(fieldfile, renditions=renditions)
            except (OSError, UnidentifiedImageError) as error:
                failed += 1
                self.stderr.write(f"{fieldfile.name}: {error}")
                continue
            rebuilt += 1
            if new != old:
                type(obj).objects.filter(pk=obj.pk).update(**{record: new})
                # Pages and feeds are revalidated by the release's `updated_at`:
                # the new rendition addresses must reach browsers.
                Release.objects.filter(pk=release_pk(obj)).update(
                    updated_at=timezone.now()
                )
                changed = True
            # Only once the new record is stored: until then pages name the
            # old files. Files that were lost come back under their old names.
            images.delete_stale_renditions(fieldfile.storage, old, new)
        progress.close()
        if changed:
            # The cached pages too; once, not once an image.
            forget_public_pages()
        self.stdout.write(
            f"{label.capitalize()}: {rebuilt} rebuilt, {complete} already complete, "
            f"{failed} failed."
        )
