"""The showcase's forms, one module per area: outputs, continuation."""
