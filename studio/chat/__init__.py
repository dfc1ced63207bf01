"""Talking to a model: conversations, persona, memory, the safety guard, deployments and the gateway."""
