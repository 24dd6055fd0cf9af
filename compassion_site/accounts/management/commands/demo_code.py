"""The demo therapist's current two-factor code, for trying Tend locally without an app.

    manage.py demo_code

`seed_demo --with-therapist` gives demo-therapist an authenticator app with the public demo
key (two_factor.DEMO_KEY, named in the README). This prints the 6-digit code an app would show
for that key now. Only where DEBUG is on: on a real site the demo key is refused anyway.
"""

import time
from binascii import unhexlify

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from compassion_site.accounts import two_factor


class Command(BaseCommand):
    help = "Print the demo therapist's current two-factor code (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: the demo's two-factor key works only in development.")
        totp = TOTP(unhexlify(two_factor.hex_key(two_factor.DEMO_KEY)))
        totp.time = time.time()
        left = 30 - int(totp.time) % 30
        self.stdout.write(f"{totp.token():06d}  (good for {left} more seconds)")
