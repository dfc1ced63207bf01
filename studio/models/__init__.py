"""The workspace's models: registry, merge / quantize / export, plain names, the pocket model."""
