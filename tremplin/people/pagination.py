"""Pagination of « Mon portefeuille » that runs a short search once, not twice."""

from django.core.paginator import Paginator


class ShortListPaginator(Paginator):
    """Django's paginator, minus the COUNT(*) when the first page is not full.

    Django counts the rows before reading a page: for a name search (trigram similarity
    over every person of the structure) the count costs as much as the search itself. Asked
    for the first page, this paginator reads one row more than the page holds; when they
    all fit on the page, their number is the count and the search has run once. A full
    first page, and any other page, are counted as Django does.
    """

    def get_page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1  # Django serves the first page for a missing or malformed number
        if wanted > 1 or "count" in self.__dict__:
            return super().get_page(number)
        fits = self.per_page + self.orphans
        rows = list(self.object_list[: fits + 1])
        if len(rows) <= fits:
            # A single page: the count is known, and page 1 is served whatever was asked.
            self.count = len(rows)  # the cached property, filled without a query
            return self._get_page(rows, 1, self)
        if wanted == 1:
            return self._get_page(rows[: self.per_page], 1, self)
        return super().get_page(number)  # below 1 with several pages: Django's last page
