"""What officials take away beside the chat: who owns what, targets by year, the ledger, Word and Excel files."""
