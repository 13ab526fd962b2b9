import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from groundswell.intake.smtp import make_controller


class Command(BaseCommand):
    help = (
        "Receive feedback by email: an SMTP server that accepts mail for the workspaces' "
        "inbound addresses (<token>@INBOUND_EMAIL_DOMAIN) and files it in their inboxes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8025, help="port (25 needs root)")

    def handle(self, *, host: str, port: int, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a TCP port; use 1-65535.")
        # aiosmtpd logs every SMTP command (and address) at INFO; keep its warnings only.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        controller = make_controller(host, port)
        try:
            controller.start()
        except (OSError, RuntimeError) as error:
            raise CommandError(
                f"Cannot listen on {host}:{port} ({error}); choose another --host or --port."
            ) from None
        self.stdout.write(f"Receiving feedback email on {host}:{port}. Stop with Ctrl-C.")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
