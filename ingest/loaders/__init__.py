"""Reading files: a user's .txt/.md/.docx/.pdf/.html as plain text lines, or a clear reason why not."""
