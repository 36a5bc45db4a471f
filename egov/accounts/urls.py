from django.urls import path

from egov.accounts import oidc_views, views, views_citizen

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("after-login/", views.after_login, name="after-login"),
    path("otp/", views.otp, name="otp"),
    path("otp/setup/", views.otp_setup, name="otp-setup"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("register/", views_citizen.register, name="register"),
    path("verify/", views_citizen.verify, name="verify"),
    path("verify/resend/", views_citizen.verify_resend, name="verify-resend"),
    path("profile/", views_citizen.profile, name="profile"),
    path("profile/communes/", views_citizen.profile_communes, name="profile-communes"),
    path("oidc/start/", oidc_views.OidcStartView.as_view(), name="oidc-start"),
    path("oidc/callback/", oidc_views.OidcCallbackView.as_view(), name="oidc-callback"),
    path("password/change/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
]
