from django.urls import path

from . import documents, feeds, views, views_alerts

app_name = "meetings"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("moten/", views.MeetingListView.as_view(), name="list"),
    path("moten/<slug:body>/<str:date>/", views.MeetingDetailView.as_view(), name="detail"),
    path(
        "moten/<slug:body>/<int:year>/paragraf/<int:number>/",
        views.AgendaItemDetailView.as_view(),
        name="paragraph",
    ),
    path(
        "moten/<slug:body>/<str:date>/punkt/<int:position>/",
        views.AgendaItemDetailView.as_view(),
        name="item",
    ),
    path(
        "moten/<slug:body>/<str:date>/protokoll.pdf",
        documents.ProtocolPdfView.as_view(),
        name="protocol_pdf",
    ),
    path(
        "moten/<slug:body>/<int:year>/paragraf/<int:number>/utdrag.pdf",
        documents.ExtractPdfView.as_view(),
        name="paragraph_extract",
    ),
    path(
        "moten/<slug:body>/<str:date>/punkt/<int:position>/utdrag.pdf",
        documents.ExtractPdfView.as_view(),
        name="item_extract",
    ),
    path("tillganglighet/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("personer/", views.PersonListView.as_view(), name="people"),
    path("personer/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("organ/<slug:slug>/", views.BodyDetailView.as_view(), name="body"),
    path("bilagor/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path(
        "moten/<slug:body>/<str:date>/justering/",
        views.DigitalAdjustmentView.as_view(),
        name="digital_adjustment",
    ),
    path("anslagstavla/", views.NoticeBoardView.as_view(), name="notice_board"),
    path("kalender.ics", feeds.MeetingCalendarFeed(), name="calendar"),
    path("flode/paragrafer/", feeds.AdjustedParagraphsFeed(), name="feed"),
    path("organ/<slug:slug>/kalender.ics", feeds.BodyCalendarFeed(), name="body_calendar"),
    path("organ/<slug:slug>/flode/", feeds.BodyParagraphsFeed(), name="body_feed"),
    path("amnen/<slug:slug>/flode/", feeds.TopicParagraphsFeed(), name="topic_feed"),
    path(
        "moten/<slug:body>/<str:date>/kalender.ics",
        feeds.MeetingEventFeed(),
        name="meeting_calendar",
    ),
    path("sok/", views.SearchView.as_view(), name="search"),
    path("bevaka/", views_alerts.SubscribeView.as_view(), name="subscribe"),
    path(
        "bevaka/bekrafta/<str:token>/",
        views_alerts.ConfirmSubscriptionView.as_view(),
        name="subscription_confirm",
    ),
    path("bevaka/avsluta/<str:token>/", views_alerts.UnsubscribeView.as_view(), name="unsubscribe"),
    path(
        "bevaka/mina/",
        views_alerts.ManageRequestView.as_view(),
        name="subscription_manage_request",
    ),
    path("bevaka/mina/<str:token>/", views_alerts.ManageView.as_view(), name="subscription_manage"),
]
