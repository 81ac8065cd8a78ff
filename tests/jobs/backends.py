"""An e-mail backend that fails for chosen addresses, to prove one bad recipient does not stop the others."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    failing: set[str] = set()  # addresses refused until the set is emptied
    attempts: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                FlakyBackend.attempts.append(address)
                if address in FlakyBackend.failing:
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"mailbox unavailable")})
        return super().send_messages(messages)
