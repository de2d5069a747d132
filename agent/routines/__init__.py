"""Routines compose page objects into work; no selectors here."""
from .diagnose import diagnose
from .inquiries import inquiries
from .keepalive import keepalive
from .metrics import metrics
from .rankings import rankings
from .reviews import activities, p4p_review, zero_effect

ROUTINES = {"diagnose": diagnose, "keepalive": keepalive, "metrics": metrics, "inquiries": inquiries, "rankings": rankings,
            "p4p_review": p4p_review, "zero_effect": zero_effect, "activities": activities}
