"""The news list's filters: tag, year and search words, which combine."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ListSelect(forms.Select):
    """A <select> of plain choices rendered in one template (see its comment)."""

    template_name = "pressroom/widgets/select.html"


class ReleaseFilterForm(forms.Form):
    """Read `?q=`, `?tag=` and `?year=` from a GET request.

    A value that is not understood (a tag that does not exist, a year like
    "abc") is reported on its field and otherwise ignored, so the visitor still
    gets a list rather than an error page.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        strip=True,
        widget=forms.SearchInput(attrs={"class": "form-control"}),
    )
    tag = forms.ChoiceField(
        label=_("Tag"),
        required=False,
        widget=ListSelect(attrs={"class": "form-select"}),
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=ListSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, data, *, tags, years):
        super().__init__(data)
        self.tags_by_slug = {tag.slug: tag for tag in tags}
        self.fields["tag"].choices = [("", _("All tags"))] + [
            (tag.slug, tag.name) for tag in tags
        ]
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, year) for year in years
        ]

    def filters(self):
        """The valid filters: {"q": str, "tag": Tag, "year": int}, only those given."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        active = {}
        if cleaned.get("q"):
            active["q"] = cleaned["q"]
        if cleaned.get("tag"):
            active["tag"] = self.tags_by_slug[cleaned["tag"]]
        if cleaned.get("year"):
            active["year"] = cleaned["year"]
        return active
