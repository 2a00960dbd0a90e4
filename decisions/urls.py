from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("beslut/", views.DecisionListView.as_view(), name="list"),
    path("beslut/balanslista/", views.AssignmentListView.as_view(), name="assignments"),
]
