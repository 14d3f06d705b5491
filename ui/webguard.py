"""Bounds the web app sets around logins and uploads, as ASGI middleware in front of Gradio.

Gradio checks a login with the name and password only, so the address a
guesser comes from is slowed here: after a few failed logins from one address
each further attempt waits longer (the same Throttle that slows a name).
Uploads land in Gradio's cache before any handler runs; here an upload is
refused with 413 while the cache holds more than its limit, and the app
empties the cache after each ingest.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Awaitable, Callable

from ingest.storage.index import folder_size
from ui.access import Throttle

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


class Guard:
    def __init__(self, app: Callable, throttle: Throttle, uploads: Path, max_upload_bytes: int) -> None:
        self.app = app
        self.throttle = throttle
        self.uploads = uploads
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.endswith("/login"):
            await self._login(scope, receive, send)
        elif "/upload" in path and folder_size(self.uploads) > self.max_upload_bytes:
            await _refuse(send, 413, "上传缓存已满，请稍后再传或联系管理员清理")
        else:
            await self.app(scope, receive, send)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = f"addr:{(scope.get('client') or ('?', 0))[0]}"
        wait = self.throttle.wait_for(key)
        if wait:
            await asyncio.sleep(wait)
        status = 0

        async def watch(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        (self.throttle.succeeded if status == 200 else self.throttle.failed)(key)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
