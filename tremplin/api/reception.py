"""API of reception contacts and prescribers' orders."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from tremplin.api.common import require
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.reception.models import Contact, ContactChannel, NextStep, Order

router = Router(tags=["Accueil et commandes"])


class ContactOut(Schema):
    id: int
    received_at: datetime
    channel: str
    person_id: int | None
    last_name: str
    first_name: str
    demand: str
    answer: str
    next_step: str
    next_step_on: date | None


class ContactIn(Schema):
    received_at: datetime | None = None
    channel: ContactChannel
    last_name: str = Field(..., min_length=1, max_length=150)
    first_name: str = Field("", max_length=150)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    demand: str = Field(..., min_length=1)
    answer: str = ""
    next_step: NextStep
    next_step_on: date | None = None


@router.get("/accueil/contacts", response=list[ContactOut], summary="Le registre de l'accueil")
@paginate(PageNumberPagination, page_size=50)
def list_contacts(request):
    require(request, Perm.CONTACT_RECORD)
    return Contact.objects.visible_to(request.user).order_by("-received_at", "-pk")


@router.post("/accueil/contacts", response={201: ContactOut}, summary="Noter un contact d'accueil")
def create_contact(request, payload: ContactIn):
    require(request, Perm.CONTACT_RECORD)
    contact = Contact(
        structure_id=request.user.active_membership.structure_id,
        received_by=request.user,
        **{k: v for k, v in payload.dict().items() if v is not None},
    )
    if contact.received_at is None:
        contact.received_at = timezone.now()
    try:
        contact.full_clean()
    except ValidationError as error:
        raise HttpError(
            422, "; ".join(f"{k} : {' '.join(v)}" for k, v in error.message_dict.items())
        ) from None
    contact.save()
    return Status(201, contact)


class OrderOut(Schema):
    id: int
    person_id: int
    prescriber_kind: str
    prescriber_name: str
    prescriber_reference: str
    received_on: date
    service_ordered: str
    expected_start: date | None
    expected_end: date | None
    status: str
    offer: str | None = Field(None, alias="offer.name")
    refusal_reason: str
    decided_at: datetime | None
    answer_sent_at: datetime | None


@router.get("/commandes", response=list[OrderOut], summary="Les commandes reçues des prescripteurs")
@paginate(PageNumberPagination, page_size=50)
def list_orders(request, statut: str | None = None):
    require(request, Perm.ORDER_MANAGE)
    orders = (
        Order.objects.visible_to(request.user).select_related("offer").order_by("received_on", "pk")
    )
    return orders.filter(status=statut) if statut else orders


@router.get("/commandes/{order_id}", response=OrderOut, summary="Une commande")
def get_order(request, order_id: int):
    require(request, Perm.ORDER_MANAGE)
    order = get_object_or_404(
        Order.objects.visible_to(request.user).select_related("offer", "person"), pk=order_id
    )
    # As on screen: reading an order is reading the reception part of the person's file.
    log_read(
        user=request.user,
        person=order.person,
        section=Section.RECEPTION,
        channel=AccessLog.Channel.API,
    )
    return order
