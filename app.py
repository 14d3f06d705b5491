"""The Gradio app (the full UI comes with issue 3): a chat over the Assistant API."""
from __future__ import annotations

import gradio as gr

from ingest.settings import Settings
from retrieval.assistant import Assistant


def build(assistant: Assistant) -> gr.Blocks:
    def respond(message: str, history: list[dict]) -> str:
        pairs, pending = [], None
        for turn in history:
            if turn["role"] == "user":
                pending = turn["content"]
            elif pending is not None:
                pairs.append((pending, turn["content"]))
                pending = None
        return assistant.ask(message, pairs).answer

    with gr.Blocks(title="政策文件问答") as demo:
        gr.ChatInterface(respond, title="政策文件问答")
    return demo


def serve(host: str, port: int) -> None:
    assistant = Assistant(Settings.from_env())
    assistant.ensure_ingested()
    build(assistant).launch(server_name=host, server_port=port, share=False)
