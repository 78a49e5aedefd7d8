"""
Form behaviour shared by the press room's admin forms and the public Contact Us
form.
"""

# Control characters but tab, newline and carriage return (C0, DEL, C1), and the
# noncharacters U+FFFE and U+FFFF. Text copied from PDFs, Word or a terminal
# carries them invisibly, and XML 1.0, so every feed, forbids most of them. The
# line and page breaks among them (VT, FF, NEL) become spaces, so that the
# words they separated stay apart.
CONTROL_CHARACTERS = {
    **dict.fromkeys(
        [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]
    ),
    0x0B: " ",
    0x0C: " ",
    0x85: " ",
}


def strip_control_characters(text):
    return text.translate(CONTROL_CHARACTERS)


class PastedTextMixin:
    """A form that silently removes control characters from what was typed.

    Refusing them would ask an editor to find characters nobody can see;
    removing them changes nothing a reader could see. They are removed from
    the submitted data before any field cleans it, so every text field (in the
    form and in each inline) is covered, the required and length checks apply
    to the text as it will be saved, and a redisplayed form shows it cleaned.
    """

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name, values in list(data.lists()):
                data.setlist(name, [_cleaned(value) for value in values])
        super().__init__(data, *args, **kwargs)


def _cleaned(value):
    return strip_control_characters(value) if isinstance(value, str) else value
