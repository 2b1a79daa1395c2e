"""The rapporteur's workspace: the record of each intervention, its notes and corrections,
the search, the statistics and the exports.
"""
