"""The import dialogs: agendas and e-mailed requests, the column mapping and what each
import did.
"""
