plain = 'single' "double" '''triple''' """triple double"""
escapes = '\n\t\r\\\'\"\a\b\f\v\0\x41\101\u00e9\U0001F600\N{EM DASH}\N{latin small letter a}'
unknown_escapes = '\d\w\.'
raw = r'\n\d' R'\x'
raw_bytes = rb'\x00' Rb'\\'
bytes_value = b'\x00\xff\n\\' b"quote's"
unicode_kind = u'text' 'more'
concatenated = ('first '
                'second '  # comment between parts
                "third")
multiline = """line one
line two\
continued
"""
quotes = "it's", 'say "hi"', 'both \' and "'
non_printable = '\x00\x7f\x80\xa0\u200b\u2028\ufeff'
printable = 'é€😀中文'
surrogates = '\ud800\udfff'
formatted = f'{name}', f'{value!r:>{width}}', f'{x=}', f'{{literal}}', f'a{b}c{d}e'
formatted_concatenated = 'prefix ' f'{value}' ' suffix'
nested_spec = f'{value:{fill}{align}{width}.{precision}f}'
multiline_f = f"""
{header}
    {body!s}
"""
