"""Chart and table primitives any page uses.

Below the domain: imports only Django, the stdlib, openpyxl, WeasyPrint, essaim.core,
essaim.territories (the COG codes the map draws) and essaim.imports — never a domain app.
"""
