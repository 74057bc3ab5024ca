from django.urls import path

from tremplin.network.views import referrals as views

app_name = "referrals"

urlpatterns = [
    path("orientations/", views.dashboard, name="dashboard"),
    path("orientations/<int:referral_id>/", views.detail, name="detail"),
    path("orientation/reponse/<str:token>/", views.answer, name="answer"),
]
