from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "compassion_site.accounts"
    label = "accounts"
    verbose_name = "Accounts"
