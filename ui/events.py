"""One "library changed" event every tab listens to.

A hidden number holds the index generation this page last showed. It moves
when this page ingests or deletes, when the page loads (so a reload shows
what the server holds now, not what it held when the app started), and when
a timer finds that another tab, browser, instance or the CLI changed the
library. Every tab registers what it redraws; they all redraw together.
"""
from __future__ import annotations

from typing import Callable

import gradio as gr

from retrieval.assistant import Assistant

POLL_SECONDS = 3.0


class LibraryEvents:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.version = gr.Number(value=-1, visible=False, elem_id="library-version")
        self._listeners: list[tuple[Callable, list, list]] = []

    def listen(self, redraw: Callable, inputs: list, outputs: list) -> None:
        """`redraw(*inputs)` gives the new values of `outputs` whenever the library changes."""
        self._listeners.append((redraw, inputs, outputs))

    def current(self) -> int:
        self.assistant.refresh(every=0.0)
        return self.assistant.generation

    def wire(self, demo: gr.Blocks) -> None:
        for redraw, inputs, outputs in self._listeners:
            self.version.change(redraw, inputs, outputs, api_visibility="private", show_progress="hidden")
        demo.load(self.current, None, self.version, api_visibility="private")
        timer = gr.Timer(POLL_SECONDS)
        timer.tick(lambda seen: self.current() if self.current() != seen else gr.skip(), self.version, self.version,
                   api_visibility="private", show_progress="hidden")
