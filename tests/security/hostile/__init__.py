"""Every form of the app, driven by Hypothesis with hostile text: overlong strings, NUL and control characters,
right-to-left and zero-width characters, emoji, <script>, template syntax, impossible dates and huge numbers.

Each test posts through the Django test client as the role that may use the form, and asserts:
- no server error (status < 500);
- when the form saved, the saved value is exactly what was typed after the form's own documented cleaning
  (Django's CharField strips surrounding whitespace and refuses NUL; a GOV.UK date is a real date of 1900-2200);
  when it should not save, the page answers with an error and nothing is saved;
- the pages show the text escaped: the raw <script> never reaches the HTML, {{ 7*7 }} shows as it was typed;
- the EIA's and the plan's PDFs render with the text, and pypdf reads it back literally.

Each example builds its own records in the test's transaction (factories), so examples do not depend on each
other; the people and their council come from conftest's fixtures, shared by the examples of one test.
"""
