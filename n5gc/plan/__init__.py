"""Stage 4, plan: the resolved deployment plan (the IR), computed once from a checked intent."""

from n5gc.plan.build import build_plan
from n5gc.plan.ir import Plan

__all__ = ["Plan", "build_plan"]
