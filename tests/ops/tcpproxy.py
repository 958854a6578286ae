"""A TCP forwarder the tests can switch off and on, or pause, to make a database 'go
away' (a refusal: ``stop``) or hang (``pause``: as when the proxy process gets SIGSTOP).

Paused, the proxy still holds every connection open and the kernel still completes new
TCP handshakes on its listening socket, but nothing is forwarded and nothing is
accepted: a client's bytes sit in buffers, no answer ever comes, no error either. That is
what a stalled network, a frozen virtual machine or a stopped database process look
like from the client. ``resume`` forwards what was held back, in order.
"""

from __future__ import annotations

import socket
import threading


class TcpProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._server: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._running.set()

    def start(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def pause(self) -> None:
        """Stop forwarding and accepting, keep everything open (a hang, not a refusal)."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        """Refuse new connections and cut the open ones, like a database that died."""
        self._running.set()
        if self._server is not None:
            try:  # wakes the thread blocked in accept(); close() alone would not
                self._server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._server.close()
            self._server = None
        with self._lock:
            for conn in self._conns:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                conn.close()
            self._conns.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            self._running.wait()
            try:
                client, _ = server.accept()
            except OSError:
                return
            self._running.wait()  # paused between accept and connect: hold this one too
            upstream = socket.create_connection(self.target, timeout=5)
            upstream.settimeout(None)
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                self._running.wait()  # paused: hold the bytes, answer nothing
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._running.wait()  # a paused proxy does not pass a close on either
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
