"""Accent- and typo-tolerant search over normalised keys, on PostgreSQL and SQLite.

A model keeps a `search_key` column filled with `text.normalize(...)`. Searching splits the
query into words; each word must occur in the key, or be close to one of its words by
trigram similarity. PostgreSQL answers with pg_trgm and a GIN index; SQLite with the
Python function of `core.text`, registered on each connection.
"""

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Func, Lookup, Q

from tremplin.core import text


class StrictWordSimilar(Lookup):
    """`key__strict_word_similar=word`: the word is close to a run of words of the key."""

    lookup_name = "strict_word_similar"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        params = (*rhs_params, *lhs_params)
        if connection.vendor == "postgresql":
            # `<<%` uses the GIN trigram index and pg_trgm.strict_word_similarity_threshold.
            return f"{rhs} <<%% {lhs}", params
        threshold = text.STRICT_WORD_SIMILARITY_THRESHOLD
        return f"tremplin_strict_word_similarity({rhs}, {lhs}) >= {threshold}", params


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
    """A Q object: every word of the query is in `field` or close to one of its words."""
    words = query_words(query)
    if not words:
        return None
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word}) | Q(
            **{f"{field}__strict_word_similar": word}
        )
    return condition


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "tremplin_strict_word_similarity",
            2,
            lambda q, t: text.strict_word_similarity(q or "", t or ""),
            deterministic=True,
        )


connection_created.connect(register_sqlite_functions)
