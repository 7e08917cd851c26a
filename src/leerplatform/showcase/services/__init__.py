"""The showcase's state changes, one module per area: outputs (offering, consent, publication),
reports (the closing report), continuation (a new edition from a closed one), confidential."""
