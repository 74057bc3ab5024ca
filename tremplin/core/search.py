"""Accent- and typo-tolerant search over normalised keys, on PostgreSQL and SQLite.

A model keeps a `search_key` column filled with `text.normalize(...)`. Searching splits the
query into words; each word must occur in the key, or be close to one of its words by
trigram similarity. PostgreSQL answers with pg_trgm and a GIN index; SQLite with the
Python function of `core.text`, registered on each connection. Both compute the same
measure with the same threshold, so results do not depend on the database.
"""

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Func, Lookup, Q

from tremplin.core import text


def anchors(word: str) -> list[str]:
    """Pieces of a word of which at least one survives a single typo in it.

    A substitution, insertion, deletion or swap of two neighbours touches at most two of
    the word's three thirds (two halves for short words), so the row to find contains at
    least one of these pieces: SQLite checks them with a cheap LIKE before computing the
    similarity in Python.
    """
    if len(word) < 6:
        half = len(word) // 2
        return [word[:half], word[half:]]
    third = len(word) // 3
    return [word[:third], word[third : 2 * third], word[2 * third :]]


class StrictWordSimilar(Lookup):
    """`key__strict_word_similar=word`: the word is close to a run of words of the key."""

    lookup_name = "strict_word_similar"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        word = str(self.rhs)
        if connection.vendor == "postgresql":
            # Served by the GIN trigram index; the threshold is set on each connection
            # (pg_trgm.strict_word_similarity_threshold, see set_connection_threshold).
            return f"%s <<%% {lhs}", (word, *lhs_params)
        pieces = anchors(word)
        like = " OR ".join(f"{lhs} LIKE %s" for _ in pieces)
        # Each LIKE takes the column's params, then its pattern.
        params = [p for piece in pieces for p in (*lhs_params, f"%{piece}%")]
        sql = f"(({like}) AND tremplin_strict_word_similarity(%s, {lhs}) >= %s)"
        return sql, (*params, word, *lhs_params, text.WORD_SIMILARITY_THRESHOLD)


models.CharField.register_lookup(StrictWordSimilar)
models.TextField.register_lookup(StrictWordSimilar)


class StrictWordSimilarity(Func):
    """The similarity score itself, for ranking results."""

    output_field = models.FloatField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="strict_word_similarity", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, function="tremplin_strict_word_similarity", **extra
        )


def query_words(query: str, *, max_words: int = 4) -> list[str]:
    """The normalised words of a search query; very short ones are dropped."""
    words = [w for w in text.normalize(query).split() if len(w) >= 2]
    return words[:max_words]


def tolerant_match(field: str, query: str) -> Q | None:
    """A Q object: every word of the query is in `field`, or close to one of its words."""
    words = query_words(query)
    if not words:
        return None
    condition = Q()
    for word in words:
        match = Q(**{f"{field}__contains": word})
        # Under four letters a word has too few trigrams for a typo to be told from
        # another name: it must then be typed as it is (on every database alike).
        if len(word) >= 4:
            match |= Q(**{f"{field}__strict_word_similar": word})
        condition &= match
    return condition


def all_words_in(field: str, query: str) -> Q | None:
    """Every word of the query occurs in `field` (no typo tolerance)."""
    words = query_words(query)
    if not words:
        return None
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
    return condition


def suggestions(queryset, field: str, query: str, *, order: tuple[str, ...] = ()):
    """Entries for an autocomplete: exact words first (prefix before the rest); only when
    there are none, the entries within one typo, closest first."""
    from tremplin.core.text import normalize

    key = normalize(query)
    exact = all_words_in(field, query)
    if exact is None:
        return queryset.filter(**{f"{field}__startswith": key}).order_by(*order)
    found = queryset.filter(exact).annotate(
        is_prefix=models.Case(
            models.When(**{f"{field}__startswith": key}, then=models.Value(0)),
            default=models.Value(1),
            output_field=models.IntegerField(),
        )
    )
    if found.exists():
        return found.order_by("is_prefix", *order)
    return (
        queryset.filter(tolerant_match(field, query))
        .annotate(score=StrictWordSimilarity(models.Value(key), field))
        .order_by("-score", *order)
    )


def prepare_connection(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            threshold = float(text.WORD_SIMILARITY_THRESHOLD)
            cursor.execute(f"SET pg_trgm.strict_word_similarity_threshold = {threshold}")
    elif connection.vendor == "sqlite":
        connection.connection.create_function(
            "tremplin_strict_word_similarity",
            2,
            lambda q, t: text.strict_word_similarity(q or "", t or ""),
            deterministic=True,
        )


connection_created.connect(prepare_connection)
