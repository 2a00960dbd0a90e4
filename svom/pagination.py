"""A paginator for lists that can grow to a hundred thousand rows."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts no further than `cap`: past it, "fler än" says as much as the exact number,
    which would cost a scan of every row on every page."""

    cap = 10_000

    @cached_property
    def count(self) -> int:
        # Unordered: any cap + 1 rows tell whether there are more, without sorting them all.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
