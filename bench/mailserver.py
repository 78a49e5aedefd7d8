"""
A real SMTP server on loopback for the Contact Us run (aiosmtpd).

The console backend never fails and never waits, so it flatters: with a
server the form's POST pays for each SMTP conversation, as in production,
and the bench can count what actually arrived. The server runs in a process
of its own (as a mail server would), writes one JSON line per message it has
accepted, before it answers 250, and stops on SIGTERM.

    python -m bench.mailserver --port 8025 --output messages.jsonl
"""

import argparse
import contextlib
import email
import email.policy
import json
import signal
import socket
import subprocess
import sys
from pathlib import Path

from bench.environment import BASE_DIR


class Recorder:
    """aiosmtpd handler: each accepted message as a line of JSON."""

    def __init__(self, file):
        self.file = file

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.SMTP)
        record = {
            "from": envelope.mail_from,
            "to": [address.lower() for address in envelope.rcpt_tos],
            "reply_to": str(message.get("Reply-To", "")).lower(),
            "subject": str(message.get("Subject", "")),
        }
        self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.file.flush()
        return "250 Message accepted for delivery"


def serve(*, port, output):
    from aiosmtpd.controller import Controller

    stop = {signal.SIGTERM, signal.SIGINT}
    # Blocked before the server's thread starts, which inherits the mask: the
    # signal then reaches sigwait() below and the server stops cleanly.
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)
    with open(output, "a", encoding="utf-8") as file:
        controller = Controller(Recorder(file), hostname="127.0.0.1", port=port)
        controller.start()
        print("ready", flush=True)
        signal.sigwait(stop)
        controller.stop()


class Mailbox:
    """What the parent sees: where to send, and what has arrived."""

    def __init__(self, *, port, output):
        self.port = port
        self.output = Path(output)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def messages(self):
        if not self.output.exists():
            return []
        with open(self.output, encoding="utf-8") as file:
            return [json.loads(line) for line in file if line.strip()]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(output):
    """Run the server in a subprocess; yields a Mailbox. Read it after exit."""
    output = Path(output)
    output.unlink(missing_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.mailserver",
            f"--port={port}",
            f"--output={output}",
        ],
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the SMTP server exited with {process.wait()}")
        yield Mailbox(port=port, output=output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.mailserver")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    serve(port=args.port, output=args.output)
