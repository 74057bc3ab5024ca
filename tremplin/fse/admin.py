from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tremplin.fse.models import Participation, Survey


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["pathway", "labour_status", "education_level", "updated_at"]
    raw_id_fields = ["pathway", "recorded_by"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["pathway", "send_status", "sent_at", "answered_at", "answered_via"]
    list_filter = ["send_status", "answered_via"]
    raw_id_fields = ["pathway", "recorded_by"]
    # The nonce makes the link: support staff never need to see it.
    exclude = ["nonce"]
