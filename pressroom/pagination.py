"""
Page numbers for long release lists that stay cheap on the last page.

With OFFSET pagination the database walks every row before the requested page,
so the last of 10,000 pages would cost 10,000 times the first. Pages in the back
half of the list are read from the other end of the index instead (the ordering
reversed, a small OFFSET from the end) and flipped back in Python: the last page
then costs what the first does, and no page costs more than the middle one.
"""

from django.core.paginator import Paginator


class ReleasePaginator(Paginator):
    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            # The caller already knows the total (the conditional-GET check counted
            # the releases): don't ask the database a second time.
            self.count = count

    def get_page(self, number):
        """Like Paginator.get_page, but a number below 1 means the first page."""
        try:
            if int(number) < 1:
                number = 1
        except (TypeError, ValueError):
            number = 1
        return super().get_page(number)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count // 2 and hasattr(self.object_list, "reverse"):
            from_end = self.object_list.reverse()
            rows = list(from_end[self.count - top : self.count - bottom])
            return self._get_page(rows[::-1], number, self)
        return self._get_page(self.object_list[bottom:top], number, self)
