"""Query helpers shared by the apps."""

from django.db.models import Q, QuerySet, Subquery
from django.db.models.lookups import IsNull


def has_rows(queryset: QuerySet) -> Q:
    """A condition like `Exists(queryset)`, for a `queryset` correlated with OuterRef.

    Written as "its first row's key is not null": PostgreSQL plans a scalar subquery with
    LIMIT 1 for its first row, walking indexes in a nested loop, where for EXISTS it may
    first hash every candidate row. The topics of a hundred thousand paragraphs: 0.3 ms
    this way, 80 ms with EXISTS.
    """
    # Unordered: any row will do, and a sort would make the database read them all.
    return Q(IsNull(Subquery(queryset.order_by().values("pk")[:1]), False))
