from django.urls import path

from . import exports, views

app_name = "agreements"

urlpatterns = [
    path("avtal/", views.AgreementListView.as_view(), name="list"),
    path("avtal/export.csv", exports.AgreementExportView.as_view(), name="export"),
    path("avtal/<slug:slug>/", views.AgreementDetailView.as_view(), name="detail"),
]
