from django.apps import AppConfig
from django.db.models.signals import post_save


class AccountsConfig(AppConfig):
    verbose_name = "Comptes"
    name = "essaim.accounts"

    def ready(self):
        from essaim.accounts import security_events
        from essaim.accounts.addresses import on_user_saved

        post_save.connect(on_user_saved, sender=self.get_model("User"), dispatch_uid="essaim.accounts.addresses")
        security_events.connect()
