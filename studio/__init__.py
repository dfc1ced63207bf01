"""Qixi Studio: turn a chat model into a warm couple companion on your own GPU."""

__version__ = "0.1.0"
