from django.urls import path

from . import exports, views

app_name = "decisions"

urlpatterns = [
    path("beslut/", views.DecisionListView.as_view(), name="list"),
    path("beslut/export.csv", exports.DecisionExportView.as_view(), name="export"),
    path("beslut/balanslista/", views.AssignmentListView.as_view(), name="assignments"),
    path(
        "beslut/balanslista/export.csv",
        exports.AssignmentExportView.as_view(),
        name="assignments_export",
    ),
]
