"""Shared pieces with no domain of their own: database base class, tokens, security headers,
access decorators, errors, translations and the audit log."""
