"""The reading of digit runs behind `pos_doctor.privacy`, the one masking entry point: import from there, not from
here (numbers.py: card and phone numbers as digits; runs.py: finding the runs and their readings; reading.py:
choosing the numbers of a run and the digits they hide)."""
