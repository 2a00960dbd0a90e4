from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("bilagor/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
]
