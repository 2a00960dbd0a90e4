from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.DocsView.as_view(), name="docs"),
    path("system/", views.SystemView.as_view(), name="system"),
    path("body/", views.BodyListView.as_view(), name="body_list"),
    path("body/<slug:slug>/", views.BodyView.as_view(), name="body"),
    path(
        "body/<slug:slug>/organization/",
        views.OrganizationListView.as_view(),
        name="body_organization",
    ),
    path("body/<slug:slug>/person/", views.PersonListView.as_view(), name="body_person"),
    path("body/<slug:slug>/meeting/", views.MeetingListView.as_view(), name="body_meeting"),
    path("body/<slug:slug>/paper/", views.EmptyListView.as_view(), name="body_paper"),
    path(
        "body/<slug:slug>/agendaItem/", views.AgendaItemListView.as_view(), name="body_agendaItem"
    ),
    path(
        "body/<slug:slug>/membership/",
        views.MembershipListView.as_view(),
        name="body_membership",
    ),
    path("body/<slug:slug>/file/", views.FileListView.as_view(), name="body_file"),
    path("body/<slug:slug>/decision/", views.DecisionListView.as_view(), name="body_decisions"),
    path(
        "body/<slug:slug>/assignment/",
        views.AssignmentListView.as_view(),
        name="body_assignments",
    ),
    path("organization/<str:key>/", views.OrganizationView.as_view(), name="organization"),
    path("person/<slug:slug>/", views.PersonView.as_view(), name="person"),
    path("membership/<int:pk>/", views.MembershipView.as_view(), name="membership"),
    path("meeting/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("agendaItem/<int:pk>/", views.AgendaItemView.as_view(), name="agenda_item"),
    path("file/<int:pk>/", views.FileView.as_view(), name="file"),
    path("decision/<int:pk>/", views.DecisionView.as_view(), name="decision"),
    path("assignment/<int:pk>/", views.AssignmentView.as_view(), name="assignment"),
    path("agreement/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreement/<slug:slug>/", views.AgreementView.as_view(), name="agreement"),
]
