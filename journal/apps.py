from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journal"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from journal.trying import keep_held_words

        # A visitor who tried a practice and asked to keep their words finds them in their
        # journal once they sign up or log in (journal/trying.py); accounts know nothing of it.
        user_logged_in.connect(keep_held_words, dispatch_uid="journal.keep_held_words")
