"""n5gc: a declarative network-service compiler for cloud-native 5G (intent in, GitOps tree out)."""

__version__ = "0.1.0"
