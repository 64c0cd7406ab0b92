"""A small SMTP server on loopback that keeps what it receives: the mail server of the tests
that run a real task worker, and of `make multi-host-check`.

It speaks just enough SMTP for Django's smtp backend over plain TCP (EHLO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT). `refuse_next` makes the next deliveries fail with a temporary error (451),
as a mail server in trouble does; `delay_seconds` holds each delivery that long.
"""

import socketserver
import threading
import time
from email import message_from_bytes, policy


class Sink:
    def __init__(self):
        self.messages = []  # email.message.EmailMessage, in arrival order
        self.refused = 0
        self.refuse_next = 0
        self.delay_seconds = 0.0
        self.lock = threading.Lock()
        self.port = None

    def accept(self, data):
        """True if the message is taken, False if it is refused (451)."""
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                self.refused += 1
                return False
            self.messages.append(message_from_bytes(data, policy=policy.default))
            return True

    def wait_for(self, count, timeout=60):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.messages)} of {count} messages after {timeout} s")
            time.sleep(0.05)
        return self.messages


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        sink = self.server.sink
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 ok")
            elif command == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                if sink.accept(b"".join(lines)):
                    self.reply("250 queued")
                else:
                    self.reply("451 try again later")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class running_sink:
    """`with running_sink() as sink:` a Sink listening on 127.0.0.1:sink.port."""

    def __enter__(self):
        self.server = _Server(("127.0.0.1", 0), _Session)
        self.server.sink = Sink()
        self.server.sink.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.server.sink

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def email_url(sink):
    return f"smtp://127.0.0.1:{sink.port}?tls=off"
