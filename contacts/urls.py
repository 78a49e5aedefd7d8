from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.ContactView.as_view(), name="contact"),
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
    path(
        "unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    path("unsubscribed/", views.UnsubscribedView.as_view(), name="unsubscribed"),
]
