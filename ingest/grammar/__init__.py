"""The policy document grammar: identity, heading tree, owners, targets, time nodes, chunks and their words."""
