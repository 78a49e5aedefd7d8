from django.urls import path

from pressroom import feeds, views

app_name = "pressroom"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.ReleaseListView.as_view(), name="list"),
    path("news/feed/", feeds.LatestReleasesFeed.view(), name="feed"),
    path("news/feed/atom/", feeds.LatestReleasesAtomFeed.view(), name="feed-atom"),
    path("news/preview/<int:pk>/", views.ReleasePreviewView.as_view(), name="preview"),
    path("news/tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("news/tag/<slug:slug>/feed/", feeds.TagFeed.view(), name="tag-feed"),
    path(
        "news/tag/<slug:slug>/feed/atom/",
        feeds.TagAtomFeed.view(),
        name="tag-feed-atom",
    ),
    path("news/<slug:slug>/", views.ReleaseDetailView.as_view(), name="detail"),
]
