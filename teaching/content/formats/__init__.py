"""Other quiz formats, read into our banks and written out of them: Moodle XML, GIFT and Aiken.

Each format is one module with two functions:

    read(text: str, *, source: str) -> Imported   # raises FormatError for a file it cannot read
    write(quiz: Quiz) -> Exported                 # never silent: every loss is a Lossy warning

`common` holds what they share: the result types, the warning type and stable question ids.
"""
