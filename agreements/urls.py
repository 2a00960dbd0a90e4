from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("avtal/", views.AgreementListView.as_view(), name="list"),
    path("avtal/<slug:slug>/", views.AgreementDetailView.as_view(), name="detail"),
]
