from django.urls import path

from tremplin.documents import views

app_name = "documents"

urlpatterns = [
    path("relecture/", views.review, name="review"),
]
