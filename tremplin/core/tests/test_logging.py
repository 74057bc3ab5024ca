"""Link secrets never reach the logs."""

import logging

from tremplin.core.logging import MaskSecretsFilter, mask

ANSWER = "/orientation/reponse/eyJpZCI6MTJ9:1vKxYz:Qm3s9aLkP2dTfRgHh7uWq/"
ICAL = "/agenda/calendrier/Zk3pQ9wXr7LmN2vB8cT4yH6jD1sF0gA5eU.ics"


def test_secret_segments_are_masked_and_ordinary_ones_kept():
    assert (
        mask(f'"GET {ANSWER} HTTP/1.1" 200') == '"GET /orientation/reponse/[secret]/ HTTP/1.1" 200'
    )
    assert mask(f"Not Found: {ICAL}") == "Not Found: /agenda/calendrier/[secret].ics"
    for path in (
        "/personnes/1234/parcours/",
        "/orientations/12/fiche-de-liaison.pdf",
        "/parcours/98765/reorientation/",
        "/static/tremplin/vendor/bootstrap-5.3.3.min.css",
    ):
        assert mask(path) == path


def test_every_handler_of_the_request_loggers_masks():
    for name in ("django.server", "django.request", "tremplin"):
        logger = logging.getLogger(name)
        handlers = []
        while logger:
            handlers += logger.handlers
            logger = logger.parent if logger.propagate else None
        assert handlers, name
        streams = [h for h in handlers if type(h) is logging.StreamHandler]  # not pytest's
        assert streams, name
        for handler in streams:
            record = logging.LogRecord(
                name, logging.WARNING, __file__, 1, "Not Found: %s", (ICAL,), None
            )
            assert any(isinstance(f, MaskSecretsFilter) for f in handler.filters), (name, handler)
            handler.filter(record)
            assert "[secret]" in record.getMessage() and "Zk3pQ9" not in record.getMessage()
